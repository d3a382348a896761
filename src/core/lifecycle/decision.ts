/** A captured GO or NO-GO and what it does to the upgrade (docs/LIFECYCLE.md, Decisions). */
import type { Instant, Window } from '../types.js';
import { scheduledAgain } from './booking.js';
import { accepted, consequences, decisionFields, inviteOf } from './effects.js';
import { replayOf, withAppliedKey } from './keys.js';
import { budgetEscalation } from './offers.js';
import { describeState, refuse } from './rules.js';
import type {
  Accepted,
  Booking,
  Decision,
  DecisionInput,
  Effect,
  InviteSpec,
  LifecycleContext,
  LifecyclePolicy,
  LifecycleResult,
  Upgrade,
} from './types.js';

/**
 * Applies a captured GO or NO-GO (from a reply, or recorded by an agent). GO only answers an open request; NO-GO
 * before the start moves the booking in one step, after the start rolls back. The comment id is the idempotency
 * key: the same comment twice is applied once. Refusal codes match the `why` of the reply_not_acted_on note.
 */
export function applyDecision(upgrade: Upgrade, input: DecisionInput, ctx: LifecycleContext): LifecycleResult {
  const key = `decision:${input.commentId}`;
  const replay = replayOf(upgrade, key, `decision_${input.value}`, null);
  if (replay !== null) return replay;
  const refusal = decisionRefusal(upgrade, input.value, ctx.policy);
  if (refusal !== null) return refusal;
  const decision: Decision = { ...input };
  const result = decide(upgrade, decision, ctx);
  return withAppliedKey(result, key, `decision_${input.value}`, null, ctx.now);
}

function decisionRefusal(upgrade: Upgrade, value: 'GO' | 'NO_GO', policy: LifecyclePolicy) {
  const words = value === 'GO' ? 'GO' : 'NO-GO';
  if (upgrade.state === 'completed')
    return refuse('after_completion', `the ${words} changes nothing: ${describeState(upgrade, policy)}`);
  if (upgrade.state === 'cancelled')
    return refuse('after_cancellation', `the ${words} changes nothing: ${describeState(upgrade, policy)}`);
  if (value === 'GO' && upgrade.state !== 'awaiting_decision') {
    return refuse(
      'go_outside_request',
      `a GO only answers an open GO/NO-GO request: ${describeState(upgrade, policy)}`,
    );
  }
  if (value === 'NO_GO' && !['scheduled', 'in_progress', 'awaiting_decision'].includes(upgrade.state)) {
    return refuse('nothing_to_stop', `the NO-GO changes nothing: ${describeState(upgrade, policy)}`);
  }
  return null;
}

type Next = 'continue' | 'rescheduled' | 'rolling_back' | 'no_window' | 'agree_date' | 'rolling_back_agree_date';

function decide(upgrade: Upgrade, decision: Decision, ctx: LifecycleContext): Accepted {
  const { now, policy } = ctx;
  const customerNoGo = decision.source === 'customer' && decision.value === 'NO_GO';
  // A customer's No-Go spends the deferral budget like a move; it is always honoured, but past the budget nothing
  // moves by itself (docs/REPLIES.md).
  const deferrals = (upgrade.deferrals ?? 0) + (customerNoGo ? 1 : 0);
  const maxDeferrals = policy.selfService?.maxDeferrals;
  const pastBudget = customerNoGo && maxDeferrals !== undefined && (upgrade.deferrals ?? 0) >= maxDeferrals;
  const recorded: Upgrade = {
    ...upgrade,
    decision,
    review: pastBudget ? { commentId: decision.commentId, evidence: 'deferral budget spent' } : null,
    decisionRequest: null,
    ...(customerNoGo ? { deferrals } : {}),
    ...(pastBudget ? { agreeDate: true } : {}),
  };
  // An agent's note is for agents: the customer is told the team recorded the decision, never the note.
  // The overrun watch's timeout NO-GO is also `agent`, but no person recorded it: its comment keeps saying why.
  const byAgent = decision.source === 'agent' && decision.commentId.startsWith('agent:');
  const received = (next: Next, invite?: InviteSpec): Effect => ({
    kind: 'comment',
    template: 'decision_received',
    public: true,
    vars: byAgent
      ? { decision: decision.value, evidence: null, next, recorded: true }
      : { decision: decision.value, evidence: decision.evidence, next },
    ...(invite === undefined ? {} : { invite }),
  });
  const note: Effect[] = byAgent
    ? [
        {
          kind: 'comment',
          template: 'decision_recorded',
          public: false,
          vars: { decision: decision.value, agent: decision.by, note: decision.evidence },
        },
      ]
    : [];
  const escalation: Effect[] = pastBudget
    ? [
        {
          kind: 'comment',
          template: 'no_go_past_budget',
          public: false,
          vars: {
            author: decision.by,
            reply: decision.evidence,
            ...(upgrade.state === 'scheduled' ? {} : { rollingBack: true }),
            deferrals: upgrade.deferrals ?? 0,
            maxDeferrals: maxDeferrals!,
          },
        },
        ...budgetEscalation(
          upgrade.ticketId,
          { deferrals: upgrade.deferrals ?? 0, maxDeferrals: maxDeferrals! },
          'deferral budget spent',
          now,
        ),
      ]
    : [];
  const finish = (next: Upgrade, comments: Effect[]): Accepted =>
    accepted(next, [
      ...comments,
      ...note,
      ...escalation,
      ...consequences(upgrade, next, now, policy, decisionFields(decision, policy)),
      { kind: 'notify', type: 'decision', ticketId: upgrade.ticketId, decision },
    ]);

  if (decision.value === 'GO') return finish({ ...recorded, state: 'in_progress' }, [received('continue')]);
  if (upgrade.state !== 'scheduled') {
    const next = pastBudget ? 'rolling_back_agree_date' : 'rolling_back';
    return finish({ ...recorded, state: 'rolling_back' }, [received(next)]);
  }

  // A NO-GO before the start: one step from the refused window to the next one, the request instant being the
  // NO-GO's own time (docs/POLICY.md, Lead time), so the new window respects the lead time from the customer's answer.
  // Past the deferral budget, or with no window left, the booking is withdrawn instead.
  const booking = upgrade.booking!;
  const window = pastBudget ? null : nextWindowAfterNoGo(booking, decision.at, ctx);
  if (window === null) {
    const withdrawn: Booking = { ...booking, sequence: booking.sequence + 1 };
    const cancelInvite = inviteOf(withdrawn, 'CANCEL', policy);
    if (pastBudget) {
      return finish({ ...recorded, state: 'unscheduled', booking: null }, [received('agree_date', cancelInvite)]);
    }
    const next: Upgrade = { ...recorded, state: 'unscheduled', booking: null, flaggedNoWindow: true };
    return finish(next, [
      received('no_window', cancelInvite),
      { kind: 'comment', template: 'no_window_available', public: false, vars: { requestedAt: decision.at } },
    ]);
  }
  const moved = scheduledAgain(booking, window);
  const next: Upgrade = { ...recorded, state: 'scheduled', booking: moved };
  return finish(next, [
    received('rescheduled'),
    {
      kind: 'comment',
      template: 'window_rescheduled',
      public: true,
      vars: {
        windowStart: moved.start,
        windowEnd: moved.end,
        previousStart: booking.start,
        previousEnd: booking.end,
        reason: null,
      },
      invite: inviteOf(moved, 'REQUEST', policy),
    },
  ]);
}

/**
 * The window a NO-GO before the start moves to: the first eligible one for a request made at the NO-GO, other than
 * the refused one (docs/LIFECYCLE.md, No-Go). An earlier window with room is taken; nothing pushes the search later.
 */
function nextWindowAfterNoGo(refused: Booking, noGoAt: Instant, ctx: LifecycleContext): Window | null {
  const { start, end, rule, timeZone } = refused;
  return ctx.nextWindow(noGoAt, { start, end, rule, timeZone });
}
