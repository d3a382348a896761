import { DateTime } from 'luxon';
import { civilDate, dayNumber } from '../time/calendar.js';
import { parseInstant } from '../time/format.js';
import { isValidZone } from '../time/zone.js';
import type { Instant } from '../types.js';
import { findChoices, type LocalWindow } from './choice.js';
import { findDaySpecs, resolveDay } from './dates.js';
import { foldForMatching, sourceSlice, type FoldedText } from './normalise.js';
import {
  clip,
  customersNewText,
  decide,
  quote,
  type Reading,
  type ReadOptions,
  type ReplyInput,
} from './read-reply.js';

/**
 * The reader's answers for replies to an offer or about a booked window (docs/REPLIES.md): CHOICE (which
 * offered window), RESCHEDULE (a request to move the booked one, with the day named if there is exactly
 * one), and otherwise the GO / NO-GO reading. Days are resolved in the customer's zone, relative to the
 * reply's time; numeric dates ("22/12") in the order of the requester's locale.
 */
export interface SchedulingReading {
  decision: Reading['decision'] | 'CHOICE' | 'RESCHEDULE';
  evidence: string;
  /** CHOICE: the offered window's number, 1-based. */
  choice?: number;
  /** RESCHEDULE: the day named, YYYY-MM-DD in the customer's zone. */
  date?: string;
}

export interface ReplyMoment {
  /** The customer's IANA zone. */
  zone: string;
  /** When the reply was written. */
  at: Instant;
  /** The requester's locale ("en-US", "fr"): the order of day and month in "22/12". */
  locale: string;
}

/** The windows as `windows --json` prints them; only `start` is read. */
export interface OfferedWindow {
  start: string;
}

/** Reads a reply to an offer: CHOICE when it names exactly one offered window, else UNCLEAR with the reason. */
export function readOfferReply(
  input: ReplyInput,
  offer: { windows: readonly OfferedWindow[] } & ReplyMoment,
  options: ReadOptions = {},
): SchedulingReading {
  checkMoment(offer, 'readOfferReply');
  if (offer.windows.length === 0) throw new RangeError('readOfferReply: the offer holds no window');
  const windows: LocalWindow[] = offer.windows.map((window, index) => ({
    number: index + 1,
    day: localDay(instantOf(window.start, `windows[${index}].start`), offer.zone),
  }));
  const newText = customersNewText(input, options);
  if (typeof newText !== 'string') return newText;
  if (newText === '') return { decision: 'UNCLEAR', evidence: 'no new text above the quoted message' };
  const folded = foldForMatching(newText);
  const { named, doubt } = findChoices(folded.folded, windows, localDay(offer.at, offer.zone), offer.locale);
  const words = (entry: { start: number; end: number }) => quote(sourceSlice(newText, folded, entry.start, entry.end));
  if (named.length === 0) return { decision: 'UNCLEAR', evidence: `names no offered window: ${quote(clip(newText))}` };
  if (doubt !== null) {
    return { decision: 'UNCLEAR', evidence: `a question, negation or condition ("${doubt}"): ${quote(clip(newText))}` };
  }
  const missing = named.find((entry) => entry.windows.length === 0);
  if (missing !== undefined) return { decision: 'UNCLEAR', evidence: `no offered window is ${words(missing)}` };
  const ambiguous = named.find((entry) => entry.windows.length > 1);
  if (ambiguous !== undefined) {
    return { decision: 'UNCLEAR', evidence: `${words(ambiguous)} fits windows ${ambiguous.windows.join(' and ')}` };
  }
  const chosen = new Set(named.map((entry) => entry.windows[0]!));
  if (chosen.size > 1) {
    return { decision: 'UNCLEAR', evidence: `names more than one window: ${named.map(words).join(', ')}` };
  }
  return { decision: 'CHOICE', evidence: named.map(words).join(' … '), choice: [...chosen][0]! };
}

/**
 * Words that ask to move a booked window, in English and French (folded): "can we do Friday instead?",
 * "please reschedule", "pouvez-vous décaler au mardi 22 ?".
 */
const MOVE =
  /\b(?:re-?schedul\w*|move|moving|postpone\w*|push (?:it|this|the \w+ )?(?:back|out|to)|shift|change the (?:date|day|window)|another (?:day|date|window|slot)|a different (?:day|date|window|slot)|instead|rather|can we do|could we do|can we have|could we have|works better|defer|decal\w*|deplac\w*|report\w*|repouss\w*|changer (?:la date|de date|le jour|de jour)|un autre jour|une autre date|plutot|a la place|au lieu)\b/g;
/** A refused move ("don't move it", "no need to reschedule", "ne décalez pas") is no request. */
const REFUSED_BEFORE =
  /(?:\bdon't|\bdont|\bdo not|\bno need to|\bnot|\bnever|\bne|\bn'|\bpas besoin de|\binutile de)\s*(?:\S+\s+){0,1}$/;
const REFUSED_AFTER = /^\w*\s+(?:pas|plus|rien)\b/;

/**
 * Reads a reply about a booked window: RESCHEDULE when it asks to move it (with `date` when it names
 * exactly one day other than the booked one), otherwise the GO / NO-GO reading.
 */
export function readMoveReply(
  input: ReplyInput,
  booking: { start: string } & ReplyMoment,
  options: ReadOptions = {},
): SchedulingReading {
  checkMoment(booking, 'readMoveReply');
  const bookedDay = localDay(instantOf(booking.start, 'booked start'), booking.zone);
  const newText = customersNewText(input, options);
  if (typeof newText !== 'string') return newText;
  const folded = foldForMatching(newText);
  const request = moveRequest(folded.folded);
  if (request === null) return decide(newText);
  const replyDay = localDay(booking.at, booking.zone);
  const asked = quote(clip(sourceSlice(newText, folded, request.start, request.end)));
  const days = new Map<number, string>();
  let unreadable: string | null = null;
  for (const spec of findDaySpecs(folded.folded, booking.locale)) {
    const day = resolveDay(spec, replyDay, bookedDay);
    const said = wordsOf(newText, folded, spec);
    if (day === null) unreadable ??= said;
    else if (day !== bookedDay) days.set(day, said);
  }
  if (unreadable !== null) {
    return { decision: 'RESCHEDULE', evidence: `asks to move (${asked}); no such day: ${unreadable}` };
  }
  if (days.size > 1) {
    return {
      decision: 'RESCHEDULE',
      evidence: `asks to move (${asked}); names more than one day: ${[...days.values()].join(', ')}`,
    };
  }
  const [entry] = days;
  if (entry === undefined) return { decision: 'RESCHEDULE', evidence: `asks to move (${asked}); names no day` };
  return { decision: 'RESCHEDULE', evidence: `${asked} ${entry[1]}`, date: isoDate(entry[0]) };
}

function moveRequest(folded: string): { start: number; end: number } | null {
  for (const match of folded.matchAll(MOVE)) {
    const before = folded.slice(Math.max(0, match.index - 40), match.index);
    const after = folded.slice(match.index, match.index + 40);
    if (!REFUSED_BEFORE.test(before) && !REFUSED_AFTER.test(after)) {
      return { start: match.index, end: match.index + match[0].length };
    }
  }
  return null;
}

function wordsOf(source: string, folded: FoldedText, spec: { start: number; end: number }): string {
  return quote(sourceSlice(source, folded, spec.start, spec.end));
}

function checkMoment(moment: ReplyMoment, caller: string): void {
  if (!isValidZone(moment.zone)) throw new RangeError(`${caller}: unknown IANA time zone "${moment.zone}"`);
  if (!Number.isFinite(moment.at)) throw new RangeError(`${caller}: the reply's time is not an instant`);
  if (typeof moment.locale !== 'string' || moment.locale === '') throw new RangeError(`${caller}: no locale`);
}

function instantOf(text: string, what: string): Instant {
  const instant = typeof text === 'string' ? parseInstant(text) : null;
  if (instant === null) throw new RangeError(`${what}: "${String(text)}" is not an ISO instant with an offset`);
  return instant;
}

function localDay(instant: Instant, zone: string): number {
  const local = DateTime.fromMillis(instant, { zone });
  return dayNumber(local.year, local.month, local.day);
}

function isoDate(day: number): string {
  const { year, month, day: date } = civilDate(day);
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}
