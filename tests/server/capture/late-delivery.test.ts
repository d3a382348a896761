import { signWebhook } from '../../../src/zendesk/signing.js';
import { AUTOMATION_TOKEN, call } from '../helpers.js';
import { isoSeconds, post } from '../webhooks/receiver-helpers.js';
import { DANA, inboxOf, processedAll, quiet, reply, settled, startCaptureStack, type CaptureStack } from './stack.js';

// The product's comments reach Zendesk through the outbox, so they can land after the customer's answer: a slow or
// rate-limited Zendesk, or a replica killed while it held the ticket's delivery (the replicas reliability test).
// A GO written after the booking must still decide when the booking's comment is posted after it.

let stack: CaptureStack;

const WINDOW_START = Date.parse('2026-12-02T00:00:00Z'); // Tuesday 1 December 2026, 18:00 in Chicago

beforeAll(async () => {
  stack = await startCaptureStack();
});

afterAll(async () => {
  await stack.close();
});

it("captures a GO written before the product's first comment was delivered, judged after it was", async () => {
  const created = await call(stack.served.url, 'POST', '/_sandbox/tickets', {
    token: null,
    body: { subject: 'Upgrade to 5.2', requester: DANA },
  });
  const ticketId = created.body.ticket.id as number;
  stack.clock.now += 60_000;

  // Nothing of the product reaches the ticket yet: booked, started and asked for a decision, all still queued.
  await stack.backend.worker.stop();
  const windows = await call(stack.backend.url, 'GET', '/api/windows?count=1');
  const booked = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
    body: { start: windows.body[0].start as string, class: 'maintenance' },
  });
  expect(booked.status).toBe(201);
  stack.clock.now = WINDOW_START + 10 * 60_000;
  for (const body of [
    { type: 'upgrade_started' },
    { type: 'decision_requested', reason: 'the migration is slow', anticipatedEnd: '2026-12-02T09:00:00Z' },
  ]) {
    const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/events`, {
      token: AUTOMATION_TOKEN,
      body,
      headers: { 'idempotency-key': `late-${body.type}` },
    });
    expect(answer.status).toBe(202);
  }
  stack.clock.now += 5 * 60_000;

  // The customer answers; the webhook is stored, and read only once the product's comments were posted.
  await stack.backend.inbox.stop();
  const sent = await reply(stack, ticketId, 'Go ahead, please proceed.');
  const body = `{"ticket_id": "${ticketId}"}`;
  const stamp = isoSeconds(stack.clock.now);
  const announced = await post(stack.backend.url, body, {
    'content-type': 'application/json',
    'x-zendesk-webhook-invocation-id': `late-${ticketId}`,
    'x-zendesk-webhook-signature-timestamp': stamp,
    'x-zendesk-webhook-signature': signWebhook(stack.webhookSecret, stamp, body),
  });
  expect(announced.status).toBe(200);
  expect(inboxOf(stack, ticketId).filter((row) => !row.processed)).not.toEqual([]);
  await stack.backend.worker.start();
  await settled(stack, ticketId);
  const comments = stack.sandbox.state.tickets.find((ticket) => ticket.id === ticketId)!.comments;
  const firstOwn = comments.find((comment) => comment.author_id === stack.sandbox.apiUserId)!;
  expect(firstOwn.id).toBeGreaterThan(sent.comment.id);

  await stack.backend.inbox.start();
  await quiet(stack, ticketId);
  expect(processedAll(stack, ticketId).filter((row) => row.commentId === sent.comment.id)).toEqual([
    { commentId: sent.comment.id, outcome: 'captured', detail: 'GO: Go ahead, please proceed' },
  ]);
  const view = await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN });
  expect(view.body.state).toBe('in_progress');
});
