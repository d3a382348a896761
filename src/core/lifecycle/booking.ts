/** Booking a window, moving a booking and cancelling it: the steps that change what is booked. */
import { formatInstant } from '../time/format.js';
import type { Window } from '../types.js';
import { accepted, consequences, inviteOf, lockoutOf } from './effects.js';
import { describeState, refuse } from './rules.js';
import type {
  Booking,
  BookingInput,
  Effect,
  LifecycleContext,
  LifecyclePolicy,
  LifecycleResult,
  Upgrade,
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
export function scheduledAgain(booking: Booking, window: Window): Booking {
  return movedBooking(booking, window, { class: 'maintenance', reason: null });
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
    // The date an escalated No-Go waited for is agreed.
    ...(upgrade.agreeDate === true ? { agreeDate: false } : {}),
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
