import { signWebhook } from '../../../src/zendesk/signing.js';
import { Reconciler } from '../../../src/server/capture/reconcile.js';
import { AUTOMATION_TOKEN, call } from '../helpers.js';
import { isoSeconds, post } from '../webhooks/receiver-helpers.js';
import {
  bookedTicket,
  processed,
  productComments,
  quiet,
  reply,
  requestDecision,
  startCaptureStack,
  WINDOW_START,
} from './stack.js';

const TICKETS = 10;
/** 30 % of the replies' webhooks are lost. */
const DROPPED = new Set([0, 3, 6]);

describe('reconciliation: decisions whose webhooks were lost', () => {
  it('captures every decision within one interval when 30 % of webhooks are dropped, and acts on each once', async () => {
    // The timer is off: each `reconciler.runOnce()` is one RECONCILE_INTERVAL elapsing.
    const stack = await startCaptureStack({ reconcileIntervalMs: false });
    try {
      const tickets: number[] = [];
      for (let i = 0; i < TICKETS; i += 1) tickets.push((await bookedTicket(stack)).ticketId);
      stack.clock.now = WINDOW_START + 10 * 60_000;
      for (const ticketId of tickets) await requestDecision(stack, ticketId);
      const state = async (ticketId: number) =>
        (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body
          .state as string;

      const replies = [];
      for (const [i, ticketId] of tickets.entries()) {
        if (DROPPED.has(i)) {
          await call(stack.served.url, 'POST', '/_sandbox/faults', {
            token: null,
            body: { webhook: 'drop', times: 1 },
          });
        }
        replies.push(await reply(stack, ticketId, 'Yes, go ahead.\n\nDana'));
      }
      expect(replies.map((sent) => sent.invocations.every((invocation) => invocation.delivered))).toEqual(
        tickets.map((_, i) => !DROPPED.has(i)),
      );
      for (const ticketId of tickets) await quiet(stack, ticketId);
      const before = await Promise.all(tickets.map(state));
      expect(before).toEqual(tickets.map((_, i) => (DROPPED.has(i) ? 'awaiting_decision' : 'in_progress')));

      await stack.backend.reconciler.runOnce();
      expect(await Promise.all(tickets.map(state))).toEqual(tickets.map(() => 'in_progress'));

      // The lost webhook arrives after all (a late redelivery): the inbox path reads the same comment, and acts not.
      const late = tickets[0]!;
      const acknowledged = productComments(stack, late).length;
      const event = JSON.stringify({ ticket_id: String(late) });
      const stamp = isoSeconds(stack.clock.now);
      const answer = await post(stack.backend.url, event, {
        'content-type': 'application/json',
        'x-zendesk-webhook-invocation-id': 'late-redelivery',
        'x-zendesk-webhook-signature-timestamp': stamp,
        'x-zendesk-webhook-signature': signWebhook(stack.webhookSecret, stamp, event),
      });
      expect(answer.status).toBe(200);
      await quiet(stack, late);
      await stack.backend.reconciler.runOnce();
      expect(productComments(stack, late)).toHaveLength(acknowledged);
      for (const ticketId of tickets) {
        expect(processed(stack, ticketId).map((row) => row.outcome)).toEqual(['captured']);
      }
    } finally {
      await stack.close();
    }
  });
});

describe('Reconciler', () => {
  it('passes over the tickets in the reconciled states every interval, and one failing ticket stops no other', async () => {
    jest.useFakeTimers();
    try {
      const seen: number[] = [];
      const warnings: unknown[] = [];
      const states: unknown[] = [];
      const reconciler = new Reconciler({
        store: {
          listUpgradesInStates: async (wanted) => {
            states.push(wanted);
            return [{ ticketId: 1 }, { ticketId: 2 }] as never;
          },
          holdLeadership: async () => true,
        },
        now: Date.now,
        processTicket: async (ticketId) => {
          seen.push(ticketId);
          if (ticketId === 1) throw new Error('Zendesk answered 503');
        },
        intervalMs: 300_000,
        logger: { error: () => undefined, warn: (details) => warnings.push(details) },
      });
      reconciler.start();
      await jest.advanceTimersByTimeAsync(299_999);
      expect(seen).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(seen).toEqual([1, 2]);
      await jest.advanceTimersByTimeAsync(300_000);
      expect(seen).toEqual([1, 2, 1, 2]);
      expect(states[0]).toEqual(['offered', 'scheduled', 'awaiting_decision', 'rolling_back']);
      expect(warnings[0]).toEqual({ ticketId: 1, error: 'Zendesk answered 503' });
      await reconciler.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
