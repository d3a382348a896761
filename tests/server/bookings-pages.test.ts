import type { NewBooking } from '../../src/server/store/types.js';
import { call, policyOf, startStack, type Stack } from './helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');
const HOUR = 3_600_000;
const TUESDAY = Date.parse('2026-12-01T18:00:00-06:00'); // a window of the policy below (Tue and Fri, 18:00 Chicago)
const FRIDAY = Date.parse('2026-12-04T18:00:00-06:00');

/** `GET /api/bookings` pages (docs/DECISIONS.md, 52): keyset pages of `limit`, the next one named by a Link header. */
describe('GET /api/bookings pages', () => {
  let stack: Stack;
  let base: string;
  beforeAll(async () => {
    stack = await startStack({
      now: () => NOW,
      policy: policyOf({
        timeZone: 'America/Chicago',
        rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: 1 }],
      }),
    });
    base = stack.backend.url;
  });
  afterAll(async () => {
    await stack.close();
  });
  afterEach(async () => {
    for (const booking of await stack.backend.store.listBookings({ limit: 500 }))
      await stack.backend.store.releaseBooking(booking.ticketId, NOW);
  });

  const book = (ticketId: number, start: number): Promise<unknown> => {
    const booking: NewBooking = {
      ticketId,
      start,
      end: start + 6 * HOUR,
      rule: 'standard',
      class: 'maintenance',
      reason: null,
      timeZone: 'America/Chicago',
    };
    return stack.backend.store.replaceBooking(booking, NOW);
  };

  /** The `rel="next"` target of an answer's Link header, or null. */
  const nextOf = (answer: { headers: Headers }): string | null => {
    const link = answer.headers.get('link');
    if (link === null) return null;
    const match = /^<([^>]+)>; rel="next"$/.exec(link);
    if (match === null) throw new Error(`not a next link: ${link}`);
    return match[1]!;
  };

  /** Every page from `path` on, following the next links: each page's ticket ids. */
  async function pagesFrom(path: string): Promise<{ pages: number[][]; links: string[] }> {
    const pages: number[][] = [];
    const links: string[] = [];
    let next: string | null = path;
    while (next !== null) {
      const answer = await call(base, 'GET', next);
      expect(answer.status).toBe(200);
      pages.push((answer.body as { ticketId: number }[]).map((row) => row.ticketId));
      next = nextOf(answer);
      if (next !== null) links.push(next);
      if (pages.length > 20) throw new Error('more pages than bookings');
    }
    return { pages, links };
  }

  it('lists a range in pages of `limit`, by start then ticket id, with a next link until the last page', async () => {
    for (const [ticketId, start] of [
      [40, FRIDAY],
      [31, TUESDAY],
      [12, TUESDAY],
      [25, TUESDAY],
      [3, FRIDAY + 7 * 24 * HOUR],
    ] as const)
      await book(ticketId, start);
    const range = 'from=2026-12-01T00:00:00-06:00&to=2026-12-31T00:00:00Z';
    const { pages, links } = await pagesFrom(`/api/bookings?${range}&limit=2`);
    expect(pages).toEqual([[12, 25], [31, 40], [3]]);
    // Relative, with the range as sent (the offset's + encoded), the same limit, and an opaque cursor.
    for (const link of links) {
      expect(link).toMatch(
        /^\/api\/bookings\?from=2026-12-01T00%3A00%3A00-06%3A00&to=2026-12-31T00%3A00%3A00Z&limit=2&after=[A-Za-z0-9_-]+$/,
      );
    }
    // The pages together are the whole range, as one page large enough lists it.
    const whole = await call(base, 'GET', `/api/bookings?${range}&limit=500`);
    expect(whole.body.map((row: { ticketId: number }) => row.ticketId)).toEqual(pages.flat());
    expect(whole.headers.get('link')).toBeNull();
    // A last page that is exactly full has no next.
    const exact = await call(base, 'GET', `/api/bookings?${range}&limit=5`);
    expect([exact.body.length, exact.headers.get('link')]).toEqual([5, null]);
  });

  it('answers 100 bookings by default, then the rest, the link naming the limit it used', async () => {
    for (let index = 0; index < 101; index += 1) await book(1_000 + index, TUESDAY);
    const first = await call(base, 'GET', '/api/bookings');
    expect(first.body).toHaveLength(100);
    expect(nextOf(first)).toMatch(/^\/api\/bookings\?limit=100&after=/);
    const second = await call(base, 'GET', nextOf(first)!);
    expect(second.body.map((row: { ticketId: number }) => row.ticketId)).toEqual([1_100]);
    expect(nextOf(second)).toBeNull();
  });

  it('takes a conflicts page over the range, then filters it: a page may be empty and still have a next', async () => {
    const week = 7 * 24 * HOUR;
    for (const [ticketId, start] of [
      [1, TUESDAY],
      [2, FRIDAY],
      [3, TUESDAY + week],
      [4, FRIDAY + week],
      // Two in a window of capacity 1: both over it. Then one at 19:00, which is no window of the policy.
      [5, TUESDAY + 2 * week],
      [6, TUESDAY + 2 * week],
      [7, TUESDAY + 2 * week + HOUR],
    ] as const)
      await book(ticketId, start);
    const { pages, links } = await pagesFrom('/api/bookings?conflicts=true&limit=3');
    expect(pages).toEqual([[], [5, 6], [7]]);
    expect(links.every((link) => link.startsWith('/api/bookings?conflicts=true&limit=3&after='))).toBe(true);
    const conflicts = await call(base, 'GET', '/api/bookings?conflicts=true&limit=500');
    expect(conflicts.body.map((row: { ticketId: number }) => row.ticketId)).toEqual(pages.flat());
    expect(conflicts.body.map((row: { reasons: { code: string }[] }) => row.reasons.map((r) => r.code))).toEqual([
      ['FULL'],
      ['FULL'],
      ['NOT_A_WINDOW'],
    ]);
  });

  it.each([
    ['limit=0', 'limit: must be from 1 to 500'],
    ['limit=501', 'limit: must be from 1 to 500'],
    ['limit=ten', 'limit: must be a whole number from 1 to 500'],
    [
      'after=not*a*cursor',
      'after: must be the cursor of a next link of this route, copied as given, got "not*a*cursor"',
    ],
    // Base64url, but not of a key: `1.x`.
    [`after=${btoa('1.x')}`, 'after: must be the cursor of a next link of this route'],
    ['after=', 'after: must be the cursor of a next link of this route'],
    ['after=MTAwMC4x&after=MTAwMC4y', 'after:'],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const answer = await call(base, 'GET', `/api/bookings?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_INPUT');
    expect(answer.body.error.message).toContain(message);
  });
});
