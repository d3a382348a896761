import { DateTime } from 'luxon';
import type { Policy, PublishedWindow } from '../../core/schedule.js';
import { publishedWindows } from '../../core/schedule.js';
import { icsEscapedText } from '../../core/invites/index.js';
import type { Instant } from '../../core/types.js';

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

/** `2026-Q4`: the quarter an instant falls in, in `zone`. */
export function quarterOf(instant: Instant, zone: string): string {
  const local = DateTime.fromMillis(instant, { zone });
  return `${local.year}-Q${local.quarter}`;
}

/**
 * The page a vendor can publish (GET /schedule): one section per quarter, times in `zone`, readable on a
 * phone (one column, system fonts, no table wider than the screen). Everything printed is escaped.
 */
export function renderScheduleHtml(policy: Policy, schedule: PublicSchedule, zone: string): string {
  const sections = new Map<string, string[]>();
  const add = (instant: Instant, line: string) => {
    const key = quarterOf(instant, zone);
    const lines = sections.get(key);
    if (lines === undefined) sections.set(key, [line]);
    else lines.push(line);
  };
  const items = [
    ...schedule.windows.map((window) => ({ at: window.start, html: windowItem(window, zone) })),
    ...schedule.blackouts.map((period) => ({ at: period.start, html: blackoutItem(period, zone) })),
  ].sort((a, b) => a.at - b.at);
  for (const item of items) add(item.at, item.html);

  const vendor = escapeHtml(policy.vendor.name);
  const body =
    sections.size === 0
      ? '<p>No upgrade windows are planned in this period.</p>'
      : [...sections.entries()]
          .map(
            ([quarter, lines]) => `<section><h2>${quarter.replace('-', ' ')}</h2><ul>${lines.join('')}</ul></section>`,
          )
          .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${vendor}: upgrade windows</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; color: #1f2933; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; border-bottom: 1px solid #d8dee4; padding-bottom: .25rem; }
  ul { list-style: none; padding: 0; } li { padding: .4rem 0; border-bottom: 1px solid #eef1f4; }
  .blackout { color: #8a1c1c; } .note { color: #52606d; font-size: .9rem; }
</style>
</head>
<body>
<h1>${vendor}: upgrade windows</h1>
<p class="note">Times in ${escapeHtml(zone)}. Add them to your calendar: <a href="schedule.ics">schedule.ics</a>.</p>
${subscribeLine(policy)}${body}${schedule.truncated ? `\n<p class="note">Showing the first ${MAX_PUBLIC_WINDOWS} windows of this period.</p>` : ''}
</body>
</html>
`;
}

/** One feed per product, each with reminders a day before: the one-click "add with reminders" link. */
function subscribeLine(policy: Policy): string {
  if (policy.products.length === 0) return '';
  const links = policy.products.map(
    (product) => `<a href="schedule.ics?product=${encodeURIComponent(product.id)}">${escapeHtml(product.name)}</a>`,
  );
  return `<p class="note">Subscribe to one product's windows with a reminder the day before: ${links.join(', ')}.</p>\n`;
}

function windowItem(window: PublishedWindow, zone: string): string {
  const notes = windowNotes(window);
  const what = notes === '' ? '' : ` <span class="what">${escapeHtml(notes)}</span>`;
  return `<li><time datetime="${iso(window.start)}">${escapeHtml(formatRange(window.start, window.end, zone))}</time>${what}</li>`;
}

/** "Online Community, Communications Professional · routine update (no downtime)": what a window is for. */
function windowNotes(window: PublishedWindow): string {
  const parts = [window.products.map((product) => product.name).join(', ')];
  if (window.class === 'routine') parts.push('routine update (no downtime)');
  if (window.lockout) parts.push('users locked out');
  return parts.filter((part) => part !== '').join(' · ');
}

function blackoutItem(period: PublicSchedule['blackouts'][number], zone: string): string {
  const reason = period.reason === null ? '' : `: ${escapeHtml(period.reason)}`;
  return `<li class="blackout">No upgrades ${escapeHtml(formatRange(period.start, period.end, zone))}${reason}</li>`;
}

/** "Tue 1 Dec 2026, 18:00 – 00:00 (+1 day) GMT-6" */
export function formatRange(start: Instant, end: Instant, zone: string): string {
  const from = localParts(start, zone);
  const to = localParts(end, zone);
  const days = Math.round((to.date - from.date) / 86_400_000);
  const nextDay = days === 0 ? '' : ` (+${days} day${days === 1 ? '' : 's'})`;
  return `${from.weekday} ${from.day} ${from.month} ${from.year}, ${from.time} – ${to.time}${nextDay} ${to.zoneName}`;
}

/**
 * Intl formatters per zone, kept: luxon's `setLocale(...).toFormat(...)` cost about 3 ms per window, so a page of
 * 1,000 windows held the event loop for 3 s. Same ICU data and locale (en-GB), so the same text.
 */
const FORMATTERS = new Map<string, { text: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formattersOf(zone: string) {
  let formatters = FORMATTERS.get(zone);
  if (formatters === undefined) {
    formatters = {
      text: new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }),
      date: new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    if (FORMATTERS.size >= 1000) FORMATTERS.clear();
    FORMATTERS.set(zone, formatters);
  }
  return formatters;
}

function localParts(instant: Instant, zone: string) {
  const formatters = formattersOf(zone);
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatters.text.formatToParts(instant)) parts[part.type] = part.value;
  return {
    weekday: parts.weekday,
    day: parts.day,
    month: parts.month,
    year: parts.year,
    time: `${parts.hour}:${parts.minute}`,
    zoneName: parts.timeZoneName,
    // en-CA writes YYYY-MM-DD: the local date as a UTC midnight, to count the days between two of them.
    date: Date.parse(`${formatters.date.format(instant)}T00:00:00Z`),
  };
}

/**
 * The same schedule as an iCalendar feed (GET /schedule.ics): one VEVENT per occurrence, its UID derived from
 * the rule, the start and the vendor's domain, so a calendar that subscribed keeps the same events from one fetch
 * to the next, whichever host name it used. Written line by line rather than with ical-generator, which took about
 * 1 ms per event (a second of event loop for a feed of 1,000 windows); every text goes through the RFC 5545 escape.
 */
export function renderScheduleIcs(policy: Policy, schedule: PublicSchedule, remind = false): string {
  const host = policy.vendor.email.split('@')[1] ?? 'upgrade-windows';
  const name = icsEscapedText(`${policy.vendor.name} upgrade windows`);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//upgrade-windows//schedule//EN', `NAME:${name}`];
  lines.push(`X-WR-CALNAME:${name}`);
  for (const window of schedule.windows) {
    const start = utcStamp(window.start);
    const notes = windowNotes(window);
    const summary = icsEscapedText(`${policy.vendor.name} upgrade window${notes === '' ? '' : `: ${notes}`}`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icsEscapedText(`${window.rule}-${start}@${host}`)}`,
      'SEQUENCE:0',
      // A fixed stamp (the start) keeps the feed byte-identical between fetches.
      `DTSTAMP:${start}`,
      `DTSTART:${start}`,
      `DTEND:${utcStamp(window.end)}`,
      `SUMMARY:${summary}`,
      `DESCRIPTION:${icsEscapedText(eventDescription(window))}`,
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

function eventDescription(window: PublishedWindow): string {
  if (window.lockout) return 'Users are locked out during this window.';
  if (window.class === 'routine') return 'A routine update: no downtime is expected.';
  return 'Services may be unavailable during this window.';
}

function utcStamp(instant: Instant): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function iso(instant: Instant): string {
  return new Date(instant).toISOString();
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
