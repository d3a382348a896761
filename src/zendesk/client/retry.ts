// Retry timing for idempotent requests: exponential backoff with full jitter, and Retry-After (RFC 9110 §10.2.3).

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Full jitter (AWS "Exponential Backoff and Jitter"): a uniform delay in [0, min(cap, base·2^attempt)).
 * Example: base 250, cap 5000, attempt 2, random 0.5 → 0.5 × 1000 = 500 ms.
 */
export function backoffDelayMs(attempt: number, random: () => number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Reads `Retry-After` as delay-seconds (`"7"`, `"1.5"`) or an HTTP-date relative to `now`; null when absent or unreadable.
 * A date in the past means "now" (0 ms).
 */
export function parseRetryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return null;
  return Math.max(0, date - now);
}

/** 5xx (and 408) may succeed on a second try; other 4xx never will. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408;
}
