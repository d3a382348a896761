/**
 * The customer in the loop (docs/REPLIES.md), as pure functions over an `Upgrade`: offering windows (state
 * `offered`), the offer's expiry, the window a reply chooses, a move the customer asks for, and the
 * deferral budget. Booking itself stays `book` (booking.ts): these functions say what to book, or why not.
 *
 * Wiring, for the backend (not done here): `POST /api/tickets/:id/offer` calls `offerWindows` with the
 * engine's next `count` eligible windows; a watcher calls `expireOffer` once `offer.expiresAt` passed; a
 * CHOICE reply (decisions/readOfferReply) goes through `windowChosen`, then `book` (or `offerWindows` again
 * with a reason when the window is no longer bookable); a RESCHEDULE reply (decisions/readMoveReply) goes
 * through `moveRequested`, then `book` + `deferralCounted` for a move, an internal note and the review flag
 * for `flag`, and the note, the flag and a NOTIFY_URL `escalation` for `escalate`. A No-Go also spends the
 * budget: count it with `deferralCounted`, and check `isDeferralBudgetSpent` before moving anything.
 */
import { formatInstant } from '../time/format.js';
import type { Instant, Window } from '../types.js';
import { accepted, consequences } from './effects.js';
import { describeState, refuse } from './rules.js';
import type { Effect, LifecyclePolicy, LifecycleResult, Offer, Upgrade } from './types.js';

/** How many windows an offer holds by default, and at most (the template numbers 1 to 5). */
export const DEFAULT_OFFER_COUNT = 3;
export const MOST_OFFERED = 5;

/** The policy keys of docs/POLICY.md, normalised (src/core/policy). */
export interface SelfServicePolicy {
  offer: { expiresMinutes: number };
  selfService: { reschedule: boolean; maxDeferrals: number };
}

export interface OfferContext {
  now: Instant;
  policy: LifecyclePolicy & SelfServicePolicy;
}

const OFFERABLE_STATES = new Set(['unscheduled', 'offered', 'cancelled']);

/**
 * Offers `windows` (the engine's next eligible ones, in start order) to the customer: `window_offered` numbers
 * them 1..N and asks for the number. Accepted with nothing booked; offering again replaces an open offer.
 * `reason` says why the windows are offered again (the chosen one filled up meanwhile).
 */
export function offerWindows(
  upgrade: Upgrade,
  windows: readonly Window[],
  ctx: OfferContext,
  reason: string | null = null,
): LifecycleResult {
  const { now, policy } = ctx;
  if (!OFFERABLE_STATES.has(upgrade.state)) {
    return refuse('INVALID_STATE', `windows cannot be offered: ${describeState(upgrade, policy)}`);
  }
  if (windows.length === 0) return refuse('NO_WINDOW', 'there is no eligible window to offer');
  if (windows.length > MOST_OFFERED) {
    return refuse('INVALID_OFFER', `an offer holds at most ${MOST_OFFERED} windows, not ${windows.length}`);
  }
  const past = windows.find((window) => window.start <= now);
  if (past !== undefined) {
    return refuse(
      'IN_PAST',
      `the window starting at ${formatInstant(past.start, policy.timeZone)} has already started`,
    );
  }
  const offer: Offer = {
    windows: [...windows],
    offeredAt: now,
    expiresAt: now + policy.offer.expiresMinutes * 60_000,
  };
  const next: Upgrade = { ...upgrade, state: 'offered', offer };
  const comment: Effect = {
    kind: 'comment',
    template: 'window_offered',
    public: true,
    vars: offeredVars(offer, reason?.trim() || null),
  };
  return accepted(next, [comment, ...consequences(upgrade, next, now, policy)]);
}

/** The template's variables: window1Start..window5End (null past the last window), the expiry, the reason. */
function offeredVars(offer: Offer, reason: string | null): Record<string, unknown> {
  return { ...numberedWindows(offer.windows), expiresAt: offer.expiresAt, reason };
}

/** `window1Start`..`window5End` of the templates that number windows, null past the last one. */
function numberedWindows(windows: readonly Window[]): Record<string, Instant | null> {
  const vars: Record<string, Instant | null> = {};
  for (let number = 1; number <= MOST_OFFERED; number += 1) {
    vars[`window${number}Start`] = windows[number - 1]?.start ?? null;
    vars[`window${number}End`] = windows[number - 1]?.end ?? null;
  }
  return vars;
}

export function isOfferExpired(upgrade: Upgrade, now: Instant): boolean {
  return upgrade.state === 'offered' && upgrade.offer != null && now >= upgrade.offer.expiresAt;
}

/** Closes an offer whose time has passed: back to `unscheduled`, where an agent can offer again. */
export function expireOffer(upgrade: Upgrade, ctx: OfferContext): LifecycleResult {
  const { now, policy } = ctx;
  if (upgrade.state !== 'offered' || upgrade.offer == null) return refuse('NO_OFFER', 'no offer is open');
  if (!isOfferExpired(upgrade, now)) {
    return refuse('OFFER_OPEN', `the offer is open until ${formatInstant(upgrade.offer.expiresAt, policy.timeZone)}`);
  }
  const next: Upgrade = { ...upgrade, state: 'unscheduled', offer: null };
  return accepted(next, consequences(upgrade, next, now, policy));
}

export type ChoiceOutcome =
  /** Book this window (`book`, class maintenance); if it is no longer bookable, offer again with the reason. */
  | { action: 'book'; window: Window }
  /** Flag the ticket with an internal note: the reply cannot book anything. */
  | { action: 'review'; why: string };

/** What a reply choosing window `choice` (1-based, from `readOfferReply`) leads to. */
export function windowChosen(upgrade: Upgrade, choice: number, ctx: OfferContext): ChoiceOutcome {
  const { now, policy } = ctx;
  if (upgrade.state !== 'offered' || upgrade.offer == null) {
    return {
      action: 'review',
      why: `window ${choice} chosen, but no offer is open: ${describeState(upgrade, policy)}`,
    };
  }
  if (isOfferExpired(upgrade, now)) {
    const lapsed = formatInstant(upgrade.offer.expiresAt, policy.timeZone);
    return { action: 'review', why: `window ${choice} chosen after the offer lapsed at ${lapsed}` };
  }
  const window = Number.isInteger(choice) ? upgrade.offer.windows[choice - 1] : undefined;
  if (window === undefined) {
    return { action: 'review', why: `window ${choice} chosen, but the offer holds ${upgrade.offer.windows.length}` };
  }
  return { action: 'book', window };
}

export type MoveOutcome =
  /** Move the booking there (`book`), then count the deferral (`deferralCounted`). */
  | { action: 'move'; window: Window }
  /** Nothing moves: internal note quoting the request and listing `windows` (the day's eligible ones), flag. */
  | { action: 'flag'; why: 'no_day' | 'self_service_off' | 'not_one_window'; windows: Window[] }
  /** The deferral budget is spent: internal note, flag, and an `escalation` to NOTIFY_URL; nothing moves. */
  | { action: 'escalate'; deferrals: number; maxDeferrals: number }
  /** Not a time to move (nothing booked, or the upgrade started): internal note only. */
  | { action: 'note'; why: string };

/**
 * What a customer's request to move the booked window leads to. `day` is the day the reply names
 * (YYYY-MM-DD in the customer's zone, or null), `eligibleOnDay` the engine's bookable windows starting that
 * day (the ticket's own booking left out of the counts).
 */
export function moveRequested(
  upgrade: Upgrade,
  request: { day: string | null; eligibleOnDay: readonly Window[] },
  ctx: OfferContext,
): MoveOutcome {
  const { policy } = ctx;
  if (upgrade.state !== 'scheduled' || upgrade.booking === null) {
    return { action: 'note', why: `a move was asked, but ${describeState(upgrade, policy)}` };
  }
  if (isDeferralBudgetSpent(upgrade, policy)) {
    return { action: 'escalate', deferrals: upgrade.deferrals ?? 0, maxDeferrals: policy.selfService.maxDeferrals };
  }
  const windows = [...request.eligibleOnDay];
  if (request.day === null) return { action: 'flag', why: 'no_day', windows };
  if (!policy.selfService.reschedule) return { action: 'flag', why: 'self_service_off', windows };
  if (windows.length !== 1) return { action: 'flag', why: 'not_one_window', windows };
  return { action: 'move', window: windows[0]! };
}

/** Customer-driven moves and No-Gos so far have used the whole budget: the next one escalates. */
export function isDeferralBudgetSpent(upgrade: Upgrade, policy: SelfServicePolicy): boolean {
  return (upgrade.deferrals ?? 0) >= policy.selfService.maxDeferrals;
}

/**
 * What a request past the deferral budget sets off besides its note (docs/REPLIES.md): the review flag and an
 * `escalation` to NOTIFY_URL. `deferrals` are those used before the request.
 */
export function budgetEscalation(
  ticketId: string,
  budget: { deferrals: number; maxDeferrals: number },
  reviewReason: string,
  at: Instant,
): Effect[] {
  return [
    { kind: 'review', action: 'set', reason: reviewReason },
    {
      kind: 'notify',
      type: 'escalation',
      ticketId,
      reason: 'deferral budget spent',
      deferrals: budget.deferrals,
      maxDeferrals: budget.maxDeferrals,
      at,
    },
  ];
}

/** The upgrade with one more customer-driven move or No-Go counted. */
export function deferralCounted(upgrade: Upgrade): Upgrade {
  return { ...upgrade, deferrals: (upgrade.deferrals ?? 0) + 1 };
}

/**
 * The internal note for a move that did not happen by itself (`flag` or `escalate`): the request quoted, the
 * day named and its eligible windows, or the spent budget. Example: `moveNote(outcome, { author: 'Dana',
 * reply: 'Can we do Tuesday the 8th?', day: '2026-12-08' })`.
 */
export function moveNote(
  outcome: Extract<MoveOutcome, { action: 'flag' | 'escalate' }>,
  request: { author: string; reply: string; day: string | null },
): Effect {
  if (outcome.action === 'escalate') {
    return {
      kind: 'comment',
      template: 'deferral_budget_spent',
      public: false,
      vars: {
        author: request.author,
        reply: request.reply,
        deferrals: outcome.deferrals,
        maxDeferrals: outcome.maxDeferrals,
      },
    };
  }
  const vars: Record<string, unknown> = {
    author: request.author,
    reply: request.reply,
    day: request.day,
    why: outcome.why,
  };
  for (let number = 1; number <= MOST_OFFERED; number += 1) {
    vars[`window${number}Start`] = outcome.windows[number - 1]?.start ?? null;
    vars[`window${number}End`] = outcome.windows[number - 1]?.end ?? null;
  }
  return { kind: 'comment', template: 'reschedule_requested', public: false, vars };
}
