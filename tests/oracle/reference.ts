/**
 * An independent reference for the schedule engine, written the slow and obvious way, sharing no code with
 * src/ (it must not import the engine). Local times become instants through date-fns-tz, with the product's
 * two DST rules applied on top; occurrences are found by scanning every local date and asking each rule
 * whether it falls on it.
 */
import { formatInTimeZone, fromZonedTime } from 'date-fns-tz';

export interface RawRule {
  id: string;
  timeZone?: string;
  weekly?: string[];
  monthly?: { weekday: string; week: number };
  dates?: string[];
  start: string;
  duration?: string;
  end?: string;
  capacity?: number | null;
}

export interface RawPolicy {
  timeZone: string;
  leadTime: string;
  rules: RawRule[];
  blackouts?: { start: string; end: string; reason?: string }[];
}

export interface ReferenceWindow {
  rule: string;
  start: number;
  end: number;
}

const DAY = 86_400_000;
const NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset at an instant in ms, read from Intl's wall clock for it (date-fns-tz's getTimezoneOffset errs near changes). */
function offsetAt(zone: string, instant: number): number {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - (instant - (instant % 1000));
}

/**
 * The instant of a local date-time in `zone`: date-fns-tz converts, then the product's rules are enforced:
 * - a time valid under two offsets occurs twice: take the earlier instant;
 * - a time valid under none is in a gap: read it with the offset in force before the gap, which moves it
 *   forward by the gap's length.
 */
export function referenceInstant(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string,
): number {
  const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}`;
  const converted = fromZonedTime(text, zone).getTime();
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const before = offsetAt(zone, wall - DAY);
  const after = offsetAt(zone, wall + DAY);
  // date-fns-tz 3.2 sometimes answers an hour off just after a fall-back (03:00 on Chicago's 2029-11-04), so its
  // answer is one candidate among the readings with the day's two offsets, each kept only if Intl agrees.
  const readings = [converted, wall - before, wall - after].filter(
    (instant) => offsetAt(zone, instant) === wall - instant,
  );
  return readings.length > 0 ? Math.min(...readings) : wall - before;
}

function localParts(instant: number, zone: string): number[] {
  return formatInTimeZone(new Date(instant), zone, 'yyyy M d H m s').split(' ').map(Number);
}

function durationParts(text: string): { w: number; d: number; h: number; m: number } {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(text);
  if (match === null) throw new Error(`reference: bad duration ${text}`);
  return { w: Number(match[1] ?? 0), d: Number(match[2] ?? 0), h: Number(match[3] ?? 0), m: Number(match[4] ?? 0) };
}

export function referenceEarliest(policy: RawPolicy, requestAt: number): number {
  const { w, d, h, m } = durationParts(policy.leadTime);
  let base = requestAt;
  if (w * 7 + d > 0) {
    const [y, mo, day, hh, mi, s] = localParts(requestAt, policy.timeZone) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const shifted = new Date(Date.UTC(y, mo - 1, day + w * 7 + d));
    base =
      referenceInstant(
        shifted.getUTCFullYear(),
        shifted.getUTCMonth() + 1,
        shifted.getUTCDate(),
        hh,
        mi,
        s,
        policy.timeZone,
      ) +
      (requestAt % 1000);
  }
  return base + (h * 60 + m) * 60_000;
}

function ruleFallsOn(rule: RawRule, y: number, mo: number, d: number): boolean {
  const date = new Date(Date.UTC(y, mo - 1, d));
  const weekday = NAMES[date.getUTCDay()]!;
  if (rule.weekly) return rule.weekly.includes(weekday);
  if (rule.dates) return rule.dates.includes(`${pad(y, 4)}-${pad(mo)}-${pad(d)}`);
  if (rule.monthly) {
    if (rule.monthly.weekday !== weekday) return false;
    const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return rule.monthly.week === -1 ? d + 7 > lastDay : Math.ceil(d / 7) === rule.monthly.week;
  }
  return false;
}

function readBlackout(text: string, zone: string): number {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) return Date.parse(text);
  const [date, time] = text.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number | undefined];
  return referenceInstant(y, mo, d, h, mi, s ?? 0, zone);
}

/**
 * The next `count` eligible windows, brute force: every local date from two days before the request, every
 * rule, then sort by start (rule order on ties) and filter. Scans `maxDays` days at most.
 */
export function referenceWindows(
  policy: RawPolicy,
  requestAt: number,
  count: number,
  booked: (start: number) => number,
  maxDays: number,
): ReferenceWindow[] {
  const earliest = referenceEarliest(policy, requestAt);
  const blackouts = (policy.blackouts ?? []).map(
    (b) => [readBlackout(b.start, policy.timeZone), readBlackout(b.end, policy.timeZone)] as const,
  );
  const found: (ReferenceWindow & { order: number })[] = [];
  const [y0, mo0, d0] = localParts(requestAt, 'UTC') as [number, number, number];
  let eligibleSeen = 0;
  let extraDays = -1;
  for (let i = -3; i < maxDays && extraDays !== 0; i += 1) {
    if (extraDays > 0) extraDays -= 1;
    const day = new Date(Date.UTC(y0, mo0 - 1, d0 + i));
    const [y, mo, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
    policy.rules.forEach((rule, order) => {
      if (!ruleFallsOn(rule, y, mo, d)) return;
      const zone = rule.timeZone ?? policy.timeZone;
      const [sh, sm] = rule.start.split(':').map(Number) as [number, number];
      const start = referenceInstant(y, mo, d, sh, sm, 0, zone);
      let end: number;
      if (rule.duration !== undefined) {
        const { h, m } = durationParts(rule.duration);
        end = start + (h * 60 + m) * 60_000;
      } else {
        const [eh, em] = rule.end!.split(':').map(Number) as [number, number];
        // 24:00 is midnight at the end of the day; any other end not after the start is on the next day.
        const next = eh === 24 || eh * 60 + em <= sh * 60 + sm;
        const endDay = new Date(Date.UTC(y, mo - 1, d + (next ? 1 : 0)));
        end = referenceInstant(
          endDay.getUTCFullYear(),
          endDay.getUTCMonth() + 1,
          endDay.getUTCDate(),
          eh % 24,
          em,
          0,
          zone,
        );
        // docs/POLICY.md: a start moved forward by a spring-forward gap keeps the window's wall-clock length.
        const nominal = (eh === 24 ? 24 * 60 : (next ? 24 * 60 : 0) + eh * 60 + em) - (sh * 60 + sm);
        if (end <= start) end = start + nominal * 60_000;
      }
      if (start < earliest || start < requestAt) return;
      if (blackouts.some(([bs, be]) => start < be && bs < end)) return;
      const capacity = rule.capacity ?? null;
      if (capacity !== null && booked(start) >= capacity) return;
      found.push({ rule: rule.id, start, end, order });
      eligibleSeen += 1;
      // Rules in zones a day apart can put a later date's window first: look three days further, then stop.
      if (eligibleSeen === count) extraDays = 3;
    });
  }
  return found
    .sort((a, b) => a.start - b.start || a.order - b.order)
    .slice(0, count)
    .map(({ rule, start, end }) => ({ rule, start, end }));
}
