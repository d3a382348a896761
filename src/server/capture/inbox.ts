import { HTTPError } from '../../zendesk/client/index.js';
import { backoffDelayMs } from '../../zendesk/client/retry.js';
import type { InboxHint } from '../webhooks/route.js';
import type { InboxRecord, Store } from '../store/types.js';
import type { PartLogger } from '../logger.js';
import { PollingWorker } from '../polling-loop.js';

export interface InboxWorkerOptions {
  pollMs: number;
  batch: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed invocation stays this process's if it dies (other replicas take it over after). */
  leaseMs: number;
  /**
   * Acceptance first: while webhooks keep arriving, the next ticket is read this long after the last one ended for
   * each Zendesk request the product sent while the last one was read (at most 40 requests a second at 25 ms, about
   * the largest Zendesk account's budget of 2,500 a minute, which the deliveries share); when none arrived meanwhile,
   * at once (docs/DECISIONS.md, 50, 58 and 59).
   */
  busyGapMs: number;
}

export const DEFAULT_INBOX_OPTIONS: InboxWorkerOptions = {
  pollMs: 1_000,
  batch: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 300_000,
  leaseMs: 30_000,
  busyGapMs: 25,
};

export interface InboxWorkerDeps {
  store: Store;
  /** Reads the ticket's new comments and applies them; throws when Zendesk cannot be read (retried later). */
  processTicket: (ticketId: number) => Promise<unknown>;
  /** The worker's clock for retry times (wall clock: a pinned domain clock must not stall retries). */
  now: () => number;
  logger: PartLogger;
  random?: () => number;
  /** Waits the busy gap (a timer; tests count the waits). */
  pause?: (ms: number) => Promise<void>;
  /** The Zendesk requests the product has sent so far (the client's `requestsSent`); without it, one per ticket. */
  zendeskRequests?: () => number;
  options?: Partial<InboxWorkerOptions>;
}

/**
 * Drains the webhook inbox after the acknowledgement: each stored invocation names a ticket to look at, and is
 * marked processed only once its ticket was read and every new comment applied. The rows are the queue, so a
 * restart picks up what a crash left; a ticket Zendesk cannot be read for is retried with backoff.
 */
export class InboxWorker extends PollingWorker {
  private readonly options: InboxWorkerOptions;
  /** In memory only: after a restart every invocation is simply due again. */
  private readonly retries = new Map<string, { failures: number; at: number }>();
  /** Invocations stored so far (each one kicks the worker): how the worker knows acceptance is busy. */
  private accepted = 0;
  /** The Zendesk requests sent while the last ticket was read: busy gaps to wait before the next one. */
  private lastRequests = 1;

  constructor(private readonly deps: InboxWorkerDeps) {
    super('inbox', deps.options?.pollMs ?? DEFAULT_INBOX_OPTIONS.pollMs, deps.logger);
    this.options = { ...DEFAULT_INBOX_OPTIONS, ...deps.options };
  }

  /**
   * One pass over the due invocations, oldest first; a ticket is read once per pass however many invocations
   * name it. Resolves to how many invocations were marked processed.
   */
  async runOnce(): Promise<number> {
    const now = this.deps.now();
    const rows = (await this.deps.store.claimInbox(now, this.options.leaseMs, this.options.batch * 5)).filter(
      (row) => (this.retries.get(row.id)?.at ?? 0) <= now,
    );
    const byTicket = new Map<number, InboxRecord[]>();
    for (const row of rows.slice(0, this.options.batch)) {
      const hint = row.body as Partial<InboxHint> | null;
      const ticketId = typeof hint?.ticketId === 'number' ? hint.ticketId : null;
      if (ticketId === null) {
        // Only the receiver writes rows, always with a ticket id: a row without one is noise, not work.
        await this.deps.store.markInboxProcessed(row.id, now);
        continue;
      }
      byTicket.set(ticketId, [...(byTicket.get(ticketId) ?? []), row]);
    }
    let done = 0;
    let acceptedBefore = this.accepted;
    for (const [ticketId, invocations] of byTicket) {
      // Acceptance first: the webhooks already waiting on their sockets are answered before the next ticket's work,
      // and while more keep coming, Zendesk is sent no more than one request per busyGapMs: a ticket with new
      // comments costs several (comments, ticket, requester, organizations), one without costs one, and the
      // deliveries sent meanwhile count too (the budget is the account's).
      if (this.accepted === acceptedBefore) await yieldToIo();
      else await (this.deps.pause ?? pause)(this.options.busyGapMs * this.lastRequests);
      acceptedBefore = this.accepted;
      const requestsBefore = this.deps.zendeskRequests?.() ?? 0;
      try {
        await this.deps.processTicket(ticketId);
      } catch (error) {
        if (!isPermanent(error)) {
          for (const row of invocations) this.retryLater(row.id, ticketId, error);
          continue;
        }
        // A ticket Zendesk no longer has: retrying cannot help.
        this.deps.logger.warn(
          { ticketId, invocations: invocations.map((row) => row.id), error: (error as Error).message },
          'webhook names a ticket that cannot be read; dropped',
        );
      } finally {
        const requests = this.deps.zendeskRequests === undefined ? 1 : this.deps.zendeskRequests() - requestsBefore;
        this.lastRequests = requests > 1 ? requests : 1;
      }
      // Marked together: with SQLite's inbox writer, one transaction (one fsync) for the ticket's invocations.
      const at = this.deps.now();
      await Promise.all(invocations.map((row) => this.deps.store.markInboxProcessed(row.id, at)));
      for (const row of invocations) this.retries.delete(row.id);
      done += invocations.length;
    }
    return done;
  }

  /** A webhook invocation was stored: process it soon, yielding to the ones still arriving. */
  override kick(): void {
    this.accepted += 1;
    super.kick();
  }

  /** Unprocessed invocations whose processing failed and waits for its retry (in memory). */
  get retrying(): number {
    return this.retries.size;
  }

  private retryLater(id: string, ticketId: number, error: unknown): void {
    const failures = (this.retries.get(id)?.failures ?? 0) + 1;
    const delay = backoffDelayMs(failures - 1, this.deps.random ?? Math.random, this.options);
    this.retries.set(id, { failures, at: this.deps.now() + delay });
    this.deps.logger.warn(
      { invocationId: id, ticketId, failures, retryInMs: delay, error: (error as Error)?.message ?? String(error) },
      'webhook processing failed; will retry',
    );
  }
}

/** Resolves after the event loop's next I/O phase: the HTTP requests that arrived meanwhile run first. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Only a 404 (the ticket was deleted or merged away) is final. A 401 or 403 heals when the credentials are fixed,
 * so those invocations wait and retry rather than lose a customer's answer.
 */
function isPermanent(error: unknown): boolean {
  return error instanceof HTTPError && error.status === 404;
}
