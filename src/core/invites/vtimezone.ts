import { DateTime, IANAZone } from 'luxon';
import type { Instant } from '../types.js';

const MINUTE = 60_000;
/** The instants whose local date-times iCalendar can write (four-digit years), with a day's margin for any zone. */
const FIRST_WRITABLE = Date.parse('0001-01-02T00:00:00Z');
const LAST_WRITABLE = Date.parse('9999-12-30T00:00:00Z');
const WEEK = 7 * 24 * 60 * MINUTE;

/** An offset change of a zone: the instant it happens and the offsets (minutes east of UTC) before and after. */
interface Transition {
  at: Instant;
  from: number;
  to: number;
}

/**
 * The offset changes of `zone` in [from, to), found by stepping a week at a time and narrowing each change to the
 * minute. Current zone rules change offset at most a few times a year, weeks apart, so a weekly step sees each
 * change; stepping by days instead made an invite cost 24 ms instead of about 2 (luxon asks Intl for each offset).
 */
export function transitionsOf(zone: string, from: Instant, to: Instant): Transition[] {
  const iana = IANAZone.create(zone);
  const offsetAt = (instant: Instant): number => iana.offset(instant);
  const found: Transition[] = [];
  let previous = offsetAt(from);
  for (let step = from + WEEK; step < to + WEEK; step += WEEK) {
    const offset = offsetAt(step);
    if (offset === previous) continue;
    let low = step - WEEK;
    let high = step;
    while (high - low > MINUTE) {
      const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle) === previous) low = middle;
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
 * The spans of years a VTIMEZONE must describe for an event [start, end]: the year before to the year after each
 * end, merged when they touch. Only DTSTART and DTEND are read through the zone, so what lies between two far
 * apart ends needs no observance; this keeps the work at a few years whatever the event's length (an invite for a
 * window ending in the year 177000 once walked every week in between on the event loop).
 */
function spansOf(zone: string, start: Instant, end: Instant): [Instant, Instant][] {
  const around = (instant: Instant): [Instant, Instant] => {
    const local = DateTime.fromMillis(instant, { zone });
    return [
      Math.max(FIRST_WRITABLE, local.startOf('year').minus({ years: 1 }).toMillis()),
      Math.min(LAST_WRITABLE, local.endOf('year').plus({ years: 1 }).toMillis()),
    ];
  };
  const first = around(start);
  const last = around(end);
  return last[0] <= first[1] ? [[first[0], Math.max(first[1], last[1])]] : [first, last];
}

/**
 * The VTIMEZONE of `zone` covering the years around the event's start and end, from luxon's (the platform's ICU)
 * zone data, so the invite and the comment agree on every offset. Each change is listed with its own DTSTART rather
 * than an RRULE: exact for any zone, including those whose rules changed. Pure, unlike a file-based zone database.
 * Each span opens with an observance of the offset in force at its start, so a time in either span resolves alone.
 */
export function buildVtimezone(zone: string, start: Instant, end: Instant): string {
  const iana = IANAZone.create(zone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  for (const [from, to] of spansOf(zone, start, end)) {
    const initial = iana.offset(from);
    lines.push(...observance(zone, from, initial, initial));
    for (const change of transitionsOf(zone, from, to))
      lines.push(...observance(zone, change.at, change.from, change.to));
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
