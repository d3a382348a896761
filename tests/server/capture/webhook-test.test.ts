import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readZendeskFile } from '../../../src/server/setup/fields.js';
import { INBOX_FILE } from '../../../src/server/store/sqlite.js';
import { call } from '../helpers.js';
import { bookedTicket, startCaptureStack, type CaptureStack } from './stack.js';

// Zendesk's "Test webhook", sent by the sandbox's `POST /api/v2/webhooks/test` to the backend `setup` pointed the
// webhook at: the backend answers 200 and keeps nothing, so no decision can ever follow from a test.

let stack: CaptureStack;

beforeAll(async () => {
  stack = await startCaptureStack();
});

afterAll(async () => {
  await stack.close();
});

const ADMIN = { authorization: `Basic ${Buffer.from('admin@example.com/token:sandbox').toString('base64')}` };

/** Asks the sandbox to test a webhook, as the admin centre's button or node-zendesk's `webhooks.test` does. */
async function testWebhook(request: Record<string, unknown>, webhookId?: string) {
  const query = webhookId === undefined ? '' : `?webhook_id=${webhookId}`;
  const answer = await call(stack.served.url, 'POST', `/api/v2/webhooks/test${query}`, {
    token: null,
    headers: ADMIN,
    body: { request },
  });
  expect(answer.status).toBe(200);
  const response = answer.body.response as { status: number; body: string };
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}

function inboxIds(): string[] {
  const db = new Database(join(stack.dataDir, INBOX_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT id FROM inbox').all() as { id: string }[]).map((row) => row.id);
  } finally {
    db.close();
  }
}

describe("Zendesk's Test webhook, sent by the sandbox to the real backend", () => {
  it("answers the setup webhook's test with 200 and stores nothing, whatever sample body it carries", async () => {
    const webhookId = readZendeskFile(stack.dataDir)!.webhook!.id;
    const { ticketId } = await bookedTicket(stack);
    const before = inboxIds();
    const samples = [{}, { payload: '{"ticket_id": "{{ticket.id}}"}' }, { payload: '{"name": "test webhook"}' }];
    const answers = [];
    for (const sample of samples) answers.push(await testWebhook(sample, webhookId));
    expect(answers.map((answer) => [answer.status, answer.body.test])).toEqual(samples.map(() => [200, true]));
    expect(inboxIds()).toEqual(before);
    const view = await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`);
    expect([view.body.state, view.body.decision]).toEqual(['scheduled', null]);
  });

  it("answers a webhook not created yet (signed with Zendesk's test secret) with 200, even naming a real ticket", async () => {
    const { ticketId } = await bookedTicket(stack);
    const before = inboxIds();
    const answer = await testWebhook({
      endpoint: `${stack.backend.url}/webhooks/zendesk`,
      http_method: 'POST',
      request_format: 'json',
      payload: JSON.stringify({ ticket_id: String(ticketId) }),
    });
    expect([answer.status, answer.body.test]).toEqual([200, true]);
    expect(inboxIds()).toEqual(before);
  });

  it('refuses a test of an unknown webhook with 404 and an endpoint that is not a URL with 400', async () => {
    const unknown = await call(stack.served.url, 'POST', '/api/v2/webhooks/test?webhook_id=01NOPE', {
      token: null,
      headers: ADMIN,
      body: { request: {} },
    });
    const noEndpoint = await call(stack.served.url, 'POST', '/api/v2/webhooks/test', {
      token: null,
      headers: ADMIN,
      body: { request: { endpoint: 'not a url' } },
    });
    expect([unknown.status, noEndpoint.status]).toEqual([404, 400]);
    expect(JSON.stringify(noEndpoint.body)).toContain('request.endpoint must be an http(s) URL');
  });
});
