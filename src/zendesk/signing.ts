import { createHmac, timingSafeEqual } from 'node:crypto';
import { daysInMonth } from '../core/time/calendar.js';

/**
 * Zendesk's webhook signature (docs/API.md, The Zendesk webhook): base64(HMAC-SHA256(key = secret as-is, msg = timestamp + raw body)).
 * The secret is used verbatim (never base64-decoded) and the two parts are joined with no separator.
 *
 * Worked example: secret `dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==`, timestamp `2021-03-25T05:09:27Z`,
 * body `{"event":"ticket.updated","id":123}` → `S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=`.
 */
export function signWebhook(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(timestamp, 'utf8').update(body).digest('base64');
}

/**
 * The signing secret Zendesk documents for "Test webhook" on a webhook that does not exist yet (docs/DECISIONS.md).
 * It is public: a request it signs proves nothing, so the receiver answers it and keeps nothing.
 */
export const ZENDESK_TEST_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

export type WebhookRefusal =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'bad_signature';

export type WebhookVerification = { ok: true } | { ok: false; reason: WebhookRefusal };

export interface VerifyWebhookInput {
  /** The raw request body, exactly as received: re-serialised JSON never verifies. */
  body: Buffer;
  signature?: string | undefined;
  timestamp?: string | undefined;
  /** Every secret currently accepted (the stored one plus any being rotated); one match is enough. */
  secrets: readonly string[];
  /** Epoch ms, the receiver's clock. */
  now: number;
  /** How far the timestamp may be from `now`, in either direction (default 300 s). */
  toleranceSeconds?: number;
}

/**
 * Checks a Zendesk webhook signature in constant time. Never throws on any header value: every refusal is a reason.
 * Only ISO 8601 timestamps with a `Z` or an offset are accepted; unix seconds or bare dates are `bad_timestamp`.
 */
export function verifyWebhookSignature(input: VerifyWebhookInput): WebhookVerification {
  const { body, signature, timestamp, secrets, now, toleranceSeconds = 300 } = input;
  if (signature === undefined || signature.trim() === '') return { ok: false, reason: 'missing_signature' };
  if (timestamp === undefined || timestamp.trim() === '') return { ok: false, reason: 'missing_timestamp' };
  const signedAt = parseIsoTimestamp(timestamp);
  if (signedAt === null) return { ok: false, reason: 'bad_timestamp' };
  const skewMs = now - signedAt;
  if (skewMs > toleranceSeconds * 1000) return { ok: false, reason: 'stale_timestamp' };
  if (-skewMs > toleranceSeconds * 1000) return { ok: false, reason: 'future_timestamp' };
  // The signature's text is compared with the expected digest's canonical base64 text, so only that exact text
  // verifies: Buffer.from(x, 'base64') would skip junk and let a mutated signature decode the same. Text, not
  // decoded bytes: a digest as a Buffer costs a native allocation per request, a third of the check's time on the
  // busiest route (docs/DECISIONS.md, 59). As UTF-8, a character outside ASCII never equals a base64 one.
  const received = Buffer.from(signature, 'utf8');
  // Every secret is compared, even after a match, so the time taken does not tell which secret matched.
  let matched = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const expected = Buffer.from(signWebhook(secret, timestamp, body), 'utf8');
    // timingSafeEqual throws on unequal lengths: the length check comes first and reveals only the length.
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

// 2021-03-25T05:09:27Z, 2021-03-25T05:09:27.123Z, 2021-03-25T07:09:27+02:00
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function parseIsoTimestamp(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Date.parse rolls 2021-02-30 over to March: each field must be within its range (no leap second, no 24:00).
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(Number(match[1]), month) &&
    Number(match[4]) <= 23 &&
    Number(match[5]) <= 59 &&
    Number(match[6]) <= 59;
  if (!inRange) return null;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? null : instant;
}
