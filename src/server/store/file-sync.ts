import { closeSync, fsync, openSync } from 'node:fs';

/**
 * fsyncs of one file on libuv's thread pool, off the event loop, shared between callers: `sync` resolves after an
 * fsync that started after it was called (one already running may have started before the caller's write), and
 * the callers that ask while one runs share the next one. A failed fsync rejects every caller that waited for it.
 */
export class FileSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly fsyncOnce: () => Promise<void>,
    private readonly release: () => void = () => undefined,
  ) {}

  /** Opens `path` (which must exist) for fsyncs; `close` closes it. */
  static open(path: string): FileSync {
    const fd = openSync(path, 'r');
    return new FileSync(
      () => new Promise((resolve, reject) => fsync(fd, (error) => (error === null ? resolve() : reject(error)))),
      () => closeSync(fd),
    );
  }

  sync(): Promise<void> {
    if (this.running === null) return this.start();
    const next = () => {
      this.queued = null;
      return this.start();
    };
    this.queued ??= this.running.then(next, next);
    return this.queued;
  }

  /** After the fsyncs asked for so far. */
  async close(): Promise<void> {
    await this.queued?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    this.release();
  }

  private start(): Promise<void> {
    const run: Promise<void> = this.fsyncOnce().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }
}
