import { signWebhook } from '../../zendesk/signing.js';
import type { OutboxRecord } from '../store/types.js';

/** Headers of a notification: the same scheme as Zendesk's webhooks, under our own names. */
export const NOTIFY_HEADERS = {
  signature: 'x-upgrade-windows-signature',
  timestamp: 'x-upgrade-windows-signature-timestamp',
  delivery: 'x-upgrade-windows-delivery-id',
} as const;

export type NotifyOutcome =
  { kind: 'delivered' } | { kind: 'retry'; error: string; retryAfterMs?: number } | { kind: 'failed'; error: string };

export interface NotifierOptions {
  url: string;
  /** NOTIFY_SECRET: the receiver verifies base64(HMAC-SHA256(secret, timestamp + body)). */
  secret: string;
  /** Delivery ids are `<store id>:<outbox id>`, stable across retries, so a receiver can drop repeats. */
  storeId: string;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * POSTs one outbox notification to NOTIFY_URL (docs/API.md, Notifications), signed like Zendesk signs its webhooks: the receiver
 * checks `X-Upgrade-Windows-Signature` = base64(HMAC-SHA256(NOTIFY_SECRET, timestamp + raw body)) and the
 * timestamp's age. 2xx delivers; 408, 429, 5xx and network failures are retried by the outbox; other 4xx fail
 * (the receiver refuses it and will keep refusing).
 */
export function createNotifier(options: NotifierOptions): (item: OutboxRecord) => Promise<NotifyOutcome> {
  const now = options.now ?? Date.now;
  const send = options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init));
  return async (item) => {
    const body = JSON.stringify(item.payload);
    const timestamp = new Date(Math.floor(now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    let response: Response;
    try {
      response = await send(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'upgrade-windows',
          [NOTIFY_HEADERS.timestamp]: timestamp,
          [NOTIFY_HEADERS.signature]: signWebhook(options.secret, timestamp, body),
          [NOTIFY_HEADERS.delivery]: `${options.storeId}:${item.id}`,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      const cause = (error as Error)?.cause as Error | undefined;
      return { kind: 'retry', error: `NOTIFY_URL unreachable: ${cause?.message ?? (error as Error)?.message}` };
    }
    if (response.ok) return { kind: 'delivered' };
    const error = `NOTIFY_URL answered ${response.status}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      const seconds = Number(response.headers.get('retry-after'));
      return Number.isFinite(seconds) && seconds > 0
        ? { kind: 'retry', error, retryAfterMs: seconds * 1000 }
        : { kind: 'retry', error };
    }
    return { kind: 'failed', error };
  };
}
