import { DateTime } from 'luxon';
import type { Policy, PublishedWindow } from '../../core/schedule.js';
import { publishedWindows } from '../../core/schedule.js';
import { icsEscapedText } from '../../core/invites/index.js';
import { productNameIn } from '../../core/policy/products.js';
import type { Language } from '../../core/templates/format.js';
import type { Instant } from '../../core/types.js';
import { SCHEDULE_TEXT } from './schedule-text.js';

/** What the public schedule shows: occurrences not in a blackout, and the blackouts, from `from` on. */
export interface PublicSchedule {
  windows: PublishedWindow[];
  blackouts: { start: Instant; end: Instant; reason: string | null }[];
  /** True when the period holds more than MAX_PUBLIC_WINDOWS windows and only the first ones are listed. */
  truncated: boolean;
}

/**
 * The most windows a public page or feed lists. These routes are public and unauthenticated: a dense policy
 * (96 windows a day, say) would otherwise cost seconds of CPU per request.
 */
export const MAX_PUBLIC_WINDOWS = 1000;

/**
 * The vendor's upcoming windows (routine updates included) and blackouts over `months` months (no capacities:
 * they are not public).
 */
export function publicSchedule(policy: Policy, from: Instant, months: number): PublicSchedule {
  const until = DateTime.fromMillis(from, { zone: policy.timeZone }).plus({ months }).toMillis();
  const { windows, truncated } = publishedWindows(policy, { from, until, limit: MAX_PUBLIC_WINDOWS });
  const lastListed = truncated ? windows[windows.length - 1]!.start : until;
  const blackouts = policy.blackouts.filter((period) => period.end > from && period.start < lastListed);
  return { windows, blackouts, truncated };
}

/**
 * "Online Community, Communications Professional · routine update (no downtime)": what a window is for, with the
 * products' names in `lang`.
 */
export function windowNotes(window: PublishedWindow, lang: Language): string {
  const text = SCHEDULE_TEXT[lang];
  const parts = [window.products.map((product) => productNameIn(product, lang)).join(', ')];
  if (window.class === 'routine') parts.push(text.routine);
  if (window.lockout) parts.push(text.lockout);
  return parts.filter((part) => part !== '').join(' · ');
}

/**
 * The same schedule as an iCalendar feed (GET /schedule.ics): one VEVENT per occurrence, its UID derived from
 * the rule, the start and the vendor's domain, so a calendar that subscribed keeps the same events from one fetch
 * to the next, whichever host name it used. Written line by line rather than with ical-generator, which took about
 * 1 ms per event (a second of event loop for a feed of 1,000 windows); every text goes through the RFC 5545 escape.
 */
export function renderScheduleIcs(
  policy: Policy,
  schedule: PublicSchedule,
  options: { remind?: boolean; lang?: Language } = {},
): string {
  const { remind = false, lang = 'en' } = options;
  const text = SCHEDULE_TEXT[lang];
  const host = policy.vendor.email.split('@')[1] ?? 'upgrade-windows';
  const name = icsEscapedText(text.calendarName(policy.vendor.name));
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//upgrade-windows//schedule//EN', `NAME:${name}`];
  lines.push(`X-WR-CALNAME:${name}`);
  for (const window of schedule.windows) {
    const start = utcStamp(window.start);
    const notes = windowNotes(window, lang);
    const summary = icsEscapedText(text.eventSummary(policy.vendor.name, notes));
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icsEscapedText(`${window.rule}-${start}@${host}`)}`,
      'SEQUENCE:0',
      // A fixed stamp (the start) keeps the feed byte-identical between fetches.
      `DTSTAMP:${start}`,
      `DTSTART:${start}`,
      `DTEND:${utcStamp(window.end)}`,
      `SUMMARY:${summary}`,
      `DESCRIPTION:${icsEscapedText(eventDescription(window, lang))}`,
    );
    // A per-product feed is the "add appointments with reminders" link: a reminder a day before each window.
    if (remind) lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-P1D', `DESCRIPTION:${summary}`, 'END:VALARM');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n');
}

/** RFC 5545 §3.1: lines of at most 75 octets, continued after CRLF and a space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    // The first line holds 75 octets; each continuation 74 after its leading space.
    if (octets + size > (pieces.length === 0 ? 75 : 74)) {
      pieces.push(piece);
      piece = '';
      octets = 0;
    }
    piece += character;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}

function eventDescription(window: PublishedWindow, lang: Language): string {
  const text = SCHEDULE_TEXT[lang];
  if (window.lockout) return text.eventLockout;
  if (window.class === 'routine') return text.eventRoutine;
  return text.eventMaintenance;
}

function utcStamp(instant: Instant): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
