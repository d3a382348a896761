/**
 * The ISO 8601 durations a policy uses. Two forms:
 * - elapsed: `PT6H`, `PT4H30M`, `PT90M` (hours and minutes only; a window's length, a hot fix's duration);
 * - calendar: `P7D`, `P1W`, `PT48H`, `P1DT12H` (weeks, days, hours, minutes; the lead time and deadlines).
 * Years, months and seconds are refused: their length is ambiguous or finer than any schedule needs.
 */

export interface CalendarDuration {
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
}

/**
 * The limits of every duration the product reads (docs/POLICY.md, Limits), so that no policy or request can make it do
 * unbounded work: a window (a rule's or a hot fix's) lasts at most 7 days, and a calendar duration (lead time,
 * decision deadline, overrun warning) is at most 365 days.
 */
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;
export const MAX_CALENDAR_MINUTES = 365 * 24 * 60;

const ELAPSED = /^PT(?:(\d+)H)?(?:(\d+)M)?$/;
const CALENDAR = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/**
 * A value read from text, or why it cannot be: `"PT200H" is longer than a window may last (P7D)`. `overLimit`
 * marks a well-formed value beyond a limit of docs/POLICY.md (a duration too long, an offset too far).
 */
export type Reading<T> = { ok: true; value: T } | { ok: false; error: string; overLimit?: true };

/** The input as it appears in an error message: quoted, and cut short so that no message echoes a long text. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * A window's length (a rule's `duration`, a hot fix's): positive hours and minutes, at most P7D, in minutes.
 * `PT4H30M` is 270; `PT99999999999999999999M` is an error naming the limit, never a huge number.
 */
export function readWindowDuration(text: string): Reading<number> {
  const notPositive = `${quoted(text)} is not a positive duration of hours and minutes (PT6H, PT4H30M)`;
  const match = ELAPSED.exec(text);
  if (match === null || (match[1] === undefined && match[2] === undefined)) {
    return { ok: false, error: notPositive };
  }
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  if (minutes <= 0) return { ok: false, error: notPositive };
  if (minutes > MAX_WINDOW_MINUTES) {
    return {
      ok: false,
      error: `${quoted(text)} is longer than a window may last (P7D, that is PT168H)`,
      overLimit: true,
    };
  }
  return { ok: true, value: minutes };
}

/**
 * A calendar duration (lead time, deadline, warning): weeks, days, hours and minutes, at most `P365D` counted
 * as elapsed time. `P7D` is 7 days; `P99999999D` is an error naming the limit.
 */
export function readCalendarDuration(text: string): Reading<CalendarDuration> {
  const match = CALENDAR.exec(text);
  if (match === null || match.slice(1).every((part) => part === undefined) || text.endsWith('T')) {
    return {
      ok: false,
      error: `${quoted(text)} is not a duration of weeks, days, hours and minutes (P7D, P1W, PT48H, P1DT12H)`,
    };
  }
  const duration = {
    weeks: Number(match[1] ?? 0),
    days: Number(match[2] ?? 0),
    hours: Number(match[3] ?? 0),
    minutes: Number(match[4] ?? 0),
  };
  if (calendarDurationMinutes(duration) > MAX_CALENDAR_MINUTES) {
    return { ok: false, error: `${quoted(text)} is longer than the limit of 365 days (P365D)`, overLimit: true };
  }
  return { ok: true, value: duration };
}

/** Minutes of an elapsed duration (`PT4H30M` is 270), or null when malformed (`PT`, `P1D`, `PT30S`) or over P7D. */
export function parseElapsedMinutes(text: string): number | null {
  const reading = readWindowDuration(text);
  return reading.ok ? reading.value : null;
}

/** The parts of a calendar duration, or null when malformed (`P`, `PT`, `P1Y`, `P1M`, `PT1S`) or over P365D. */
export function parseCalendarDuration(text: string): CalendarDuration | null {
  const reading = readCalendarDuration(text);
  return reading.ok ? reading.value : null;
}

/** Minutes of a calendar duration counted as elapsed time (a day is 24 hours): for deadlines and warnings. */
export function calendarDurationMinutes(duration: CalendarDuration): number {
  return ((duration.weeks * 7 + duration.days) * 24 + duration.hours) * 60 + duration.minutes;
}

/** The ISO text of a calendar duration: `P7D`, `P1W`, `P1DT12H`, `PT0M` for nothing. */
export function formatCalendarDuration(duration: CalendarDuration): string {
  const date = `${duration.weeks > 0 ? `${duration.weeks}W` : ''}${duration.days > 0 ? `${duration.days}D` : ''}`;
  const time = `${duration.hours > 0 ? `${duration.hours}H` : ''}${duration.minutes > 0 ? `${duration.minutes}M` : ''}`;
  if (date === '' && time === '') return 'P0D';
  return `P${date}${time === '' ? '' : `T${time}`}`;
}

/** The ISO text of an elapsed duration in minutes: 270 is `PT4H30M`, 60 is `PT1H`. */
export function formatElapsedMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ''}${rest > 0 || hours === 0 ? `${rest}M` : ''}`;
}
