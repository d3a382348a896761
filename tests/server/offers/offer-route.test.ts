import { AGENT_TOKEN, AUTOMATION_TOKEN, call } from '../helpers.js';
import { DANA, T0, bookedTicket, fieldsOf, settled, startCaptureStack, type CaptureStack } from '../capture/stack.js';
import { CAMILLE, SELF_SERVICE_POLICY, lastProductComment, newSandboxTicket, offer } from './offer-stack.js';

// POST /api/tickets/:id/offer (docs/API.md): the next eligible windows, posted numbered through the outbox.

let stack: CaptureStack;

beforeAll(async () => {
  stack = await startCaptureStack({ policy: SELF_SERVICE_POLICY });
});

afterAll(async () => {
  await stack.close();
});

describe('POST /api/tickets/:id/offer', () => {
  it('offers the next three eligible windows, numbered, in English; the ticket view shows the open offer', async () => {
    const ticketId = await newSandboxTicket(stack);
    const expected = (await call(stack.backend.url, 'GET', '/api/windows?count=3')).body.map(
      (window: { start: string }) => window.start,
    );
    const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/offer`, { body: {} });
    expect(answer.status).toBe(202);
    expect(answer.body.state).toBe('offered');
    expect(answer.body.offer.windows.map((window: { start: string }) => window.start)).toEqual(expected);
    // Offered a minute after T0, open for the policy's default P3D.
    expect(answer.body.offer.expiresAt).toBe('2026-11-25T06:01:00-06:00');
    expect(answer.body.deferrals).toBe(0);

    await settled(stack, ticketId);
    const view = (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body;
    expect(view.offer.windows).toHaveLength(3);
    expect(view.history.map((entry: { type: string }) => entry.type)).toContain('window_offered');
    const text = lastProductComment(stack, ticketId, 'public');
    expect(text).toMatch(/^Hello,/);
    expect(text).toMatch(/^1\. .*\n2\. .*\n3\. /m);
    expect(text).not.toMatch(/^4\. /m);
    expect(text).toContain('reply with the number');
    expect(fieldsOf(stack, ticketId)).toMatchObject({ status: 'uw_status_offered' });
  });

  it('writes the offer in French for a French requester, and honours count', async () => {
    const ticketId = await newSandboxTicket(stack, CAMILLE);
    const body = await offer(stack, ticketId, { count: 2 });
    expect(body.offer.windows).toHaveLength(2);
    const text = lastProductComment(stack, ticketId, 'public');
    expect(text).toMatch(/^Bonjour,/);
    expect(text).toMatch(/^2\. /m);
    expect(text).not.toMatch(/^3\. /m);
    expect(text).toContain('répondre avec le numéro');
  });

  it.each([
    ['a count above 5', { count: 6 }],
    ['a count of 0', { count: 0 }],
    ['a count that is text', { count: '2' }],
    ['a fractional count', { count: 1.5 }],
    ['an unknown field', { windows: 3 }],
  ])('refuses %s with 400, storing nothing', async (_name, body) => {
    const ticketId = await newSandboxTicket(stack);
    const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/offer`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_INPUT');
    const view = (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`)).body;
    expect([view.state, view.offer, view.history]).toEqual(['unscheduled', null, []]);
  });

  it('refuses to offer windows on a booked ticket with 409, naming the state', async () => {
    const { ticketId } = await bookedTicket(stack, DANA);
    const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/offer`, { body: {} });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('INVALID_STATE');
    expect(answer.body.error.message).toContain('windows cannot be offered');
  });

  it('needs the agent token', async () => {
    const ticketId = await newSandboxTicket(stack);
    const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/offer`, {
      body: {},
      token: AUTOMATION_TOKEN,
    });
    expect(answer.status).toBe(403);
  });

  it('previews the offer for the requester, posting nothing', async () => {
    const ticketId = await newSandboxTicket(stack, CAMILLE);
    const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/preview`, {
      body: { type: 'window_offered', count: 3 },
      token: AGENT_TOKEN,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ type: 'window_offered', public: true, posts: true, locale: 'fr-CA' });
    expect(answer.body.text).toMatch(/^3\. /m);
    const view = (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`)).body;
    expect([view.state, view.history]).toEqual(['unscheduled', []]);
    expect(stack.clock.now).toBeGreaterThan(T0);
  });
});
