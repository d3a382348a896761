import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, eventually } from '../helpers.js';
import { DANA, processed, quiet, reply, startCaptureStack, type CaptureStack } from '../capture/stack.js';
import { LOUIS, SELF_SERVICE_POLICY, lastProductComment, newSandboxTicket, offer } from './offer-stack.js';

// What capture does with replies to an offer and requests to move (docs/REPLIES.md), beyond the happy path:
// a window that filled up meanwhile, unclear answers, moves that cannot be automatic, the deferral budget.

let stack: CaptureStack;
let receiver: Server;
const notified: Record<string, unknown>[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      notified.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  stack = await startCaptureStack({
    // One place per window, so that another ticket can fill the window a customer is about to choose.
    policy: { ...SELF_SERVICE_POLICY, rules: [{ ...SELF_SERVICE_POLICY.rules[0], capacity: 1 }] },
    notify: { url: `http://127.0.0.1:${port}/escalations`, secret: 'notify-secret-0123456789' },
  });
});

afterAll(async () => {
  await stack.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const view = async (ticketId: number) => (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`)).body;
const starts = (windows: { start: string }[]) => windows.map((window) => window.start);
const types = (upgrade: { history: { type: string; public: boolean }[] }) =>
  upgrade.history.map((entry) => `${entry.public ? 'public' : 'internal'} ${entry.type}`);

/** Books `start` for the ticket through the API, as an agent would. */
async function book(ticketId: number, start: string): Promise<void> {
  const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
    body: { start, class: 'maintenance' },
  });
  if (answer.status !== 201) throw new Error(`booking: ${answer.status} ${JSON.stringify(answer.body)}`);
  await quiet(stack, ticketId);
}

async function answer(ticketId: number, text: string, requester: { email: string } = DANA) {
  const sent = await reply(stack, ticketId, text, { email: requester.email });
  await quiet(stack, ticketId);
  return sent.comment.id;
}

describe('a reply to an offer', () => {
  it('offers again, saying why, when the chosen window filled up meanwhile; a later choice books', async () => {
    const ticketId = await newSandboxTicket(stack);
    const first = starts((await offer(stack, ticketId)).offer.windows);
    const other = await newSandboxTicket(stack);
    await book(other, first[1]!);

    const commentId = await answer(ticketId, '2 please');
    const upgrade = await view(ticketId);
    expect(upgrade.state).toBe('offered');
    expect(upgrade.booking).toBeNull();
    // The full window is left out; the next eligible one joins the offer.
    expect(starts(upgrade.offer.windows)).toEqual([first[0], first[2], '2026-12-11T18:00:00-06:00']);
    expect(lastProductComment(stack, ticketId, 'public')).toContain(
      'Window 2 is no longer available. Here are the next windows we can offer.',
    );
    expect(processed(stack, ticketId)).toEqual([
      { commentId, outcome: 'note', detail: expect.stringMatching(/^CHOICE 2: .*full.*; offered again$/) },
    ]);

    await answer(ticketId, 'Then the first one.');
    const booked = await view(ticketId);
    expect([booked.state, booked.booking.start, booked.offer]).toEqual(['scheduled', first[0], null]);
  });

  it('flags an answer that names no offered window for an agent, quoting it, and keeps the offer open', async () => {
    const ticketId = await newSandboxTicket(stack);
    await offer(stack, ticketId);
    const commentId = await answer(ticketId, 'Maybe one of the later ones? I need to check with my team.');
    const upgrade = await view(ticketId);
    expect([upgrade.state, upgrade.offer.windows.length]).toEqual(['offered', 3]);
    expect(upgrade.review).toEqual({ commentId: String(commentId), evidence: expect.any(String) });
    expect(types(upgrade).slice(-1)).toEqual(['internal unclear_reply']);
    expect(lastProductComment(stack, ticketId, 'internal')).toContain('Maybe one of the later ones?');
    expect(processed(stack, ticketId)).toEqual([{ commentId, outcome: 'review', detail: expect.any(String) }]);
  });
});

describe('a request to move a booked window', () => {
  it('flags a request that names no day, with a note asking the agent to agree one', async () => {
    const ticketId = await newSandboxTicket(stack);
    await book(ticketId, '2027-01-01T18:00:00-06:00');
    const commentId = await answer(ticketId, 'Could you please reschedule? The date no longer works for us.');
    const upgrade = await view(ticketId);
    expect([upgrade.state, upgrade.booking.start, upgrade.deferrals]).toEqual([
      'scheduled',
      '2027-01-01T18:00:00-06:00',
      0,
    ]);
    expect(upgrade.review.commentId).toBe(String(commentId));
    expect(types(upgrade).slice(-1)).toEqual(['internal reschedule_requested']);
    expect(lastProductComment(stack, ticketId, 'internal')).toContain('please ask the customer which day suits them');
    expect(processed(stack, ticketId)).toEqual([
      { commentId, outcome: 'review', detail: expect.stringMatching(/^RESCHEDULE not moved \(no_day\)/) },
    ]);
  });

  it("reads the day in the customer's zone: a Paris Tuesday holds no Chicago evening window, so nothing moves", async () => {
    const ticketId = await newSandboxTicket(stack, LOUIS);
    await book(ticketId, '2027-01-05T18:00:00-06:00');
    const commentId = await answer(ticketId, 'Pouvez-vous décaler au mardi 15 décembre ?', LOUIS);
    const upgrade = await view(ticketId);
    expect([upgrade.booking.start, upgrade.deferrals]).toEqual(['2027-01-05T18:00:00-06:00', 0]);
    expect(upgrade.review.commentId).toBe(String(commentId));
    // Tuesday 15 December, 18:00 in Chicago, is already Wednesday in Paris.
    expect(lastProductComment(stack, ticketId, 'internal')).toContain('2026-12-15');
    expect(processed(stack, ticketId)).toEqual([
      { commentId, outcome: 'review', detail: expect.stringMatching(/^RESCHEDULE not moved \(not_one_window\)/) },
    ]);
  });

  it('moves twice, then escalates the third move: note, flag, and an escalation to NOTIFY_URL', async () => {
    const ticketId = await newSandboxTicket(stack);
    await book(ticketId, '2026-12-15T18:00:00-06:00');
    await answer(ticketId, 'Can we do Friday the 18th instead?');
    expect((await view(ticketId)).booking.start).toBe('2026-12-18T18:00:00-06:00');
    await answer(ticketId, 'Could we move it to December 29?');
    const moved = await view(ticketId);
    expect([moved.booking.start, moved.booking.sequence, moved.deferrals]).toEqual(['2026-12-29T18:00:00-06:00', 2, 2]);

    const commentId = await answer(ticketId, 'Sorry again, can we do Friday January 8 instead?');
    const upgrade = await view(ticketId);
    expect([upgrade.booking.start, upgrade.booking.sequence, upgrade.deferrals]).toEqual([
      '2026-12-29T18:00:00-06:00',
      2,
      2,
    ]);
    expect(upgrade.review.commentId).toBe(String(commentId));
    expect(types(upgrade).slice(-1)).toEqual(['internal deferral_budget_spent']);
    expect(lastProductComment(stack, ticketId, 'internal')).toContain('already used 2 of 2 moves and No-Gos');
    await eventually('escalation notified', () => notified.some((body) => body.type === 'escalation'));
    expect(notified.filter((body) => body.type === 'escalation')).toEqual([
      {
        type: 'escalation',
        ticketId,
        reason: 'deferral budget spent',
        deferrals: 2,
        maxDeferrals: 2,
        at: expect.stringMatching(/^2026-11-2\dT.*-06:00$/),
      },
    ]);
  });
});

describe('a No-Go before the start', () => {
  it('is honoured, moving the booking, and counts against the deferral budget', async () => {
    const ticketId = await newSandboxTicket(stack);
    await book(ticketId, '2027-01-08T18:00:00-06:00');
    await answer(ticketId, 'Please do not proceed.');
    const upgrade = await view(ticketId);
    expect(upgrade.decision.value).toBe('NO_GO');
    expect(upgrade.booking.start).not.toBe('2027-01-08T18:00:00-06:00');
    expect(upgrade.deferrals).toBe(1);
  });

  it('honours a No-Go past the budget, withdraws the booking instead of moving it, and escalates', async () => {
    const ticketId = await newSandboxTicket(stack);
    await book(ticketId, '2027-01-19T18:00:00-06:00');
    await answer(ticketId, 'Could we move it to January 22?');
    await answer(ticketId, 'Could we move it to January 26?');
    expect((await view(ticketId)).deferrals).toBe(2);

    const commentId = await answer(ticketId, 'No-go. We cannot take the upgrade that week.');
    const upgrade = await view(ticketId);
    expect([upgrade.state, upgrade.booking, upgrade.deferrals]).toEqual(['unscheduled', null, 3]);
    expect(upgrade.review.commentId).toBe(String(commentId));
    // The two moves were posted; the No-Go's answer and its note come after, and nothing is rescheduled by it.
    expect(types(upgrade).slice(-2)).toEqual(['public decision_received', 'internal no_go_past_budget']);
    expect(lastProductComment(stack, ticketId, 'public')).toContain(
      'will contact you on this ticket to agree a new date',
    );
    expect(lastProductComment(stack, ticketId, 'internal')).toContain('already used 2 of 2 moves and No-Gos');
    await eventually('escalation notified', () =>
      notified.some((body) => body.type === 'escalation' && body.ticketId === ticketId),
    );
  });
});

describe('with self-service moves off (the default)', () => {
  let manual: CaptureStack;
  beforeAll(async () => {
    manual = await startCaptureStack();
  });
  afterAll(async () => {
    await manual.close();
  });

  it("flags the request with the day's one eligible window listed, and moves nothing", async () => {
    const ticketId = await newSandboxTicket(manual);
    const offered = await offer(manual, ticketId);
    await reply(manual, ticketId, '1', { email: DANA.email });
    await quiet(manual, ticketId);
    await reply(manual, ticketId, 'Can we do Friday the 4th instead?', { email: DANA.email });
    await quiet(manual, ticketId);
    const upgrade = (await call(manual.backend.url, 'GET', `/api/tickets/${ticketId}`)).body;
    expect([upgrade.booking.start, upgrade.deferrals]).toEqual([offered.offer.windows[0]!.start, 0]);
    const note = lastProductComment(manual, ticketId, 'internal');
    expect(note).toContain('moves by reply are not automatic');
    expect(note).toMatch(/Eligible windows that day:\n1\. .*December 4/);
  });
});
