// Dates through the browser's Intl only: the sidebar ships no date library and no scheduling engine.

/**
 * "Tue, Dec 1, 6:00 PM" for an ISO instant in a zone, in the agent's locale: the hour as the customer's comments
 * write it (no leading zero), no "GMT+1" (the zone is named once, beside the times, by `zoneLabel`), and the
 * French ordinal "1er" for the first of the month.
 */
export function formatInZone(iso: string, timeZone: string, locale: string): string {
  return formatParts(iso, timeZone, locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** "Tue, Dec 1" (no time), same conventions as `formatInZone`. */
export function formatDayInZone(iso: string, timeZone: string, locale: string): string {
  return formatParts(iso, timeZone, locale, { weekday: 'short', month: 'short', day: 'numeric' });
}

/** "6:00 PM", same conventions as `formatInZone`. */
export function formatTimeInZone(iso: string, timeZone: string, locale: string): string {
  return formatParts(iso, timeZone, locale, { hour: 'numeric', minute: '2-digit' });
}

/** "Nov 30" for a calendar day (`2026-11-30`), as a week's heading names its Monday. */
export function formatMonthDay(day: string, locale: string): string {
  return formatParts(`${day}T12:00:00Z`, 'UTC', locale, { month: 'short', day: 'numeric' });
}

/** "Dec 24 – Jan 4": a span of days, as a blackout is named (no years: the list covers the coming months). */
export function formatDayRange(fromIso: string, toIso: string, timeZone: string, locale: string): string {
  const options = { month: 'short', day: 'numeric' } as const;
  return `${formatParts(fromIso, timeZone, locale, options)} – ${formatParts(toIso, timeZone, locale, options)}`;
}

// ICU writes "6:00\u202fPM" and "Dec 24\u2009–\u2009Jan 4"; the comments the customer reads use plain spaces.
const NARROW_SPACES = /[\u202f\u2009]/g;

function formatParts(iso: string, timeZone: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const french = isFrench(locale);
  return new Intl.DateTimeFormat(locale, { ...options, timeZone })
    .formatToParts(new Date(iso))
    .map((part) => (french ? frenchPart(part) : part.value))
    .join('')
    .replace(NARROW_SPACES, ' ');
}

// As the French comments write them: "1er décembre", "18 h 00", "1 h 05".
function frenchPart(part: Intl.DateTimeFormatPart): string {
  if (part.type === 'day' && part.value === '1') return '1er';
  if (part.type === 'hour') return String(Number(part.value));
  if (part.type === 'literal' && part.value === ':') return ' h ';
  return part.value;
}

function isFrench(locale: string): boolean {
  return locale.toLowerCase().split(/[-_]/)[0] === 'fr';
}

/** "New York" for America/New_York: the city people name a zone by ("Europe/Paris" rather than "GMT+1"). */
export function zoneLabel(zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  return (zone.split('/').at(-1) ?? zone).replace(/_/g, ' ');
}

/** Whether two zones show the same wall-clock time at `iso` (Europe/Paris and Europe/Berlin do). */
export function sameWallClock(zoneA: string, zoneB: string, iso: string): boolean {
  const instant = Date.parse(iso);
  return offsetAt(instant, zoneA) === offsetAt(instant, zoneB);
}

/**
 * A server message for the agent: every ISO instant in it written as `formatInZone` writes it, and code quotes
 * (backticks) dropped. "cannot start before 2026-12-01T17:45:00-06:00" → "cannot start before Tue, Dec 1, 6:45 PM".
 */
export function humanizeMessage(message: string, timeZone: string, locale: string): string {
  return message
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) =>
      formatInZone(iso, timeZone, locale),
    )
    .replace(/`/g, '');
}

/** The `datetime-local` value (`2026-12-01T18:05`) of an instant in `timeZone`. */
export function wallTimeOf(instant: number, timeZone: string): string {
  const wall = new Date(instant + offsetAt(instant, timeZone)).toISOString();
  return wall.slice(0, 16);
}

/** Whether `zone` is an IANA zone this browser knows. */
export function isKnownZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A span of milliseconds as the two largest units in the locale: 1 d 4 h, 3 h 10 min, 5 min.
 * Worked example: 100_200_000 ms (27 h 50 min) in `en` → "1d 3h".
 */
export function formatSpan(ms: number, locale: string): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const parts: [number, 'day' | 'hour' | 'minute'][] = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ];
  const firstNonZero = parts.findIndex(([value]) => value > 0);
  if (firstNonZero === -1) return unit(0, 'minute', locale);
  return parts
    .slice(firstNonZero, firstNonZero + 2)
    .filter(([value]) => value > 0)
    .map(([value, name]) => unit(value, name, locale))
    .join(' ');
}

function unit(value: number, name: 'day' | 'hour' | 'minute', locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'narrow' }).format(value);
}

/**
 * The instant of a wall-clock time (`2026-12-01T18:00`, as a datetime-local input gives it) in `timeZone`,
 * as an ISO string in UTC. Intl gives a zone's offset at an instant, so guess with the offset at the wall
 * time read as UTC, then correct once with the offset at the guess (enough except inside a DST gap,
 * where the backend's check answers with its reasons anyway).
 */
export function wallTimeToIso(wallTime: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(wallTime);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const firstGuess = asUtc - offsetAt(asUtc, timeZone);
  const instant = asUtc - offsetAt(firstGuess, timeZone);
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** The zone's offset from UTC at an instant, in ms (Chicago in winter → -21_600_000). */
export function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}
