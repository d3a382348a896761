// Self-pacing under Zendesk's rate limits, so that normal operation never draws a 429 (docs/DECISIONS.md):
// - the account budget, read from the headers of every answer (`ratelimit-remaining` / `ratelimit-reset`, or the
//   older `x-rate-limit-remaining`): at zero remaining, the next request waits for the window's reset;
// - the per-ticket limit (30 updates of one ticket per 10 minutes), which no header announces, counted here;
// - the incremental exports' own limit (10 requests per minute, besides the account budget), counted here too.

export interface PacingOptions {
  ticketUpdatesPerWindow: number;
  ticketUpdateWindowMs: number;
  /** Requests per minute to Zendesk's incremental export endpoints (Zendesk: 10). */
  incrementalExportsPerMinute: number;
}

export const DEFAULT_PACING: PacingOptions = {
  ticketUpdatesPerWindow: 30,
  ticketUpdateWindowMs: 600_000,
  incrementalExportsPerMinute: 10,
};

const MINUTE_MS = 60_000;

/** Updates of one ticket made before this pacer existed (a previous process's): `count` of them at `at`. */
export interface PastTicketUpdates {
  ticketId: number;
  at: number;
  count: number;
}

/** Tickets remembered before the ones with no update left in the window are forgotten (bounds the memory). */
const SWEEP_ABOVE = 10_000;

export class Pacer {
  private remaining: number | null = null;
  /** The window's whole budget (`ratelimit-limit`), to start the next window with before its first answer. */
  private limit: number | null = null;
  private resetAt = 0;
  /**
   * Requests sent whose answer has not come back: the last header cannot count them yet. Without this, eight
   * deliveries in flight when the header said 3 remaining drew five 429s at the end of every window.
   */
  private inFlight = 0;
  /** Per ticket, the instants of the updates sent inside the window, oldest first. */
  private readonly updates = new Map<number, number[]>();
  /** The instants of the incremental export requests sent in the last minute, oldest first. */
  private exports: number[] = [];
  /** Whether any request has ended yet (with an answer or without). */
  private answered = false;
  /** Wakes the requests that wait for the first one to end (see `reserve`). */
  private firstAnswer: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly options: PacingOptions,
    private readonly now: () => number,
  ) {}

  /**
   * Waits (at most `maxWaitMs`) until the account budget allows one more request, and counts it as sent in the same
   * turn as the check, so concurrent requests see each other and not only the last header.
   */
  async reserve(sleep: (ms: number) => Promise<void>, maxWaitMs: number, onWait: (ms: number) => void): Promise<void> {
    for (;;) {
      // Until the first answer, the account's budget is unknown: a process started right after a crash does not know
      // how much of the minute its predecessor spent, and a burst of requests would meet real 429s. So the first
      // request goes alone, and its answer's headers pace the others.
      if (!this.answered && this.inFlight > 0) {
        await this.untilFirstAnswer();
        continue;
      }
      const waitMs = this.accountSlot() - this.now();
      if (waitMs <= 0) return this.sent();
      if (waitMs > maxWaitMs) throw new Error(`Zendesk rate limit: the account budget resets in ${waitMs} ms`);
      onWait(waitMs);
      await sleep(waitMs);
    }
  }

  /** Counts a request as sent; `observe` (or `settled` when no answer came) counts it back. */
  sent(): void {
    this.inFlight += 1;
  }

  /** A request sent ended without an answer to read (a network error or a time-out). */
  settled(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.answered = true;
    // The waiters resume after the caller's turn, so `observe` has read the headers by then.
    const waiting = this.firstAnswer;
    this.firstAnswer = null;
    waiting?.resolve();
  }

  private untilFirstAnswer(): Promise<void> {
    if (this.firstAnswer === null) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.firstAnswer = { promise, resolve };
    }
    return this.firstAnswer.promise;
  }

  /** Reads the account budget off an answer's headers; answers without them leave the last reading. */
  observe(headers: Headers): void {
    this.settled();
    const remaining = headerNumber(headers, 'ratelimit-remaining') ?? headerNumber(headers, 'x-rate-limit-remaining');
    if (remaining === null) return;
    this.remaining = remaining;
    this.limit = headerNumber(headers, 'ratelimit-limit') ?? headerNumber(headers, 'x-rate-limit') ?? this.limit;
    // `ratelimit-reset` is seconds until the window resets; without it, assume Zendesk's one-minute window.
    const resetSeconds = headerNumber(headers, 'ratelimit-reset') ?? 60;
    this.resetAt = this.now() + resetSeconds * 1000;
  }

  /** When the next request of the account may go (now, unless the budget is spent until its reset). */
  accountSlot(): number {
    const now = this.now();
    if (this.remaining !== null && this.limit !== null && this.resetAt <= now) {
      // A new window began: its budget is whole until an answer says otherwise. Without this, every request
      // waiting for the reset would go at once, however many there are.
      this.remaining = this.limit;
      this.resetAt += Math.ceil((now - this.resetAt + 1) / 60_000) * 60_000;
    }
    const left = this.remaining === null ? null : this.remaining - this.inFlight;
    return left !== null && left <= 0 && this.resetAt > now ? this.resetAt : now;
  }

  /** When the next update of `ticketId` may go without passing the per-ticket limit or the account budget. */
  updateSlot(ticketId: number): number {
    const now = this.now();
    const recent = this.recent(ticketId, now);
    const ticketSlot =
      recent.length < this.options.ticketUpdatesPerWindow
        ? now
        : recent[recent.length - this.options.ticketUpdatesPerWindow]! + this.options.ticketUpdateWindowMs;
    return Math.max(ticketSlot, this.accountSlot());
  }

  /** Counts one update of `ticketId` as sent now (Zendesk counts refused updates too). */
  noteUpdate(ticketId: number): void {
    const now = this.now();
    const recent = this.recent(ticketId, now);
    recent.push(now);
    this.updates.set(ticketId, recent);
    if (this.updates.size > SWEEP_ABOVE) {
      for (const [id, times] of this.updates) {
        if (times[times.length - 1]! <= now - this.options.ticketUpdateWindowMs) this.updates.delete(id);
      }
    }
  }

  /**
   * Counts updates made before this pacer existed, so that a restart does not treat a ticket that had just received
   * 28 updates as fresh (docs/DECISIONS.md, 51). An instant later than now counts as now; only the newest
   * `ticketUpdatesPerWindow` instants of a ticket matter, so no more are kept, however large `count` is.
   */
  restore(past: readonly PastTicketUpdates[]): void {
    const now = this.now();
    const limit = this.options.ticketUpdatesPerWindow;
    for (const { ticketId, at, count } of past) {
      if (count <= 0) continue;
      const instant = Math.min(at, now);
      const times = [...this.recent(ticketId, now), ...Array<number>(Math.min(count, limit)).fill(instant)];
      times.sort((a, b) => a - b);
      const kept = times.filter((time) => time > now - this.options.ticketUpdateWindowMs).slice(-limit);
      if (kept.length > 0) this.updates.set(ticketId, kept);
    }
  }

  /**
   * Waits (at most `maxWaitMs`) until the incremental exports' own budget allows one more request, counted from this
   * client's own requests over a rolling minute (so never more than the limit in any minute, whichever windows
   * Zendesk counts in), and counts it as sent in the same turn as the check. The account budget is `reserve`'s.
   */
  async reserveExport(
    sleep: (ms: number) => Promise<void>,
    maxWaitMs: number,
    onWait: (ms: number) => void,
  ): Promise<void> {
    const limit = this.options.incrementalExportsPerMinute;
    for (;;) {
      const now = this.now();
      this.exports = this.exports.filter((at) => at > now - MINUTE_MS);
      const waitMs = this.exports.length < limit ? 0 : this.exports[this.exports.length - limit]! + MINUTE_MS - now;
      // Zendesk counts refused requests too: counted when sent, whatever the answer.
      if (waitMs <= 0) return void this.exports.push(now);
      if (waitMs > maxWaitMs)
        throw new Error(`Zendesk rate limit: the incremental export budget frees a request in ${waitMs} ms`);
      onWait(waitMs);
      await sleep(waitMs);
    }
  }

  private recent(ticketId: number, now: number): number[] {
    const since = now - this.options.ticketUpdateWindowMs;
    return (this.updates.get(ticketId) ?? []).filter((at) => at > since);
  }
}

function headerNumber(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}
