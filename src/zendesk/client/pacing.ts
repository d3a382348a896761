// Self-pacing under Zendesk's rate limits, so that normal operation never draws a 429 (docs/DECISIONS.md):
// - the account budget, read from the headers of every answer (`ratelimit-remaining` / `ratelimit-reset`, or the
//   older `x-rate-limit-remaining`): at zero remaining, the next request waits for the window's reset;
// - the per-ticket limit (30 updates of one ticket per 10 minutes), which no header announces, counted here.

export interface PacingOptions {
  ticketUpdatesPerWindow: number;
  ticketUpdateWindowMs: number;
}

export const DEFAULT_PACING: PacingOptions = { ticketUpdatesPerWindow: 30, ticketUpdateWindowMs: 600_000 };

/** Tickets remembered before the ones with no update left in the window are forgotten (bounds the memory). */
const SWEEP_ABOVE = 10_000;

export class Pacer {
  private remaining: number | null = null;
  private resetAt = 0;
  /** Per ticket, the instants of the updates sent inside the window, oldest first. */
  private readonly updates = new Map<number, number[]>();

  constructor(
    private readonly options: PacingOptions,
    private readonly now: () => number,
  ) {}

  /** Reads the account budget off an answer's headers; answers without them leave the last reading. */
  observe(headers: Headers): void {
    const remaining = headerNumber(headers, 'ratelimit-remaining') ?? headerNumber(headers, 'x-rate-limit-remaining');
    if (remaining === null) return;
    this.remaining = remaining;
    // `ratelimit-reset` is seconds until the window resets; without it, assume Zendesk's one-minute window.
    const resetSeconds = headerNumber(headers, 'ratelimit-reset') ?? 60;
    this.resetAt = this.now() + resetSeconds * 1000;
  }

  /** When the next request of the account may go (now, unless the budget is spent until its reset). */
  accountSlot(): number {
    const now = this.now();
    return this.remaining !== null && this.remaining <= 0 && this.resetAt > now ? this.resetAt : now;
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
