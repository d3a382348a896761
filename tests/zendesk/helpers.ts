import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Sandbox } from '../../src/zendesk/sandbox/index.js';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A local webhook receiver on 127.0.0.1 and a free port. `answers` gives the status of each successive request
 * (then 200), so a test can make the first delivery fail.
 */
export async function startReceiver(answers: number[] = []) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zendesk`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock that starts at `start` and moves one second forward at every reading, so timestamps differ. */
export function steppingClock(start: string): () => number {
  let at = Date.parse(start);
  return () => {
    const now = at;
    at += 1000;
    return now;
  };
}

export const API_AUTH = {
  authorization: `Basic ${Buffer.from('ops@acme-cloud.example/token:abc123').toString('base64')}`,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape.
export type JsonAnswer = { status: number; headers: Headers; body: any };

/** Calls a sandbox served over HTTP with a JSON body (when given) and, by default, API credentials. */
export function sandboxCaller(baseUrl: () => string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = API_AUTH) => {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
  };
}

/** Calls a sandbox in process (`Sandbox.handle`, no HTTP) with API credentials and a JSON body when given. */
export function sandboxHandler(sandbox: () => Sandbox) {
  return async (method: string, path: string, body?: unknown) => {
    const answer = await sandbox().handle({
      method,
      path,
      headers: { ...API_AUTH, 'content-type': 'application/json' },
      body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
    });
    const text = answer.body.toString('utf8');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape.
    return { status: answer.status, headers: answer.headers, body: text === '' ? null : (JSON.parse(text) as any) };
  };
}

/** A clock a test moves by hand. */
export function manualClock(start: string) {
  let at = Date.parse(start);
  return {
    now: () => at,
    advance(ms: number) {
      at += ms;
    },
  };
}

/**
 * Installs a webhook to `endpoint` and a trigger that calls it for every public end-user comment, with the body
 * `{"ticket_id": "{{ticket.id}}"}`; returns the webhook's id.
 */
export async function installReplyWebhook(
  call: (method: string, path: string, body?: unknown) => Promise<JsonAnswer>,
  endpoint: string,
): Promise<string> {
  const webhook = await call('POST', '/api/v2/webhooks', {
    webhook: {
      name: 'Replies',
      status: 'active',
      endpoint,
      http_method: 'POST',
      request_format: 'json',
      subscriptions: ['conditional_ticket_events'],
    },
  });
  await call('POST', '/api/v2/triggers.json', {
    trigger: {
      title: 'Notify on replies',
      conditions: {
        all: [
          { field: 'comment_is_public', operator: 'is', value: 'true' },
          { field: 'role', operator: 'is', value: 'end_user' },
        ],
        any: [],
      },
      actions: [{ field: 'notification_webhook', value: [webhook.body.webhook.id, '{"ticket_id": "{{ticket.id}}"}'] }],
    },
  });
  return webhook.body.webhook.id as string;
}
