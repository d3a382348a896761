// Dates through the browser's Intl only: the sidebar ships no date library and no scheduling engine.

/** "Tue, Dec 1, 18:00 CST" for an ISO instant in a zone, in the agent's locale. */
export function formatInZone(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
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
