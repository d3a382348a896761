import { setupServer } from 'msw/node';
import {
  createZendeskClient,
  HTTPError,
  NetworkError,
  parseRetryAfterMs,
  TimeoutError,
  type ZendeskClientOptions,
} from '../../../src/zendesk/client/index.js';
import { createSandbox, type Sandbox } from '../../../src/zendesk/sandbox/index.js';
import { sandboxHandlers } from '../../support/sandbox-msw.js';
import { steppingClock } from '../helpers.js';

const BASE = 'https://acme-cloud.zendesk.com';
const server = setupServer();
let sandbox: Sandbox;
let sleeps: number[];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sleeps = [];
  sandbox = createSandbox({ now: steppingClock('2026-11-20T15:00:00Z'), sleep: async () => undefined });
  server.resetHandlers(...sandboxHandlers(sandbox, BASE));
});

function client(options: Partial<ZendeskClientOptions> = {}) {
  return createZendeskClient({
    baseUrl: BASE,
    auth: { email: 'ops@acme-cloud.example', apiToken: 'secret-token-123' },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

async function addFault(fault: Record<string, unknown>) {
  const answer = await sandbox.handle({
    method: 'POST',
    path: '/_sandbox/faults',
    headers: {},
    body: Buffer.from(JSON.stringify(fault)),
  });
  expect(answer.status).toBe(201);
}

function attempts(method: string, pathPrefix: string): number {
  return sandbox.ledger().filter((entry) => entry.method === method && entry.path.startsWith(pathPrefix)).length;
}

describe('createZendeskClient', () => {
  it('sends Basic {email}/token:{apiToken} credentials', async () => {
    const seen: string[] = [];
    const zendesk = client({
      fetch: async (input, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? '');
        return fetch(input, init);
      },
    });
    await zendesk.getTicket(10231);
    expect(seen).toEqual([`Basic ${Buffer.from('ops@acme-cloud.example/token:secret-token-123').toString('base64')}`]);
  });

  it('sends an OAuth token as a Bearer header', async () => {
    const seen: string[] = [];
    const zendesk = client({
      auth: { oauthToken: 'oauth-abc' },
      fetch: async (input, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? '');
        return fetch(input, init);
      },
    });
    await zendesk.getTicket(10231);
    expect(seen).toEqual(['Bearer oauth-abc']);
  });

  it('refuses invalid arguments with a message naming them', async () => {
    expect(() => client({ baseUrl: 'acme' })).toThrow('createZendeskClient: baseUrl is not a URL: "acme"');
    expect(() => client({ auth: { email: 'a@b.c', apiToken: '' } })).toThrow(
      'createZendeskClient: auth needs both email and apiToken',
    );
    expect(() => client({ timeoutMs: 0 })).toThrow('createZendeskClient: timeoutMs must be a positive number');
    await expect(client().getTicket(-1)).rejects.toThrow('Zendesk client: id must be a positive integer, got -1');
  });

  it("returns Zendesk's objects: ticket, user with its zones, organization", async () => {
    const zendesk = client();
    const ticket = await zendesk.getTicket(10235);
    expect(ticket.subject).toBe('Globex: upgrade of the EU and US instances');
    const user = await zendesk.getUser(ticket.requester_id);
    expect([user.locale, user.iana_time_zone, user.time_zone]).toEqual([
      'en-US',
      'America/Denver',
      'Mountain Time (US & Canada)',
    ]);
    const organization = await zendesk.getOrganization(user.organization_id!);
    expect(organization.name).toBe('Globex Corporation');
  });

  it('lists every organization a user is a member of, the default one and the others', async () => {
    const zendesk = client();
    const dana = sandbox.state.users.find((user) => user.email === 'dana.whitfield@initech.example')!;
    const names = (await zendesk.listUserOrganizationIds(dana.id)).map(
      (id) => sandbox.state.organizations.find((organization) => organization.id === id)!.name,
    );
    expect(names.sort()).toEqual(['Globex Corporation', 'Initech']);
  });

  it('reads every comment through cursor pages of 100, oldest first, and only those after sinceId', async () => {
    const zendesk = client();
    for (let index = 1; index <= 150; index += 1) {
      await zendesk.updateTicket(10231, { comment: { body: `update ${index}`, public: false } });
      // Spread over time, as Zendesk allows 30 updates of one ticket per 10 minutes.
      await sandbox.handle({
        method: 'POST',
        path: '/_sandbox/clock',
        headers: {},
        body: Buffer.from(JSON.stringify({ advanceMs: 20_000 })),
      });
    }
    const comments = await zendesk.listComments(10231);
    expect(comments).toHaveLength(151);
    expect(comments[1]!.plain_body).toBe('update 1');
    expect(comments[150]!.plain_body).toBe('update 150');
    expect(attempts('GET', '/api/v2/tickets/10231/comments.json')).toBe(2);
    const since = await zendesk.listComments(10231, { sinceId: comments[148]!.id });
    expect(since.map((comment) => comment.plain_body)).toEqual(['update 149', 'update 150']);
  });

  it('uploads a file and attaches it by token', async () => {
    const zendesk = client();
    const token = await zendesk.uploadFile('invite.ics', 'text/calendar', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    const { audit } = await zendesk.updateTicket(10231, { comment: { html_body: '<p>Booked</p>', uploads: [token] } });
    expect(audit.events[0]).toMatchObject({
      type: 'Comment',
      attachments: [{ file_name: 'invite.ics', content_type: 'text/calendar' }],
    });
  });

  it('creates and lists ticket fields, webhooks and triggers, and reads a signing secret', async () => {
    const zendesk = client();
    const field = await zendesk.createTicketField({
      type: 'tagger',
      title: 'Upgrade decision',
      custom_field_options: [
        { name: 'Go', value: 'uw_go' },
        { name: 'No-Go', value: 'uw_no_go' },
      ],
    });
    expect((await zendesk.listTicketFields()).map((candidate) => candidate.id)).toContain(field.id);
    const webhook = await zendesk.createWebhook({
      name: 'Upgrade Windows',
      endpoint: 'https://upgrades.acme.example/webhooks/zendesk',
      http_method: 'POST',
      request_format: 'json',
      subscriptions: ['conditional_ticket_events'],
    });
    expect((await zendesk.listWebhooks()).map((candidate) => candidate.id)).toEqual([webhook.id]);
    expect(await zendesk.getWebhookSigningSecret(webhook.id)).toEqual({
      secret: sandbox.state.webhooks[0]!.secret,
      algorithm: 'sha256',
    });
    const trigger = await zendesk.createTrigger({
      title: 'Upgrade Windows: customer replied',
      conditions: { all: [{ field: 'comment_is_public', operator: 'is', value: 'true' }] },
      actions: [{ field: 'notification_webhook', value: [webhook.id, '{"ticket_id": "{{ticket.id}}"}'] }],
    });
    expect((await zendesk.listTriggers()).map((candidate) => candidate.title)).toEqual([trigger.title]);
  });

  it('throws HTTPError 409 with the UpdateConflict body for a stale safe_update', async () => {
    const zendesk = client();
    const ticket = await zendesk.getTicket(10231);
    await zendesk.updateTicket(10231, { tags: ['agent-edit'] });
    const error = await zendesk
      .updateTicket(10231, { comment: { body: 'x' }, safe_update: true, updated_stamp: ticket.updated_at })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(409);
    expect((error as HTTPError).body).toMatchObject({ error: 'UpdateConflict' });
  });
});

describe('per-ticket pacing restored after a restart', () => {
  const NOW = Date.parse('2026-11-20T15:00:00Z');
  const MINUTE = 60_000;

  it("counts a predecessor's updates of the last 10 minutes, and only those", () => {
    const zendesk = client({ now: () => NOW });
    expect(zendesk.ticketUpdateWindowMs).toBe(10 * MINUTE);
    zendesk.restoreTicketUpdates([
      { ticketId: 7, at: NOW - 9 * MINUTE, count: 20 },
      { ticketId: 7, at: NOW - 2 * MINUTE, count: 10 },
      // Out of the window: counts for nothing.
      { ticketId: 8, at: NOW - 10 * MINUTE, count: 30 },
    ]);
    // 30 in the window: the next update waits for the oldest to leave it.
    expect(zendesk.updateSlot(7)).toBe(NOW + MINUTE);
    expect(zendesk.updateSlot(8)).toBe(NOW);
    expect(zendesk.updateSlot(9)).toBe(NOW);
  });

  it('keeps only the newest 30 instants of a ticket, and counts an instant after now as now', () => {
    const zendesk = client({ now: () => NOW });
    zendesk.restoreTicketUpdates([
      { ticketId: 7, at: NOW - 5 * MINUTE, count: 1_000_000 },
      { ticketId: 9, at: NOW + 5 * MINUTE, count: 30 },
    ]);
    expect(zendesk.updateSlot(7)).toBe(NOW + 5 * MINUTE);
    expect(zendesk.updateSlot(9)).toBe(NOW + 10 * MINUTE);
  });
});

describe('retries', () => {
  it('retries a GET after 5xx with full-jitter backoff, up to the budget, then throws HTTPError', async () => {
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 503, times: 10 });
    const error = await client({ retries: 3 })
      .getTicket(10231)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HTTPError);
    expect((error as HTTPError).status).toBe(503);
    expect(attempts('GET', '/api/v2/tickets/10231.json')).toBe(4);
    // random 0.5 × min(5000, 250 × 2^n)
    expect(sleeps).toEqual([125, 250, 500]);
  });

  it('succeeds when a GET recovers within the budget, and counts every attempt as a request sent', async () => {
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 500, times: 2 });
    const zendesk = client({ retries: 3 });
    const ticket = await zendesk.getTicket(10231);
    expect(ticket.id).toBe(10231);
    expect(attempts('GET', '/api/v2/tickets/10231.json')).toBe(3);
    expect(zendesk.requestsSent).toBe(3);
  });

  it('waits Retry-After on 429 without spending the retry budget', async () => {
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 429, retryAfter: 7, times: 4 });
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 500, times: 1 });
    const ticket = await client({ retries: 1 }).getTicket(10231);
    expect(ticket.id).toBe(10231);
    expect(sleeps).toEqual([7000, 7000, 7000, 7000, 125]);
  });

  it('waits the Retry-After of a 503 instead of the backoff, spending the budget', async () => {
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 503, retryAfter: 2, times: 2 });
    const error = (await client({ retries: 1 })
      .getTicket(10231)
      .catch((caught: unknown) => caught)) as HTTPError;
    expect(error.status).toBe(503);
    expect(sleeps).toEqual([2000]);
  });

  it('gives up on 429 when Retry-After exceeds the longest wait it accepts, reporting the wait', async () => {
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 429, retryAfter: 120, times: 1 });
    const error = (await client()
      .getTicket(10231)
      .catch((caught: unknown) => caught)) as HTTPError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(120_000);
    expect(sleeps).toEqual([]);
  });

  it('never retries a PUT: a 500 is thrown at once', async () => {
    await addFault({ method: 'PUT', path: '/api/v2/tickets/10231.json', status: 500, times: 1 });
    const error = await client()
      .updateTicket(10231, { comment: { body: 'Booked' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HTTPError);
    expect(attempts('PUT', '/api/v2/tickets/10231.json')).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('never retries a PUT on 429 either, and hands the caller the Retry-After', async () => {
    await addFault({ method: 'PUT', path: '/api/v2/tickets/*', status: 429, retryAfter: 30, times: 1 });
    const error = (await client()
      .updateTicket(10231, { comment: { body: 'Booked' } })
      .catch((caught: unknown) => caught)) as HTTPError;
    expect([error.status, error.retryAfterMs]).toEqual([429, 30_000]);
    expect(attempts('PUT', '/api/v2/tickets/10231.json')).toBe(1);
  });

  it('never retries a POST', async () => {
    await addFault({ method: 'POST', path: '/api/v2/uploads.json', status: 502, times: 1 });
    await expect(client().uploadFile('invite.ics', 'text/calendar', 'x')).rejects.toBeInstanceOf(HTTPError);
    expect(attempts('POST', '/api/v2/uploads.json')).toBe(1);
  });

  it('reports an applied-then-failed PUT as an error, and the comment is there when read back', async () => {
    await addFault({ method: 'PUT', path: '/api/v2/tickets/10231.json', status: 500, applyThenFail: true, times: 1 });
    const zendesk = client();
    await expect(zendesk.updateTicket(10231, { comment: { body: 'Ambiguous' } })).rejects.toBeInstanceOf(HTTPError);
    const comments = await zendesk.listComments(10231);
    expect(comments.filter((comment) => comment.plain_body === 'Ambiguous')).toHaveLength(1);
  });

  it('does not retry a 404, and its message says what failed without credentials', async () => {
    const error = (await client()
      .getTicket(99999)
      .catch((caught: unknown) => caught)) as HTTPError;
    expect(error.message).toBe(
      `Zendesk GET ${BASE}/api/v2/tickets/99999.json failed with status 404: RecordNotFound (Not found)`,
    );
    expect(error.message).not.toContain('secret-token-123');
    expect([error.status, error.method, error.url]).toEqual([404, 'GET', `${BASE}/api/v2/tickets/99999.json`]);
    expect(attempts('GET', '/api/v2/tickets/99999.json')).toBe(1);
  });

  it('throws NetworkError with its cause when the connection drops, and retries it for a GET', async () => {
    await addFault({ method: 'PUT', path: '/api/v2/tickets/10231.json', status: 0, times: 1 });
    const error = (await client()
      .updateTicket(10231, { tags: ['x'] })
      .catch((caught: unknown) => caught)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(
      /^Zendesk PUT https:\/\/acme-cloud\.zendesk\.com\/api\/v2\/tickets\/10231\.json failed before any answer/,
    );
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', status: 0, times: 1 });
    expect((await client().getTicket(10231)).id).toBe(10231);
    expect(sleeps).toEqual([125]);
  });
});

describe('time-outs', () => {
  beforeEach(() => {
    // Real delays here: the client's abort has to race a response that really is late.
    sandbox = createSandbox({ now: steppingClock('2026-11-20T15:00:00Z') });
    server.resetHandlers(...sandboxHandlers(sandbox, BASE));
  });

  it('throws TimeoutError for a PUT that answers too late, without retrying it', async () => {
    await addFault({ method: 'PUT', path: '/api/v2/tickets/10231.json', delayMs: 300, times: 1 });
    const error = (await client({ timeoutMs: 30 })
      .updateTicket(10231, { tags: ['late'] })
      .catch((caught: unknown) => caught)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(`Zendesk PUT ${BASE}/api/v2/tickets/10231.json timed out after 30 ms`);
    expect(error.timeoutMs).toBe(30);
    expect(attempts('PUT', '/api/v2/tickets/10231.json')).toBe(1);
  });

  it('retries a GET that timed out', async () => {
    await addFault({ method: 'GET', path: '/api/v2/tickets/10231.json', delayMs: 300, times: 1 });
    const ticket = await client({ timeoutMs: 30 }).getTicket(10231);
    expect(ticket.id).toBe(10231);
    expect(sleeps).toEqual([125]);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-20T15:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date relative to now, a past date meaning now', () => {
    expect(parseRetryAfterMs('Fri, 20 Nov 2026 15:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Fri, 20 Nov 2026 14:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable value', () => {
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs('-3', now)).toBeNull();
  });
});
