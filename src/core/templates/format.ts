import { DateTime } from 'luxon';
import type { Instant } from '../types.js';

/** The languages comment templates exist in. */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The template language for a requester's locale (docs/LIFECYCLE.md, Comments): `fr`, `fr-CA`, `fr_FR`… use French, anything else
 * (including no locale) English.
 */
export function languageOf(locale: string | null | undefined): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'fr' ? 'fr' : 'en';
}

/**
 * The locale dates are formatted in: the requester's own when it is a valid tag of the template language
 * (`en-GB` prints "Tuesday, 1 December 2026"), otherwise the language itself.
 */
export function formattingLocale(locale: string | null | undefined): string {
  const language = languageOf(locale);
  if (locale === null || locale === undefined || languageOf(locale) !== language) return language;
  try {
    return Intl.getCanonicalLocales(locale.trim().replace(/_/g, '-'))[0] ?? language;
  } catch {
    return language;
  }
}

// ICU puts a narrow no-break space before AM/PM; plain-text mail clients show it as a box or "?".
const clean = (text: string): string => text.replace(/[\u202f\u00a0]/g, ' ');

function dateOf(local: DateTime, withYear: boolean): string {
  if (!withYear) return clean(local.toFormat('cccc'));
  return clean(local.toLocaleString(DateTime.DATE_HUGE));
}

function timeOf(local: DateTime, language: Language): string {
  // French typography writes 18 h 00 (Office québécois, Imprimerie nationale); Intl gives 18:00 for fr-FR.
  if (language === 'fr') return local.toFormat("H' h 'mm");
  return clean(local.toLocaleString(DateTime.TIME_SIMPLE));
}

/** "Central Standard Time (America/Chicago)", in the locale: "heure normale du centre nord-américain (America/Chicago)". */
export function zoneLabel(instant: Instant, zone: string, locale: string): string {
  const local = DateTime.fromMillis(instant, { zone }).setLocale(locale);
  return `${local.offsetNameLong ?? local.offsetNameShort ?? zone} (${zone})`;
}

function moment(local: DateTime, language: Language, withYear: boolean): string {
  return `${dateOf(local, withYear)}, ${timeOf(local, language)}`;
}

/** One instant in one zone: "Tuesday, December 1, 2026, 6:00 PM Central Standard Time (America/Chicago)". */
export function formatMoment(instant: Instant, zone: string, locale: string): string {
  const language = languageOf(locale);
  const local = DateTime.fromMillis(instant, { zone }).setLocale(locale);
  return `${moment(local, language, true)} ${zoneLabel(instant, zone, locale)}`;
}

/**
 * An interval in one zone, the end shortened when the start already says it:
 * - same local day: "Tuesday, December 1, 2026, 6:00 PM – 11:00 PM Central Standard Time (America/Chicago)"
 * - within a week:  "Tuesday, December 1, 2026, 6:00 PM – Wednesday, 12:00 AM Central Standard Time (America/Chicago)"
 * - longer:         both dates in full.
 * The zone is named after the start; a window crossing a DST change keeps the start's name.
 */
export function formatInterval(start: Instant, end: Instant, zone: string, locale: string): string {
  const language = languageOf(locale);
  const from = DateTime.fromMillis(start, { zone }).setLocale(locale);
  const to = DateTime.fromMillis(end, { zone }).setLocale(locale);
  const sameDay = from.toISODate() === to.toISODate();
  const withinWeek = end - start < 6 * 24 * 3600 * 1000;
  const endText = sameDay
    ? timeOf(to, language)
    : withinWeek
      ? moment(to, language, false)
      : moment(to, language, true);
  return `${moment(from, language, true)} – ${endText} ${zoneLabel(start, zone, locale)}`;
}

/** YYYY-MM-DD of an instant in a zone (the ticket's "Upgrade window date" field). */
export function localDate(instant: Instant, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISODate() ?? '';
}
