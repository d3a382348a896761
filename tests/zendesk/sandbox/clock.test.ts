import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';
import { installReplyWebhook, manualClock, sandboxCaller, startReceiver } from '../helpers.js';

// Zendesk's time: the sandbox clock moves on request, solved tickets close by themselves, closed tickets refuse
// updates, and a customer's reply to a closed ticket opens a follow-up.

const DAY = 86_400_000;
let sandbox: Sandbox;
let served: ServedSandbox;
let clock: ReturnType<typeof manualClock>;
const call = sandboxCaller(() => served.url);

beforeEach(async () => {
  clock = manualClock('2026-11-20T15:00:00Z');
  sandbox = createSandbox({ now: clock.now, sleep: async () => undefined });
  served = await serveSandbox(sandbox, { port: 0 });
});

afterEach(async () => {
  await served.close();
});

const solve = () => call('PUT', '/api/v2/tickets/10231.json', { ticket: { status: 'solved' } });
const status = async () => (await call('GET', '/api/v2/tickets/10231.json')).body.ticket.status as string;

describe('the sandbox clock', () => {
  it('moves forward by advanceMs and reports the new time', async () => {
    const moved = await call('POST', '/_sandbox/clock', { advanceMs: 3_600_000 });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({ now: '2026-11-20T16:00:00.000Z', offsetMs: 3_600_000 });
    const reply = await call('POST', '/_sandbox/tickets/10231/replies', {
      email: 'jane.cooper@initech.example',
      body: 'Thanks',
    });
    expect(reply.body.comment.created_at).toBe('2026-11-20T16:00:00Z');
  });

  it('refuses to move backwards or by a time that is not a whole number of milliseconds', async () => {
    for (const advanceMs of [-1, 1.5, '10', 10 * 366 * DAY]) {
      const refused = await call('POST', '/_sandbox/clock', { advanceMs });
      expect(refused.status).toBe(400);
      expect(refused.body.description).toMatch(/advanceMs must be an integer/);
    }
  });
});

describe('closing solved tickets', () => {
  it('closes a solved ticket 4 days after it was solved, and a closed ticket refuses updates with 422', async () => {
    await solve();
    await call('POST', '/_sandbox/clock', { advanceMs: 4 * DAY - 60_000 });
    expect(await status()).toBe('solved');
    await call('POST', '/_sandbox/clock', { advanceMs: 60_000 });
    expect(await status()).toBe('closed');
    const refused = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body: 'Done' } } });
    expect(refused.status).toBe(422);
    expect(refused.body.details.status[0].description).toBe('Status: closed prevents ticket update');
  });

  it('closes on the real clock too, after the configured time', async () => {
    await call('POST', '/_sandbox/settings', { closeSolvedAfterMs: 60_000 });
    await solve();
    clock.advance(60_000);
    expect(await status()).toBe('closed');
  });

  it('counts from the last time the ticket was solved: a reply that reopens it stops the count', async () => {
    await solve();
    clock.advance(3 * DAY);
    await call('POST', '/_sandbox/tickets/10231/replies', { email: 'jane.cooper@initech.example', body: 'Wait' });
    expect(await status()).toBe('open');
    clock.advance(2 * DAY);
    expect(await status()).toBe('open');
    await solve();
    clock.advance(4 * DAY - 1000);
    expect(await status()).toBe('solved');
  });
});

describe('a reply to a closed ticket', () => {
  it('opens a follow-up ticket that names the closed one, and its triggers fire for the new ticket', async () => {
    const receiver = await startReceiver();
    try {
      await installReplyWebhook(call, receiver.url);
      await call('PUT', '/api/v2/tickets/10231.json', { ticket: { status: 'solved', tags: ['vip'] } });
      await call('POST', '/_sandbox/clock', { advanceMs: 4 * DAY });
      const reply = await call('POST', '/_sandbox/tickets/10231/replies', {
        email: 'jane.cooper@initech.example',
        body: 'Go ahead after all',
      });
      expect(reply.status).toBe(201);
      const followUp = reply.body.ticket;
      expect(followUp.id).toBeGreaterThan(10231);
      expect(followUp).toMatchObject({
        status: 'open',
        subject: 'Upgrade request: production to 8.4',
        requester_id: sandbox.state.tickets[0]!.requester_id,
        tags: ['vip'],
        via: { source: { rel: 'follow_up', from: { ticket_id: 10231 } } },
      });
      expect(reply.body.comment.plain_body).toBe('Go ahead after all');
      const closed = (await call('GET', '/api/v2/tickets/10231.json')).body.ticket;
      expect(closed).toMatchObject({ status: 'closed', followup_ids: [followUp.id] });
      expect((await call('GET', '/api/v2/tickets/10231/comments.json')).body.comments).toHaveLength(1);
      expect(reply.body.invocations).toHaveLength(1);
      expect(JSON.parse(receiver.received[0]!.body.toString('utf8'))).toEqual({ ticket_id: String(followUp.id) });
    } finally {
      await receiver.close();
    }
  });
});
