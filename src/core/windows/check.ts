import type { Policy } from '../policy/types.js';
import { MINUTE_MS } from '../time/calendar.js';
import { MAX_WINDOW_MINUTES } from '../time/duration.js';
import type { Instant, Window } from '../types.js';
import { blackoutOverlapping } from './blackouts.js';
import { earliestStart } from './lead.js';
import { occurrencesStartingAt, type Occurrence } from './occurrences.js';
import * as because from './reasons.js';
import { bookableRules } from './scope.js';
import type { Booked, CheckResult, CheckStartOptions, Reason } from './types.js';

const noBookings: Booked = () => 0;

/**
 * Whether a window starting at `start` may be booked (docs/CLI.md, check), with every reason it may not, in this order:
 * - IN_PAST: `start` is before the request;
 * - NOT_A_WINDOW (maintenance): no rule has an occurrence starting at that instant;
 * - LEAD_TIME (maintenance): the request is at most `start` but `start` is before the earliest allowed start;
 * - BLACKOUT: the real occurrence, or the hot fix with its duration, overlaps a blackout (unless overridden);
 * - FULL: the real occurrence has no place left (hot fixes do not use rule capacity).
 * A maintenance window lasts `durationMinutes` when given, else as long as its rule's occurrence. Only rules that
 * may be booked for `product` count (routine rules never do). When several start at that instant, the first one
 * that can be booked is chosen, else the first one.
 */
export function checkStart(policy: Policy, options: CheckStartOptions): CheckResult {
  const { start, requestAt } = options;
  const minutes = options.durationMinutes;
  if (minutes !== undefined && !(minutes > 0)) {
    throw new RangeError(`checkStart: durationMinutes must be positive, got ${minutes}`);
  }
  if (minutes !== undefined && minutes > MAX_WINDOW_MINUTES) {
    throw new RangeError(`checkStart: durationMinutes must be at most ${MAX_WINDOW_MINUTES} (P7D), got ${minutes}`);
  }
  return options.class === 'hotfix'
    ? checkHotfix(policy, options)
    : checkMaintenance(policy, options, start, requestAt);
}

function checkHotfix(policy: Policy, options: CheckStartOptions): CheckResult {
  const zone = policy.timeZone;
  const minutes = options.durationMinutes ?? policy.hotfix.defaultDurationMinutes;
  const window: Window = {
    rule: 'hotfix',
    start: options.start,
    end: options.start + minutes * MINUTE_MS,
    timeZone: zone,
  };
  const reasons: Reason[] = [];
  if (options.start < options.requestAt) reasons.push(because.inPast(options.start, options.requestAt, zone));
  const blackout = blackoutReason(policy, window, options.overrideBlackout === true);
  if (blackout !== null) reasons.push(blackout);
  return { ok: reasons.length === 0, window, capacity: null, reasons };
}

function checkMaintenance(policy: Policy, options: CheckStartOptions, start: Instant, requestAt: Instant): CheckResult {
  const occurrences = occurrencesStartingAt(policy, start, bookableRules(policy, options.product));
  const candidates = occurrences.map((occurrence) => judgeOccurrence(policy, options, occurrence));
  const chosen = candidates.find((candidate) => candidate.reasons.length === 0) ?? candidates[0];
  const zone = chosen?.window.timeZone ?? policy.timeZone;
  const reasons: Reason[] = [];
  if (start < requestAt) reasons.push(because.inPast(start, requestAt, zone));
  if (chosen === undefined) reasons.push(because.notAWindow(start, zone));
  const earliest = earliestStart(policy, requestAt);
  if (requestAt <= start && start < earliest) reasons.push(because.leadTime(earliest, policy.leadTime, zone));
  if (chosen !== undefined) reasons.push(...chosen.reasons);
  return {
    ok: reasons.length === 0,
    window: chosen?.window ?? null,
    capacity: chosen?.capacity ?? null,
    reasons,
  };
}

/** The BLACKOUT and FULL reasons of one real occurrence, with the window the booking would take. */
function judgeOccurrence(
  policy: Policy,
  options: CheckStartOptions,
  occurrence: Occurrence,
): { window: Window; capacity: number | null; reasons: Reason[] } {
  const end =
    options.durationMinutes !== undefined ? occurrence.start + options.durationMinutes * MINUTE_MS : occurrence.end;
  const window: Window = { rule: occurrence.rule.id, start: occurrence.start, end, timeZone: occurrence.rule.timeZone };
  const reasons: Reason[] = [];
  const blackout = blackoutReason(policy, window, options.overrideBlackout === true);
  if (blackout !== null) reasons.push(blackout);
  const capacity = occurrence.rule.capacity;
  if (capacity !== null) {
    const taken = (options.booked ?? noBookings)(occurrence.start);
    if (taken >= capacity) reasons.push(because.full(occurrence.start, taken, capacity, window.timeZone));
  }
  return { window, capacity, reasons };
}

function blackoutReason(policy: Policy, window: Window, overridden: boolean): Reason | null {
  if (overridden) return null;
  const period = blackoutOverlapping(policy, window.start, window.end);
  return period === null ? null : because.blackout(window.start, window.end, period, window.timeZone);
}
