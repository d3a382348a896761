import type { PartLogger } from './logger.js';

/**
 * A background pass run again and again, one at a time: every `pollMs`, at once when kicked, and at once again
 * while a pass finds work, so a burst drains without waiting for polls. `stop` waits for the pass in flight.
 * The delivery worker, the webhook inbox worker and the overrun watch all run on it (as `PollingWorker`s).
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wake = false;

  constructor(
    /** One pass; resolves to how much work it did (0 means idle until the next poll or kick). */
    private readonly pass: () => Promise<number>,
    private readonly pollMs: number,
    /** A pass that throws is reported here; the loop goes on polling. */
    private readonly onError: (error: unknown) => void,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Starts polling; the first pass runs after `firstDelayMs` (at once by default) or at the first kick. */
  start(firstDelayMs = 0): void {
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  /** Asks for a pass soon (after new work was stored), instead of waiting for the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.wake = true;
      return;
    }
    // A poll may be pending: replace it with an immediate pass.
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain().finally(() => {
        this.running = null;
        const again = this.wake;
        this.wake = false;
        this.schedule(again ? 0 : this.pollMs);
      });
    }, delayMs);
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.pass()) > 0);
    } catch (error) {
      this.onError(error);
    }
  }
}

/**
 * A background part driven by a `PollingLoop`: `runOnce` is its pass; `start`, `kick` and `stop` drive the loop.
 * A pass that throws is logged as `<name> pass failed` and the loop goes on.
 */
export abstract class PollingWorker {
  protected readonly loop: PollingLoop;

  protected constructor(name: string, pollMs: number, logger: Pick<PartLogger, 'error'>) {
    this.loop = new PollingLoop(
      () => this.runOnce(),
      pollMs,
      (error) => logger.error({ err: error }, `${name} pass failed; will try again`),
    );
  }

  /** One pass; resolves to how much work it did (0: idle until the next poll or kick). */
  abstract runOnce(): Promise<number>;

  /** Starts polling; a worker that prepares first (releasing old leases, say) resolves once polling runs. */
  start(): void | Promise<void> {
    this.loop.start();
  }

  /** Asks for a pass soon (after new work was stored), instead of waiting for the next poll. */
  kick(): void {
    this.loop.kick();
  }

  /** Stops polling and waits for the pass in flight. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }
}

/**
 * A watch: every `intervalMs` one `tick` does everything due at once, so there is never more to drain right after.
 * Its first pass comes one interval after the start (start-up already has enough to do).
 */
export abstract class PeriodicWatch extends PollingWorker {
  protected constructor(
    name: string,
    protected readonly intervalMs: number,
    logger: Pick<PartLogger, 'error'>,
  ) {
    super(name, intervalMs, logger);
  }

  /** One pass at the watch's clock; resolves to what it did (for logs and tests). */
  abstract tick(): Promise<unknown>;

  override start(): void {
    this.loop.start(this.intervalMs);
  }

  async runOnce(): Promise<number> {
    await this.tick();
    return 0;
  }
}
