import { signWebhook, ZENDESK_TEST_SECRET } from '../signing.js';
import type { ZendeskWebhook } from '../types.js';
import { isoSeconds, type SandboxState } from './state.js';

// `POST /api/v2/webhooks/test[?webhook_id=ID]`, Zendesk's "Test webhook": one request, sent now, never retried and
// never part of a trigger's invocations. An existing webhook's test is signed with its own secret and goes to its
// endpoint unless the request names another; a webhook not created yet is tested with Zendesk's public test secret.

/** What the test sends, once the request and the webhook (if any) are combined. */
export interface WebhookTest {
  webhookId: string | null;
  endpoint: string;
  method: ZendeskWebhook['http_method'];
  format: ZendeskWebhook['request_format'];
  headers: { key: string; value: string }[];
  payload: string;
  secret: string;
}

export interface WebhookTestDeps {
  fetch: typeof fetch;
  now: () => number;
  accountId: number;
  newInvocationId: () => string;
  timeoutMs: number;
}

/** The body Zendesk's test panel starts from when the admin types none (the sandbox's choice: docs/DECISIONS.md). */
export const SAMPLE_TEST_PAYLOAD = '{"name":"test webhook"}';
const MAX_PAYLOAD = 256 * 1024;
const MAX_ANSWER = 64 * 1024;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const FORMATS = ['json', 'xml', 'form_encoded'];
const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  form_encoded: 'application/x-www-form-urlencoded; charset=utf-8',
};

export type TestCheck = { ok: true; test: WebhookTest } | { ok: false; status: 400 | 404; detail: string };

/** Reads `{ "request": { endpoint?, http_method?, request_format?, headers?, payload? } }` against the webhook. */
export function parseWebhookTest(body: unknown, webhookId: string | null, state: SandboxState): TestCheck {
  const webhook = webhookId === null ? null : state.webhooks.find((candidate) => candidate.id === webhookId);
  if (webhook === undefined) return { ok: false, status: 404, detail: 'Webhook not found' };
  const input = (body as { request?: unknown } | null)?.request ?? {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, status: 400, detail: 'request must be an object' };
  }
  const request = input as Record<string, unknown>;
  const endpoint = request.endpoint ?? webhook?.endpoint;
  if (typeof endpoint !== 'string' || !/^https?:\/\/\S+$/.test(endpoint)) {
    return { ok: false, status: 400, detail: 'request.endpoint must be an http(s) URL' };
  }
  const method = request.http_method ?? webhook?.http_method ?? 'POST';
  if (!METHODS.includes(String(method))) return { ok: false, status: 400, detail: 'request.http_method is not valid' };
  const format = request.request_format ?? webhook?.request_format ?? 'json';
  if (!FORMATS.includes(String(format)))
    return { ok: false, status: 400, detail: 'request.request_format is not valid' };
  const headers = request.headers ?? [];
  if (!Array.isArray(headers) || !headers.every(isHeader)) {
    return { ok: false, status: 400, detail: 'request.headers must be a list of {"key", "value"} strings' };
  }
  const payload = request.payload ?? SAMPLE_TEST_PAYLOAD;
  if (typeof payload !== 'string' || Buffer.byteLength(payload) > MAX_PAYLOAD) {
    return { ok: false, status: 400, detail: 'request.payload must be a string under 256 KB' };
  }
  return {
    ok: true,
    test: {
      webhookId: webhook?.id ?? null,
      endpoint,
      method: method as WebhookTest['method'],
      format: format as WebhookTest['format'],
      headers,
      payload,
      secret: webhook?.secret ?? ZENDESK_TEST_SECRET,
    },
  };
}

function isHeader(value: unknown): value is { key: string; value: string } {
  const header = value as { key?: unknown; value?: unknown } | null;
  return typeof header?.key === 'string' && typeof header.value === 'string' && /^[\w-]+$/.test(header.key);
}

/** Sends the test once and answers as Zendesk does: the receiver's status, headers and body. */
export async function sendWebhookTest(test: WebhookTest, deps: WebhookTestDeps): Promise<{ response: TestAnswer }> {
  const timestamp = isoSeconds(deps.now());
  const body = test.method === 'GET' ? '' : test.payload;
  const headers: Record<string, string> = {
    ...Object.fromEntries(test.headers.map(({ key, value }) => [key.toLowerCase(), value])),
    'content-type': CONTENT_TYPES[test.format]!,
    'user-agent': 'Zendesk Webhook',
    'x-zendesk-account-id': String(deps.accountId),
    'x-zendesk-webhook-invocation-id': deps.newInvocationId(),
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': signWebhook(test.secret, timestamp, body),
    ...(test.webhookId !== null ? { 'x-zendesk-webhook-id': test.webhookId } : {}),
  };
  try {
    const response = await deps.fetch(test.endpoint, {
      method: test.method,
      headers,
      ...(test.method === 'GET' ? {} : { body }),
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const text = await response.text();
    // forEach, not spread: the build's lib (ES2023, no DOM.Iterable) types Headers without an iterator.
    const answered: { key: string; value: string }[] = [];
    response.headers.forEach((value, key) => answered.push({ key, value }));
    return {
      response: {
        status: response.status,
        headers: answered,
        body: text.slice(0, MAX_ANSWER),
      },
    };
  } catch (error) {
    // No HTTP answer (refused, reset, timed out): the panel shows the failure instead of a status.
    const why = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    return { response: { status: 0, headers: [], body: `no answer: ${why || String(error)}` } };
  }
}

export interface TestAnswer {
  status: number;
  headers: { key: string; value: string }[];
  body: string;
}
