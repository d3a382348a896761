import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_PAGES } from '../../src/cli/commands/bookings.js';
import { cli } from '../helpers/cli.js';
import { AUTOMATION_TOKEN, call, startStack, type Stack } from '../server/helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('upgrade-windows bookings', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    env = { BACKEND_URL: stack.backend.url, AUTOMATION_API_TOKEN: AUTOMATION_TOKEN };
    await call(stack.backend.url, 'POST', '/api/tickets/301/window', {
      body: { start: '2026-12-04T18:00:00-06:00', class: 'maintenance' },
    });
    await call(stack.backend.url, 'POST', '/api/tickets/302/window', {
      body: { start: '2026-12-01T18:00:00-06:00', class: 'maintenance' },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('lists the booked windows in start order', async () => {
    const result = await cli(['bookings'], { env });
    expect(result).toEqual({
      status: 0,
      stdout:
        '2026-12-01T18:00:00-06:00  2026-12-02T00:00:00-06:00  ticket 302  maintenance standard\n' +
        '2026-12-04T18:00:00-06:00  2026-12-05T00:00:00-06:00  ticket 301  maintenance standard\n',
      stderr: '',
    });
  });

  it('filters by --from and --to and prints JSON', async () => {
    const result = await cli(['bookings', '--from', '2026-12-03T00:00:00Z', '--to', '2026-12-10T00:00:00Z', '--json'], {
      env,
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        ticketId: 301,
        start: '2026-12-04T18:00:00-06:00',
        end: '2026-12-05T00:00:00-06:00',
        rule: 'standard',
        class: 'maintenance',
        reason: null,
      },
    ]);
  });

  it('says when no booking conflicts with the policy', async () => {
    const result = await cli(['bookings', '--conflicts'], { env });
    expect(result).toEqual({ status: 0, stdout: 'no booking conflicts with the policy\n', stderr: '' });
  });

  it('follows the next links to the last page: --json is one array of every booking, in start order', async () => {
    // 600 more than the page of 500 the command asks for: two pages, after the two booked above.
    const start = Date.parse('2026-12-08T18:00:00-06:00');
    const seeded = Array.from({ length: 600 }, (_, index) => 20_000 + index);
    for (const ticketId of seeded) {
      await stack.backend.store.replaceBooking(
        {
          ticketId,
          start,
          end: start + 6 * 3_600_000,
          rule: 'standard',
          class: 'maintenance',
          reason: null,
          timeZone: 'America/Chicago',
        },
        NOW,
      );
    }
    try {
      const result = await cli(['bookings', '--json'], { env });
      expect(result.status).toBe(0);
      const rows = JSON.parse(result.stdout) as { ticketId: number; start: string }[];
      expect(rows.map((row) => row.ticketId)).toEqual([302, 301, ...seeded]);
      expect(rows[2]).toEqual({
        ticketId: 20_000,
        start: '2026-12-08T18:00:00-06:00',
        end: '2026-12-09T00:00:00-06:00',
        rule: 'standard',
        class: 'maintenance',
        reason: null,
      });
      const text = await cli(['bookings'], { env });
      expect(text.stdout.trimEnd().split('\n')).toHaveLength(602);
    } finally {
      for (const ticketId of seeded) await stack.backend.store.releaseBooking(ticketId, NOW);
    }
  });

  it('exits 2 for a malformed instant', async () => {
    const result = await cli(['bookings', '--from', 'monday'], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--from must be an ISO instant');
  });
});

/** The paging alone, against a backend of the test's own that answers every page with a next link. */
describe('upgrade-windows bookings, following next links', () => {
  let server: Server;
  let url: string;
  const asked: string[] = [];
  let linkOf: (page: number) => string | null = () => null;
  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request.url!);
      const page = asked.length;
      const link = linkOf(page);
      response.writeHead(200, { 'content-type': 'application/json', ...(link !== null ? { link } : {}) });
      response.end(JSON.stringify([]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    asked.length = 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  const run = () =>
    cli(['bookings', '--from', '2026-12-01T00:00:00+01:00'], { env: { BACKEND_URL: url, AUTOMATION_API_TOKEN: 't' } });

  it("asks for pages of 500 with the range, then each next link's query on this route, until none", async () => {
    linkOf = (page) => (page < 3 ? `</api/bookings?limit=500&after=p${page}>; rel="next", </x>; rel="prev"` : null);
    expect(await run()).toEqual({ status: 0, stdout: 'no bookings\n', stderr: '' });
    expect(asked).toEqual([
      '/api/bookings?from=2026-12-01T00%3A00%3A00%2B01%3A00&limit=500',
      '/api/bookings?limit=500&after=p1',
      '/api/bookings?limit=500&after=p2',
    ]);
  });

  it(`stops after ${MAX_PAGES} pages with exit 2, asking to narrow the range`, async () => {
    linkOf = (page) => `</api/bookings?after=p${page}>; rel="next"`;
    const result = await run();
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `upgrade-windows bookings: more than ${MAX_PAGES} pages of 500 bookings; narrow --from and --to\n`,
    });
    expect(asked).toHaveLength(MAX_PAGES);
  });

  it('stops with exit 3 when the backend links to a page it already sent', async () => {
    linkOf = () => '</api/bookings?after=same>; rel="next"';
    const result = await run();
    expect([result.status, result.stderr]).toEqual([
      3,
      'upgrade-windows bookings: the backend sent the same next page twice; stopped\n',
    ]);
    expect(asked).toHaveLength(2);
  });
});
