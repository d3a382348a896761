import Fastify from 'fastify';
import type { z } from 'zod';
import {
  API,
  bookingRows,
  commentPreview,
  errorBody,
  eventAccepted,
  health,
  policyView,
  ticketUpgrade,
  windowOffers,
} from '../../src/contract/index.js';
import { schemaOf, useContractValidation } from '../../src/server/http/schemas.js';
import { AGENT_TOKEN, call, newTicket, policyOf, startStack, type Stack } from '../server/helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z'); // Monday 09:00 in Chicago
const FIRST_WINDOW = '2026-12-01T18:00:00-06:00';

/** The answer as the contract reads it, with nothing left over: the contract names every field the server sends. */
function expectExactly(schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

describe('the HTTP contract (src/contract)', () => {
  let stack: Stack;
  let base: string;
  let ticketId: number;
  beforeAll(async () => {
    stack = await startStack({
      now: () => NOW,
      policy: policyOf({
        timeZone: 'America/Chicago',
        leadTime: 'P7D',
        rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: 2 }],
        blackouts: [{ start: '2026-12-24T00:00', end: '2027-01-04T00:00', reason: 'Year-end freeze' }],
      }),
    });
    base = stack.backend.url;
    ticketId = await newTicket(stack);
  }, 60_000);
  afterAll(() => stack.close());

  it('describes every answer of a booking, an event, a preview and the reads exactly', async () => {
    const ticket = `/api/tickets/${ticketId}`;
    const headers = { 'x-agent-id': '901', 'x-agent-name': 'Ada Agent' };
    expectExactly(windowOffers, (await call(base, 'GET', '/api/windows?all=true&count=30')).body);
    expectExactly(policyView, (await call(base, 'GET', '/api/policy')).body);
    const preview = await call(base, 'POST', `${ticket}/preview`, {
      body: { type: 'window_scheduled', start: FIRST_WINDOW, class: 'maintenance' },
    });
    expectExactly(commentPreview, preview.body);
    // A hot fix ten minutes from now, so that the upgrade may start at once.
    const booked = await call(base, 'POST', `${ticket}/window`, {
      body: { start: '2026-11-23T09:10:00-06:00', class: 'hotfix', reason: 'Security patch' },
      headers,
    });
    expect(booked.status).toBe(201);
    expectExactly(ticketUpgrade, booked.body);
    const refused = await call(base, 'POST', `${ticket}/events`, {
      body: { type: 'validation_completed' },
      headers: { 'idempotency-key': 'contract-1' },
    });
    expect(refused.status).toBe(409);
    expectExactly(errorBody, refused.body);
    const started = await call(base, 'POST', `${ticket}/events`, {
      body: { type: 'upgrade_started' },
      headers: { 'idempotency-key': 'contract-2' },
    });
    expect([started.status, started.body]).toEqual([
      202,
      { accepted: true, ticketId, type: 'upgrade_started', state: 'in_progress' },
    ]);
    expectExactly(eventAccepted, started.body);
    expectExactly(ticketUpgrade, (await call(base, 'GET', ticket)).body);
    expectExactly(bookingRows, (await call(base, 'GET', '/api/bookings')).body);
    expectExactly(health, (await call(base, 'GET', '/healthz', { token: null })).body);
  });

  it('describes a refused window with its reasons and the facts a screen words', async () => {
    const refused = await call(base, 'POST', `/api/tickets/${ticketId + 1}/window`, {
      body: { start: '2026-12-25T18:00:00-06:00', class: 'maintenance' },
    });
    expect(refused.status).toBe(409);
    expectExactly(errorBody, refused.body);
    expect(refused.body.error.reasons).toEqual([
      expect.objectContaining({
        code: 'BLACKOUT',
        blackout: { start: '2026-12-24T00:00:00-06:00', end: '2027-01-04T00:00:00-06:00', reason: 'Year-end freeze' },
      }),
    ]);
    const soon = await call(base, 'GET', '/api/windows?all=true&count=1');
    expect(soon.body[0].reasons).toEqual([
      expect.objectContaining({ code: 'LEAD_TIME', earliest: '2026-11-30T09:00:00-06:00', leadTime: 'P7D' }),
    ]);
  });

  it.each([
    ['no body', undefined, 'send a JSON object body'],
    ['an array', [1], 'the body must be a JSON object'],
    ['a hot fix without reason', { start: FIRST_WINDOW, class: 'hotfix' }, 'reason: a hot fix needs a reason'],
    ['an unknown class', { start: FIRST_WINDOW, class: 'urgent' }, 'class: must be "maintenance" or "hotfix"'],
    [
      'a start without offset',
      { start: '2026-12-01T18:00', class: 'maintenance' },
      'start: must be an ISO 8601 instant with an offset or Z, got "2026-12-01T18:00"',
    ],
    [
      'a duration in days',
      { start: FIRST_WINDOW, class: 'maintenance', duration: 'P1D' },
      'duration: must be an ISO 8601 duration of hours and minutes (PT2H), got "P1D"',
    ],
  ])('answers a booking with %s with a 400 naming the path', async (_name, body, message) => {
    const answer = await call(base, 'POST', '/api/tickets/5/window', body === undefined ? {} : { body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'INVALID_INPUT', message } });
  });

  it('names the ticket id and the preview type in plain words', async () => {
    const id = await call(base, 'GET', '/api/tickets/12ab');
    expect(id.body.error).toEqual({
      code: 'INVALID_TICKET_ID',
      message: 'ticket id must be a positive whole number, got "12ab"',
    });
    const preview = await call(base, 'POST', '/api/tickets/5/preview', { body: { type: 'coffee_break' } });
    expect(preview.body.error.message).toBe(
      'type: must be an event a pipeline reports, window_scheduled, window_rescheduled, window_cancelled, window_offered or decision_received',
    );
  });

  it('reads X-Agent-Name percent-encoded, so any name reaches "decision by"; a bad encoding is a 400', async () => {
    const id = await newTicket(stack);
    const ticket = `/api/tickets/${id}`;
    const booked = await call(base, 'POST', `${ticket}/window`, {
      body: { start: '2026-11-23T09:10:00-06:00', class: 'hotfix', reason: 'Security patch' },
    });
    expect(booked.status).toBe(201);
    for (const [key, body] of [
      ['names-1', { type: 'upgrade_started' }],
      [
        'names-2',
        { type: 'decision_requested', reason: 'Slow migration', anticipatedEnd: '2026-11-25T09:00:00-06:00' },
      ],
    ] as const) {
      const sent = await call(base, 'POST', `${ticket}/events`, { body, headers: { 'idempotency-key': key } });
      expect(sent.status).toBe(202);
    }
    const decide = (name: string) =>
      call(base, 'POST', `${ticket}/decision`, {
        body: { decision: 'GO', note: 'Confirmed by phone' },
        headers: { 'x-agent-id': '902', 'x-agent-name': name },
      });
    for (const bad of ['Zo%C3', '%E6%9D%8', '100% sure', 'Zo%0Aë']) {
      const refused = await decide(bad);
      expect({ bad, status: refused.status, error: refused.body.error }).toEqual({
        bad,
        status: 400,
        error: {
          code: 'INVALID_INPUT',
          message: 'x-agent-name: must be percent-encoded UTF-8 text (encodeURIComponent), such as Zo%C3%AB for Zoë',
        },
      });
    }
    expect((await call(base, 'GET', ticket)).body.state).toBe('awaiting_decision');
    const recorded = await decide(encodeURIComponent('Zoë Łukasz 李'));
    expect([recorded.status, recorded.body.decision?.by]).toEqual([200, 'Zoë Łukasz 李 (902)']);
  });

  it('never echoes the credential of a refused request', async () => {
    const answer = await call(base, 'GET', `/api/windows?token=${AGENT_TOKEN}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('token');
    expect(JSON.stringify(answer.body)).not.toContain(AGENT_TOKEN);
  });
});

describe('the response schemas on a route', () => {
  it("send only the contract's fields, whatever the handler returns", async () => {
    const app = Fastify();
    useContractValidation(app);
    const leaky = { start: FIRST_WINDOW, end: FIRST_WINDOW, rule: 'standard', capacity: null, remaining: null };
    app.get('/', { schema: schemaOf(API.listWindows) }, async () => [
      { ...leaky, bookable: true, reasons: [], internalCounts: { secret: 1 } },
    ]);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const answer = await fetch(url).finally(() => app.close());
    expect(await answer.json()).toEqual([{ ...leaky, bookable: true, reasons: [] }]);
  });
});
