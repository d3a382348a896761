import { signWebhook } from '../signing.js';
import { isoSeconds, type StoredWebhook } from './state.js';
import type { WebhookFaultKind } from './webhook-faults.js';

export interface DeliveryAttempt {
  at: string;
  /** The signature timestamp of this attempt: every retry is signed afresh. */
  timestamp: string;
  /** The receiver's status; null when no HTTP answer came (refused, reset, time-out). */
  status: number | null;
  error?: string;
}

export interface InvocationRecord {
  invocationId: string;
  webhookId: string;
  triggerId: number;
  ticketId: number;
  endpoint: string;
  body: string;
  delivered: boolean;
  attempts: DeliveryAttempt[];
  /** The injected webhook fault this invocation met, if any (`POST /_sandbox/faults` with `webhook`). */
  fault?: WebhookFaultKind;
}

export interface DeliveryDeps {
  accountId: number;
  now: () => number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  /** Retries after the first attempt (Zendesk retries a few times; the exact count is not documented). */
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  /** Sign every attempt with this timestamp instead of the time of the attempt (a late redelivery). */
  signedAt?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  form_encoded: 'application/x-www-form-urlencoded; charset=utf-8',
};

/**
 * Sends one invocation: 5xx, 429 and network failures are retried with a doubling delay, keeping the invocation id
 * and signing each attempt with its own timestamp. Other answers end the invocation (2xx delivered, 4xx refused).
 */
export async function deliverInvocation(
  webhook: StoredWebhook,
  record: InvocationRecord,
  deps: DeliveryDeps,
): Promise<InvocationRecord> {
  for (let attempt = 0; attempt <= deps.retries; attempt += 1) {
    if (attempt > 0) await deps.sleep(deps.retryDelayMs * 2 ** (attempt - 1));
    const at = isoSeconds(deps.now());
    const timestamp = deps.signedAt ?? at;
    const entry: DeliveryAttempt = { at, timestamp, status: null };
    record.attempts.push(entry);
    try {
      const response = await deps.fetch(webhook.endpoint, {
        method: webhook.http_method,
        headers: webhookHeaders(webhook, record, timestamp, deps.accountId),
        ...(webhook.http_method === 'GET' ? {} : { body: record.body }),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      entry.status = response.status;
      if (response.ok) {
        record.delivered = true;
        return record;
      }
      if (!isWorthRetrying(response.status)) return record;
    } catch (error) {
      entry.error =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
  }
  return record;
}

function isWorthRetrying(status: number): boolean {
  return status >= 500 || status === 429 || status === 409;
}

function webhookHeaders(webhook: StoredWebhook, record: InvocationRecord, timestamp: string, accountId: number) {
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[webhook.request_format] ?? CONTENT_TYPES.json!,
    'user-agent': 'Zendesk Webhook',
    'x-zendesk-account-id': String(accountId),
    'x-zendesk-webhook-id': webhook.id,
    'x-zendesk-webhook-invocation-id': record.invocationId,
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': signWebhook(
      webhook.secret,
      timestamp,
      webhook.http_method === 'GET' ? '' : record.body,
    ),
  };
  const auth = webhook.authenticationData;
  if (auth?.type === 'bearer_token') headers.authorization = `Bearer ${auth.data.token}`;
  if (auth?.type === 'basic_auth') {
    headers.authorization = `Basic ${Buffer.from(`${auth.data.username}:${auth.data.password}`).toString('base64')}`;
  }
  if (auth?.type === 'api_key') headers[auth.data.name.toLowerCase()] = auth.data.value;
  return headers;
}
