import Database from 'better-sqlite3';
import { AGENT_TOKEN, AUTOMATION_TOKEN, call, policyOf, startStack, type Stack } from './helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z'); // Monday 09:00 in Chicago
const FIRST_WINDOW = '2026-12-01T18:00:00-06:00';

describe('the HTTP API (docs/API.md)', () => {
  let stack: Stack;
  let base: string;
  beforeAll(async () => {
    stack = await startStack({
      now: () => NOW,
      policy: policyOf({
        timeZone: 'America/Chicago',
        rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: 2 }],
        blackouts: [{ start: '2026-12-24T00:00', end: '2027-01-04T00:00', reason: 'Year-end freeze' }],
      }),
    });
    base = stack.backend.url;
  });
  afterAll(async () => {
    await stack.close();
  });

  async function storedCounts() {
    const [bookings, pending, failed] = await Promise.all([
      stack.backend.store.listBookings({ limit: 1_000 }),
      stack.backend.store.countPendingDeliveries(),
      stack.backend.store.countFailedDeliveries(),
    ]);
    return { bookings: bookings.length, outbox: pending + failed };
  }

  describe('authentication and scopes', () => {
    it('answers 401 with WWW-Authenticate and a JSON error without a token', async () => {
      const answer = await call(base, 'GET', '/api/policy', { token: null });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="upgrade-windows"');
      expect(answer.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'send "Authorization: Bearer <token>"' } });
    });

    it('answers 401 for a wrong token', async () => {
      const answer = await call(base, 'GET', '/api/tickets/1', { token: 'not-the-token-at-all' });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
    });

    it('answers 403 when the automation token calls an agent route', async () => {
      const answer = await call(base, 'POST', '/api/tickets/1/window', {
        token: AUTOMATION_TOKEN,
        body: { start: FIRST_WINDOW, class: 'maintenance' },
      });
      expect(answer.status).toBe(403);
      expect(answer.body.error).toEqual({
        code: 'FORBIDDEN',
        message: 'the automation token may not call this route (it needs the agent token)',
      });
      expect(await storedCounts()).toEqual({ bookings: 0, outbox: 0 });
    });

    it('lets both tokens read a ticket and the bookings', async () => {
      for (const token of [AGENT_TOKEN, AUTOMATION_TOKEN]) {
        expect((await call(base, 'GET', '/api/tickets/77', { token })).status).toBe(200);
        expect((await call(base, 'GET', '/api/bookings', { token })).status).toBe(200);
      }
    });

    it('serves the public routes without a token', async () => {
      expect((await call(base, 'GET', '/healthz', { token: null })).status).toBe(200);
      expect((await call(base, 'GET', '/schedule', { token: null })).status).toBe(200);
      expect((await call(base, 'GET', '/schedule.ics', { token: null })).status).toBe(200);
    });
  });

  describe('bad input never stores anything and is never a 500', () => {
    const cases: [string, string, string, Parameters<typeof call>[3], number, string][] = [
      [
        'malformed JSON',
        'POST',
        '/api/tickets/5/window',
        { rawBody: '{"start":', headers: { 'content-type': 'application/json' } },
        400,
        'MALFORMED_JSON',
      ],
      [
        'an empty JSON body',
        'POST',
        '/api/tickets/5/window',
        { rawBody: '', headers: { 'content-type': 'application/json' } },
        400,
        'MALFORMED_JSON',
      ],
      ['a JSON array', 'POST', '/api/tickets/5/window', { body: [1, 2] }, 400, 'INVALID_INPUT'],
      [
        'a start that is a number',
        'POST',
        '/api/tickets/5/window',
        { body: { start: 12, class: 'maintenance' } },
        400,
        'INVALID_INPUT',
      ],
      [
        'a start without offset',
        'POST',
        '/api/tickets/5/window',
        { body: { start: '2026-12-01T18:00', class: 'maintenance' } },
        400,
        'INVALID_INPUT',
      ],
      [
        'an unknown class',
        'POST',
        '/api/tickets/5/window',
        { body: { start: FIRST_WINDOW, class: 'urgent' } },
        400,
        'INVALID_INPUT',
      ],
      [
        'a hot fix without reason',
        'POST',
        '/api/tickets/5/window',
        { body: { start: FIRST_WINDOW, class: 'hotfix' } },
        400,
        'INVALID_INPUT',
      ],
      [
        'an unknown key',
        'POST',
        '/api/tickets/5/window',
        { body: { start: FIRST_WINDOW, class: 'maintenance', overrideBlackouts: true } },
        400,
        'INVALID_INPUT',
      ],
      [
        'a malformed ticket id',
        'POST',
        '/api/tickets/12ab/window',
        { body: { start: FIRST_WINDOW, class: 'maintenance' } },
        400,
        'INVALID_TICKET_ID',
      ],
      [
        'a text body',
        'POST',
        '/api/tickets/5/window',
        { rawBody: 'start=now', headers: { 'content-type': 'text/plain' } },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'a form body',
        'POST',
        '/api/tickets/5/events',
        {
          rawBody: 'type=upgrade_started',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'k' },
        },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'an event without Idempotency-Key',
        'POST',
        '/api/tickets/5/events',
        { body: { type: 'upgrade_started' } },
        400,
        'IDEMPOTENCY_KEY_MISSING',
      ],
      [
        'an event the route does not take',
        'POST',
        '/api/tickets/5/events',
        { body: { type: 'window_scheduled' }, headers: { 'idempotency-key': 'k1' } },
        400,
        'INVALID_INPUT',
      ],
      [
        'an event with a numeric instance',
        'POST',
        '/api/tickets/5/events',
        { body: { type: 'instance_upgrade_started', instance: 3 }, headers: { 'idempotency-key': 'k2' } },
        400,
        'INVALID_INPUT',
      ],
      ['a count out of range', 'GET', '/api/windows?count=5000', {}, 400, 'INVALID_INPUT'],
      ['a malformed from', 'GET', '/api/windows?from=tomorrow', {}, 400, 'INVALID_INPUT'],
      ['an unknown query key', 'GET', '/api/bookings?conflict=true', {}, 400, 'INVALID_INPUT'],
      ['an unknown zone', 'GET', '/schedule?tz=Mars/Olympus', { token: null }, 400, 'INVALID_INPUT'],
      ['a zone abbreviation', 'GET', '/schedule?tz=CST', { token: null }, 400, 'INVALID_INPUT'],
      ['a malformed ticket id to read', 'GET', '/api/tickets/-4', {}, 400, 'INVALID_TICKET_ID'],
      [
        'a preview of an unknown type',
        'POST',
        '/api/tickets/5/preview',
        { body: { type: 'coffee_break' } },
        400,
        'INVALID_INPUT',
      ],
      ['an unknown route', 'GET', '/api/nothing-here', {}, 404, 'NOT_FOUND'],
    ];

    it.each(cases)(
      'answers %s with its status and a JSON error',
      async (_name, method, path, options, status, code) => {
        const answer = await call(base, method, path, options);
        expect([answer.status, answer.body?.error?.code]).toEqual([status, code]);
        expect(typeof answer.body.error.message).toBe('string');
        expect(await storedCounts()).toEqual({ bookings: 0, outbox: 0 });
      },
    );

    it('refuses a zone abbreviation on /schedule naming tz and an IANA name to give instead', async () => {
      const answer = await call(base, 'GET', '/schedule?tz=cst', { token: null });
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(
        /^tz: "cst" is not an IANA time zone name; give one such as America\/Chicago/,
      );
    });

    it('refuses a body over 1 MiB with 413 on any route', async () => {
      const huge = JSON.stringify({ type: 'upgrade_started', reason: 'x'.repeat(1024 * 1024) });
      for (const path of ['/api/tickets/5/events', '/api/tickets/5/window', '/healthz']) {
        const answer = await call(base, 'POST', path, {
          rawBody: huge,
          headers: { 'content-type': 'application/json', 'idempotency-key': 'big' },
        });
        expect([path, answer.status, answer.body.error.code]).toEqual([path, 413, 'PAYLOAD_TOO_LARGE']);
      }
      expect(await storedCounts()).toEqual({ bookings: 0, outbox: 0 });
    });

    it('shows a ticket it has never seen as unscheduled', async () => {
      const answer = await call(base, 'GET', '/api/tickets/987654');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        ticketId: 987654,
        state: 'unscheduled',
        booking: null,
        requester: { locale: null, timeZone: null },
        instances: [],
        validation: 'none',
        decision: null,
        review: null,
        decisionDeadline: null,
        offer: null,
        deferrals: 0,
        allowedEvents: [],
        history: [],
      });
    });

    it('refuses a window that is no occurrence with 409 WINDOW_UNAVAILABLE and its reasons', async () => {
      const answer = await call(base, 'POST', '/api/tickets/5/window', {
        body: { start: '2026-12-01T17:00:00-06:00', class: 'maintenance' },
      });
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('WINDOW_UNAVAILABLE');
      expect(answer.body.error.reasons.map((reason: { code: string }) => reason.code)).toEqual(['NOT_A_WINDOW']);
      expect(await storedCounts()).toEqual({ bookings: 0, outbox: 0 });
    });

    it('answers 409 NO_BOOKING when cancelling a ticket without a booking', async () => {
      const answer = await call(base, 'DELETE', '/api/tickets/5/window');
      expect([answer.status, answer.body.error.code]).toEqual([409, 'NO_BOOKING']);
    });
  });

  describe('idempotent events', () => {
    it('replays a refused event with its 409 and Idempotent-Replayed, and refuses the key for another body with 422', async () => {
      const ticketId = 4242;
      const first = await call(base, 'POST', `/api/tickets/${ticketId}/events`, {
        token: AUTOMATION_TOKEN,
        body: { type: 'upgrade_completed' },
        headers: { 'idempotency-key': 'run-1' },
      });
      expect(first.status).toBe(409);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const again = await call(base, 'POST', `/api/tickets/${ticketId}/events`, {
        token: AUTOMATION_TOKEN,
        body: { type: 'upgrade_completed' },
        headers: { 'idempotency-key': 'run-1' },
      });
      expect(again.status).toBe(409);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await call(base, 'POST', `/api/tickets/${ticketId}/events`, {
        token: AUTOMATION_TOKEN,
        body: { type: 'upgrade_started' },
        headers: { 'idempotency-key': 'run-1' },
      });
      expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    });
  });

  describe('repeated headers', () => {
    it('refuses two Idempotency-Key headers with 400 rather than joining them into a third key', async () => {
      const { request } = await import('node:http');
      const url = new URL('/api/tickets/7003/events', base);
      const body = JSON.stringify({ type: 'upgrade_started' });
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const call = request(url, { method: 'POST' }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        });
        call.on('error', reject);
        // An array value sends the header once per element, as a client or proxy that repeats it would.
        call.setHeader('idempotency-key', ['k4', 'k5']);
        call.setHeader('authorization', `Bearer ${AUTOMATION_TOKEN}`);
        call.setHeader('content-type', 'application/json');
        call.end(body);
      });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe('DUPLICATE_HEADER');
      expect((await call(base, 'GET', '/api/tickets/7003')).body.history).toEqual([]);
    });
  });

  describe('JSON content types', () => {
    it('takes a body sent as application/json; charset=utf-8', async () => {
      const answer = await call(base, 'POST', '/api/tickets/7001/window', {
        rawBody: JSON.stringify({ start: '2026-12-04T18:00:00-06:00', class: 'maintenance' }),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(answer.status).toBe(201);
    });

    it('takes a DELETE that declares JSON but sends no body (the ZAF proxy does)', async () => {
      const answer = await call(base, 'DELETE', '/api/tickets/7002/window', {
        rawBody: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('NO_BOOKING');
    });
  });

  describe('booking', () => {
    it('gives exactly two of many simultaneous bookings of a capacity-2 window, 409 to the rest', async () => {
      const tickets = Array.from({ length: 12 }, (_, index) => 5000 + index);
      const answers = await Promise.all(
        tickets.map((ticketId) =>
          call(base, 'POST', `/api/tickets/${ticketId}/window`, {
            body: { start: FIRST_WINDOW, class: 'maintenance' },
          }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([201, 201, ...Array(10).fill(409)]);
      for (const refused of answers.filter((answer) => answer.status === 409)) {
        expect(refused.body.error.code).toBe('WINDOW_UNAVAILABLE');
        expect(refused.body.error.reasons.map((reason: { code: string }) => reason.code)).toEqual(['FULL']);
      }
      const booked = await call(base, 'GET', '/api/bookings?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z');
      expect(booked.body).toHaveLength(2);
      // With all=true the list starts at the request: Tuesday 24 and Friday 27 are inside the lead time.
      const windows = await call(base, 'GET', '/api/windows?all=true&count=3&from=2026-11-23T15:00:00Z');
      expect(windows.body.slice(0, 2).map((w: { reasons: { code: string }[] }) => w.reasons[0]!.code)).toEqual([
        'LEAD_TIME',
        'LEAD_TIME',
      ]);
      expect(windows.body[2]).toEqual({
        start: FIRST_WINDOW,
        end: '2026-12-02T00:00:00-06:00',
        rule: 'standard',
        capacity: 2,
        remaining: 0,
        bookable: false,
        reasons: [expect.objectContaining({ code: 'FULL' })],
      });
      // A booked ticket asking for windows does not count its own place.
      const winner = tickets[answers.findIndex((answer) => answer.status === 201)]!;
      const own = await call(base, 'GET', `/api/windows?count=1&ticket=${winner}`);
      expect([own.body[0].start, own.body[0].remaining, own.body[0].bookable]).toEqual([FIRST_WINDOW, 1, true]);

      // Rescheduling releases the old place in the same transaction: 200, and the first window has a place again.
      const moved = await call(base, 'POST', `/api/tickets/${winner}/window`, {
        body: { start: '2026-12-04T18:00:00-06:00', class: 'maintenance' },
      });
      expect([moved.status, moved.body.booking.start, moved.body.booking.sequence]).toEqual([
        200,
        '2026-12-04T18:00:00-06:00',
        1,
      ]);
      const after = await call(base, 'GET', '/api/windows?count=1');
      expect([after.body[0].start, after.body[0].remaining]).toEqual([FIRST_WINDOW, 1]);
    });

    it('lists bookings the policy no longer allows with conflicts=true', async () => {
      const ticketId = 6001;
      const booked = await call(base, 'POST', `/api/tickets/${ticketId}/window`, {
        body: { start: '2026-12-29T17:00:00-06:00', class: 'hotfix', reason: 'security fix', overrideBlackout: true },
      });
      expect(booked.status).toBe(201);
      const conflicts = await call(base, 'GET', '/api/bookings?conflicts=true');
      expect(conflicts.body).toEqual([
        {
          ticketId,
          start: '2026-12-29T17:00:00-06:00',
          end: '2026-12-29T19:00:00-06:00',
          rule: 'hotfix',
          class: 'hotfix',
          reason: 'security fix',
          reasons: [expect.objectContaining({ code: 'BLACKOUT' })],
        },
      ]);
    });
  });

  describe('the public schedule', () => {
    it('shows upcoming windows and blackouts by quarter in the zone asked, without capacities', async () => {
      const page = await call(base, 'GET', '/schedule?tz=Europe/Paris&months=3', { token: null });
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(page.body).toContain('<h2>2026 Q4</h2>');
      expect(page.body).toContain('<h2>2027 Q1</h2>');
      expect(page.body).toContain('Wed 2 Dec 2026, 01:00 – 07:00 CET');
      expect(page.body).toContain('Year-end freeze');
      expect(page.body).not.toMatch(/capacity|remaining/i);
    });

    it('has no product headings without products: quarters only, and the one feed to subscribe to', async () => {
      const html = (await call(base, 'GET', '/schedule', { token: null })).body as string;
      const h2 = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
      expect(h2).toEqual(['Add these windows to your calendar', '2026 Q4', '2027 Q1', '2027 Q2']);
      expect(html).toMatch(/<li><a href="webcal:\/\/127\.0\.0\.1:\d+\/schedule\.ics">subscribe<\/a>/);
      expect(html).not.toContain('All products');
    });

    it('may not be framed, and carries a Content-Security-Policy and nosniff', async () => {
      const page = await call(base, 'GET', '/schedule', { token: null });
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; .*frame-ancestors 'none'$/);
      const api = await call(base, 'GET', '/api/policy');
      expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('serves a feed with one VEVENT per occurrence and UIDs stable between fetches', async () => {
      const first = await call(base, 'GET', '/schedule.ics?months=1', { token: null });
      const second = await call(base, 'GET', '/schedule.ics?months=1', { token: null });
      expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const uids = (text: string) => [...text.matchAll(/^UID:(.*)$/gm)].map((match) => match[1]!.trim());
      expect(uids(first.body)).toEqual(uids(second.body));
      expect(uids(first.body)[0]).toBe('standard-20261125T000000Z@acme.example');
      expect(uids(first.body)).toHaveLength(first.body.split('BEGIN:VEVENT').length - 1);
    });
  });

  describe('health', () => {
    it('answers 503 with a JSON body when the store cannot be reached', async () => {
      const local = await startStack({ now: () => NOW });
      try {
        (local.backend.store as unknown as { db: Database.Database }).db.close();
        const health = await call(local.backend.url, 'GET', '/healthz', { token: null });
        expect(health.status).toBe(503);
        expect(health.body.status).toBe('unavailable');
        const read = await call(local.backend.url, 'GET', '/api/tickets/3');
        expect([read.status, read.body.error.code]).toEqual([503, 'STORE_UNAVAILABLE']);
      } finally {
        await local.close().catch(() => undefined);
      }
    });
  });
});
