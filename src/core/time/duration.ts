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

const ELAPSED = /^PT(?:(\d+)H)?(?:(\d+)M)?$/;
const CALENDAR = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Minutes of an elapsed duration (`PT4H30M` is 270), or null when malformed (`PT`, `P1D`, `PT30S`). */
export function parseElapsedMinutes(text: string): number | null {
  const match = ELAPSED.exec(text);
  if (match === null || (match[1] === undefined && match[2] === undefined)) return null;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** The parts of a calendar duration, or null when malformed (`P`, `PT`, `P1Y`, `P1M`, `PT1S`). */
export function parseCalendarDuration(text: string): CalendarDuration | null {
  const match = CALENDAR.exec(text);
  if (match === null || match.slice(1).every((part) => part === undefined)) return null;
  if (text.endsWith('T')) return null;
  return {
    weeks: Number(match[1] ?? 0),
    days: Number(match[2] ?? 0),
    hours: Number(match[3] ?? 0),
    minutes: Number(match[4] ?? 0),
  };
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
