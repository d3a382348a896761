import pino from 'pino';
import { OfferWatch } from '../../../src/server/watch/offers.js';
import { eventually } from '../helpers.js';
import { DANA, fieldsOf, processed, quiet, reply, type CaptureStack } from '../capture/stack.js';
import { useOfferStack, ticketView, newSandboxTicket, offer } from './offer-stack.js';

// An offer lapses after the policy's offer.expires (default P3D): the ticket returns to unscheduled.

const THREE_DAYS = 3 * 24 * 3_600_000;
const current = useOfferStack();
let stack: CaptureStack;
beforeEach(() => (stack = current()));
const view = (ticketId: number) => ticketView(stack, ticketId);

describe('the offer watch', () => {
  it('leaves an open offer alone, closes it once lapsed, and only once', async () => {
    const ticketId = await newSandboxTicket(stack);
    await offer(stack, ticketId);
    expect(await stack.backend.offerWatch.tick()).toEqual([]);

    stack.clock.now += THREE_DAYS;
    expect(await stack.backend.offerWatch.tick()).toEqual([ticketId]);
    expect(await stack.backend.offerWatch.tick()).toEqual([]);
    await quiet(stack, ticketId);
    const upgrade = await view(ticketId);
    expect([upgrade.state, upgrade.offer]).toEqual(['unscheduled', null]);
    expect(upgrade.history.map((entry: { type: string }) => entry.type)).toEqual(['window_offered', 'offer_expired']);
    expect(fieldsOf(stack, ticketId)).toMatchObject({ status: 'uw_status_unscheduled' });

    // An agent can offer again.
    expect((await offer(stack, ticketId)).state).toBe('offered');
  });

  it('treats a choice after the offer lapsed as unclear, booking nothing, even before the watch ran', async () => {
    const ticketId = await newSandboxTicket(stack);
    await offer(stack, ticketId);
    stack.clock.now += THREE_DAYS + 60_000;
    const sent = await reply(stack, ticketId, '2', { email: DANA.email });
    await quiet(stack, ticketId);
    const upgrade = await view(ticketId);
    expect([upgrade.state, upgrade.booking]).toEqual(['offered', null]);
    expect(processed(stack, ticketId)).toEqual([
      {
        commentId: sent.comment.id,
        outcome: 'review',
        detail: expect.stringMatching(/^window 2 chosen after the offer lapsed/),
      },
    ]);
  });

  it('runs by itself on its polling loop', async () => {
    const ticketId = await newSandboxTicket(stack);
    await offer(stack, ticketId);
    stack.clock.now += THREE_DAYS + 60_000;
    const watch = new OfferWatch({
      store: stack.backend.store,
      changes: stack.backend.changes,
      policy: stack.backend.useCases.policy,
      now: () => stack.clock.now,
      logger: pino({ level: 'silent' }),
      intervalMs: 20,
    });
    watch.start();
    try {
      await eventually('offer closed', async () => (await view(ticketId)).state === 'unscheduled');
    } finally {
      await watch.stop();
    }
  });
});
