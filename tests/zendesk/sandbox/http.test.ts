import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSandbox,
  loadSandboxState,
  serveSandbox,
  type Sandbox,
  type ServedSandbox,
} from '../../../src/zendesk/sandbox/index.js';
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from '../../../src/zendesk/types.js';
import { API_AUTH, steppingClock } from '../helpers.js';

let sandbox: Sandbox;
let served: ServedSandbox;

beforeEach(async () => {
  // Without the seeded fields that use plain tags: these tests list fields and tickets' custom_fields exactly.
  sandbox = createSandbox({
    now: steppingClock('2026-11-20T15:00:00Z'),
    sleep: async () => undefined,
    collidingFields: false,
  });
  served = await serveSandbox(sandbox, { port: 0 });
});

afterEach(async () => {
  await served.close();
});

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

function firstTicket(): ZendeskTicket {
  return sandbox.state.tickets[0] as unknown as ZendeskTicket;
}

describe('the sandbox over HTTP', () => {
  it('binds 127.0.0.1 on a free port', () => {
    expect(served.url).toBe(`http://127.0.0.1:${served.port}`);
    expect(served.port).toBeGreaterThan(0);
  });

  it("refuses API requests without credentials with Zendesk's 401 body", async () => {
    const answer = await call('GET', '/api/v2/tickets.json', undefined, {});
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: "Couldn't authenticate you" });
  });

  it('accepts Bearer credentials as well as Basic ones', async () => {
    const answer = await call('GET', '/api/v2/tickets.json', undefined, { authorization: 'Bearer any-oauth-token' });
    expect(answer.status).toBe(200);
  });

  it('lists the five seeded open tickets with absolute urls, with or without the .json suffix', async () => {
    const withSuffix = await call('GET', '/api/v2/tickets.json');
    const without = await call('GET', '/api/v2/tickets');
    expect(withSuffix.body.count).toBe(5);
    expect(without.body.tickets).toEqual(withSuffix.body.tickets);
    const ticket = withSuffix.body.tickets[0] as ZendeskTicket;
    expect(ticket.id).toBe(10231);
    expect(ticket.url).toBe(`${served.url}/api/v2/tickets/10231.json`);
    expect(ticket.status).toBe('open');
    expect(ticket.subject).toBe('Upgrade request: production to 8.4');
  });

  it('answers 405 to a method a known path does not take, and 404 to an unknown path', async () => {
    expect((await call('DELETE', '/api/v2/tickets/10231.json')).status).toBe(405);
    expect((await call('GET', '/api/v2/macros.json')).body).toEqual({
      error: 'InvalidEndpoint',
      description: 'Not found',
    });
  });

  it('answers 404 RecordNotFound for an unknown ticket', async () => {
    const answer = await call('GET', '/api/v2/tickets/99999.json');
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: 'RecordNotFound', description: 'Not found' });
  });

  it('serves users with their Rails zone name, IANA zone and locale, and their organization', async () => {
    const requesters = await Promise.all(
      sandbox.state.tickets.map(
        async (ticket) => (await call('GET', `/api/v2/users/${ticket.requester_id}.json`)).body.user,
      ),
    );
    expect(
      requesters.map((user: ZendeskUser) => [user.locale, user.time_zone, user.iana_time_zone, user.role]),
    ).toEqual([
      ['en-US', 'Eastern Time (US & Canada)', 'America/New_York', 'end-user'],
      ['fr-CA', 'America/Montreal', 'America/Montreal', 'end-user'],
      ['fr', 'Paris', 'Europe/Paris', 'end-user'],
      ['en-GB', 'London', 'Europe/London', 'end-user'],
      ['en-US', 'Mountain Time (US & Canada)', 'America/Denver', 'end-user'],
    ]);
    const organizationId = requesters[4].organization_id as number;
    const organization = await call('GET', `/api/v2/organizations/${organizationId}.json`);
    expect(organization.body.organization.name).toBe('Globex Corporation');
    const members = sandbox.state.users.filter((user) => user.organization_id === organizationId);
    expect(members.map((user) => user.role)).toEqual(['end-user', 'end-user']);
  });

  it('seeds the admin integration user that API writes act as, and an agent', async () => {
    const admin = await call('GET', `/api/v2/users/${sandbox.apiUserId}.json`);
    expect(admin.body.user).toMatchObject({ name: 'Upgrade Windows', role: 'admin' });
    expect(sandbox.state.users.filter((user) => user.role === 'agent').map((user) => user.name)).toEqual([
      'Sam Rivera',
    ]);
  });

  it('stores an API comment with its custom fields in one audit, as an internal note when public is false', async () => {
    const field = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: { type: 'text', title: 'Upgrade delivery marker' },
    });
    const fieldId = field.body.ticket_field.id as number;
    const answer = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: {
        comment: { body: 'Booked for Tuesday.', public: false },
        custom_fields: [{ id: fieldId, value: 'outbox-1' }],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.ticket.custom_fields).toEqual([{ id: fieldId, value: 'outbox-1' }]);
    expect(answer.body.audit.events.map((event: { type: string }) => event.type)).toEqual(['Comment', 'Change']);
    const comments = (await call('GET', '/api/v2/tickets/10231/comments.json')).body.comments as ZendeskComment[];
    const note = comments[comments.length - 1]!;
    expect(note).toMatchObject({
      public: false,
      author_id: sandbox.apiUserId,
      body: 'Booked for Tuesday.',
      plain_body: 'Booked for Tuesday.',
      html_body: '<div class="zd-comment" dir="auto"><p>Booked for Tuesday.</p></div>',
      via: { channel: 'api' },
    });
    expect(answer.body.audit.events[0].id).toBe(note.id);
  });

  it('derives the plain body of an html_body comment', async () => {
    await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { comment: { html_body: '<p>Window <b>booked</b></p><p>See you &amp; thanks</p>' } },
    });
    const comments = (await call('GET', '/api/v2/tickets/10231/comments.json')).body.comments as ZendeskComment[];
    expect(comments[comments.length - 1]!.plain_body).toBe('Window booked\n\nSee you & thanks');
  });

  it('answers 409 UpdateConflict to a safe_update with a stale stamp, and applies one with the current stamp', async () => {
    const stamp = firstTicket().updated_at;
    const first = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { tags: ['vip'], safe_update: true, updated_stamp: stamp },
    });
    expect(first.status).toBe(200);
    expect(first.body.ticket.updated_at).not.toBe(stamp);
    const stale = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { comment: { body: 'late' }, safe_update: true, updated_stamp: stamp },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      error: 'UpdateConflict',
      description:
        'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
    });
    expect(sandbox.state.tickets[0]!.comments.map((comment) => comment.body)).not.toContain('late');
  });

  it('answers 422 RecordInvalid to an update of a closed ticket', async () => {
    await call('PUT', '/api/v2/tickets/10232.json', { ticket: { status: 'closed' } });
    const answer = await call('PUT', '/api/v2/tickets/10232.json', { ticket: { comment: { body: 'Too late' } } });
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({
      error: 'RecordInvalid',
      description: 'Record validation errors',
      details: { status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedPrevention' }] },
    });
  });

  it('pages comments with a cursor: page[size], meta.has_more, links.next', async () => {
    for (const body of ['one', 'two', 'three'])
      await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body } } });
    const first = await call('GET', '/api/v2/tickets/10231/comments.json?page[size]=2');
    expect(first.body.comments.map((comment: ZendeskComment) => comment.plain_body)).toEqual([
      'Hello, we would like our production environment upgraded to release 8.4. Our busiest hours are 9-17 Eastern.',
      'one',
    ]);
    expect(first.body.meta.has_more).toBe(true);
    const next = new URL(first.body.links.next as string);
    expect(next.origin).toBe(served.url);
    const second = await call('GET', next.pathname + next.search);
    expect(second.body.comments.map((comment: ZendeskComment) => comment.plain_body)).toEqual(['two', 'three']);
    expect(second.body.meta).toMatchObject({ has_more: false, after_cursor: null });
    expect(second.body.links.next).toBeNull();
  });

  it('attaches an upload to a comment and serves its bytes', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
    const upload = await fetch(`${served.url}/api/v2/uploads.json?filename=invite.ics`, {
      method: 'POST',
      headers: { ...API_AUTH, 'content-type': 'text/calendar' },
      body: ics,
    });
    expect(upload.status).toBe(201);
    const { upload: created } = (await upload.json()) as {
      upload: { token: string; attachment: { file_name: string; size: number } };
    };
    expect(created.attachment).toMatchObject({
      file_name: 'invite.ics',
      size: ics.length,
      content_type: 'text/calendar',
    });
    await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { comment: { body: 'Invite attached', uploads: [created.token] } },
    });
    const comments = (await call('GET', '/api/v2/tickets/10231/comments.json')).body.comments as ZendeskComment[];
    const attachment = comments[comments.length - 1]!.attachments[0]!;
    expect(attachment.file_name).toBe('invite.ics');
    expect(await (await fetch(attachment.content_url)).text()).toBe(ics);
  });

  it('refuses a comment that names an unknown upload token', async () => {
    const answer = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { comment: { body: 'x', uploads: ['nope'] } },
    });
    expect(answer.status).toBe(422);
  });

  it('creates ticket fields of each type and refuses a dropdown tag already in use', async () => {
    const dropdown = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: {
        type: 'tagger',
        title: 'Upgrade decision',
        custom_field_options: [
          { name: 'Go', value: 'upgrade_decision_go' },
          { name: 'No-Go', value: 'upgrade_decision_no_go' },
        ],
      },
    });
    expect(dropdown.status).toBe(201);
    expect(dropdown.body.ticket_field.custom_field_options.map((option: { value: string }) => option.value)).toEqual([
      'upgrade_decision_go',
      'upgrade_decision_no_go',
    ]);
    for (const type of ['text', 'date', 'checkbox']) {
      expect(
        (await call('POST', '/api/v2/ticket_fields', { ticket_field: { type, title: `Field ${type}` } })).status,
      ).toBe(201);
    }
    const duplicate = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: {
        type: 'tagger',
        title: 'Other',
        custom_field_options: [{ name: 'Go', value: 'upgrade_decision_go' }],
      },
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body.error).toBe('RecordInvalid');
    const listed = await call('GET', '/api/v2/ticket_fields.json');
    expect(listed.body.ticket_fields.map((field: { title: string }) => field.title)).toEqual([
      'Subject',
      'Description',
      'Status',
      'Priority',
      'Assignee',
      'Upgrade decision',
      'Field text',
      'Field date',
      'Field checkbox',
    ]);
  });

  it('checks custom field values against their type, ignores unknown dropdown values, and tags the option', async () => {
    const dropdown = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: {
        type: 'tagger',
        title: 'Upgrade status',
        custom_field_options: [{ name: 'Scheduled', value: 'uw_scheduled' }],
      },
    });
    const date = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: { type: 'date', title: 'Upgrade window date' },
    });
    const wrong = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { custom_fields: [{ id: dropdown.body.ticket_field.id, value: 'uw_unknown' }] },
    });
    // An unknown dropdown value is dropped silently, as Zendesk drops it: 200, and the field keeps its value.
    expect(wrong.status).toBe(200);
    expect(wrong.body.ticket.tags).toEqual([]);
    expect(wrong.body.ticket.custom_fields).toContainEqual({ id: dropdown.body.ticket_field.id, value: null });
    const badDate = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: { custom_fields: [{ id: date.body.ticket_field.id, value: '01/12/2026' }] },
    });
    expect(badDate.status).toBe(422);
    const right = await call('PUT', '/api/v2/tickets/10231.json', {
      ticket: {
        custom_fields: [
          { id: dropdown.body.ticket_field.id, value: 'uw_scheduled' },
          { id: date.body.ticket_field.id, value: '2026-12-01' },
        ],
      },
    });
    expect(right.body.ticket.tags).toEqual(['uw_scheduled']);
    expect(right.body.ticket.custom_fields).toEqual([
      { id: dropdown.body.ticket_field.id, value: 'uw_scheduled' },
      { id: date.body.ticket_field.id, value: '2026-12-01' },
    ]);
  });

  it('creates and lists webhooks and reveals the signing secret only through its own route', async () => {
    const created = await call('POST', '/api/v2/webhooks', {
      webhook: {
        name: 'Upgrade Windows',
        status: 'active',
        endpoint: 'https://upgrades.acme.example/webhooks/zendesk',
        http_method: 'POST',
        request_format: 'json',
        subscriptions: ['conditional_ticket_events'],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.webhook.id as string;
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(JSON.stringify(created.body)).not.toContain(sandbox.state.webhooks[0]!.secret);
    const listed = await call('GET', '/api/v2/webhooks');
    expect(listed.body.webhooks.map((webhook: { id: string }) => webhook.id)).toEqual([id]);
    expect((await call('GET', `/api/v2/webhooks/${id}`)).body.webhook).toMatchObject({
      id,
      status: 'active',
      http_method: 'POST',
    });
    expect((await call('GET', '/api/v2/webhooks/01NOSUCHWEBHOOK')).status).toBe(404);
    const secret = await call('GET', `/api/v2/webhooks/${id}/signing_secret`);
    expect(secret.body).toEqual({ signing_secret: { secret: sandbox.state.webhooks[0]!.secret, algorithm: 'sha256' } });
  });

  it('pages webhooks with cursors only, as the Webhooks API does', async () => {
    const answer = await call('GET', '/api/v2/webhooks');
    expect(answer.body).toEqual({
      webhooks: [],
      meta: { has_more: false, after_cursor: null, before_cursor: null },
      links: { prev: null, next: null },
    });
  });

  it('refuses a webhook without an endpoint with the Webhooks API error shape', async () => {
    const answer = await call('POST', '/api/v2/webhooks', {
      webhook: { name: 'x', http_method: 'POST', request_format: 'json', subscriptions: ['conditional_ticket_events'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].source).toEqual({ pointer: '/webhook/endpoint' });
  });

  it('creates a ticket through /_sandbox/tickets, creating its requester once and finding it by email after', async () => {
    const input = {
      subject: 'Upgrade please',
      requester: {
        name: 'Ana Souza',
        email: 'Ana@Example.com',
        locale: 'fr-CA',
        timeZone: 'America/Toronto',
        organization: 'Souza Ltd',
      },
    };
    const first = await call('POST', '/_sandbox/tickets', input, {});
    expect(first.status).toBe(201);
    const second = await call('POST', '/_sandbox/tickets', { ...input, subject: 'Another' }, {});
    expect(second.body.ticket.requester_id).toBe(first.body.ticket.requester_id);
    const user = (await call('GET', `/api/v2/users/${first.body.ticket.requester_id}.json`)).body.user as ZendeskUser;
    expect(user).toMatchObject({ email: 'ana@example.com', locale: 'fr-CA', iana_time_zone: 'America/Toronto' });
    const organization = (await call('GET', `/api/v2/organizations/${user.organization_id}.json`)).body.organization;
    expect(organization.name).toBe('Souza Ltd');
    expect(first.body.ticket.organization_id).toBe(user.organization_id);
  });

  it('refuses a /_sandbox/tickets body without a requester email', async () => {
    const answer = await call('POST', '/_sandbox/tickets', { subject: 'x', requester: { name: 'x' } }, {});
    expect(answer.status).toBe(400);
    expect(answer.body.description).toBe('requester.email must be an email address');
  });

  it('resets to the seed data, dropping faults and the ledger', async () => {
    await call('POST', '/_sandbox/tickets', { subject: 'x', requester: { email: 'x@example.com' } }, {});
    await call('POST', '/_sandbox/faults', { method: 'GET', path: '/api/v2/tickets', status: 500, times: 5 }, {});
    await call('POST', '/_sandbox/reset', {}, {});
    expect((await call('GET', '/api/v2/tickets.json')).status).toBe(200);
    expect(sandbox.state.tickets).toHaveLength(5);
    expect(
      (await call('GET', '/_sandbox/ledger', undefined, {})).body.requests.map((entry: { path: string }) => entry.path),
    ).toEqual(['/api/v2/tickets.json']);
  });
});

describe('the sandbox state file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('saves the state on change and close, and a new sandbox restored from it serves the same tickets', async () => {
    const stateFile = join(directory, 'sandbox.json');
    const first = createSandbox({ now: steppingClock('2026-11-20T15:00:00Z') });
    const server = await serveSandbox(first, { port: 0, stateFile });
    const created = await fetch(`${server.url}/_sandbox/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Saved ticket', requester: { email: 'saved@example.com' } }),
    });
    const { ticket } = (await created.json()) as { ticket: ZendeskTicket };
    await server.close();

    expect(JSON.parse(await readFile(stateFile, 'utf8')).version).toBe(1);
    const second = createSandbox();
    expect(await loadSandboxState(second, stateFile)).toBe(true);
    const again = await serveSandbox(second, { port: 0 });
    try {
      const answer = await fetch(`${again.url}/api/v2/tickets/${ticket.id}.json`, { headers: API_AUTH });
      expect(((await answer.json()) as { ticket: ZendeskTicket }).ticket.subject).toBe('Saved ticket');
    } finally {
      await again.close();
    }
  });

  it('keeps the seed when there is no state file yet, and names a file that is not a snapshot', async () => {
    const sandbox = createSandbox();
    expect(await loadSandboxState(sandbox, join(directory, 'missing.json'))).toBe(false);
    expect(sandbox.state.tickets).toHaveLength(5);
    const broken = join(directory, 'broken.json');
    await writeFile(broken, '{"version": 2}');
    await expect(loadSandboxState(sandbox, broken)).rejects.toThrow(`${broken} is not a sandbox state file`);
  });

  it('refuses to restore something that is not a snapshot', () => {
    expect(() => createSandbox().restore('{"tickets": 3}')).toThrow('restore: not a sandbox snapshot');
  });
});
