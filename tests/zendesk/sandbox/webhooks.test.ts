import {
  createSandbox,
  serveSandbox,
  type LedgerEntry,
  type Sandbox,
  type ServedSandbox,
} from '../../../src/zendesk/sandbox/index.js';
import { verifyWebhookSignature } from '../../../src/zendesk/signing.js';
import { API_AUTH, startReceiver, steppingClock } from '../helpers.js';

let sandbox: Sandbox;
let served: ServedSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let clock: () => number;
const sleeps: number[] = [];

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = API_AUTH) {
  const response = await fetch(`${served.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers: the assertions check their shape.
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as any) };
}

/** setup's trigger (docs/ZENDESK-SETUP.md): public end-user comments on tickets whose upgrade status is one of three values. */
async function installTrigger(statusOptions: string[] = ['uw_scheduled', 'uw_in_progress', 'uw_awaiting_decision']) {
  const field = await call('POST', '/api/v2/ticket_fields.json', {
    ticket_field: {
      type: 'tagger',
      title: 'Upgrade status',
      custom_field_options: statusOptions.map((value) => ({ name: value, value })),
    },
  });
  const fieldId = field.body.ticket_field.id as number;
  const webhook = await call('POST', '/api/v2/webhooks', {
    webhook: {
      name: 'Upgrade Windows',
      status: 'active',
      endpoint: receiver.url,
      http_method: 'POST',
      request_format: 'json',
      subscriptions: ['conditional_ticket_events'],
    },
  });
  const webhookId = webhook.body.webhook.id as string;
  const trigger = await call('POST', '/api/v2/triggers.json', {
    trigger: {
      title: 'Upgrade Windows: customer replied',
      conditions: {
        all: [
          { field: 'update_type', operator: 'is', value: 'Change' },
          { field: 'comment_is_public', operator: 'is', value: 'true' },
          { field: 'role', operator: 'is', value: 'end_user' },
        ],
        any: statusOptions.map((value) => ({ field: `custom_fields_${fieldId}`, operator: 'is', value })),
      },
      actions: [
        {
          field: 'notification_webhook',
          value: [
            webhookId,
            '{"ticket_id": "{{ticket.id}}", "actor_id": "{{current_user.id}}", "comment": "{{ticket.latest_public_comment}}"}',
          ],
        },
      ],
    },
  });
  expect(trigger.status).toBe(201);
  const secret = (await call('GET', `/api/v2/webhooks/${webhookId}/signing_secret`)).body.signing_secret
    .secret as string;
  return { fieldId, webhookId, secret };
}

async function markScheduled(fieldId: number, ticketId = 10231) {
  await call('PUT', `/api/v2/tickets/${ticketId}.json`, {
    ticket: { custom_fields: [{ id: fieldId, value: 'uw_scheduled' }] },
  });
}

function requesterOf(ticketId: number) {
  const ticket = sandbox.state.tickets.find((candidate) => candidate.id === ticketId)!;
  return sandbox.state.users.find((user) => user.id === ticket.requester_id)!;
}

beforeEach(async () => {
  sleeps.length = 0;
  clock = steppingClock('2026-11-20T15:00:00Z');
  sandbox = createSandbox({
    now: () => clock(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  served = await serveSandbox(sandbox, { port: 0 });
  receiver = await startReceiver();
});

afterEach(async () => {
  await served.close();
  await receiver.close();
});

describe('replies, triggers and signed webhooks', () => {
  it("stores the customer's reply as a public comment with its channel and POSTs the matching webhook, signed", async () => {
    const { fieldId, webhookId, secret } = await installTrigger();
    await markScheduled(fieldId);
    const requester = requesterOf(10231);
    const reply = await call(
      'POST',
      '/_sandbox/tickets/10231/replies',
      { email: requester.email, body: 'GO "now"\nthanks', channel: 'email' },
      {},
    );
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toMatchObject({
      public: true,
      author_id: requester.id,
      plain_body: 'GO "now"\nthanks',
      via: { channel: 'email', source: { from: { address: requester.email } } },
    });
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const headers = delivery!.headers;
    expect(headers['user-agent']).toBe('Zendesk Webhook');
    expect(headers['x-zendesk-account-id']).toBe(String(sandbox.accountId));
    expect(headers['x-zendesk-webhook-id']).toBe(webhookId);
    expect(headers['x-zendesk-webhook-invocation-id']).toBe(reply.body.invocations[0].invocationId);
    expect(JSON.parse(delivery!.body.toString('utf8'))).toEqual({
      ticket_id: '10231',
      actor_id: String(requester.id),
      comment: 'GO "now"\nthanks',
    });
    const verdict = verifyWebhookSignature({
      body: delivery!.body,
      signature: headers['x-zendesk-webhook-signature'] as string,
      timestamp: headers['x-zendesk-webhook-signature-timestamp'] as string,
      secrets: [secret],
      now: Date.parse(headers['x-zendesk-webhook-signature-timestamp'] as string),
    });
    expect(verdict).toEqual({ ok: true });
    expect(reply.body.invocations[0]).toMatchObject({ webhookId, delivered: true, attempts: [{ status: 200 }] });
  });

  it('retries a failed delivery with the same invocation id, re-signed with a new timestamp', async () => {
    await receiver.close();
    receiver = await startReceiver([500, 429]);
    const { fieldId, secret } = await installTrigger();
    await markScheduled(fieldId);
    const reply = await call(
      'POST',
      '/_sandbox/tickets/10231/replies',
      { authorId: requesterOf(10231).id, body: 'go', channel: 'web' },
      {},
    );
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((request) => request.headers['x-zendesk-webhook-invocation-id']);
    expect(new Set(ids).size).toBe(1);
    const timestamps = receiver.received.map(
      (request) => request.headers['x-zendesk-webhook-signature-timestamp'] as string,
    );
    expect(new Set(timestamps).size).toBe(3);
    for (const request of receiver.received) {
      const timestamp = request.headers['x-zendesk-webhook-signature-timestamp'] as string;
      const signature = request.headers['x-zendesk-webhook-signature'] as string;
      expect(
        verifyWebhookSignature({
          body: request.body,
          signature,
          timestamp,
          secrets: [secret],
          now: Date.parse(timestamp),
        }),
      ).toEqual({ ok: true });
    }
    expect(reply.body.invocations[0].attempts.map((attempt: { status: number }) => attempt.status)).toEqual([
      500, 429, 200,
    ]);
    expect(sleeps).toEqual([100, 200]);
  });

  it("gives each reply a fresh invocation id, a number as Zendesk's are (8350205582 in its documentation)", async () => {
    const { fieldId } = await installTrigger();
    await markScheduled(fieldId);
    const email = requesterOf(10231).email;
    await call('POST', '/_sandbox/tickets/10231/replies', { email, body: 'go', channel: 'email' }, {});
    await call('POST', '/_sandbox/tickets/10231/replies', { email, body: 'go again', channel: 'email' }, {});
    const ids = receiver.received.map((request) => request.headers['x-zendesk-webhook-invocation-id'] as string);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d{9,}$/);
    expect(Number(ids[1])).toBeGreaterThan(Number(ids[0]));
  });

  it('records a delivery to an unreachable endpoint as failed attempts, after the retries', async () => {
    const { fieldId } = await installTrigger();
    await receiver.close();
    await markScheduled(fieldId);
    const reply = await call(
      'POST',
      '/_sandbox/tickets/10231/replies',
      { email: requesterOf(10231).email, body: 'go', channel: 'email' },
      {},
    );
    expect(reply.body.invocations[0].delivered).toBe(false);
    expect(reply.body.invocations[0].attempts.map((attempt: { status: number | null }) => attempt.status)).toEqual([
      null,
      null,
      null,
      null,
    ]);
    receiver = await startReceiver();
  });

  it('fires nothing for a ticket whose upgrade status field matches none of the conditions', async () => {
    await installTrigger();
    const reply = await call(
      'POST',
      '/_sandbox/tickets/10231/replies',
      { email: requesterOf(10231).email, body: 'go', channel: 'email' },
      {},
    );
    expect(reply.body.invocations).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it("fires nothing for an agent's reply, nor for the product's own API comments", async () => {
    const { fieldId } = await installTrigger();
    await markScheduled(fieldId);
    const agent = sandbox.state.users.find((user) => user.role === 'agent')!;
    const reply = await call(
      'POST',
      '/_sandbox/tickets/10231/replies',
      { authorId: agent.id, body: 'go', channel: 'web' },
      {},
    );
    expect(reply.body.invocations).toEqual([]);
    await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { comment: { body: 'Reply GO or NO-GO', public: true } },
    });
    await sandbox.idle();
    expect(receiver.received).toHaveLength(0);
  });

  it('evaluates API updates too, in the background: a trigger for agent comments fires for the API user', async () => {
    const webhook = await call('POST', '/api/v2/webhooks', {
      webhook: {
        name: 'audit',
        endpoint: receiver.url,
        http_method: 'POST',
        request_format: 'json',
        subscriptions: ['conditional_ticket_events'],
      },
    });
    await call('POST', '/api/v2/triggers.json', {
      trigger: {
        title: 'internal notes',
        conditions: {
          all: [
            { field: 'comment_is_public', operator: 'is', value: 'false' },
            { field: 'role', operator: 'is', value: 'agent' },
          ],
        },
        actions: [
          {
            field: 'notification_webhook',
            value: [webhook.body.webhook.id, '{"id":"{{ticket.id}}","by":"{{current_user.email}}"}'],
          },
        ],
      },
    });
    await call('PUT', '/api/v2/tickets/10232.json', { ticket: { comment: { body: 'note', public: false } } });
    await sandbox.idle();
    expect(receiver.received.map((request) => JSON.parse(request.body.toString('utf8')))).toEqual([
      { id: '10232', by: 'upgrade-windows@acme-cloud.example' },
    ]);
  });

  it('refuses a reply without an author, and a trigger naming an unknown webhook', async () => {
    expect((await call('POST', '/_sandbox/tickets/10231/replies', { body: 'go', channel: 'email' }, {})).status).toBe(
      400,
    );
    const trigger = await call('POST', '/api/v2/triggers.json', {
      trigger: {
        title: 't',
        conditions: { all: [] },
        actions: [{ field: 'notification_webhook', value: ['01NOPE', '{}'] }],
      },
    });
    expect(trigger.status).toBe(422);
  });

  it('lists the stored triggers with their conditions and actions', async () => {
    const { webhookId } = await installTrigger();
    const listed = await call('GET', '/api/v2/triggers.json');
    expect(listed.body.triggers).toHaveLength(1);
    expect(listed.body.triggers[0].actions[0].value[0]).toBe(webhookId);
    expect(listed.body.triggers[0].conditions.any).toHaveLength(3);
  });
});

describe('faults and the ledger', () => {
  it('answers an injected 429 with Retry-After, then behaves normally', async () => {
    const fault = await call(
      'POST',
      '/_sandbox/faults',
      { method: 'GET', path: '/api/v2/tickets/*', status: 429, retryAfter: 7, times: 1 },
      {},
    );
    expect(fault.status).toBe(201);
    const limited = await call('GET', '/api/v2/tickets/10231.json');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call('GET', '/api/v2/tickets/10231.json')).status).toBe(200);
  });

  it('answers an injected 500 the given number of times without performing the write', async () => {
    await call(
      'POST',
      '/_sandbox/faults',
      { method: 'PUT', path: '/api/v2/tickets/10231.json', status: 500, times: 2 },
      {},
    );
    const body = { ticket: { comment: { body: 'Window booked' } } };
    expect((await call('PUT', '/api/v2/tickets/10231', body)).status).toBe(500);
    expect((await call('PUT', '/api/v2/tickets/10231.json', body)).status).toBe(500);
    expect((await call('PUT', '/api/v2/tickets/10231.json', body)).status).toBe(200);
    expect(sandbox.state.tickets[0]!.comments.filter((comment) => comment.body === 'Window booked')).toHaveLength(1);
  });

  it('performs an applyThenFail write and still answers the error, and the ledger shows both', async () => {
    await call(
      'POST',
      '/_sandbox/faults',
      { method: 'PUT', path: '/api/v2/tickets/*', status: 502, applyThenFail: true, times: 1 },
      {},
    );
    const answer = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body: 'Ambiguous' } } });
    expect(answer.status).toBe(502);
    const stored = sandbox.state.tickets[0]!.comments.find((comment) => comment.body === 'Ambiguous');
    expect(stored).toBeDefined();
    const ledger = (await call('GET', '/_sandbox/ledger', undefined, {})).body.requests;
    const entry = ledger[ledger.length - 1];
    expect(entry).toMatchObject({
      method: 'PUT',
      path: '/api/v2/tickets/10231.json',
      status: 502,
      applied: true,
      commentIds: [stored!.id],
      fault: { status: 502, applyThenFail: true },
    });
  });

  it('delays a request by delayMs before answering', async () => {
    await call('POST', '/_sandbox/faults', { method: 'GET', path: '/api/v2/users/*', delayMs: 1500, times: 1 }, {});
    const answer = await call('GET', `/api/v2/users/${sandbox.apiUserId}.json`);
    expect(answer.status).toBe(200);
    expect(sleeps).toEqual([1500]);
  });

  it('drops the connection for an injected status 0', async () => {
    await call('POST', '/_sandbox/faults', { method: 'GET', path: '/api/v2/tickets.json', status: 0, times: 1 }, {});
    await expect(fetch(`${served.url}/api/v2/tickets.json`, { headers: API_AUTH })).rejects.toThrow('fetch failed');
  });

  it('refuses a malformed fault, naming the problem', async () => {
    const answer = await call('POST', '/_sandbox/faults', { method: 'GET', path: 'tickets', status: 500 }, {});
    expect(answer.status).toBe(400);
    expect(answer.body.description).toBe('path must start with "/"');
  });

  it('records every request with its status, fault, comments and webhook invocations', async () => {
    const { fieldId } = await installTrigger();
    await markScheduled(fieldId);
    const reply = await call(
      'POST',
      '/_sandbox/tickets/10231/replies',
      { email: requesterOf(10231).email, body: 'go', channel: 'email' },
      {},
    );
    const ledger = (await call('GET', '/_sandbox/ledger', undefined, {})).body.requests as LedgerEntry[];
    expect(ledger.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'POST /api/v2/ticket_fields.json 201',
      'POST /api/v2/webhooks 201',
      'POST /api/v2/triggers.json 201',
      expect.stringMatching(/^GET \/api\/v2\/webhooks\/\w+\/signing_secret 200$/),
      'PUT /api/v2/tickets/10231.json 200',
      'POST /_sandbox/tickets/10231/replies 201',
    ]);
    const last = ledger[ledger.length - 1]!;
    expect(last.commentIds).toEqual([reply.body.comment.id]);
    expect(last.invocations).toHaveLength(1);
    expect(last.invocations[0]).toMatchObject({ delivered: true, attempts: [{ status: 200 }] });
  });
});
