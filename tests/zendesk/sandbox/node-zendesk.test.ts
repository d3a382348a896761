import { Readable } from 'node:stream';
import { createClient } from 'node-zendesk';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';

// Contract tests: node-zendesk (npm), a Zendesk client written against the real API by other people, drives the
// sandbox over HTTP. Where it and the sandbox disagree, the sandbox is wrong (docs/DECISIONS.md).

let sandbox: Sandbox;
let served: ServedSandbox;

beforeAll(async () => {
  sandbox = createSandbox();
  served = await serveSandbox(sandbox, { port: 0 });
});

afterAll(async () => {
  await served.close();
});

beforeEach(() => {
  sandbox.reset();
});

const zendesk = (options: { throttle?: boolean } = {}) =>
  createClient({
    username: 'admin@example.com',
    token: 'sandbox-token',
    endpointUri: `${served.url}/api/v2`,
    ...options,
  });

const globexTicketId = () => sandbox.state.tickets.find((ticket) => ticket.subject.startsWith('Globex'))!.id;
const userByEmail = (email: string) => sandbox.state.users.find((user) => user.email === email)!;

describe('node-zendesk against the sandbox', () => {
  it('shows a ticket, updates it with a comment and a custom field, and lists the comments', async () => {
    const client = zendesk();
    const ticketId = globexTicketId();
    const field = (await client.ticketfields.create({ ticket_field: { type: 'text', title: 'Contract text' } }))
      .result as { id: number };
    const shown = await client.tickets.show(ticketId);
    expect(shown.result).toMatchObject({ id: ticketId, status: expect.any(String) as unknown });

    const updated = await client.tickets.update(ticketId, {
      ticket: {
        comment: { body: 'Booked for Tuesday.', public: false },
        custom_fields: [{ id: field.id, value: 'uw-contract' }],
      },
    });
    expect(updated.result).toMatchObject({ id: ticketId });
    const comments = (await client.tickets.getComments(ticketId)) as { body: string; public: boolean }[];
    expect(comments.at(-1)).toMatchObject({ body: 'Booked for Tuesday.', public: false });
    const again = await client.tickets.show(ticketId);
    expect((again.result as { custom_fields: { id: number; value: unknown }[] }).custom_fields).toContainEqual({
      id: field.id,
      value: 'uw-contract',
    });
  });

  it('uploads an invite, attaches it to a comment by its token, and shows the attachment', async () => {
    const client = zendesk();
    const ticketId = globexTicketId();
    const invite = Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', 'utf8');
    // node-zendesk 6.0.1 types the file as a Buffer but sends only a stream (anything else it opens as a path).
    const file = Readable.from([invite]) as unknown as Buffer;
    const { upload } = (await client.attachments.upload(file, { filename: 'upgrade.ics', binary: true })) as {
      upload: { token: string; attachment: { id: number; file_name: string; size: number } };
    };
    expect(upload.token).toEqual(expect.any(String));
    expect(upload.attachment).toMatchObject({ file_name: 'upgrade.ics', size: invite.length });

    await client.tickets.update(ticketId, {
      ticket: { comment: { body: 'Your invite is attached.', public: true, uploads: [upload.token] } },
    });
    const comments = (await client.tickets.getComments(ticketId)) as {
      body: string;
      attachments: { id: number; file_name: string }[];
    }[];
    expect(comments.at(-1)!.attachments.map((attachment) => attachment.file_name)).toEqual(['upgrade.ics']);
    const shown = (await client.attachments.show(upload.attachment.id)) as { result?: unknown } | unknown;
    expect(JSON.stringify(shown)).toContain('upgrade.ics');
  });

  it("shows a user with both zones and a locale, and the current user as the API's admin", async () => {
    const client = zendesk();
    const priya = userByEmail('priya.natarajan@globex.example');
    const user = (await client.users.show(priya.id)).result as Record<string, unknown>;
    expect(user).toMatchObject({
      id: priya.id,
      locale: 'en-US',
      iana_time_zone: 'America/Denver',
      time_zone: 'Mountain Time (US & Canada)',
    });
    const me = (await client.users.me()).result as Record<string, unknown>;
    expect([me.id, me.role]).toEqual([sandbox.apiUserId, 'admin']);
  });

  it("lists a user's organization memberships, the default one flagged", async () => {
    const client = zendesk();
    const dana = userByEmail('dana.whitfield@initech.example');
    const memberships = (await client.organizationmemberships.listByUser(dana.id)) as {
      organization_id: number;
      default: boolean | null;
      user_id: number;
    }[];
    const names = memberships.map((membership) => [
      sandbox.state.organizations.find((organization) => organization.id === membership.organization_id)!.name,
      membership.default,
    ]);
    expect(names.sort()).toEqual([
      ['Globex Corporation', false],
      ['Initech', true],
    ]);
    const organization = (await client.organizations.show(memberships[0]!.organization_id)).result;
    expect(organization).toMatchObject({ id: memberships[0]!.organization_id });
  });

  it('creates and lists ticket fields, dropdown options included', async () => {
    const client = zendesk();
    const created = await client.ticketfields.create({
      ticket_field: {
        type: 'tagger',
        title: 'Contract dropdown',
        custom_field_options: [
          { name: 'One', value: 'uw_contract_one' },
          { name: 'Two', value: 'uw_contract_two' },
        ],
      },
    });
    const field = created.result as { id: number; custom_field_options: { value: string }[] };
    expect(field.custom_field_options.map((option) => option.value)).toEqual(['uw_contract_one', 'uw_contract_two']);
    const fields = (await client.ticketfields.list()) as { id: number }[];
    expect(fields.map((candidate) => candidate.id)).toContain(field.id);
  });

  it('creates a webhook, reads it and its signing secret, lists it, and tests it', async () => {
    const client = zendesk();
    const created = await client.webhooks.create({
      webhook: {
        name: 'Contract webhook',
        status: 'active',
        endpoint: `${served.url}/_sandbox/nowhere`,
        http_method: 'POST',
        request_format: 'json',
        subscriptions: ['conditional_ticket_events'],
      },
    });
    const webhook = created.result as { id: string };
    expect(webhook.id).toMatch(/^[0-9A-Z]{26}$/);
    expect((await client.webhooks.show(webhook.id)).result).toMatchObject({ id: webhook.id, status: 'active' });
    // Zendesk wraps it as {"signing_secret": {...}}, a key node-zendesk does not unwrap.
    const secret = (await client.webhooks.getSigningSecret(webhook.id)).result as {
      signing_secret: { secret: string; algorithm: string };
    };
    expect(secret.signing_secret).toEqual({ secret: expect.any(String) as unknown, algorithm: 'sha256' });
    const listed = (await client.webhooks.list()) as { id: string }[];
    expect(listed.map((candidate) => candidate.id)).toContain(webhook.id);
    // node-zendesk asks for `/api/v2//webhooks/test`, which Zendesk serves as `/api/v2/webhooks/test`. The endpoint
    // is the sandbox's own, which answers an unknown path with 404: the test reports that status.
    const tested = await client.webhooks.test({ request: { payload: '{"name":"test webhook"}' } }, webhook.id);
    expect(tested.result).toMatchObject({ response: { status: 404 } });
  });

  it('creates and lists a trigger that notifies a webhook', async () => {
    const client = zendesk();
    const webhook = (
      await client.webhooks.create({
        webhook: {
          name: 'Trigger target',
          status: 'active',
          endpoint: 'https://backend.example/webhooks/zendesk',
          http_method: 'POST',
          request_format: 'json',
          subscriptions: ['conditional_ticket_events'],
        },
      })
    ).result as { id: string };
    const created = await client.triggers.create({
      trigger: {
        title: 'Contract trigger',
        conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Change' }], any: [] },
        actions: [{ field: 'notification_webhook', value: [webhook.id, '{"ticket_id": "{{ticket.id}}"}'] }],
      },
    });
    const trigger = created.result as { id: number; title: string };
    expect(trigger.title).toBe('Contract trigger');
    const listed = (await client.triggers.list()) as { id: number }[];
    expect(listed.map((candidate) => candidate.id)).toContain(trigger.id);
  });

  it('meets the account rate limit as a 429 with Retry-After, which node-zendesk reads as rate limiting', async () => {
    await sandbox.handle({
      method: 'POST',
      path: '/_sandbox/settings',
      headers: {},
      body: Buffer.from(JSON.stringify({ accountRequestsPerMinute: 2 })),
    });
    const client = zendesk();
    const ticketId = globexTicketId();
    const first = await client.tickets.show(ticketId);
    await client.tickets.show(ticketId);
    const limited = await client.tickets.show(ticketId);
    // node-zendesk tells a rate limit by its Retry-After header, and hands back the 429 as the result.
    expect((first.result as { id: number }).id).toBe(ticketId);
    expect(limited.result).toMatchObject({ statusCode: 429, result: { error: 'APIRateLimitExceeded' } });
    const headers = (limited.response as { headers: Headers }).headers;
    expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
    expect([headers.get('x-rate-limit'), headers.get('x-rate-limit-remaining')]).toEqual(['2', '0']);
  });

  it("exports tickets with node-zendesk's cursor-based incremental export, from a start time then from the cursor", async () => {
    // The seed's tickets are new: Zendesk exports no change younger than a minute.
    await sandbox.handle({
      method: 'POST',
      path: '/_sandbox/clock',
      headers: {},
      body: Buffer.from(JSON.stringify({ advanceMs: 5 * 60_000 })),
    });
    const client = zendesk();
    const startTime = 0;
    // Without a cursor node-zendesk sends `cursor=undefined`, which no Zendesk handed out; an empty one is no cursor
    // (docs/DECISIONS.md, 53).
    const first = (await client.ticketexport.exportCursor(startTime, '')).result as {
      tickets: { id: number; generated_timestamp: number }[];
      after_cursor: string;
      end_of_stream: boolean;
    };
    expect(first.tickets.map((ticket) => ticket.id).sort()).toEqual(
      sandbox.state.tickets.map((ticket) => ticket.id).sort(),
    );
    expect(first.end_of_stream).toBe(true);

    const ticketId = globexTicketId();
    await client.tickets.update(ticketId, { ticket: { comment: { body: 'Booked.', public: false } } });
    await sandbox.handle({
      method: 'POST',
      path: '/_sandbox/clock',
      headers: {},
      body: Buffer.from(JSON.stringify({ advanceMs: 2 * 60_000 })),
    });
    // node-zendesk sends the start time again beside the cursor: the cursor decides where the page starts.
    const next = (await client.ticketexport.exportCursor(startTime, first.after_cursor)).result as {
      tickets: { id: number }[];
      end_of_stream: boolean;
    };
    expect(next.tickets.map((ticket) => ticket.id)).toEqual([ticketId]);
    expect(next.end_of_stream).toBe(true);
    const sent = sandbox.ledger().filter((entry) => entry.path.startsWith('/api/v2/incremental/'));
    expect(sent.map((entry) => [entry.status, new URL(entry.path, 'http://x').searchParams.get('cursor')])).toEqual([
      [200, ''],
      [200, first.after_cursor],
    ]);
  });
});
