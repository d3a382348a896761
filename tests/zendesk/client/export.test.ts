import { setupServer } from 'msw/node';
import { createZendeskClient, type ZendeskClientOptions } from '../../../src/zendesk/client/index.js';
import { createSandbox, type Sandbox } from '../../../src/zendesk/sandbox/index.js';
import { sandboxHandlers } from '../../support/sandbox-msw.js';
import { manualClock } from '../helpers.js';

// The client's Incremental Ticket Export (cursor based): validated pages, and paced under the export's own limit of
// 10 requests a minute as well as the account budget, so that a pass never draws the 429 it could avoid.

const BASE = 'https://acme-cloud.zendesk.com';
const server = setupServer();
let sandbox: Sandbox;
let clock: ReturnType<typeof manualClock>;
let sleeps: number[];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sleeps = [];
  // One clock for Zendesk and the client; the client's sleeps move it.
  clock = manualClock('2026-11-20T15:00:10Z');
  sandbox = createSandbox({ now: clock.now, sleep: async () => undefined });
  server.resetHandlers(...sandboxHandlers(sandbox, BASE));
});

function client(options: Partial<ZendeskClientOptions> = {}) {
  return createZendeskClient({
    baseUrl: BASE,
    auth: { email: 'ops@acme-cloud.example', apiToken: 'secret-token-123' },
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
    ...options,
  });
}

const exports = () => sandbox.ledger().filter((entry) => entry.path.startsWith('/api/v2/incremental/'));

describe('exportTickets', () => {
  it('reads a page from a start time, then from its cursor, with Zendesk’s keys', async () => {
    const zendesk = client();
    const first = await zendesk.exportTickets({ startTime: 0 });
    expect(first.tickets.map((ticket) => ticket.id)).toEqual(sandbox.state.tickets.map((ticket) => ticket.id));
    expect(first.tickets[0]).toMatchObject({ subject: expect.any(String), generated_timestamp: expect.any(Number) });
    expect(first.end_of_stream).toBe(true);
    const next = await zendesk.exportTickets({ cursor: first.after_cursor! }, { perPage: 1000 });
    expect(next).toMatchObject({ tickets: [], end_of_stream: true, after_cursor: first.after_cursor });
    expect(exports().map((entry) => entry.path)).toEqual([
      '/api/v2/incremental/tickets/cursor.json?start_time=0',
      `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(first.after_cursor!)}&per_page=1000`,
    ]);
  });

  it('waits for the export’s own budget (10 a minute) instead of drawing a 429', async () => {
    const zendesk = client();
    for (let i = 0; i < 11; i += 1) await zendesk.exportTickets({ startTime: 0 });
    expect(exports().map((entry) => entry.status)).toEqual(Array.from({ length: 11 }, () => 200));
    expect(sleeps).toEqual([60_000]);
  });

  it('waits the Retry-After of a 429 from the export, then reads the page', async () => {
    await sandbox.handle({
      method: 'POST',
      path: '/_sandbox/faults',
      headers: {},
      body: Buffer.from(
        JSON.stringify({
          method: 'GET',
          path: '/api/v2/incremental/tickets/cursor.json',
          status: 429,
          retryAfter: 7,
          times: 1,
        }),
      ),
    });
    const page = await client().exportTickets({ startTime: 0 });
    expect(page.end_of_stream).toBe(true);
    expect(sleeps).toEqual([7_000]);
    expect(exports().map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('refuses an answer of another shape, naming what differs', async () => {
    const zendesk = client({
      fetch: async () =>
        new Response(JSON.stringify({ tickets: [{ id: 'ten' }], after_cursor: null, end_of_stream: true }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    });
    await expect(zendesk.exportTickets({ startTime: 0 })).rejects.toThrow(
      /incremental ticket export answered an unexpected shape: tickets\.0\.id/,
    );
  });

  it('refuses a start time, cursor or page size no request should carry, before sending anything', async () => {
    const zendesk = client();
    await expect(zendesk.exportTickets({ startTime: -1 })).rejects.toThrow(/startTime must be unix seconds/);
    await expect(zendesk.exportTickets({ startTime: 1.5 })).rejects.toThrow(/startTime/);
    await expect(zendesk.exportTickets({ cursor: '' })).rejects.toThrow(/cursor must not be empty/);
    await expect(zendesk.exportTickets({ startTime: 0 }, { perPage: 1001 })).rejects.toThrow(/perPage/);
    expect(exports()).toEqual([]);
  });
});
