import type { Policy, Rule } from '../policy/types.js';
import {
  DAY_MS,
  MINUTE_MS,
  WEEKDAYS,
  civilDate,
  dayNumber,
  daysInMonth,
  parseDate,
  parseTime,
  weekdayOf,
} from '../time/calendar.js';
import { instantToLocal, localToInstantMs } from '../time/zone.js';
import type { Instant } from '../types.js';

/**
 * A rule's occurrences, computed with day arithmetic on local dates and one table look-up per instant
 * (src/core/time/zone.ts), so a thousand windows cost well under a millisecond once a zone is known.
 */

export interface Occurrence {
  ruleIndex: number;
  rule: Rule;
  start: Instant;
  end: Instant;
}

/** A rule prepared for arithmetic: minutes of its start and end, weekdays as a bit mask, dates as day numbers. */
interface CompiledRule {
  rule: Rule;
  index: number;
  startMinutes: number;
  durationMinutes: number | null;
  endMinutes: number;
  /** The wall-clock length of an `end` rule: `end` minus `start`, across midnight when not after it (1..1440). */
  wallClockMinutes: number;
  weekdayMask: number;
  /** Bit m set: the rule occurs in month m (1-12); every month when the rule gives no `months`. */
  monthMask: number;
  dateDays: number[];
}

const compiled = new WeakMap<Rule, CompiledRule>();

function compile(rule: Rule, index: number): CompiledRule {
  const cached = compiled.get(rule);
  if (cached !== undefined && cached.index === index) return cached;
  const recurrence = rule.recurrence;
  const startMinutes = parseTime(rule.start)!;
  const endMinutes = 'wallClock' in rule.end ? parseTime(rule.end.wallClock)! : 0;
  const months = recurrence.kind === 'monthly' ? recurrence.months : undefined;
  const result: CompiledRule = {
    rule,
    index,
    startMinutes,
    durationMinutes: 'durationMinutes' in rule.end ? rule.end.durationMinutes : null,
    endMinutes,
    wallClockMinutes: ((endMinutes - startMinutes + 1439) % 1440) + 1,
    monthMask: months === undefined ? 0b1111111111110 : months.reduce((mask, month) => mask | (1 << month), 0),
    weekdayMask:
      recurrence.kind === 'weekly'
        ? recurrence.weekdays.reduce((mask, name) => mask | (1 << WEEKDAYS.indexOf(name)), 0)
        : 0,
    dateDays: recurrence.kind === 'dates' ? recurrence.dates.map((date) => parseDate(date)!).sort((a, b) => a - b) : [],
  };
  compiled.set(rule, result);
  return result;
}

/**
 * The day of the nth weekday (0 = Sunday) of a month; week -1 is the last one.
 * Example: the last Saturday of 2026-10 (a month with five Saturdays) is the 31st.
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, week: number): number {
  if (week === -1) {
    const last = dayNumber(year, month, daysInMonth(year, month));
    return last - ((weekdayOf(last) - weekday + 7) % 7);
  }
  const first = dayNumber(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + 7 * (week - 1);
}

/** Whether `rule` has an occurrence on local day `day`. */
function fallsOn(rule: CompiledRule, day: number): boolean {
  const recurrence = rule.rule.recurrence;
  if (recurrence.kind === 'weekly') return (rule.weekdayMask & (1 << weekdayOf(day))) !== 0;
  if (recurrence.kind === 'dates') return rule.dateDays.includes(day);
  const { year, month } = civilDate(day);
  if ((rule.monthMask & (1 << month)) === 0) return false;
  return nthWeekdayOfMonth(year, month, WEEKDAYS.indexOf(recurrence.weekday), recurrence.week) === day;
}

/**
 * The occurrence on local day `day`: the start read on the rule's wall clock with the DST rules; the end
 * elapsed (`duration`) or on the wall clock, the next day when not after the start (23:00 to 03:00).
 * A wall-clock end that resolves at or before a start moved forward by a spring-forward gap keeps the
 * window's nominal length: 02:30-03:00 on Chicago's 2026-03-08 starts at 03:30 and ends at 04:00.
 */
function occurrenceOn(rule: CompiledRule, day: number): Occurrence {
  const zone = rule.rule.timeZone;
  const start = localToInstantMs(day * DAY_MS + rule.startMinutes * MINUTE_MS, zone);
  let end: Instant;
  if (rule.durationMinutes !== null) end = start + rule.durationMinutes * MINUTE_MS;
  else {
    const endDay = rule.endMinutes > rule.startMinutes ? day : day + 1;
    end = localToInstantMs(endDay * DAY_MS + rule.endMinutes * MINUTE_MS, zone);
    if (end <= start) end = start + rule.wallClockMinutes * MINUTE_MS;
  }
  return { ruleIndex: rule.index, rule: rule.rule, start, end };
}

/** The local days from `fromDay` on (ascending) on which the rule falls, until `untilDay` (exclusive). */
function* daysOf(rule: CompiledRule, fromDay: number, untilDay: number): Generator<number> {
  const recurrence = rule.rule.recurrence;
  if (recurrence.kind === 'dates') {
    for (const day of rule.dateDays) if (day >= fromDay && day < untilDay) yield day;
    return;
  }
  if (recurrence.kind === 'weekly') {
    for (let day = fromDay; day < untilDay; day += 1) if ((rule.weekdayMask & (1 << weekdayOf(day))) !== 0) yield day;
    return;
  }
  const weekday = WEEKDAYS.indexOf(recurrence.weekday);
  let { year, month } = civilDate(fromDay);
  for (;;) {
    const day = nthWeekdayOfMonth(year, month, weekday, recurrence.week);
    if (day >= untilDay) return;
    if (day >= fromDay && (rule.monthMask & (1 << month)) !== 0) yield day;
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

/** Which rules a search looks at; every rule by default. */
export type RuleFilter = (rule: Rule) => boolean;

const everyRule: RuleFilter = () => true;

interface Stream {
  next: () => Occurrence | null;
  head: Occurrence;
}

/** Stream `a` yields before `b`: earlier start, then rule order. */
function before(a: Stream, b: Stream): boolean {
  return a.head.start < b.head.start || (a.head.start === b.head.start && a.head.ruleIndex < b.head.ruleIndex);
}

/**
 * Every occurrence of the policy's rules (those `accept` keeps) that starts in [from, until), in start order;
 * occurrences that start at the same instant keep the order of their rules. Lazy, so callers stop as soon as
 * they have enough. The rules' streams are merged through a binary heap: each occurrence costs O(log rules),
 * so 500 rules cost little more than one.
 */
export function* occurrencesBetween(
  policy: Policy,
  from: Instant,
  until: Instant,
  accept: RuleFilter = everyRule,
): Generator<Occurrence> {
  const heap: Stream[] = [];
  policy.rules.forEach((rule, index) => {
    if (!accept(rule)) return;
    const compiledRule = compile(rule, index);
    // Start two local days early: a start in a gap, or a zone far from UTC, can move an occurrence across a date.
    const fromDay = Math.floor(instantToLocal(from, rule.timeZone) / DAY_MS) - 2;
    const untilDay = Math.floor(instantToLocal(until, rule.timeZone) / DAY_MS) + 2;
    const days = daysOf(compiledRule, fromDay, untilDay);
    const next = (): Occurrence | null => {
      for (let step = days.next(); !step.done; step = days.next()) {
        const occurrence = occurrenceOn(compiledRule, step.value);
        if (occurrence.start >= until) return null;
        if (occurrence.start >= from) return occurrence;
      }
      return null;
    };
    const head = next();
    if (head !== null) push(heap, { next, head });
  });
  while (heap.length > 0) {
    const stream = heap[0]!;
    yield stream.head;
    const head = stream.next();
    if (head === null) {
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    } else stream.head = head;
    siftDown(heap, 0);
  }
}

function push(heap: Stream[], stream: Stream): void {
  heap.push(stream);
  for (let i = heap.length - 1; i > 0;) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function siftDown(heap: Stream[], index: number): void {
  for (let i = index; ;) {
    const [left, right] = [2 * i + 1, 2 * i + 2];
    let first = i;
    if (left < heap.length && before(heap[left]!, heap[first]!)) first = left;
    if (right < heap.length && before(heap[right]!, heap[first]!)) first = right;
    if (first === i) return;
    [heap[i], heap[first]] = [heap[first]!, heap[i]!];
    i = first;
  }
}

/**
 * The occurrences, in rule order, that start exactly at `start`. A start moved forward out of a DST gap
 * belongs to the day before its own local date only when the gap is at midnight, hence the two days looked at.
 */
export function occurrencesStartingAt(policy: Policy, start: Instant, accept: RuleFilter = everyRule): Occurrence[] {
  const found: Occurrence[] = [];
  policy.rules.forEach((rule, index) => {
    if (!accept(rule)) return;
    const compiledRule = compile(rule, index);
    const day = Math.floor(instantToLocal(start, rule.timeZone) / DAY_MS);
    for (const candidate of [day - 1, day, day + 1]) {
      if (!fallsOn(compiledRule, candidate)) continue;
      const occurrence = occurrenceOn(compiledRule, candidate);
      if (occurrence.start === start) {
        found.push(occurrence);
        break;
      }
    }
  });
  return found;
}
