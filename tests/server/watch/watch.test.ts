import { createServer, type Server } from 'node:http';
import { NOTIFY_HEADERS } from '../../../src/server/notify/notify.js';
import { OverrunWatch, WATCH_ACTOR } from '../../../src/server/watch/watch.js';
import { verifyWebhookSignature } from '../../../src/zendesk/signing.js';
import { AUTOMATION_TOKEN, call, eventually, policyOf } from '../helpers.js';
import {
  bookedTicket,
  fieldsOf,
  productComments,
  report,
  settled,
  startCaptureStack,
  type CaptureStack,
} from '../capture/stack.js';

// The overrun watch, driven by the test's clock through tick(), against the sandbox through the real server.

const WINDOW_START = Date.parse('2026-12-02T00:00:00Z'); // Tuesday 1 December 2026, 18:00 in Chicago
const WINDOW_END = WINDOW_START + 6 * 3_600_000;
const MINUTE = 60_000;

/** A watch over the same store and policy, as a restarted process would build it. */
function restartedWatch(stack: CaptureStack, policyJson: unknown): OverrunWatch {
  return new OverrunWatch({
    store: stack.backend.store,
    changes: stack.backend.changes,
    policy: policyOf(policyJson),
    now: () => stack.clock.now,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

const WAIT_POLICY = {
  timeZone: 'America/Chicago',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
};

describe('overrun watch (onTimeout: wait)', () => {
  let stack: CaptureStack;
  let missed: number;
  let running: number;

  beforeAll(async () => {
    stack = await startCaptureStack({ policy: WAIT_POLICY });
    missed = (await bookedTicket(stack)).ticketId;
    running = (await bookedTicket(stack)).ticketId;
  });

  afterAll(async () => {
    await stack.close();
  });

  it('does nothing before a window starts', async () => {
    stack.clock.now = WINDOW_START - MINUTE;
    expect(await stack.backend.watch.tick()).toEqual([]);
  });

  it('notes a window that started with no upgrade_started, once, even after a restart', async () => {
    stack.clock.now = WINDOW_START + MINUTE;
    await report(stack, running, { type: 'upgrade_started' });
    const before = productComments(stack, missed).length;
    expect(await stack.backend.watch.tick()).toEqual([
      { ticketId: missed, kind: 'missed_start', mark: `missed_start:${WINDOW_START}` },
    ]);
    expect(await stack.backend.watch.tick()).toEqual([]);
    expect(await restartedWatch(stack, WAIT_POLICY).tick()).toEqual([]);
    await settled(stack, missed);
    expect(productComments(stack, missed).slice(before)).toEqual([
      [
        false,
        'The upgrade window started on Tuesday, December 1, 2026, 7:00 PM Eastern Standard Time (America/New_York), that is Tuesday, December 1, 2026, 6:00 PM Central Standard Time (America/Chicago), and no upgrade_started was reported.',
      ],
    ]);
  });

  it('warns overrunWarning (30 min) before a running window ends, once per window', async () => {
    stack.clock.now = WINDOW_END - 31 * MINUTE;
    expect(await stack.backend.watch.tick()).toEqual([]);
    stack.clock.now = WINDOW_END - 30 * MINUTE;
    const before = productComments(stack, running).length;
    expect(await stack.backend.watch.tick()).toEqual([
      { ticketId: running, kind: 'overrun_warning', mark: `overrun:${WINDOW_START}:${WINDOW_END}` },
    ]);
    stack.clock.now += 10 * MINUTE;
    expect(await stack.backend.watch.tick()).toEqual([]);
    expect(await restartedWatch(stack, WAIT_POLICY).tick()).toEqual([]);
    await settled(stack, running);
    const notes = productComments(stack, running).slice(before);
    expect(notes.map(([isPublic]) => isPublic)).toEqual([false]);
    expect(notes[0]![1]).toContain('30 min left and the upgrade is not complete.');
  });

  it('at the deadline of an unanswered request, notes it for the agent and flags the ticket, once', async () => {
    await report(stack, running, {
      type: 'decision_requested',
      reason: 'the data migration is slower than planned',
      anticipatedEnd: '2026-12-02T09:00:00Z',
    });
    const requestedAt = stack.clock.now;
    stack.clock.now = requestedAt + 119 * MINUTE;
    expect(await stack.backend.watch.tick()).toEqual([]);
    stack.clock.now = requestedAt + 120 * MINUTE;
    expect(await stack.backend.watch.tick()).toEqual([
      { ticketId: running, kind: 'decision_timeout', mark: `timeout:${requestedAt}` },
    ]);
    expect(await stack.backend.watch.tick()).toEqual([]);
    await settled(stack, running);
    expect(fieldsOf(stack, running)).toMatchObject({ status: 'uw_status_awaiting_decision', needsReview: true });
    const view = await call(stack.backend.url, 'GET', `/api/tickets/${running}`, { token: AUTOMATION_TOKEN });
    expect([view.body.state, view.body.decision, view.body.review]).toEqual([
      'awaiting_decision',
      null,
      { evidence: 'no answer to the GO/NO-GO request by its deadline' },
    ]);
  });
});

describe('overrun watch (onTimeout: no_go) and NOTIFY_URL', () => {
  const SECRET = 'notify-secret-0123456789';
  let stack: CaptureStack;
  let receiver: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address() as { port: number };
    stack = await startCaptureStack({
      policy: { ...WAIT_POLICY, decision: { deadline: 'PT1H', onTimeout: 'no_go', approvers: 'requester' } },
      notify: { url: `http://127.0.0.1:${address.port}/hooks/upgrades`, secret: SECRET },
    });
  });

  afterAll(async () => {
    await stack.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('applies a NO-GO as the system at the deadline, and tells NOTIFY_URL every change, signed', async () => {
    const { ticketId } = await bookedTicket(stack);
    stack.clock.now = WINDOW_START + MINUTE;
    await report(stack, ticketId, { type: 'upgrade_started' });
    await report(stack, ticketId, {
      type: 'decision_requested',
      reason: 'the data migration is slower than planned',
      anticipatedEnd: '2026-12-02T09:00:00Z',
    });
    stack.clock.now += 60 * MINUTE;
    expect((await stack.backend.watch.tick()).map((action) => action.kind)).toEqual(['decision_timeout']);
    await settled(stack, ticketId);
    expect(fieldsOf(stack, ticketId)).toMatchObject({
      status: 'uw_status_rolling_back',
      decision: 'uw_decision_no_go',
      decisionBy: WATCH_ACTOR,
      decisionAt: '2026-12-01T19:01:00-06:00',
    });
    expect(
      productComments(stack, ticketId)
        .slice(-2)
        .map(([isPublic]) => isPublic),
    ).toEqual([false, true]);

    await eventually('notifications delivered', () => received.length >= 5);
    for (const { headers, body } of received) {
      const verdict = verifyWebhookSignature({
        body: Buffer.from(body),
        signature: headers[NOTIFY_HEADERS.signature] as string,
        timestamp: headers[NOTIFY_HEADERS.timestamp] as string,
        secrets: [SECRET],
        now: Date.now(),
      });
      expect(verdict).toEqual({ ok: true });
    }
    const payloads = received.map(({ body }) => JSON.parse(body) as Record<string, unknown>);
    expect(
      payloads.map((payload) => [payload.type, payload.to ?? (payload.decision as { value: string }).value]),
    ).toEqual([
      ['state_changed', 'scheduled'],
      ['state_changed', 'in_progress'],
      ['state_changed', 'awaiting_decision'],
      ['state_changed', 'rolling_back'],
      ['decision', 'NO_GO'],
    ]);
    expect(payloads[4]).toEqual({
      type: 'decision',
      ticketId,
      at: '2026-12-01T19:01:00-06:00',
      decision: {
        value: 'NO_GO',
        at: '2026-12-01T19:01:00-06:00',
        by: WATCH_ACTOR,
        evidence: 'no answer by the deadline (policy decision.onTimeout: no_go)',
        commentId: `timeout:${WINDOW_START + MINUTE}`,
        source: 'agent',
      },
    });
    expect(new Set(received.map(({ headers }) => headers[NOTIFY_HEADERS.delivery])).size).toBe(5);
  });
});
