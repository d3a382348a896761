import { DateTime } from 'luxon';
import {
  readMoveReply,
  readOfferReply,
  readReply,
  type ReplyInput,
  type SchedulingReading,
} from '../../core/decisions/index.js';
import {
  budgetEscalation,
  deferralCounted,
  flagUnclearReply,
  moveNote,
  moveRequested,
  windowChosen,
  type Accepted,
  type Effect,
  type Upgrade,
  type WhoMayDecide,
} from '../../core/lifecycle/index.js';
import { checkStart, listWindows, type Policy } from '../../core/schedule.js';
import { languageOf } from '../../core/templates/format.js';
import type { Window } from '../../core/types.js';
import type { ZendeskComment } from '../../zendesk/types.js';
import { bookingCountsAt } from '../changes/context.js';
import { Refused } from '../errors.js';
import type { StoreOps } from '../store/types.js';
import { bookableWindow, bookChecked } from '../use-cases/booking.js';
import { offerNext } from '../use-cases/offers.js';
import { productFor } from '../use-cases/products.js';
import type { CommentOutcome } from './capture.js';

/** Most windows one day can hold that a move looks at (rules rarely start more than a few a day). */
const WINDOWS_PER_DAY = 24;

/** One approver's reply to apply, with what it was read against. */
export interface SchedulingReply {
  tx: StoreOps;
  ticketId: number;
  version: number;
  upgrade: Upgrade;
  comment: ZendeskComment;
  /** As notes show people: `Dana Customer (7)`. */
  author: string;
  /** The requester's zone and locale; the policy's zone and English when Zendesk does not say. */
  requester: { timeZone: string | null; locale: string | null };
  /** Who may decide, as the review note names them. */
  who: WhoMayDecide;
  now: number;
  /** Writes the accepted change with the comment's history entry (capture's writer). */
  write: (result: Accepted, cause: string, detail: unknown) => Promise<unknown>;
}

/**
 * An approver's reply to an offer (state `offered`) or about a booked window (state `scheduled`), as
 * docs/REPLIES.md says: a CHOICE books the chosen window (or offers again when it is no longer bookable), a
 * RESCHEDULE moves the booking or flags it for an agent, past the deferral budget it escalates. Answers null when
 * the reply is none of these, so that capture reads it as a GO / NO-GO / unclear reply as before.
 */
export async function applySchedulingReply(policy: Policy, reply: SchedulingReply): Promise<CommentOutcome | null> {
  const { upgrade, comment } = reply;
  const input = replyInput(comment);
  const moment = {
    zone: reply.requester.timeZone ?? policy.timeZone,
    at: Date.parse(comment.created_at),
    locale: reply.requester.locale ?? 'en',
  };
  if (upgrade.state === 'offered' && upgrade.offer != null) {
    const windows = upgrade.offer.windows.map((window) => ({ start: new Date(window.start).toISOString() }));
    const reading = readOfferReply(input, { windows, ...moment });
    if (reading.decision === 'CHOICE') return choose(policy, reply, reading);
    // A clear GO or NO-GO keeps its own handling (a note: nothing to decide yet); anything else is unclear.
    if (readReply(input).decision !== 'UNCLEAR') return null;
    return flag(reply, reading.evidence);
  }
  if (upgrade.state === 'scheduled' && upgrade.booking !== null) {
    const reading = readMoveReply(input, { start: new Date(upgrade.booking.start).toISOString(), ...moment });
    if (reading.decision === 'RESCHEDULE') return move(policy, reply, reading, moment.zone);
  }
  return null;
}

/** HTML keeps the quote structure the reader cuts on; plain text otherwise (as capture reads GO / NO-GO). */
function replyInput(comment: ZendeskComment): ReplyInput {
  const html = typeof comment.html_body === 'string' ? comment.html_body : '';
  return html.trim() !== '' ? { html } : { text: comment.plain_body ?? comment.body ?? '' };
}

/** The reply as an internal note quotes it. */
function quoted(comment: ZendeskComment): string {
  return comment.plain_body?.trim() || comment.body.trim();
}

async function flag(reply: SchedulingReply, evidence: string): Promise<CommentOutcome> {
  const commentId = reply.comment.id;
  const result = flagUnclearReply(
    reply.upgrade,
    {
      commentId: String(commentId),
      author: reply.author,
      text: quoted(reply.comment),
      evidence,
    },
    reply.who,
  );
  await reply.write(result, 'unclear_reply', { commentId, evidence });
  return { commentId, outcome: 'review', detail: evidence };
}

/** CHOICE: book the chosen window as an agent would; offer again, saying why, when it can no longer be booked. */
async function choose(policy: Policy, reply: SchedulingReply, reading: SchedulingReading): Promise<CommentOutcome> {
  const { tx, ticketId, upgrade, now } = reply;
  const commentId = reply.comment.id;
  const choice = reading.choice!;
  const outcome = windowChosen(upgrade, choice, { now, policy });
  if (outcome.action === 'review') return flag(reply, outcome.why);
  const counts = await bookingCountsAt(tx, ticketId, now);
  const product = productFor(policy, undefined, upgrade.product);
  const booking = { start: outcome.window.start, class: 'maintenance' as const };
  let window: Window;
  try {
    window = bookableWindow(policy, booking, now, counts, product);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return offerAgain(policy, reply, choice, counts, error.message);
  }
  const result = bookChecked(upgrade, booking, window, now, counts, policy, product);
  if (!result.ok) return flag(reply, `window ${choice} chosen, but ${result.reason}`);
  await reply.write(result, 'choice_captured', { commentId, choice, evidence: reading.evidence });
  return { commentId, outcome: 'captured', detail: `CHOICE ${choice}: ${reading.evidence}` };
}

/** The customer's words for why the windows are offered again (the comment is in the requester's language). */
const OFFERED_AGAIN = {
  en: (choice: number) => `Window ${choice} is no longer available. Here are the next windows we can offer.`,
  fr: (choice: number) =>
    `La fenêtre ${choice} n’est plus disponible. Voici les prochaines fenêtres que nous pouvons vous proposer.`,
};

async function offerAgain(
  policy: Policy,
  reply: SchedulingReply,
  choice: number,
  counts: Map<number, number>,
  why: string,
): Promise<CommentOutcome> {
  const { upgrade, now } = reply;
  const commentId = reply.comment.id;
  const reason = OFFERED_AGAIN[languageOf(reply.requester.locale)](choice);
  const count = upgrade.offer?.windows.length;
  const result = offerNext(upgrade, count !== undefined ? { count } : {}, policy, now, counts, reason);
  if (!result.ok) return flag(reply, `window ${choice} chosen, but ${why}; nothing else to offer: ${result.reason}`);
  await reply.write(result, 'offered_again', { commentId, choice, why });
  return { commentId, outcome: 'note', detail: `CHOICE ${choice}: ${why}; offered again` };
}

/** RESCHEDULE: move the booking when self-service allows it and one window fits; else flag, or escalate. */
async function move(
  policy: Policy,
  reply: SchedulingReply,
  reading: SchedulingReading,
  zone: string,
): Promise<CommentOutcome | null> {
  const { tx, ticketId, upgrade, now } = reply;
  const commentId = reply.comment.id;
  const day = reading.date ?? null;
  // The ticket's own booking does not count against the window it moves to.
  const counts = await bookingCountsAt(tx, ticketId, now);
  const product = productFor(policy, undefined, upgrade.product);
  const eligibleOnDay = day === null ? [] : windowsOnDay(policy, day, zone, now, counts, product);
  const outcome = moveRequested(upgrade, { day, eligibleOnDay }, { now, policy });
  if (outcome.action === 'note') return null;
  if (outcome.action === 'move') {
    const booking = { start: outcome.window.start, class: 'maintenance' as const };
    const booked = bookChecked(upgrade, booking, outcome.window, now, counts, policy, product);
    if (!booked.ok) return null;
    const result: Accepted = { ...booked, upgrade: deferralCounted(booked.upgrade) };
    await reply.write(result, 'reschedule_captured', { commentId, date: day, evidence: reading.evidence });
    return { commentId, outcome: 'captured', detail: `RESCHEDULE to ${day}: ${reading.evidence}` };
  }
  const note = moveNote(outcome, { author: reply.author, reply: quoted(reply.comment), day });
  const effects: Effect[] =
    outcome.action === 'escalate'
      ? [note, ...budgetEscalation(upgrade.ticketId, outcome, 'reschedule request', now)]
      : [note, { kind: 'review', action: 'set', reason: 'reschedule request' }];
  const next: Upgrade = { ...upgrade, review: { commentId: String(commentId), evidence: reading.evidence } };
  const result: Accepted = { ok: true, upgrade: next, effects, replayed: false };
  const cause = outcome.action === 'escalate' ? 'deferral_budget_spent' : 'reschedule_requested';
  await reply.write(result, cause, { commentId, date: day, evidence: reading.evidence });
  const detail =
    outcome.action === 'escalate'
      ? `RESCHEDULE past the deferral budget (${outcome.deferrals} of ${outcome.maxDeferrals}): escalated`
      : `RESCHEDULE not moved (${outcome.why}): ${reading.evidence}`;
  return { commentId, outcome: 'review', detail };
}

/**
 * The windows that can be booked now starting on `day` (YYYY-MM-DD in `zone`): the day's occurrences, each
 * checked as a booking made `now` would be (lead time, blackouts, capacity).
 */
function windowsOnDay(
  policy: Policy,
  day: string,
  zone: string,
  now: number,
  counts: Map<number, number>,
  product: string | undefined,
): Window[] {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  const dayStart = start.toMillis();
  const dayEnd = start.plus({ days: 1 }).toMillis();
  if (!Number.isFinite(dayStart) || dayEnd <= now) return [];
  const booked = (at: number) => counts.get(at) ?? 0;
  const windows: Window[] = [];
  const occurrences = listWindows(policy, {
    ...(product !== undefined ? { product } : {}),
    requestAt: dayStart,
    count: WINDOWS_PER_DAY,
    booked,
    all: true,
  });
  for (const occurrence of occurrences) {
    if (occurrence.start >= dayEnd) break;
    const check = checkStart(policy, {
      ...(product !== undefined ? { product } : {}),
      start: occurrence.start,
      requestAt: now,
      class: 'maintenance',
      booked,
    });
    if (check.ok && check.window !== null) windows.push(check.window);
  }
  return windows;
}
