import { AUTOMATION_TOKEN, call } from '../helpers.js';
import {
  bookedTicket,
  processed,
  quiet,
  reply,
  requestDecision,
  STANDARD_POLICY,
  startCaptureStack,
  WINDOW_START,
  type CaptureStack,
} from './stack.js';

// `"approvers": "organization"` end to end through the sandbox: the approvers of a ticket are the members of its
// organization, read from Zendesk's organization memberships (a user may belong to several), not only from each
// user's default `organization_id`.

const PRIYA = { name: 'Priya Natarajan', email: 'priya.natarajan@globex.example' }; // Globex
const MARCUS = 'marcus.holt@globex.example'; // Globex
const DANA_WHITFIELD = 'dana.whitfield@initech.example'; // default Initech, also a member of Globex
const KIM = 'kim.sato@hartwell.example'; // no organization

const tickets: Record<string, number> = {};
let stack: CaptureStack;

beforeAll(async () => {
  stack = await startCaptureStack({ policy: { ...STANDARD_POLICY, decision: { approvers: 'organization' } } });
  for (const name of ['member', 'outsider', 'unclear']) tickets[name] = (await bookedTicket(stack, PRIYA)).ticketId;
  // Dana raises this one for Globex: the ticket's organization, not her default one, names the approvers.
  tickets.forGlobex = (
    await bookedTicket(stack, { name: 'Dana Whitfield', email: DANA_WHITFIELD, organization: 'Globex Corporation' })
  ).ticketId;
  stack.clock.now = WINDOW_START + 10 * 60_000;
  for (const ticketId of Object.values(tickets)) await requestDecision(stack, ticketId);
  stack.clock.now += 5 * 60_000;
});

afterAll(async () => {
  await stack.close();
});

const viewOf = async (ticketId: number) =>
  (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body as {
    state: string;
    decision: { value: string; by: string } | null;
  };

/** The product's internal notes on the ticket, whole. */
const notesOf = (ticketId: number) =>
  stack.sandbox.state.tickets
    .find((ticket) => ticket.id === ticketId)!
    .comments.filter((comment) => comment.author_id === stack.sandbox.apiUserId && !comment.public)
    .map((comment) => String(comment.plain_body ?? comment.body));

describe('organization approvers, by Zendesk organization memberships', () => {
  it("captures a GO from a member of the ticket's organization whose default organization is another", async () => {
    const ticketId = tickets.member!;
    await reply(stack, ticketId, 'Go ahead.', { email: DANA_WHITFIELD });
    await quiet(stack, ticketId);
    const view = await viewOf(ticketId);
    expect([view.state, view.decision?.value, view.decision?.by]).toEqual([
      'in_progress',
      'GO',
      expect.stringMatching(/^Dana Whitfield \(\d+\)$/),
    ]);
  });

  it('ignores the same GO from an end user outside the organization, and logs why', async () => {
    const ticketId = tickets.outsider!;
    const sent = await reply(stack, ticketId, 'Go ahead.', { email: KIM });
    await quiet(stack, ticketId);
    expect(processed(stack, ticketId)).toEqual([
      {
        commentId: sent.comment.id,
        outcome: 'ignored',
        detail: "the author is neither the requester nor a member of the requester's organization",
      },
    ]);
    expect(await viewOf(ticketId)).toMatchObject({ state: 'awaiting_decision', decision: null });
  });

  it("names the organization's members as who may decide in the note on a member's unclear reply", async () => {
    const ticketId = tickets.unclear!;
    await reply(stack, ticketId, 'Ok, thanks for the heads-up.', { email: MARCUS });
    await quiet(stack, ticketId);
    const note = notesOf(ticketId).find((text) => text.includes('Ok, thanks for the heads-up.'));
    expect(note?.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^Marcus Holt \(\d+\)'s reply does not say GO or NO-GO clearly/),
      'Who may decide: the requester and the members of Globex Corporation.',
    ]);
  });

  it("takes the ticket's organization, not the requester's default one, for a requester in several", async () => {
    const ticketId = tickets.forGlobex!;
    await reply(stack, ticketId, 'No-go, please roll back.', { email: MARCUS });
    await quiet(stack, ticketId);
    expect((await viewOf(ticketId)).decision).toMatchObject({
      value: 'NO_GO',
      by: expect.stringMatching(/^Marcus Holt/) as unknown,
    });
  });
});
