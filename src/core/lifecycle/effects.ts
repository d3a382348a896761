/**
 * What an accepted step asks of the backend besides its comment: the ticket fields, the review flag and the
 * NOTIFY_URL notification that follow from the change of state, and the invite a booking's comment carries.
 */
import { localDate } from '../templates/format.js';
import { formatInstant } from '../time/format.js';
import type { Instant } from '../types.js';
import type {
  Accepted,
  Booking,
  Decision,
  Effect,
  FieldValues,
  InviteSpec,
  LifecyclePolicy,
  Upgrade,
} from './types.js';

export function accepted(upgrade: Upgrade, effects: Effect[]): Accepted {
  return { ok: true, upgrade, effects, replayed: false };
}

export function inviteOf(booking: Booking, method: 'REQUEST' | 'CANCEL', policy: LifecyclePolicy): InviteSpec {
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

export function decisionFields(decision: Decision, policy: LifecyclePolicy): Partial<FieldValues> {
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

/** `{ lockout: true }` when the booked window's rule locks users out (docs/POLICY.md); nothing otherwise. */
export function lockoutOf(booking: Booking, policy: LifecyclePolicy): { lockout?: true } {
  return policy.rules?.some((rule) => rule.id === booking.rule && rule.lockout === true) ? { lockout: true } : {};
}
