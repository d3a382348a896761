import type { SandboxSettings } from './settings.js';

// Zendesk's rate limits: an account-wide budget of requests per minute, at most 30 updates of one ticket per
// 10 minutes, and 10 requests per minute to the incremental exports (on top of the account budget). Every API answer
// carries the account budget's headers; going over any limit answers 429 with Retry-After.

export type RateDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; headers: Record<string, string>; body: { error: string; description: string } };

const SWEEP_ABOVE = 10_000;
const TICKET_UPDATE = /^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/;
const INCREMENTAL_EXPORT = /^\/api\/v2\/incremental\//;

export function createRateLimiter(settings: () => SandboxSettings) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  /** The incremental exports' own budget: requests in the current one-minute window. */
  let exportWindowStart = Number.NEGATIVE_INFINITY;
  let exportsUsed = 0;
  /** Per ticket, the instants of the updates still inside the window (at most the limit's count each). */
  const updates = new Map<number, number[]>();

  /** Forgets tickets with no update left in the window, so PUTs to many ids cannot grow the map for ever. */
  function sweep(before: number): void {
    for (const [id, times] of updates) if (times[times.length - 1]! <= before) updates.delete(id);
  }

  /** Counts one API request at `now` (the sandbox's clock) and says whether it may go ahead. */
  function take(now: number, method: string, pathname: string): RateDecision {
    const {
      accountRequestsPerMinute: limit,
      ticketUpdatesPerWindow,
      ticketUpdateWindowMs,
      incrementalExportsPerMinute,
    } = settings();
    // Fixed one-minute windows, as Zendesk's `ratelimit-reset` (seconds to the next window) suggests.
    const minute = Math.floor(now / 60_000) * 60_000;
    if (minute !== windowStart) {
      windowStart = minute;
      used = 0;
    }
    const reset = Math.max(1, Math.ceil((windowStart + 60_000 - now) / 1000));
    const headers = (remaining: number): Record<string, string> => ({
      'x-rate-limit': String(limit),
      'x-rate-limit-remaining': String(remaining),
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(reset),
    });
    if (used >= limit) {
      return {
        allowed: false,
        headers: { ...headers(0), 'retry-after': String(reset) },
        body: { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
      };
    }
    used += 1;
    if (method === 'GET' && INCREMENTAL_EXPORT.test(pathname)) {
      if (minute !== exportWindowStart) {
        exportWindowStart = minute;
        exportsUsed = 0;
      }
      if (exportsUsed >= incrementalExportsPerMinute) {
        return {
          allowed: false,
          headers: { ...headers(limit - used), 'retry-after': String(reset) },
          body: {
            error: 'APIRateLimitExceeded',
            description: `Number of allowed incremental export API requests per minute exceeded (${incrementalExportsPerMinute})`,
          },
        };
      }
      exportsUsed += 1;
    }
    const ticket = method === 'PUT' ? TICKET_UPDATE.exec(pathname) : null;
    if (ticket) {
      const id = Number(ticket[1]);
      const recent = (updates.get(id) ?? []).filter((at) => at > now - ticketUpdateWindowMs);
      if (recent.length >= ticketUpdatesPerWindow) {
        updates.set(id, recent);
        const retryAfter = Math.max(1, Math.ceil((recent[0]! + ticketUpdateWindowMs - now) / 1000));
        return {
          allowed: false,
          headers: { ...headers(limit - used), 'retry-after': String(retryAfter) },
          body: {
            error: 'TooManyRequests',
            description: `Ticket ${id} has been updated ${ticketUpdatesPerWindow} times in the last ${ticketUpdateWindowMs / 60_000} minutes`,
          },
        };
      }
      recent.push(now);
      updates.set(id, recent);
      if (updates.size > SWEEP_ABOVE) sweep(now - ticketUpdateWindowMs);
    }
    return { allowed: true, headers: headers(limit - used) };
  }

  return {
    take,
    reset() {
      windowStart = Number.NEGATIVE_INFINITY;
      used = 0;
      exportWindowStart = Number.NEGATIVE_INFINITY;
      exportsUsed = 0;
      updates.clear();
    },
  };
}
