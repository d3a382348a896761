import { signWebhook } from '../../../src/zendesk/signing.js';
import { AUTOMATION_TOKEN, call, eventually } from '../helpers.js';
import { isoSeconds, post } from '../webhooks/receiver-helpers.js';
import {
  DANA,
  bookedTicket,
  fieldsOf,
  inboxOf,
  processed,
  productComments,
  quiet,
  reply,
  report,
  requestDecision,
  STANDARD_POLICY,
  startCaptureStack,
  WINDOW_START,
  type CaptureStack,
} from './stack.js';

// End to end: a customer's reply through the sandbox's /_sandbox/tickets/:id/replies, the sandbox's trigger and
// signed webhook, the real server's receiver, inbox, capture and outbox, back to the sandbox's ticket.

let stack: CaptureStack;
/** Tickets awaiting a decision, booked at T0 and started in their window. */
const awaiting: Record<string, number> = {};
let scheduledTicket = 0;
let completedTicket = 0;

beforeAll(async () => {
  stack = await startCaptureStack();
  for (const name of ['go', 'noGo', 'unclear', 'duplicate', 'agent', 'internal', 'stranger', 'order']) {
    awaiting[name] = (await bookedTicket(stack)).ticketId;
  }
  scheduledTicket = (await bookedTicket(stack)).ticketId;
  completedTicket = (await bookedTicket(stack)).ticketId;
  stack.clock.now = WINDOW_START + 10 * 60_000;
  await report(stack, completedTicket, { type: 'upgrade_started' });
  await report(stack, completedTicket, { type: 'instance_upgrade_started', instance: 'eu-1' });
  await report(stack, completedTicket, { type: 'instance_upgrade_completed', instance: 'eu-1' });
  await report(stack, completedTicket, { type: 'validation_started' });
  await report(stack, completedTicket, { type: 'validation_completed' });
  await report(stack, completedTicket, { type: 'upgrade_completed' });
  for (const ticketId of Object.values(awaiting)) await requestDecision(stack, ticketId);
  stack.clock.now += 5 * 60_000;
});

afterAll(async () => {
  await stack.close();
});

const ticketView = async (ticketId: number) =>
  (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body;

describe('decision capture through the sandbox', () => {
  it("captures a customer's GO: fields set, state in progress, one acknowledgement, comment read back", async () => {
    const ticketId = awaiting.go!;
    const before = productComments(stack, ticketId).length;
    const sent = await reply(stack, ticketId, 'Yes, go ahead.\n\nDana');
    expect(sent.invocations.map((invocation) => [invocation.delivered, invocation.body])).toEqual([
      [true, `{"ticket_id": "${ticketId}"}`],
    ]);
    await quiet(stack, ticketId);

    const requesterId = stack.sandbox.state.tickets.find((ticket) => ticket.id === ticketId)!.requester_id;
    expect(fieldsOf(stack, ticketId)).toMatchObject({
      status: 'uw_status_in_progress',
      decision: 'uw_decision_go',
      decisionAt: '2026-12-01T18:15:00-06:00',
      decisionBy: `Dana Scully (${requesterId})`,
      decisionEvidence: 'go ahead',
    });
    expect(productComments(stack, ticketId).slice(before)).toEqual([[true, 'Hello,']]);
    const view = await ticketView(ticketId);
    expect([view.state, view.decision]).toEqual([
      'in_progress',
      {
        value: 'GO',
        at: '2026-12-01T18:15:00-06:00',
        by: `Dana Scully (${requesterId})`,
        evidence: 'go ahead',
        commentId: String(sent.comment.id),
        source: 'customer',
      },
    ]);
    expect(view.history.map((entry: { type: string }) => entry.type).slice(-1)).toEqual(['decision_received']);
    expect(inboxOf(stack, ticketId)).toEqual([{ id: sent.invocations[0]!.invocationId, processed: true }]);
    const reads = stack.sandbox
      .ledger()
      .filter((entry) => entry.method === 'GET' && entry.path.startsWith(`/api/v2/tickets/${ticketId}/comments`));
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(processed(stack, ticketId)).toEqual([
      { commentId: sent.comment.id, outcome: 'captured', detail: 'GO: go ahead' },
    ]);
  });

  it("captures a customer's NO-GO: fields set, rolling back, one acknowledgement", async () => {
    const ticketId = awaiting.noGo!;
    const before = productComments(stack, ticketId).length;
    await reply(stack, ticketId, 'Please roll back.', { email: DANA.email }, 'web');
    await quiet(stack, ticketId);
    expect(fieldsOf(stack, ticketId)).toMatchObject({
      status: 'uw_status_rolling_back',
      decision: 'uw_decision_no_go',
      decisionEvidence: 'roll back',
    });
    expect(productComments(stack, ticketId).slice(before)).toEqual([[true, 'Hello,']]);
    expect((await ticketView(ticketId)).state).toBe('rolling_back');
  });

  it('flags an unclear reply for review with an internal note quoting it, and changes nothing else', async () => {
    const ticketId = awaiting.unclear!;
    const before = productComments(stack, ticketId).length;
    await reply(stack, ticketId, 'Not sure yet, is it safe to go?');
    await quiet(stack, ticketId);
    const fields = fieldsOf(stack, ticketId);
    expect([fields.status, fields.needsReview, fields.decision]).toEqual([
      'uw_status_awaiting_decision',
      true,
      undefined,
    ]);
    const notes = stack.sandbox.state.tickets
      .find((ticket) => ticket.id === ticketId)!
      .comments.filter((comment) => comment.author_id === stack.sandbox.apiUserId)
      .slice(before);
    expect(notes.map((note) => note.public)).toEqual([false]);
    expect(notes[0]!.plain_body).toContain('Dana Scully');
    expect(notes[0]!.plain_body).toContain('Not sure yet, is it safe to go?');
    const view = await ticketView(ticketId);
    expect([view.state, view.decision, view.review?.commentId]).toEqual([
      'awaiting_decision',
      null,
      String(processed(stack, ticketId)[0]!.commentId),
    ]);

    // The preview shows what the customer will read: the team recorded it, and never the agent's note.
    const preview = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/preview`, {
      body: { type: 'decision_received', decision: 'GO', note: 'Customer confirmed GO by phone.' },
    });
    expect([preview.status, preview.body.type, preview.body.public]).toEqual([200, 'decision_received', true]);
    expect(preview.body.text).toContain('Our team recorded your decision: GO.');
    expect(preview.body.text).not.toContain('phone');
    const beforeRecord = productComments(stack, ticketId).length;

    // An agent records the decision on the customer's behalf: it clears the review and is the agent's.
    const recorded = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/decision`, {
      body: { decision: 'GO', note: 'Customer confirmed GO by phone' },
      headers: { 'x-agent-id': '381', 'x-agent-name': 'Sam Rivera' },
    });
    expect([recorded.status, recorded.body.decision?.source, recorded.body.decision?.by, recorded.body.review]).toEqual(
      [200, 'agent', 'Sam Rivera (381)', null],
    );
    await quiet(stack, ticketId);
    expect(fieldsOf(stack, ticketId)).toMatchObject({
      status: 'uw_status_in_progress',
      decision: 'uw_decision_go',
      needsReview: false,
      decisionBy: 'Sam Rivera (381)',
      decisionEvidence: 'Customer confirmed GO by phone',
    });
    // The note stays internal: the public comment says the team recorded the decision; a note keeps the words.
    const posted = stack.sandbox.state.tickets
      .find((ticket) => ticket.id === ticketId)!
      .comments.filter((comment) => comment.author_id === stack.sandbox.apiUserId)
      .slice(beforeRecord);
    const publicText = posted.filter((comment) => comment.public).map((comment) => String(comment.plain_body));
    const noteText = posted.filter((comment) => !comment.public).map((comment) => String(comment.plain_body));
    expect(publicText).toHaveLength(1);
    expect(publicText[0]).toContain('Our team recorded your decision: GO.');
    expect(publicText[0]).not.toContain('by phone');
    expect(noteText).toHaveLength(1);
    expect(noteText[0]).toContain('Sam Rivera (381)');
    expect(noteText[0]).toContain('Customer confirmed GO by phone');
    const again = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/decision`, {
      body: { decision: 'GO', note: 'twice' },
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'go_outside_request']);
  });

  it('processes a duplicated webhook and a second webhook for the same comment once', async () => {
    const ticketId = awaiting.duplicate!;
    const sent = await reply(stack, ticketId, 'GO');
    await quiet(stack, ticketId);
    const after = productComments(stack, ticketId).length;
    const body = sent.invocations[0]!.body;
    const stamp = isoSeconds(stack.clock.now);
    const headers = (invocationId: string, payload: string) => ({
      'content-type': 'application/json',
      'x-zendesk-webhook-invocation-id': invocationId,
      'x-zendesk-webhook-signature-timestamp': stamp,
      'x-zendesk-webhook-signature': signWebhook(stack.webhookSecret, stamp, payload),
    });
    const duplicate = await post(stack.backend.url, body, headers(sent.invocations[0]!.invocationId, body));
    const event = JSON.stringify({
      type: 'zen:event-type:ticket.comment_added',
      subject: `zen:ticket:${ticketId}`,
      detail: { id: String(ticketId) },
      event: { comment: { id: String(sent.comment.id) } },
    });
    const second = await post(stack.backend.url, event, headers('another-invocation', event));
    expect([duplicate.status, duplicate.body.duplicate, second.status, second.body.duplicate]).toEqual([
      200,
      true,
      200,
      false,
    ]);
    await quiet(stack, ticketId);
    expect(productComments(stack, ticketId)).toHaveLength(after);
    expect(processed(stack, ticketId).map((row) => row.outcome)).toEqual(['captured']);
  });

  it("ignores an agent's public comment: the trigger does not fire, and a webhook for it changes nothing", async () => {
    const ticketId = awaiting.agent!;
    const agent = stack.sandbox.state.users.find(
      (user) => user.role === 'agent' && user.id !== stack.sandbox.apiUserId,
    )!;
    const sent = await reply(stack, ticketId, 'GO', { authorId: agent.id });
    expect(sent.invocations).toEqual([]);
    await nudge(ticketId);
    expect(processed(stack, ticketId)).toEqual([
      { commentId: sent.comment.id, outcome: 'ignored', detail: 'comment by an agent' },
    ]);
    expect([fieldsOf(stack, ticketId).status, fieldsOf(stack, ticketId).needsReview ?? false]).toEqual([
      'uw_status_awaiting_decision',
      false,
    ]);
  });

  it("ignores an internal note, even the requester's", async () => {
    const ticketId = awaiting.internal!;
    const requesterId = stack.sandbox.state.tickets.find((ticket) => ticket.id === ticketId)!.requester_id;
    await stack.zendesk.updateTicket(ticketId, { comment: { body: 'GO', public: false, author_id: requesterId } });
    await nudge(ticketId);
    expect(processed(stack, ticketId).map((row) => [row.outcome, row.detail])).toEqual([['ignored', 'internal note']]);
    expect(fieldsOf(stack, ticketId).status).toBe('uw_status_awaiting_decision');
  });

  it('ignores a GO from an end user who may not decide (not the requester)', async () => {
    const ticketId = awaiting.stranger!;
    const before = productComments(stack, ticketId).length;
    const sent = await reply(stack, ticketId, 'GO', { email: 'mulder@elsewhere.example' });
    expect(sent.invocations).toHaveLength(1);
    await quiet(stack, ticketId);
    expect(processed(stack, ticketId)).toEqual([
      { commentId: sent.comment.id, outcome: 'ignored', detail: 'the author is not the requester' },
    ]);
    expect(productComments(stack, ticketId)).toHaveLength(before);
    expect([fieldsOf(stack, ticketId).status, fieldsOf(stack, ticketId).needsReview ?? false]).toEqual([
      'uw_status_awaiting_decision',
      false,
    ]);
  });

  it('answers a GO outside a decision request with an internal note and changes nothing else', async () => {
    const ticketId = scheduledTicket;
    const before = productComments(stack, ticketId).length;
    await reply(stack, ticketId, 'Go ahead!');
    await quiet(stack, ticketId);
    expect(productComments(stack, ticketId).slice(before)).toEqual([
      [
        false,
        'Dana Scully (' +
          String(stack.sandbox.state.tickets.find((t) => t.id === ticketId)!.requester_id) +
          ') replied GO while the upgrade was scheduled; nothing was changed.',
      ],
    ]);
    expect([fieldsOf(stack, ticketId).status, fieldsOf(stack, ticketId).needsReview ?? false]).toEqual([
      'uw_status_scheduled',
      false,
    ]);
    expect((await ticketView(ticketId)).decision).toBeNull();
  });

  it('hears a late No-Go after completion (the trigger covers completed): an internal note, nothing changed', async () => {
    const ticketId = completedTicket;
    const before = productComments(stack, ticketId).length;
    const sent = await reply(stack, ticketId, 'No-go, please roll it back.');
    expect(sent.invocations).toHaveLength(1);
    await quiet(stack, ticketId);
    const added = productComments(stack, ticketId).slice(before);
    expect(added.map(([isPublic]) => isPublic)).toEqual([false]);
    expect(added[0]![1]).toContain('nothing was changed');
    expect(fieldsOf(stack, ticketId).status).toBe('uw_status_completed');
    expect((await ticketView(ticketId)).state).toBe('completed');
  });

  it('takes comments in creation order, whatever order their webhooks are processed in', async () => {
    const ticketId = awaiting.order!;
    await stack.backend.inbox.stop();
    const first = await reply(stack, ticketId, 'No-go, please stop.');
    stack.clock.now += 60_000;
    const second = await reply(stack, ticketId, 'Actually go ahead');
    stack.backend.inbox.start();
    await quiet(stack, ticketId);
    expect(processed(stack, ticketId).map((row) => [row.commentId, row.outcome])).toEqual([
      [first.comment.id, 'captured'],
      [second.comment.id, 'review'],
    ]);
    expect(fieldsOf(stack, ticketId)).toMatchObject({
      status: 'uw_status_rolling_back',
      decision: 'uw_decision_no_go',
      needsReview: true,
    });
  });

  /** Sends a signed trigger-form webhook for the ticket (as a second trigger would) and waits for it. */
  async function nudge(ticketId: number): Promise<void> {
    const body = `{"ticket_id": "${ticketId}"}`;
    const stamp = isoSeconds(stack.clock.now);
    const answer = await post(stack.backend.url, body, {
      'content-type': 'application/json',
      'x-zendesk-webhook-invocation-id': `nudge-${ticketId}-${stack.clock.now}`,
      'x-zendesk-webhook-signature-timestamp': stamp,
      'x-zendesk-webhook-signature': signWebhook(stack.webhookSecret, stamp, body),
    });
    expect(answer.status).toBe(200);
    await quiet(stack, ticketId);
    await eventually('processed', () => processed(stack, ticketId).length > 0);
  }
});

describe('decision capture with approvers: organization', () => {
  let orgStack: CaptureStack;
  let ticketId: number;

  beforeAll(async () => {
    orgStack = await startCaptureStack({
      policy: { ...STANDARD_POLICY, decision: { deadline: 'PT2H', onTimeout: 'wait', approvers: 'organization' } },
    });
    ticketId = (
      await bookedTicket(orgStack, {
        name: 'Priya Natarajan',
        email: 'priya.natarajan@globex.example',
        organization: 'Globex Corporation',
      })
    ).ticketId;
    orgStack.clock.now = WINDOW_START + 10 * 60_000;
    await requestDecision(orgStack, ticketId, 'the EU instance needs a second pass');
  });

  afterAll(async () => {
    await orgStack.close();
  });

  it("ignores an end user of another organization and captures a colleague of the requester's organization", async () => {
    const outsider = await reply(orgStack, ticketId, 'GO', { email: 'jane.cooper@initech.example' });
    await quiet(orgStack, ticketId);
    const colleague = await reply(orgStack, ticketId, 'Go ahead', { email: 'marcus.holt@globex.example' });
    await quiet(orgStack, ticketId);
    expect(processed(orgStack, ticketId).map((row) => [row.commentId, row.outcome, row.detail])).toEqual([
      [
        outsider.comment.id,
        'ignored',
        "the author is neither the requester nor a member of the requester's organization",
      ],
      [colleague.comment.id, 'captured', 'GO: Go ahead'],
    ]);
    const marcus = orgStack.sandbox.state.users.find((user) => user.email === 'marcus.holt@globex.example')!;
    expect(fieldsOf(orgStack, ticketId)).toMatchObject({
      status: 'uw_status_in_progress',
      decision: 'uw_decision_go',
      decisionBy: `Marcus Holt (${marcus.id})`,
    });
  });
});
