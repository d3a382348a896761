import { DANA, fieldsOf, processed, productComments, quiet, reply, type CaptureStack } from '../capture/stack.js';
import { CAMILLE, useOfferStack, ticketView, lastProductComment, newSandboxTicket, offer } from './offer-stack.js';

// End to end through the sandbox's reply route: the customer's comments fire the sandbox's trigger and signed
// webhook; the real server reads them back, books the chosen window, then moves it (docs/REPLIES.md).

const current = useOfferStack();
let stack: CaptureStack;
beforeEach(() => (stack = current()));
const view = (ticketId: number) => ticketView(stack, ticketId);

describe.each([
  {
    language: 'English',
    requester: DANA,
    choice: 'Option 2 works for us, thanks!\n\nDana',
    moveAsk: 'Sorry, something came up. Can we do the following Tuesday?',
    greeting: 'Hello,',
  },
  {
    language: 'French',
    requester: CAMILLE,
    choice: 'La 2 nous convient.\n\nCamille',
    moveAsk: 'Pouvez-vous décaler au mardi suivant ?',
    greeting: 'Bonjour,',
  },
])('offer -> "2" -> booked -> "the following Tuesday" -> moved, in $language', (scenario) => {
  let ticketId = 0;
  let offered: string[] = [];

  it('offers three windows', async () => {
    ticketId = await newSandboxTicket(stack, scenario.requester);
    const body = await offer(stack, ticketId);
    offered = body.offer.windows.map((window) => window.start);
    expect(offered).toHaveLength(3);
    expect(lastProductComment(stack, ticketId, 'public').split('\n')[0]).toBe(scenario.greeting);
  });

  it('books window 2 when the customer answers it', async () => {
    const from = { email: scenario.requester.email };
    const sent = await reply(stack, ticketId, scenario.choice, from);
    await quiet(stack, ticketId);
    const upgrade = await view(ticketId);
    expect([upgrade.state, upgrade.booking?.start, upgrade.offer]).toEqual(['scheduled', offered[1], null]);
    expect(upgrade.history.map((entry: { type: string }) => entry.type).slice(-1)).toEqual(['window_scheduled']);
    expect(processed(stack, ticketId)).toEqual([
      { commentId: sent.comment.id, outcome: 'captured', detail: expect.stringMatching(/^CHOICE 2: /) },
    ]);
    expect(fieldsOf(stack, ticketId)).toMatchObject({ status: 'uw_status_scheduled' });
    expect(productComments(stack, ticketId).slice(-1)).toEqual([[true, scenario.greeting]]);
  });

  it('moves the booking to the Tuesday after it when the customer asks', async () => {
    const sent = await reply(stack, ticketId, scenario.moveAsk, { email: scenario.requester.email });
    await quiet(stack, ticketId);
    const upgrade = await view(ticketId);
    // Window 2 is Friday 4 December; the following Tuesday is the 8th (window 3 of the offer).
    expect([upgrade.state, upgrade.booking?.start, upgrade.booking?.sequence]).toEqual(['scheduled', offered[2], 1]);
    expect(offered[2]).toBe('2026-12-08T18:00:00-06:00');
    expect(upgrade.deferrals).toBe(1);
    expect(upgrade.review).toBeNull();
    expect(upgrade.history.map((entry: { type: string }) => entry.type).slice(-1)).toEqual(['window_rescheduled']);
    expect(processed(stack, ticketId).slice(-1)).toEqual([
      { commentId: sent.comment.id, outcome: 'captured', detail: expect.stringMatching(/^RESCHEDULE to 2026-12-08: /) },
    ]);
    expect(lastProductComment(stack, ticketId, 'public').split('\n')[0]).toBe(scenario.greeting);
  });
});
