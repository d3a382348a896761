import type { Language } from '../../core/templates/format.js';

/**
 * The public schedule's words in each language of the comments (docs/API.md, Public schedule). Not vendor
 * templates: the page's structure is the product's, only the vendor's and products' names are the vendor's.
 */
export interface ScheduleText {
  title: (vendor: string) => string;
  timesIn: (zone: string) => string;
  nothingPlanned: string;
  truncated: (count: number) => string;
  quarter: (year: number, quarter: number) => string;
  allProducts: string;
  routine: string;
  lockout: string;
  blackout: string;
  nextDay: (days: number) => string;
  subscribeTitle: string;
  subscribeHow: string;
  subscribe: string;
  address: string;
  withReminder: string;
  everyWindow: string;
  /** An event's summary; `notes` (products, routine, lockout) may be empty. */
  eventSummary: (vendor: string, notes: string) => string;
  eventLockout: string;
  eventRoutine: string;
  eventMaintenance: string;
  calendarName: (vendor: string) => string;
}

export const SCHEDULE_TEXT: Record<Language, ScheduleText> = {
  en: {
    title: (vendor) => `${vendor}: upgrade windows`,
    timesIn: (zone) => `Times in ${zone}.`,
    nothingPlanned: 'No upgrade windows are planned in this period.',
    truncated: (count) => `Showing the first ${count} windows of this period.`,
    quarter: (year, quarter) => `${year} Q${quarter}`,
    allProducts: 'All products',
    routine: 'routine update (no downtime)',
    lockout: 'users locked out',
    blackout: 'No upgrades',
    nextDay: (days) => `(+${days} day${days === 1 ? '' : 's'})`,
    subscribeTitle: 'Add these windows to your calendar',
    subscribeHow:
      'Subscribe once and your calendar stays up to date, with a reminder the day before each window. ' +
      'Calendar apps (Outlook, Apple Calendar) open the subscribe link; in Google Calendar, add the address "From URL".',
    subscribe: 'subscribe',
    address: 'address',
    withReminder: 'with a reminder the day before',
    everyWindow: 'Every window, all products',
    eventSummary: (vendor, notes) => `${vendor} upgrade window${notes === '' ? '' : `: ${notes}`}`,
    eventLockout: 'Users are locked out during this window.',
    eventRoutine: 'A routine update: no downtime is expected.',
    eventMaintenance: 'Services may be unavailable during this window.',
    calendarName: (vendor) => `${vendor} upgrade windows`,
  },
  fr: {
    title: (vendor) => `${vendor} : fenêtres de mise à jour`,
    timesIn: (zone) => `Heures de ${zone}.`,
    nothingPlanned: 'Aucune fenêtre de mise à jour n’est prévue sur cette période.',
    truncated: (count) => `Seules les ${count} premières fenêtres de la période sont affichées.`,
    quarter: (year, quarter) => `${quarter}${quarter === 1 ? 'er' : 'e'} trimestre ${year}`,
    allProducts: 'Tous les produits',
    routine: 'mise à jour courante (sans interruption)',
    lockout: 'utilisateurs sans accès',
    blackout: 'Aucune mise à jour',
    nextDay: (days) => `(+${days} jour${days === 1 ? '' : 's'})`,
    subscribeTitle: 'Ajouter ces fenêtres à votre agenda',
    subscribeHow:
      'Abonnez-vous une fois : votre agenda reste à jour, avec un rappel la veille de chaque fenêtre. ' +
      'Les applications d’agenda (Outlook, Calendrier d’Apple) ouvrent le lien d’abonnement ; dans Google Agenda, ' +
      'ajoutez l’adresse « À partir de l’URL ».',
    subscribe: 's’abonner',
    address: 'adresse',
    withReminder: 'avec un rappel la veille',
    everyWindow: 'Toutes les fenêtres, tous les produits',
    eventSummary: (vendor, notes) => `${vendor} : fenêtre de mise à jour${notes === '' ? '' : ` (${notes})`}`,
    eventLockout: 'Les utilisateurs n’ont pas accès au service pendant cette fenêtre.',
    eventRoutine: 'Mise à jour courante : aucune interruption n’est prévue.',
    eventMaintenance: 'Les services peuvent être indisponibles pendant cette fenêtre.',
    calendarName: (vendor) => `${vendor} : fenêtres de mise à jour`,
  },
};

/** The languages `?lang=` takes: a tag whose language is one of these (`fr`, `fr-CA`, `en-GB`). */
export function scheduleLanguageOf(tag: string): Language | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'en' || primary === 'fr' ? primary : null;
}

/**
 * The page's language: `?lang=` when given (the contract refused any other than en or fr), else the first
 * language of `Accept-Language`, by weight, that the page exists in, else English. Only the first 20 entries of
 * the header are read: a browser sends a handful.
 * Example: `de-DE, fr;q=0.8, en;q=0.5` → `fr`.
 */
export function pickScheduleLanguage(lang: string | undefined, acceptLanguage: string | undefined): Language {
  if (lang !== undefined) return scheduleLanguageOf(lang) ?? 'en';
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((entry, index) => {
      const [tag = '', ...parameters] = entry.split(';');
      const q = parameters.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { language: scheduleLanguageOf(tag), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.find((entry) => entry.language !== null)?.language ?? 'en';
}
