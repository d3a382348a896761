import { Writable } from 'node:stream';
import pino from 'pino';
import { createHttpApp } from '../../../src/server/http/app.js';
import { registerWebhookRoute, WEBHOOK_PATH } from '../../../src/server/webhooks/route.js';
import { signWebhook } from '../../../src/zendesk/signing.js';

// A stored invocation's request line is at debug (its inbox row is its record); every other answer's stays at info.

const SECRET = 'request-log-secret-0123456789abcdef';
const NOW = Date.parse('2026-11-22T12:00:00Z');
const STAMP = '2026-11-22T12:00:00Z';

async function appWithLog() {
  const lines: { level: number; msg: string; status?: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as never);
      done();
    },
  });
  const app = createHttpApp({
    tokens: { agent: 'a'.repeat(32), automation: 'b'.repeat(32) },
    logger: pino({ level: 'debug' }, sink),
  });
  const seen = new Set<string>();
  registerWebhookRoute(app, {
    secrets: () => [SECRET],
    now: () => NOW,
    store: async (record) => {
      const fresh = !seen.has(record.id);
      seen.add(record.id);
      return fresh;
    },
  });
  await app.ready();
  const send = (invocation: string, secret = SECRET) => {
    const body = '{"ticket_id":"42"}';
    return app.inject({
      method: 'POST',
      url: WEBHOOK_PATH,
      payload: body,
      headers: {
        'content-type': 'application/json',
        'x-zendesk-webhook-signature': signWebhook(secret, STAMP, body),
        'x-zendesk-webhook-signature-timestamp': STAMP,
        'x-zendesk-webhook-invocation-id': invocation,
      },
    });
  };
  const requestLines = () => lines.filter((line) => line.msg === 'request').map((line) => [line.status, line.level]);
  return { app, send, requestLines };
}

it('logs a stored invocation at debug, and a duplicate or a refusal at info', async () => {
  const { app, send, requestLines } = await appWithLog();
  try {
    expect((await send('inv-1')).statusCode).toBe(200);
    expect((await send('inv-1')).json()).toMatchObject({ duplicate: true });
    expect((await send('inv-2', 'another-secret-0123456789abcdef')).statusCode).toBe(401);
    expect(requestLines()).toEqual([
      [200, 20],
      [200, 30],
      [401, 30],
    ]);
  } finally {
    await app.close();
  }
});
