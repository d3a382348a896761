import { createSandbox, type Sandbox } from '../../../src/zendesk/sandbox/index.js';
import { manualClock, sandboxHandler } from '../helpers.js';

// Zendesk's Incremental Ticket Export, cursor based, as hard as Zendesk: a start time at least one minute old,
// tickets in the order of their last change (and again when changed again), the last minute left out,
// end_of_stream, 1,000 a page at most, and 10 requests a minute besides the account budget.

let sandbox: Sandbox;
let clock: ReturnType<typeof manualClock>;
const MINUTE = 60_000;
const START = '2026-11-20T15:00:10Z';

beforeEach(() => {
  clock = manualClock(START);
  sandbox = createSandbox({ now: clock.now, seed: false });
});

const request = sandboxHandler(() => sandbox);

const seconds = (epochMs: number) => Math.floor(epochMs / 1000);
const exportFrom = (query: string) => request('GET', `/api/v2/incremental/tickets/cursor.json?${query}`);
const ids = (answer: { body: { tickets: { id: number }[] } }) => answer.body.tickets.map((ticket) => ticket.id);

async function newTicket(subject: string): Promise<number> {
  const created = await request('POST', '/_sandbox/tickets', {
    subject,
    requester: { name: 'Dana', email: 'dana@customer.example' },
  });
  expect(created.status).toBe(201);
  return created.body.ticket.id as number;
}

describe('the incremental ticket export (cursor based)', () => {
  it('refuses a start time less than one minute old, and a request with neither start time nor cursor', async () => {
    const tooRecent = await exportFrom(`start_time=${seconds(clock.now() - 59_000)}`);
    expect(tooRecent.status).toBe(422);
    expect(tooRecent.body).toEqual({
      error: 'InvalidValue',
      description: 'Too recent start_time. Use a start_time older than 1 minute.',
    });
    expect((await exportFrom(`start_time=${seconds(clock.now() + MINUTE)}`)).status).toBe(422);
    expect((await exportFrom(`start_time=${seconds(clock.now() - MINUTE)}`)).status).toBe(200);
    expect((await exportFrom('')).status).toBe(400);
    expect((await exportFrom('start_time=yesterday')).body.error).toBe('InvalidValue');
    expect((await exportFrom('cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
    expect((await exportFrom('start_time=0&per_page=0')).status).toBe(400);
  });

  it('lists the tickets changed since the start time in the order of their change, leaving out the last minute', async () => {
    const since = clock.now() - MINUTE;
    const first = await newTicket('first');
    clock.advance(10_000);
    const second = await newTicket('second');
    clock.advance(10_000);
    await request('POST', `/_sandbox/tickets/${first}/replies`, { email: 'dana@customer.example', body: 'Go.' });

    // Everything happened within the last minute: nothing to export yet, and a page from a start time that finds
    // nothing hands out no cursor.
    const early = await exportFrom(`start_time=${seconds(since)}`);
    expect(early.body).toMatchObject({ tickets: [], end_of_stream: true, after_cursor: null, after_url: null });

    clock.advance(MINUTE);
    const page = await exportFrom(`start_time=${seconds(since)}`);
    expect(page.status).toBe(200);
    expect(ids(page)).toEqual([second, first]);
    expect(page.body.end_of_stream).toBe(true);
    expect(page.body.after_cursor).toEqual(expect.any(String));
    expect(page.body.after_url).toContain(`/api/v2/incremental/tickets/cursor.json?cursor=`);
    expect(page.body.tickets[1]).toMatchObject({
      id: first,
      status: 'open',
      generated_timestamp: seconds(Date.parse(page.body.tickets[1].updated_at)),
    });

    // From the cursor: nothing new, the same cursor back; then a change brings the ticket again, once a minute old.
    const nothing = await exportFrom(`cursor=${encodeURIComponent(page.body.after_cursor)}`);
    expect(nothing.body).toMatchObject({ tickets: [], end_of_stream: true, after_cursor: page.body.after_cursor });
    await request('PUT', `/api/v2/tickets/${second}.json`, { ticket: { comment: { body: 'Booked.', public: false } } });
    expect(ids(await exportFrom(`cursor=${encodeURIComponent(page.body.after_cursor)}`))).toEqual([]);
    clock.advance(MINUTE);
    const again = await exportFrom(`cursor=${encodeURIComponent(page.body.after_cursor)}`);
    expect(ids(again)).toEqual([second]);
  });

  it('pages by per_page (at most 1,000) with end_of_stream false until the last page', async () => {
    const since = clock.now() - MINUTE;
    const made = [];
    for (let i = 0; i < 5; i += 1) {
      made.push(await newTicket(`ticket ${i}`));
      clock.advance(1000);
    }
    clock.advance(MINUTE);
    const first = await exportFrom(`start_time=${seconds(since)}&per_page=2`);
    expect([ids(first), first.body.end_of_stream]).toEqual([made.slice(0, 2), false]);
    const second = await exportFrom(`cursor=${encodeURIComponent(first.body.after_cursor)}&per_page=2`);
    expect([ids(second), second.body.end_of_stream]).toEqual([made.slice(2, 4), false]);
    const last = await exportFrom(`cursor=${encodeURIComponent(second.body.after_cursor)}&per_page=2`);
    expect([ids(last), last.body.end_of_stream]).toEqual([made.slice(4), true]);
    expect(ids(await exportFrom(`start_time=${seconds(since)}&per_page=5000`))).toEqual(made);
  });

  it('moves a ticket in the export with every change: a field update, a reply, the close automation', async () => {
    const ticket = await newTicket('changes');
    clock.advance(MINUTE);
    const cursorNow = async () => {
      const page = await exportFrom(`start_time=${seconds(clock.now() - 2 * MINUTE)}`);
      return page.body.after_cursor as string;
    };
    const changedSince = async (cursor: string) => {
      clock.advance(MINUTE + 1000);
      return ids(await exportFrom(`cursor=${encodeURIComponent(cursor)}`));
    };
    let cursor = await cursorNow();
    await request('PUT', `/api/v2/tickets/${ticket}.json`, { ticket: { status: 'solved' } });
    expect(await changedSince(cursor)).toEqual([ticket]);
    cursor = await cursorNow();
    await request('POST', '/_sandbox/clock', { advanceMs: 5 * 86_400_000 });
    expect(sandbox.state.tickets.find((candidate) => candidate.id === ticket)!.status).toBe('closed');
    expect(await changedSince(cursor)).toEqual([ticket]);
  });

  it('answers 429 with Retry-After past 10 requests a minute, and serves again in the next minute', async () => {
    const startTime = seconds(clock.now() - MINUTE);
    for (let i = 0; i < 10; i += 1) expect((await exportFrom(`start_time=${startTime}`)).status).toBe(200);
    const refused = await exportFrom(`start_time=${startTime}`);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.body.error).toBe('APIRateLimitExceeded');
    // The rest of the API is not held back by the export's budget.
    expect((await request('GET', '/api/v2/tickets.json')).status).toBe(200);
    clock.advance(50_000);
    expect((await exportFrom(`start_time=${startTime}`)).status).toBe(200);
  });
});
