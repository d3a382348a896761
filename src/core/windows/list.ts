import type { Policy } from '../policy/types.js';
import { DAY_MS } from '../time/calendar.js';
import type { Instant } from '../types.js';
import { blackoutOverlapping } from './blackouts.js';
import { earliestStart } from './lead.js';
import { occurrencesBetween, type Occurrence } from './occurrences.js';
import * as because from './reasons.js';
import { bookableRules } from './scope.js';
import type { Booked, ListWindowsOptions, Reason, WindowOffer } from './types.js';

/**
 * How far ahead the engine looks before it stops: a rule set that can never fill `count` (only past `dates`,
 * every occurrence full) ends with what exists instead of scanning forever. A thousand monthly windows
 * need 84 years, hence two centuries; and never past the year 9999, the last one an instant can be written in.
 */
const HORIZON_MS = 200 * 366 * DAY_MS;
const LAST_INSTANT = Date.UTC(9999, 11, 30);

/**
 * How many occurrences one search examines at most, whatever the policy: 500 rules with a window every day
 * behind a year-long blackout would otherwise examine 180,000 occurrences to offer nothing. A search stops
 * there with what it found, like at the horizon. Measured: 20,000 occurrences of 500 rules cost 35-60 ms of CPU.
 */
export const MAX_EXAMINED_OCCURRENCES = 20_000;

const noBookings: Booked = () => 0;

/**
 * The next `count` eligible windows for a request made at `requestAt` (docs/POLICY.md, Lead time), in start order, ties in
 * rule order. A window is eligible when it starts at or after both the request and the earliest start the lead
 * time allows, overlaps no blackout, and is not full. With `all`, the next `count` occurrences starting at or
 * after `requestAt`, each with the reasons it cannot be booked.
 */
export function listWindows(policy: Policy, options: ListWindowsOptions): WindowOffer[] {
  const { requestAt, count } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`listWindows: count must be a whole number, got ${count}`);
  return collectWindows(policy, options, Math.min(requestAt + HORIZON_MS, LAST_INSTANT), count);
}

/**
 * The first bookable window for a request at `requestAt` that starts within a year of it, or null
 * (the No-Go paths: docs/LIFECYCLE.md).
 */
export function nextEligibleWindow(
  policy: Policy,
  requestAt: Instant,
  booked?: Booked,
  product?: string,
): WindowOffer | null {
  const until = Math.min(requestAt + 366 * DAY_MS, LAST_INSTANT);
  const options = { requestAt, count: 1, ...(booked ? { booked } : {}), ...(product !== undefined ? { product } : {}) };
  const [first] = collectWindows(policy, options, until, 1);
  return first !== undefined && first.start < until ? first : null;
}

function collectWindows(policy: Policy, options: ListWindowsOptions, until: Instant, count: number): WindowOffer[] {
  const { requestAt, booked = noBookings, all = false } = options;
  const accept = bookableRules(policy, options.product);
  const offers: WindowOffer[] = [];
  if (count === 0) return offers;
  const earliest = earliestStart(policy, requestAt);
  const from = all ? requestAt : Math.max(earliest, requestAt);
  let examined = 0;
  for (const occurrence of occurrencesBetween(policy, from, until, accept)) {
    examined += 1;
    if (examined > MAX_EXAMINED_OCCURRENCES) break;
    const offer = all ? describe(policy, occurrence, earliest, booked) : offerIfBookable(policy, occurrence, booked);
    if (offer === null) continue;
    offers.push(offer);
    if (offers.length === count) break;
  }
  return offers;
}

/** The fast path: the offer when bookable, null otherwise, without composing any message. */
function offerIfBookable(policy: Policy, occurrence: Occurrence, booked: Booked): WindowOffer | null {
  if (blackoutOverlapping(policy, occurrence.start, occurrence.end) !== null) return null;
  const capacity = occurrence.rule.capacity;
  const taken = capacity === null ? 0 : booked(occurrence.start);
  if (capacity !== null && taken >= capacity) return null;
  return toOffer(occurrence, capacity === null ? null : capacity - taken, []);
}

function describe(policy: Policy, occurrence: Occurrence, earliest: Instant, booked: Booked): WindowOffer {
  const zone = occurrence.rule.timeZone;
  const reasons: Reason[] = [];
  if (occurrence.start < earliest) reasons.push(because.leadTime(earliest, policy.leadTime, zone));
  const period = blackoutOverlapping(policy, occurrence.start, occurrence.end);
  if (period !== null) reasons.push(because.blackout(occurrence.start, occurrence.end, period, zone));
  const capacity = occurrence.rule.capacity;
  const taken = booked(occurrence.start);
  if (capacity !== null && taken >= capacity) reasons.push(because.full(occurrence.start, taken, capacity, zone));
  return toOffer(occurrence, capacity === null ? null : Math.max(0, capacity - taken), reasons);
}

function toOffer(occurrence: Occurrence, remaining: number | null, reasons: Reason[]): WindowOffer {
  return {
    rule: occurrence.rule.id,
    start: occurrence.start,
    end: occurrence.end,
    timeZone: occurrence.rule.timeZone,
    capacity: occurrence.rule.capacity,
    remaining,
    bookable: reasons.length === 0,
    reasons,
  };
}
