import type { LedgerEntry } from '../../src/zendesk/sandbox/index.js';
import type { ZendeskComment, ZendeskTicket, ZendeskTicketField } from '../../src/zendesk/types.js';
import { eventually, jsonClient, startServe, type Served } from './serve.js';

// The whole story over HTTP against `npm start` (sandbox mode): an agent books a hot fix window, the pipeline reports
// the upgrade until it overruns and asks Go / No-Go, the customer answers NO-GO by email, and the rollback books the
// next window. Every claim is read back from the sandbox, as the customer and Zendesk would see it.

interface Upgrade {
  state: string;
  decision: { value: string; at: string; by: string; evidence: string; source: string; commentId: string } | null;
  booking: { start: string; end: string; rule: string; class: string; sequence: number } | null;
  history: { type: string; public: boolean; delivery: { status: string } }[];
}

const MINUTE = 60_000;

describe('npm start: the upgrade story over HTTP', () => {
  let served: Served;
  let agent: ReturnType<typeof jsonClient>;
  let automation: ReturnType<typeof jsonClient>;
  let sandbox: ReturnType<typeof jsonClient>;
  let ticketId: number;

  const upgrade = async () => (await agent<Upgrade>('GET', `/api/tickets/${ticketId}`)).body;
  const comments = async () =>
    (await sandbox<{ comments: ZendeskComment[] }>('GET', `/api/v2/tickets/${ticketId}/comments.json`)).body.comments;
  const event = (type: string, extra: Record<string, unknown> = {}) =>
    automation('POST', `/api/tickets/${ticketId}/events`, { type, ...extra }, { 'Idempotency-Key': `story-${type}` });

  /** The sandbox ticket's custom fields by title, as an agent reads them in Zendesk. */
  async function fieldsByTitle(): Promise<Record<string, unknown>> {
    const [{ body: fields }, { body: ticket }] = await Promise.all([
      sandbox<{ ticket_fields: ZendeskTicketField[] }>('GET', '/api/v2/ticket_fields.json'),
      sandbox<{ ticket: ZendeskTicket }>('GET', `/api/v2/tickets/${ticketId}.json`),
    ]);
    const titles = new Map(fields.ticket_fields.map((field) => [field.id, field.title]));
    return Object.fromEntries(ticket.ticket.custom_fields.map((custom) => [titles.get(custom.id), custom.value]));
  }

  beforeAll(async () => {
    served = await startServe();
    agent = jsonClient(served.backendUrl, served.agentToken);
    automation = jsonClient(served.backendUrl, served.automationToken);
    // The sandbox accepts any credentials on its Zendesk routes; its /_sandbox/ routes need none.
    sandbox = jsonClient(served.sandboxUrl, 'e2e-story');
    // A seed ticket, opened days ago by Oliver Bennett (en-GB, Europe/London).
    const { body } = await sandbox<{ tickets: ZendeskTicket[] }>('GET', '/api/v2/tickets.json');
    ticketId = body.tickets.find((ticket) => ticket.subject === 'Please schedule our staging upgrade')!.id;
  });

  afterAll(async () => {
    if (process.env.UW_E2E_LOG)
      console.log(
        served
          ?.stderr()
          .split('\n')
          .filter((l) => /capture|webhook/.test(l))
          .join('\n'),
      );
    await served?.stop();
  });

  it('prints where the preview, the backend and the sandbox run', () => {
    const port = new URL(served.backendUrl).port;
    expect(served.stdout()).toContain(`Open http://localhost:${port}/ to see the agent workspace and the sidebar`);
    expect(served.stdout()).toMatch(/^Zendesk sandbox on http:\/\/127\.0\.0\.1:\d+ \(SANDBOX_PORT \d+\)$/m);
  });

  it('runs from booking to a NO-GO, the rollback and the next window', async () => {
    // A hot fix starting in five minutes: no lead time, and upgrade_started is allowed from 15 minutes before.
    const start = new Date(Math.ceil((Date.now() + 5 * MINUTE) / MINUTE) * MINUTE).toISOString();
    const booked = await agent('POST', `/api/tickets/${ticketId}/window`, {
      start,
      class: 'hotfix',
      reason: 'Security fix for the login service',
    });
    expect(booked.status).toBe(201);
    const scheduled = await upgrade();
    expect(scheduled.state).toBe('scheduled');
    expect(Date.parse(scheduled.booking!.start)).toBe(Date.parse(start));
    expect(Date.parse(scheduled.booking!.end) - Date.parse(start)).toBe(120 * MINUTE);

    for (const [type, extra] of [
      ['upgrade_started', {}],
      ['instance_upgrade_started', { instance: 'eu-west-1' }],
      [
        'decision_requested',
        {
          reason: 'The database migration is slower than planned',
          anticipatedEnd: new Date(Date.parse(start) + 4 * 60 * MINUTE).toISOString(),
        },
      ],
    ] as const) {
      const answer = await event(type, extra);
      expect([type, answer.status]).toEqual([type, 202]);
    }
    expect((await upgrade()).state).toBe('awaiting_decision');

    // The customer answers once the Go / No-Go request reached the ticket (its delivery is asynchronous);
    // the sandbox fires the trigger and signs the webhook.
    await eventually(
      'the Go / No-Go request delivered',
      fieldsByTitle,
      (value) => value['Upgrade status'] === 'uw_status_awaiting_decision',
    );
    const reply = await sandbox<{ comment?: { id: number } }>('POST', `/_sandbox/tickets/${ticketId}/replies`, {
      email: 'oliver.bennett@hartwell.example',
      body: 'No-go, please roll back.\n\nOliver',
      channel: 'email',
    });
    expect(reply.status).toBe(201);

    const decided = await eventually('the NO-GO captured', upgrade, (value) => value.decision !== null);
    expect(decided.state).toBe('rolling_back');
    expect(decided.decision).toMatchObject({
      value: 'NO_GO',
      source: 'customer',
      evidence: 'No-go, please roll back',
      by: expect.stringMatching(/^Oliver Bennett/),
    });

    const fields = await eventually(
      'the decision fields on the ticket',
      fieldsByTitle,
      (value) => value['Upgrade decision'] === 'uw_decision_no_go',
    );
    expect(fields['Upgrade status']).toBe('uw_status_rolling_back');
    expect(fields['Upgrade decision evidence']).toBe(decided.decision!.evidence);
    expect(fields['Upgrade decision by']).toBe(decided.decision!.by);

    const acknowledged = await eventually('the acknowledgement comment', comments, (list) =>
      list.some((comment) => comment.public && comment.body.includes('We understood your answer as NO-GO')),
    );
    expect(acknowledged.find((comment) => comment.body.includes('We understood your answer as NO-GO'))!.body).toContain(
      'We are rolling your environment back',
    );

    // The pipeline finished the rollback: the next window is booked and announced with its invite.
    expect((await event('rolled_back')).status).toBe(202);
    const rescheduled = await eventually('the next window booked', upgrade, (value) => value.state === 'scheduled');
    // The first eligible window for a request made when the NO-GO was written (lead time included).
    const { body: offers } = await agent<{ start: string }[] | { windows: { start: string }[] }>(
      'GET',
      `/api/windows?from=${encodeURIComponent(decided.decision!.at)}&count=1`,
    );
    const first = Array.isArray(offers) ? offers[0]! : offers.windows[0]!;
    expect(rescheduled.booking).toMatchObject({ rule: 'standard', start: first.start, sequence: 1 });
    expect(Date.parse(first.start)).toBeGreaterThanOrEqual(Date.parse(decided.decision!.at) + 7 * 24 * 60 * MINUTE);
    const rolledBack = await eventually('the rollback comment with its invite', comments, (list) =>
      list.some((comment) => comment.body.includes('Your upgrade moves to the next available window')),
    );
    const announcement = rolledBack.find((comment) =>
      comment.body.includes('Your upgrade moves to the next available window'),
    )!;
    expect(announcement.public).toBe(true);
    expect(announcement.attachments.map((attachment) => attachment.content_type)).toEqual([
      expect.stringMatching(/^text\/calendar/),
    ]);
    const invite = await fetch(announcement.attachments[0]!.content_url).then((response) => response.text());
    expect(invite).toContain('BEGIN:VEVENT');
    expect(invite).toMatch(/SEQUENCE:[1-9]/);

    // The ledger: the reply fired a signed webhook the backend accepted, then the backend read the comment back.
    const { body: ledger } = await sandbox<{ requests: LedgerEntry[] }>('GET', '/_sandbox/ledger');
    const replyEntry = ledger.requests.find((entry) => entry.path === `/_sandbox/tickets/${ticketId}/replies`)!;
    expect(replyEntry.invocations).toHaveLength(1);
    const invocation = replyEntry.invocations[0]!;
    expect(invocation).toMatchObject({ ticketId, delivered: true, endpoint: `${served.backendUrl}/webhooks/zendesk` });
    expect(invocation.attempts[0]).toMatchObject({
      status: 200,
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(JSON.parse(invocation.body)).toMatchObject({ ticket_id: String(ticketId) });
    const readBack = ledger.requests.find(
      (entry) =>
        entry.seq > replyEntry.seq &&
        entry.method === 'GET' &&
        entry.path.startsWith(`/api/v2/tickets/${ticketId}/comments`) &&
        entry.status === 200,
    );
    expect(readBack).toBeDefined();
  });
});
