import { DateTime } from 'luxon';
import type { Instant } from '../types.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** An offset change of a zone: the instant it happens and the offsets (minutes east of UTC) before and after. */
interface Transition {
  at: Instant;
  from: number;
  to: number;
}

const offsetAt = (instant: Instant, zone: string): number => DateTime.fromMillis(instant, { zone }).offset;

/**
 * The offset changes of `zone` in [from, to), found by stepping a day at a time and narrowing each change to the
 * minute. Zones change offset at most a few times a year and never twice within a day, so a daily step sees each.
 */
export function transitionsOf(zone: string, from: Instant, to: Instant): Transition[] {
  const found: Transition[] = [];
  let previous = offsetAt(from, zone);
  for (let day = from + DAY; day < to + DAY; day += DAY) {
    const offset = offsetAt(day, zone);
    if (offset === previous) continue;
    let low = day - DAY;
    let high = day;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle, zone) === previous) low = middle;
      else high = middle;
    }
    found.push({ at: high, from: previous, to: offset });
    previous = offset;
  }
  return found;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  return `${sign}${hours}${String(absolute % 60).padStart(2, '0')}`;
}

/** Local date-time as iCalendar writes it (`20261101T020000`), at `offset` minutes east of UTC. */
function localStamp(instant: Instant, offset: number): string {
  return DateTime.fromMillis(instant + offset * MINUTE, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss");
}

function observance(zone: string, at: Instant, from: number, to: number): string[] {
  const local = DateTime.fromMillis(at, { zone });
  const kind = local.isInDST ? 'DAYLIGHT' : 'STANDARD';
  return [
    `BEGIN:${kind}`,
    // RFC 5545 §3.6.5: an observance starts at the local time of the offset in force before it.
    `DTSTART:${localStamp(at, from)}`,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`,
    `TZNAME:${local.offsetNameShort ?? formatOffset(to)}`,
    `END:${kind}`,
  ];
}

/**
 * The VTIMEZONE of `zone` covering the years around [start, end], from luxon's (the platform's ICU) zone data,
 * so the invite and the comment agree on every offset. Each change is listed with its own DTSTART rather than an
 * RRULE: exact for any zone, including those whose rules changed. Pure, unlike a file-based zone database.
 */
export function buildVtimezone(zone: string, start: Instant, end: Instant): string {
  const from = DateTime.fromMillis(start, { zone }).startOf('year').minus({ years: 1 }).toMillis();
  const to = DateTime.fromMillis(end, { zone }).endOf('year').plus({ years: 1 }).toMillis();
  const initial = offsetAt(from, zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, ...observance(zone, from, initial, initial)];
  for (const change of transitionsOf(zone, from, to))
    lines.push(...observance(zone, change.at, change.from, change.to));
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
