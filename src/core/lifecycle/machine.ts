import { localDate } from '../templates/format.js';
import { formatInstant } from '../time/format.js';
import type { Instant, Window } from '../types.js';
import { describeState, refusalOf, refuse } from './rules.js';
import {
  REPORTED_EVENTS,
  type Accepted,
  type Booking,
  type BookingInput,
  type Decision,
  type DecisionInput,
  type Effect,
  type EventInput,
  type FieldValues,
  type InviteSpec,
  type LifecycleContext,
  type LifecyclePolicy,
  type LifecycleResult,
  type Upgrade,
} from './types.js';

/** A ticket the product has never seen: unscheduled, nothing booked. */
export function newUpgrade(ticketId: string): Upgrade {
  return {
    ticketId,
    state: 'unscheduled',
    booking: null,
    instances: [],
    validation: 'none',
    decision: null,
    review: null,
    decisionRequest: null,
    flaggedNoWindow: false,
    startedAt: null,
    bookingsMade: 0,
    appliedKeys: {},
  };
}

/* ---------- effects ---------- */

export function accepted(upgrade: Upgrade, effects: Effect[]): Accepted {
  return { ok: true, upgrade, effects, replayed: false };
}

function inviteOf(booking: Booking, method: 'REQUEST' | 'CANCEL', policy: LifecyclePolicy): InviteSpec {
  return {
    uid: booking.uid,
    sequence: booking.sequence,
    method,
    start: booking.start,
    end: booking.end,
    timeZone: policy.timeZone,
    organizer: { name: policy.vendor.name, email: policy.vendor.email },
  };
}

function windowFields(booking: Booking | null, policy: LifecyclePolicy): Partial<FieldValues> {
  if (booking === null) return { windowStart: null, windowEnd: null, windowDate: null };
  return {
    windowStart: formatInstant(booking.start, policy.timeZone),
    windowEnd: formatInstant(booking.end, policy.timeZone),
    windowDate: localDate(booking.start, policy.timeZone),
  };
}

function decisionFields(decision: Decision, policy: LifecyclePolicy): Partial<FieldValues> {
  return {
    decision: decision.value === 'GO' ? 'go' : 'no_go',
    decisionAt: formatInstant(decision.at, policy.timeZone),
    decisionBy: decision.by,
    decisionEvidence: decision.evidence,
  };
}

/** A decision belongs to one booking: a new booking clears its fields. */
const NO_DECISION_FIELDS: Partial<FieldValues> = {
  decision: null,
  decisionAt: null,
  decisionBy: null,
  decisionEvidence: null,
};

const needsReview = (upgrade: Upgrade): boolean => upgrade.review !== null || upgrade.flaggedNoWindow;

/** The fields, review and notification effects that follow from going from `before` to `after`. */
export function consequences(
  before: Upgrade,
  after: Upgrade,
  now: Instant,
  policy: LifecyclePolicy,
  extra: Partial<FieldValues> = {},
): Effect[] {
  const effects: Effect[] = [];
  const values: Partial<FieldValues> = { ...extra };
  if (before.state !== after.state) values.status = after.state;
  if (before.booking !== after.booking) Object.assign(values, windowFields(after.booking, policy));
  if (needsReview(before) !== needsReview(after)) values.needsReview = needsReview(after);
  if (before.decision !== null && after.decision === null) Object.assign(values, NO_DECISION_FIELDS);
  if (Object.keys(values).length > 0) effects.push({ kind: 'fields', values });
  if (!before.flaggedNoWindow && after.flaggedNoWindow) {
    effects.push({ kind: 'review', action: 'set', reason: 'no window within a year' });
  }
  if (needsReview(before) && !needsReview(after)) {
    effects.push({ kind: 'review', action: 'clear', reason: before.flaggedNoWindow ? 'booked' : 'decision captured' });
  }
  if (before.state !== after.state) {
    effects.push({
      kind: 'notify',
      type: 'state_changed',
      ticketId: after.ticketId,
      from: before.state,
      to: after.state,
      at: now,
    });
  }
  return effects;
}

/* ---------- booking ---------- */

function movedBooking(booking: Booking, window: Window, change: Partial<Booking> = {}): Booking {
  return {
    ...booking,
    start: window.start,
    end: window.end,
    rule: window.rule,
    timeZone: window.timeZone,
    sequence: booking.sequence + 1,
    ...change,
  };
}

/**
 * A No-Go moves the upgrade to the next window of the SCHEDULE: whatever the refused booking was (a hot fix, say),
 * the new one is a maintenance window of its rule, with no hot-fix reason.
 */
function scheduledAgain(booking: Booking, window: Window): Booking {
  return movedBooking(booking, window, { class: 'maintenance', reason: null });
}

/** `{ lockout: true }` when the booked window's rule locks users out (docs/POLICY.md); nothing otherwise. */
function lockoutOf(booking: Booking, policy: LifecyclePolicy): { lockout?: true } {
  return policy.rules?.some((rule) => rule.id === booking.rule && rule.lockout === true) ? { lockout: true } : {};
}

/** The invite UID of a ticket's nth booking: stable while the booking moves, new after a cancellation. */
function uidOf(upgrade: Upgrade, policy: LifecyclePolicy, serial: number): string {
  const domain = policy.vendor.email.split('@')[1] ?? 'upgrade-windows.invalid';
  return `upgrade-${upgrade.ticketId}-${serial}@${domain}`;
}

/**
 * Books `window` for the ticket, or moves the current booking there (same invite UID, SEQUENCE + 1). The window's
 * eligibility (lead time, blackouts, capacity) is the engine's to check before calling this.
 */
export function book(upgrade: Upgrade, input: BookingInput, ctx: LifecycleContext): LifecycleResult {
  const { window } = input;
  const { policy } = ctx;
  const reason = input.reason?.trim() || null;
  if (!(window.end > window.start)) return refuse('INVALID_WINDOW', 'the window must end after it starts');
  if (input.class === 'hotfix' && reason === null) {
    return refuse('REASON_REQUIRED', 'a hot fix must be justified: give the reason');
  }
  if (!['unscheduled', 'offered', 'scheduled', 'cancelled'].includes(upgrade.state)) {
    return refuse('INVALID_STATE', `the window cannot be changed: ${describeState(upgrade, policy)}`);
  }
  const current = upgrade.state === 'scheduled' ? upgrade.booking : null;
  if (
    current !== null &&
    current.start === window.start &&
    current.end === window.end &&
    current.class === input.class
  ) {
    return refuse(
      'ALREADY_BOOKED',
      `the ticket is already booked into the window starting at ${formatInstant(window.start, policy.timeZone)}`,
    );
  }
  const booking: Booking =
    current !== null
      ? movedBooking(current, window, { class: input.class, reason })
      : {
          start: window.start,
          end: window.end,
          rule: window.rule,
          class: input.class,
          reason,
          sequence: 0,
          uid: uidOf(upgrade, policy, upgrade.bookingsMade + 1),
          timeZone: window.timeZone,
        };
  const next: Upgrade = {
    ...upgrade,
    state: 'scheduled',
    booking,
    // The earlier booking's decision does not answer for this one.
    decision: null,
    flaggedNoWindow: false,
    bookingsMade: current === null ? upgrade.bookingsMade + 1 : upgrade.bookingsMade,
    // Booking answers an open offer (docs/REPLIES.md): it is closed.
    ...(upgrade.offer == null ? {} : { offer: null }),
  };
  const comment: Effect =
    current === null
      ? {
          kind: 'comment',
          template: 'window_scheduled',
          public: true,
          vars: {
            windowStart: booking.start,
            windowEnd: booking.end,
            windowClass: booking.class,
            reason,
            ...lockoutOf(booking, policy),
          },
          invite: inviteOf(booking, 'REQUEST', policy),
        }
      : {
          kind: 'comment',
          template: 'window_rescheduled',
          public: true,
          vars: {
            windowStart: booking.start,
            windowEnd: booking.end,
            previousStart: current.start,
            previousEnd: current.end,
            reason,
          },
          invite: inviteOf(booking, 'REQUEST', policy),
        };
  return accepted(next, [comment, ...consequences(upgrade, next, ctx.now, policy)]);
}

/** Withdraws the booking before the upgrade starts: the comment carries a METHOD:CANCEL invite. */
export function cancel(upgrade: Upgrade, ctx: LifecycleContext, reason: string | null = null): LifecycleResult {
  const { policy } = ctx;
  if (upgrade.booking === null || upgrade.state === 'unscheduled' || upgrade.state === 'cancelled') {
    return refuse('NO_BOOKING', 'there is no booking to cancel');
  }
  if (upgrade.state !== 'scheduled') {
    return refuse('INVALID_STATE', `the booking cannot be cancelled: ${describeState(upgrade, policy)}`);
  }
  const withdrawn: Booking = { ...upgrade.booking, sequence: upgrade.booking.sequence + 1 };
  const next: Upgrade = { ...upgrade, state: 'cancelled', booking: null };
  return accepted(next, [
    {
      kind: 'comment',
      template: 'window_cancelled',
      public: true,
      vars: { windowStart: withdrawn.start, windowEnd: withdrawn.end, reason: reason?.trim() || null },
      invite: inviteOf(withdrawn, 'CANCEL', policy),
    },
    ...consequences(upgrade, next, ctx.now, policy),
  ]);
}

/* ---------- reported events ---------- */

/**
 * Applies an event reported by the pipeline or an agent (the `events` route). The same key again answers as the
 * first time did, with no effects; a refusal changes nothing and keeps the key free.
 */
export function applyEvent(upgrade: Upgrade, event: EventInput, ctx: LifecycleContext): LifecycleResult {
  const instance = event.instance?.trim() || null;
  const replay = replayOf(upgrade, event.key, event.type, instance);
  if (replay !== null) return replay;
  const refusal = refusalOf(upgrade, event, ctx.now, ctx.policy);
  if (refusal !== null) return refusal;
  const result = transition(upgrade, { ...event, instance }, ctx);
  const next: Upgrade = {
    ...result.upgrade,
    appliedKeys: {
      ...result.upgrade.appliedKeys,
      [event.key]: { type: event.type, instance, at: ctx.now, state: result.upgrade.state },
    },
  };
  return { ...result, upgrade: next };
}

function replayOf(upgrade: Upgrade, key: string, type: string, instance: string | null): LifecycleResult | null {
  if (key.trim() === '') return refuse('KEY_REQUIRED', 'every event needs an idempotency key');
  const applied = upgrade.appliedKeys[key];
  if (applied === undefined) return null;
  if (applied.type !== type || applied.instance !== instance) {
    const what = applied.instance === null ? applied.type : `${applied.type} of instance \`${applied.instance}\``;
    return refuse('KEY_REUSED', `the key "${key}" was already used for ${what}`);
  }
  return { ok: true, upgrade, effects: [], replayed: true };
}

function setInstance(upgrade: Upgrade, name: string, status: 'upgrading' | 'completed' | 'failed'): Upgrade {
  const others = upgrade.instances.filter((instance) => instance.name !== name);
  const exists = others.length !== upgrade.instances.length;
  const instances = exists
    ? upgrade.instances.map((instance) => (instance.name === name ? { name, status } : instance))
    : [...others, { name, status }];
  return { ...upgrade, instances };
}

/** The accepted event's new upgrade and effects; `refusalOf` has already said yes. */
function transition(
  upgrade: Upgrade,
  event: EventInput & { instance: string | null },
  ctx: LifecycleContext,
): Accepted {
  const { now, policy } = ctx;
  const instance = event.instance ?? '';
  const reason = event.reason?.trim() || null;
  const step = (next: Upgrade, vars: Record<string, unknown>): Accepted =>
    accepted(next, [
      { kind: 'comment', template: event.type as never, public: true, vars },
      ...consequences(upgrade, next, now, policy),
    ]);
  switch (event.type) {
    case 'upgrade_started': {
      const next: Upgrade = {
        ...upgrade,
        state: 'in_progress',
        instances: [],
        validation: 'none',
        startedAt: now,
        decisionRequest: null,
      };
      return step(next, { windowEnd: upgrade.booking!.end, ...lockoutOf(upgrade.booking!, policy) });
    }
    case 'instance_upgrade_started':
    case 'instance_upgrade_retry_started':
      return step(setInstance(upgrade, instance, 'upgrading'), { instance });
    case 'instance_upgrade_completed':
      return step(setInstance(upgrade, instance, 'completed'), { instance });
    case 'instance_upgrade_failed':
      return step(setInstance(upgrade, instance, 'failed'), { instance, reason });
    case 'validation_started':
    case 'validation_retry_started':
      return step({ ...upgrade, validation: 'running' }, {});
    case 'validation_completed':
      return step({ ...upgrade, validation: 'completed' }, {});
    case 'validation_failed':
      return step({ ...upgrade, validation: 'failed' }, { reason });
    case 'decision_requested': {
      const request = {
        requestedAt: now,
        deadline: now + policy.decision.deadlineMinutes * 60_000,
        anticipatedEnd: event.anticipatedEnd!,
        reason: reason!,
        onTimeout: policy.decision.onTimeout,
      };
      return step(
        { ...upgrade, state: 'awaiting_decision', decisionRequest: request },
        {
          reason: request.reason,
          anticipatedEnd: request.anticipatedEnd,
          deadline: request.deadline,
          onTimeout: request.onTimeout,
        },
      );
    }
    case 'upgrade_completed':
      return step({ ...upgrade, state: 'completed', decisionRequest: null }, {});
    case 'rolled_back':
      return rebookAfterRollback(upgrade, ctx);
    default:
      throw new RangeError(`transition: unexpected event ${event.type}`);
  }
}

/** After a rollback: the environment is back; the booking moves to the next window, or the ticket waits for a date. */
function rebookAfterRollback(upgrade: Upgrade, ctx: LifecycleContext): Accepted {
  const { now, policy } = ctx;
  const window = ctx.nextWindow(now);
  const reset = { instances: [], validation: 'none' as const, decisionRequest: null, startedAt: null };
  if (window === null || upgrade.booking === null) {
    const next: Upgrade = { ...upgrade, ...reset, state: 'unscheduled', booking: null, flaggedNoWindow: true };
    return accepted(next, [
      { kind: 'comment', template: 'rolled_back', public: true, vars: { nextStart: null, nextEnd: null } },
      { kind: 'comment', template: 'no_window_available', public: false, vars: { requestedAt: now } },
      ...consequences(upgrade, next, now, policy),
    ]);
  }
  const booking = scheduledAgain(upgrade.booking, window);
  const next: Upgrade = { ...upgrade, ...reset, state: 'scheduled', booking, decision: null };
  return accepted(next, [
    {
      kind: 'comment',
      template: 'rolled_back',
      public: true,
      vars: { nextStart: booking.start, nextEnd: booking.end },
      invite: inviteOf(booking, 'REQUEST', policy),
    },
    ...consequences(upgrade, next, now, policy),
  ]);
}

/* ---------- decisions ---------- */

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
  const next: Upgrade = {
    ...result.upgrade,
    appliedKeys: {
      ...result.upgrade.appliedKeys,
      [key]: { type: `decision_${input.value}`, instance: null, at: ctx.now, state: result.upgrade.state },
    },
  };
  return { ...result, upgrade: next };
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

function decide(upgrade: Upgrade, decision: Decision, ctx: LifecycleContext): Accepted {
  const { now, policy } = ctx;
  const recorded: Upgrade = { ...upgrade, decision, review: null, decisionRequest: null };
  // An agent's note is for agents: the customer is told the team recorded the decision, never the note.
  // The overrun watch's timeout NO-GO is also `agent`, but no person recorded it: its comment keeps saying why.
  const byAgent = decision.source === 'agent' && decision.commentId.startsWith('agent:');
  const received = (next: 'continue' | 'rescheduled' | 'rolling_back' | 'no_window', invite?: InviteSpec): Effect => ({
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
  const finish = (next: Upgrade, comments: Effect[]): Accepted =>
    accepted(next, [
      ...comments,
      ...note,
      ...consequences(upgrade, next, now, policy, decisionFields(decision, policy)),
      { kind: 'notify', type: 'decision', ticketId: upgrade.ticketId, decision },
    ]);

  if (decision.value === 'GO') return finish({ ...recorded, state: 'in_progress' }, [received('continue')]);
  if (upgrade.state !== 'scheduled') return finish({ ...recorded, state: 'rolling_back' }, [received('rolling_back')]);

  // A NO-GO before the start: one step from the refused window to the next one, the request instant being the
  // NO-GO's own time (docs/POLICY.md, Lead time), so the new window respects the lead time from the customer's answer.
  const booking = upgrade.booking!;
  const window = nextWindowAfterNoGo(booking, decision.at, ctx);
  if (window === null) {
    const withdrawn: Booking = { ...booking, sequence: booking.sequence + 1 };
    const next: Upgrade = { ...recorded, state: 'unscheduled', booking: null, flaggedNoWindow: true };
    return finish(next, [
      received('no_window', inviteOf(withdrawn, 'CANCEL', policy)),
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

/* ---------- what may happen now ---------- */

/**
 * The reportable events the upgrade would accept at `now` (for the sidebar and GET /api/tickets/:id). An instance
 * event is listed when it is accepted for at least one instance, a known one or a new one.
 */
export function allowedEvents(upgrade: Upgrade, now: Instant, policy?: LifecyclePolicy): string[] {
  const view: LifecyclePolicy = policy ?? {
    timeZone: upgrade.booking?.timeZone ?? 'UTC',
    decision: { deadlineMinutes: 120, onTimeout: 'wait', approvers: 'requester' },
    vendor: { name: '', email: '' },
  };
  const names = [...upgrade.instances.map((instance) => instance.name), '\u0000new instance'];
  return REPORTED_EVENTS.filter((type) =>
    names.some(
      (instance) =>
        refusalOf(
          upgrade,
          {
            type,
            key: 'probe',
            instance: type.startsWith('instance_') ? instance : null,
            reason: 'probe',
            anticipatedEnd: Math.max(now, upgrade.booking?.end ?? now) + 3_600_000,
          },
          now,
          view,
        ) === null,
    ),
  );
}
