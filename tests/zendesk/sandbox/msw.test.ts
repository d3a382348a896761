import { setupServer } from 'msw/node';
import { createSandbox, type Sandbox } from '../../../src/zendesk/sandbox/index.js';
import { sandboxHandlers } from '../../support/sandbox-msw.js';
import { verifyWebhookSignature } from '../../../src/zendesk/signing.js';
import { API_AUTH, startReceiver, steppingClock } from '../helpers.js';

const BASE = 'https://acme-cloud.zendesk.com';
// The sandbox POSTs webhooks with the global fetch, which msw patches: requests msw has no handler for must pass
// through to the real receiver.
const server = setupServer();
let sandbox: Sandbox;

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());
beforeEach(() => {
  sandbox = createSandbox({ now: steppingClock('2026-11-20T15:00:00Z'), sleep: async () => undefined });
  server.resetHandlers(...sandboxHandlers(sandbox, BASE));
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = API_AUTH) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('the sandbox through msw', () => {
  it("answers Zendesk's paths with the msw base URL in its urls", async () => {
    const answer = await call('GET', '/api/v2/tickets/10231.json');
    expect(answer.status).toBe(200);
    expect((answer.body.ticket as { url: string }).url).toBe(`${BASE}/api/v2/tickets/10231.json`);
  });

  it('answers 401 without credentials', async () => {
    const answer = await call('GET', '/api/v2/users/1.json', undefined, {});
    expect([answer.status, answer.body]).toEqual([401, { error: "Couldn't authenticate you" }]);
  });

  it('answers an injected 429 with its Retry-After header', async () => {
    await call(
      'POST',
      '/_sandbox/faults',
      { method: 'GET', path: '/api/v2/tickets.json', status: 429, retryAfter: 3, times: 1 },
      {},
    );
    const answer = await call('GET', '/api/v2/tickets.json');
    expect([answer.status, answer.headers.get('retry-after')]).toEqual([429, '3']);
  });

  it('turns an injected status 0 into a network error', async () => {
    await call('POST', '/_sandbox/faults', { method: 'GET', path: '/api/v2/tickets.json', status: 0, times: 1 }, {});
    await expect(fetch(`${BASE}/api/v2/tickets.json`, { headers: API_AUTH })).rejects.toThrow('Failed to fetch');
  });

  it('delivers a signed webhook to a real local receiver for a reply', async () => {
    const receiver = await startReceiver();
    try {
      const webhook = await call('POST', '/api/v2/webhooks', {
        webhook: {
          name: 'uw',
          endpoint: receiver.url,
          http_method: 'POST',
          request_format: 'json',
          subscriptions: ['conditional_ticket_events'],
        },
      });
      const webhookId = (webhook.body.webhook as { id: string }).id;
      await call('POST', '/api/v2/triggers.json', {
        trigger: {
          title: 'replies',
          conditions: { all: [{ field: 'role', operator: 'is', value: 'end_user' }] },
          actions: [{ field: 'notification_webhook', value: [webhookId, '{"ticket_id": "{{ticket.id}}"}'] }],
        },
      });
      const secret = (
        (await call('GET', `/api/v2/webhooks/${webhookId}/signing_secret`)).body.signing_secret as { secret: string }
      ).secret;
      const requester = sandbox.state.users.find((user) => user.id === sandbox.state.tickets[1]!.requester_id)!;
      await call(
        'POST',
        '/_sandbox/tickets/10232/replies',
        { email: requester.email, htmlBody: '<p>Allez-y</p>', channel: 'web' },
        {},
      );
      expect(receiver.received).toHaveLength(1);
      const { headers, body } = receiver.received[0]!;
      expect(body.toString('utf8')).toBe('{"ticket_id": "10232"}');
      const timestamp = headers['x-zendesk-webhook-signature-timestamp'] as string;
      const signature = headers['x-zendesk-webhook-signature'] as string;
      expect(
        verifyWebhookSignature({ body, signature, timestamp, secrets: [secret], now: Date.parse(timestamp) }),
      ).toEqual({ ok: true });
      const comments = (await call('GET', '/api/v2/tickets/10232/comments.json')).body.comments as {
        plain_body: string;
        via: { channel: string };
      }[];
      expect(comments[comments.length - 1]).toMatchObject({ plain_body: 'Allez-y', via: { channel: 'web' } });
    } finally {
      await receiver.close();
    }
  });
});
