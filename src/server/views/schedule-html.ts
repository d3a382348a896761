import { productNameIn } from '../../core/policy/products.js';
import type { Policy, Product, PublishedWindow } from '../../core/schedule.js';
import type { Language } from '../../core/templates/format.js';
import type { Instant } from '../../core/types.js';
import { MAX_PUBLIC_WINDOWS, escapeHtml, windowNotes, type PublicSchedule } from './schedule-page.js';
import { SCHEDULE_TEXT, type ScheduleText } from './schedule-text.js';
import { zoneAbbreviation } from './zone-abbreviation.js';

export interface SchedulePageOptions {
  /** The zone times are written in. */
  zone: string;
  lang: Language;
  /**
   * Where the page was asked for (`host[:port]` and scheme), for the absolute feed addresses a calendar app
   * subscribes to; null leaves only links relative to the page.
   */
  origin: PageOrigin | null;
}

/** Where the page is published: scheme, host (with port) and the path its routes sit under ('/' or '/prefix/'). */
export interface PageOrigin {
  host: string;
  scheme: 'http' | 'https';
  base: string;
}

/**
 * The origin from PUBLIC_URL, when the backend is published there (behind a proxy that may add a path prefix such as
 * `https://vendor.example/upgrades`): the only source that knows the prefix. Null when unset or not http(s).
 */
export function publicOrigin(publicUrl: string | null): PageOrigin | null {
  if (publicUrl === null) return null;
  const url = new URL(publicUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { host: url.host, scheme: url.protocol === 'https:' ? 'https' : 'http', base };
}

/**
 * The page's origin from the request's Host and scheme, when the Host is a plain host name or address with an
 * optional port; anything else (a Host header is the caller's to write) gives null and relative links only.
 * Renderings are cached per origin, so one caller's Host never reaches another caller's page.
 */
export function pageOrigin(host: string | undefined, protocol: string): PageOrigin | null {
  const plain = /^(?:[a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}(?::\d{1,5})?$/i;
  const ipv6 = /^\[[0-9a-f:.]{2,45}\](?::\d{1,5})?$/i;
  if (host === undefined || host.length > 260 || !(plain.test(host) || ipv6.test(host))) return null;
  return { host: host.toLowerCase(), scheme: protocol === 'https' ? 'https' : 'http', base: '/' };
}

interface Group {
  /** null: the policy has no products, so the page has no product headings. */
  title: string | null;
  order: number;
  items: { at: Instant; html: string }[];
}

/**
 * The page a vendor can publish (GET /schedule): the windows grouped by product (windows of every product and
 * the blackouts under "All products"), then by quarter, times in `zone` with its common abbreviation, in
 * `lang`, and how to subscribe to each product's feed. Readable on a phone (one column, system fonts). Every
 * text printed is escaped.
 */
export function renderScheduleHtml(policy: Policy, schedule: PublicSchedule, options: SchedulePageOptions): string {
  const { zone, lang } = options;
  const text = SCHEDULE_TEXT[lang];
  const groups = groupByProducts(policy, schedule, options);
  const heading = groups.some((group) => group.title !== null) ? 'h3' : 'h2';
  const body =
    groups.length === 0
      ? `<p>${escapeHtml(text.nothingPlanned)}</p>`
      : groups
          .map((group) => {
            const title = group.title === null ? '' : `<h2>${escapeHtml(group.title)}</h2>\n`;
            return `<section>\n${title}${byQuarter(group.items, zone, text, heading)}</section>`;
          })
          .join('\n');
  const vendor = escapeHtml(text.title(policy.vendor.name));
  const note = schedule.truncated ? `\n<p class="note">${escapeHtml(text.truncated(MAX_PUBLIC_WINDOWS))}</p>` : '';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${vendor}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; line-height: 1.5; color: #1f2933; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; border-bottom: 1px solid #d8dee4; padding-bottom: .25rem; }
  ul { list-style: none; padding: 0; } li { padding: .4rem 0; border-bottom: 1px solid #eef1f4; }
  .blackout { color: #8a1c1c; } .note { color: #52606d; font-size: .9rem; } .subscribe li { border: 0; }
</style>
</head>
<body>
<h1>${vendor}</h1>
<p class="note">${escapeHtml(text.timesIn(zoneWithAbbreviations(schedule, zone)))}</p>
${subscribeSection(policy, options)}
${body}${note}
</body>
</html>
`;
}

/** "America/Chicago (CT)", or "Europe/Paris (CET, CEST)" when the period crosses a change of summer time. */
function zoneWithAbbreviations(schedule: PublicSchedule, zone: string): string {
  const names = new Set(schedule.windows.map((window) => zoneAbbreviation(window.start, zone)));
  return names.size === 0 ? zone : `${zone} (${[...names].join(', ')})`;
}

/**
 * One group per set of products a window serves, in the policy's order of products; windows of every product
 * and the blackouts (which stop every upgrade) under "All products", last. A policy without products: one group.
 */
function groupByProducts(policy: Policy, schedule: PublicSchedule, options: SchedulePageOptions): Group[] {
  const { zone, lang } = options;
  const text = SCHEDULE_TEXT[lang];
  const hasProducts = policy.products.length > 0;
  const groups = new Map<string, Group>();
  const groupOf = (products: Product[]): Group => {
    const every = products.length === policy.products.length;
    const key = every ? '*' : products.map((product) => product.id).join('\n');
    let group = groups.get(key);
    if (group === undefined) {
      const first = products[0] === undefined ? 0 : policy.products.indexOf(products[0]);
      group = {
        title: !hasProducts ? null : every ? text.allProducts : products.map((p) => productNameIn(p, lang)).join(', '),
        order: every ? Number.MAX_SAFE_INTEGER : first * 1000 + products.length,
        items: [],
      };
      groups.set(key, group);
    }
    return group;
  };
  for (const window of schedule.windows) {
    groupOf(window.products).items.push({ at: window.start, html: windowItem(window, zone, lang) });
  }
  for (const period of schedule.blackouts) {
    groupOf(policy.products).items.push({ at: period.start, html: blackoutItem(period, zone, lang) });
  }
  return [...groups.values()].sort((a, b) => a.order - b.order);
}

/** The items under one heading per quarter, in time order. */
function byQuarter(items: Group['items'], zone: string, text: ScheduleText, heading: 'h2' | 'h3'): string {
  const quarters = new Map<string, string[]>();
  for (const item of [...items].sort((a, b) => a.at - b.at)) {
    const [year, month] = localDateOf(item.at, zone).split('-').map(Number) as [number, number];
    const quarter = Math.ceil(month / 3);
    const title = text.quarter(year, quarter);
    const lines = quarters.get(title);
    if (lines === undefined) quarters.set(title, [item.html]);
    else lines.push(item.html);
  }
  return [...quarters.entries()]
    .map(([title, lines]) => `<${heading}>${escapeHtml(title)}</${heading}>\n<ul>${lines.join('')}</ul>\n`)
    .join('');
}

/**
 * How to subscribe: per product, its feed (with a reminder the day before each window) as a `webcal:` link,
 * which calendar apps open as a subscription, and as the plain address Google Calendar takes; then the full feed.
 */
function subscribeSection(policy: Policy, options: SchedulePageOptions): string {
  const text = SCHEDULE_TEXT[options.lang];
  const feeds = policy.products.map(
    (product) =>
      `<li>${escapeHtml(productNameIn(product, options.lang))}: ${feedLinks(options, product.id)} ` +
      `(${escapeHtml(text.withReminder)})</li>`,
  );
  const everything = policy.products.length === 0 ? '' : `${escapeHtml(text.everyWindow)}: `;
  feeds.push(`<li>${everything}${feedLinks(options, null)}</li>`);
  return `<section class="subscribe">
<h2>${escapeHtml(text.subscribeTitle)}</h2>
<p class="note">${escapeHtml(text.subscribeHow)}</p>
<ul>${feeds.join('')}</ul>
</section>`;
}

function feedLinks(options: SchedulePageOptions, product: string | null): string {
  const text = SCHEDULE_TEXT[options.lang];
  const query = [
    ...(product === null ? [] : [`product=${encodeURIComponent(product)}`]),
    ...(options.lang === 'en' ? [] : [`lang=${options.lang}`]),
  ];
  const path = `schedule.ics${query.length === 0 ? '' : `?${query.join('&')}`}`;
  if (options.origin === null) return `<a href="${escapeHtml(path)}">${escapeHtml(text.address)}</a>`;
  const { scheme, host, base } = options.origin;
  const address = `${scheme}://${host}${base}${path}`;
  const webcal = `webcal://${host}${base}${path}`;
  return (
    `<a href="${escapeHtml(webcal)}">${escapeHtml(text.subscribe)}</a> · ` +
    `${escapeHtml(text.address)}: <a href="${escapeHtml(address)}">${escapeHtml(address)}</a>`
  );
}

function windowItem(window: PublishedWindow, zone: string, lang: Language): string {
  const notes = windowNotes(window, lang);
  const what = notes === '' ? '' : ` <span class="what">${escapeHtml(notes)}</span>`;
  const range = escapeHtml(formatRange(window.start, window.end, zone, lang));
  return `<li><time datetime="${new Date(window.start).toISOString()}">${range}</time>${what}</li>`;
}

function blackoutItem(period: PublicSchedule['blackouts'][number], zone: string, lang: Language): string {
  const reason = period.reason === null ? '' : `: ${escapeHtml(period.reason)}`;
  const range = escapeHtml(formatRange(period.start, period.end, zone, lang));
  return `<li class="blackout">${escapeHtml(SCHEDULE_TEXT[lang].blackout)} ${range}${reason}</li>`;
}

/**
 * "Tue 1 Dec 2026, 18:00 – 00:00 (+1 day) CT"; in French "mar. 1 déc. 2026, 18 h 00 – 0 h 00 (+1 jour) CT".
 * When summer time begins or ends inside the range, each end names its own: "01:00 CET – 04:00 CEST".
 */
export function formatRange(start: Instant, end: Instant, zone: string, lang: Language = 'en'): string {
  const from = localParts(start, zone, lang);
  const to = localParts(end, zone, lang);
  const days = Math.round((to.date - from.date) / 86_400_000);
  const nextDay = days === 0 ? '' : ` ${SCHEDULE_TEXT[lang].nextDay(days)}`;
  const fromZone = zoneAbbreviation(start, zone, from.offset);
  const toZone = zoneAbbreviation(end, zone, to.offset);
  const fromTime = fromZone === toZone ? from.time : `${from.time} ${fromZone}`;
  return `${from.weekday} ${from.day} ${from.month} ${from.year}, ${fromTime} – ${to.time}${nextDay} ${toZone}`;
}

/**
 * Intl formatters per zone and language, kept: luxon's `setLocale(...).toFormat(...)` cost about 3 ms per window,
 * so a page of 1,000 windows held the event loop for 3 s.
 */
const FORMATTERS = new Map<string, { text: Intl.DateTimeFormat; date: Intl.DateTimeFormat }>();

function formattersOf(zone: string, lang: Language) {
  const key = `${zone}|${lang}`;
  let formatters = FORMATTERS.get(key);
  if (formatters === undefined) {
    formatters = {
      text: new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
        timeZone: zone,
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
      date: new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }),
    };
    if (FORMATTERS.size >= 1000) FORMATTERS.clear();
    FORMATTERS.set(key, formatters);
  }
  return formatters;
}

/** `2026-12-01`: the local date of an instant in `zone`. */
function localDateOf(instant: Instant, zone: string): string {
  return formattersOf(zone, 'en').date.format(instant);
}

function localParts(instant: Instant, zone: string, lang: Language) {
  const formatters = formattersOf(zone, lang);
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatters.text.formatToParts(instant)) parts[part.type] = part.value;
  // en-CA writes YYYY-MM-DD: the local date as a UTC midnight, to count the days between two of them.
  const date = Date.parse(`${formatters.date.format(instant)}T00:00:00Z`);
  const wall = date + Number(parts.hour) * 3_600_000 + Number(parts.minute) * 60_000;
  return {
    weekday: parts.weekday,
    day: parts.day,
    month: parts.month,
    year: parts.year,
    // French typography writes 18 h 00, as the comments do.
    time: lang === 'fr' ? `${Number(parts.hour)} h ${parts.minute}` : `${parts.hour}:${parts.minute}`,
    date,
    /** The zone's offset in minutes: the wall clock minus the instant (to the minute). */
    offset: Math.round((wall - Math.floor(instant / 60_000) * 60_000) / 60_000),
  };
}
