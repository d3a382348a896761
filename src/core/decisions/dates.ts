import { civilDate, daysInMonth, dayNumber, weekdayOf } from '../time/calendar.js';

/**
 * The days a customer names in a reply, in English and French, read from folded text (lower case, no
 * accents: see normalise.ts): "Friday the 19th", "next Tuesday", "the following Tuesday", "le mardi 22",
 * "22/12" (day and month in the order of the requester's locale), "December 19", "19 décembre",
 * "2026-12-19", "tomorrow". A spec keeps what was said; `resolveDay` turns it into one calendar day.
 */
export interface DaySpec {
  /** The words as found (folded), and where: [start, end) in the folded text. */
  text: string;
  start: number;
  end: number;
  /** 0 Sunday .. 6 Saturday. */
  weekday?: number;
  day?: number;
  month?: number;
  year?: number;
  /** "next Tuesday" (after the reply's day), "the following Tuesday" (after the booked day), "tomorrow". */
  relative?: 'next' | 'following' | 'tomorrow';
}

type Fields = Omit<DaySpec, 'text' | 'start' | 'end'>;

const WEEKDAY_NAMES: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4,
  thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6, dimanche: 0, lundi: 1, mardi: 2, mercredi: 3,
  jeudi: 4, vendredi: 5, samedi: 6,
}; // prettier-ignore

const MONTH_NAMES: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7,
  jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12, janvier: 1, janv: 1, fevrier: 2, fevr: 2, fev: 2, mars: 3, avril: 4, avr: 4, mai: 5,
  juin: 6, juillet: 7, juil: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
}; // prettier-ignore

const WEEKDAY = `(${Object.keys(WEEKDAY_NAMES).join('|')})\\.?`;
const MONTH = `(${Object.keys(MONTH_NAMES).join('|')})\\.?`;
const ORDINAL = '(?:st|nd|rd|th|er|e|eme)?';
/** After a day number: not a time ("Tuesday 14:00", "mardi 14h", "friday 2 pm"). */
const NOT_A_TIME = '(?!\\s*(?:[:h.]\\d|h\\b|am\\b|pm\\b))';

/** Patterns, most specific first; each consumes its words so a shorter one cannot read them again. */
const PATTERNS: { pattern: RegExp; read: (match: RegExpExecArray, monthFirst: boolean) => Fields | null }[] = [
  { pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => ({ year: +m[1]!, month: +m[2]!, day: +m[3]! }) },
  {
    // 22/12, 12/22/2026, 22.12.2026: the locale says which number is the month.
    pattern: /\b(\d{1,2})(?:\/(\d{1,2})(?:\/(\d{2}|\d{4}))?|\.(\d{1,2})\.(\d{2}|\d{4}))\b/g,
    read: (m, monthFirst) => {
      const [a, b] = [+m[1]!, +(m[2] ?? m[4])!];
      const year = m[3] ?? m[5];
      return {
        day: monthFirst ? b : a,
        month: monthFirst ? a : b,
        ...(year === undefined ? {} : { year: year.length === 2 ? 2000 + +year : +year }),
      };
    },
  },
  {
    // Friday the 19th, Fri 19 Dec, vendredi 19 decembre, friday 19th of december.
    pattern: new RegExp(
      `\\b${WEEKDAY},?\\s+(?:the\\s+)?(\\d{1,2})${ORDINAL}${NOT_A_TIME}(?:\\s+(?:of\\s+)?${MONTH})?(?:\\s+(\\d{4}))?\\b`,
      'g',
    ),
    read: (m) => withMonth({ weekday: WEEKDAY_NAMES[m[1]!]!, day: +m[2]! }, m[3], m[4]),
  },
  {
    // Friday, December 19th; vendredi, decembre 19 is not French but costs nothing.
    pattern: new RegExp(`\\b${WEEKDAY},?\\s+${MONTH}\\s+(\\d{1,2})${ORDINAL}(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    read: (m) => withMonth({ weekday: WEEKDAY_NAMES[m[1]!]!, day: +m[3]! }, m[2], m[4]),
  },
  {
    // December 19th, dec 19 2026.
    pattern: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})${ORDINAL}(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    read: (m) => withMonth({ day: +m[2]! }, m[1], m[3]),
  },
  {
    // 19 December, 19th of december, le 19 decembre.
    pattern: new RegExp(`\\b(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?${MONTH}(?:\\s+(\\d{4}))?\\b`, 'g'),
    read: (m) => withMonth({ day: +m[1]! }, m[2], m[3]),
  },
  { pattern: new RegExp(`\\b(?:next|this coming)\\s+${WEEKDAY}`, 'g'), read: (m) => relative(m[1]!, 'next') },
  { pattern: new RegExp(`\\b${WEEKDAY}\\s+(?:prochain|next week)\\b`, 'g'), read: (m) => relative(m[1]!, 'next') },
  {
    pattern: new RegExp(`\\b(?:the\\s+)?following\\s+${WEEKDAY}|\\bthe\\s+${WEEKDAY}\\s+after\\b`, 'g'),
    read: (m) => relative((m[1] ?? m[2])!, 'following'),
  },
  {
    pattern: new RegExp(`\\b(?:le|au)\\s+${WEEKDAY}\\s+(?:suivant|d'apres|d' apres)\\b`, 'g'),
    read: (m) => relative(m[1]!, 'following'),
  },
  // The 19th, le 19: a day of the month without a month needs "the" or "le", or an ordinal ending.
  {
    pattern: /\b(?:the|le)\s+(\d{1,2})(?:st|nd|rd|th|er)?\b(?!\s*(?:h|:|one|option))/g,
    read: (m) => ({ day: +m[1]! }),
  },
  { pattern: /\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:one|option|window|slot))/g, read: (m) => ({ day: +m[1]! }) },
  { pattern: new RegExp(`\\b${WEEKDAY}\\b`, 'g'), read: (m) => ({ weekday: WEEKDAY_NAMES[m[1]!]! }) },
  { pattern: /\b(?:tomorrow|demain)\b/g, read: () => ({ relative: 'tomorrow' }) },
];

function withMonth(spec: Fields, month: string | undefined, year: string | undefined) {
  return {
    ...spec,
    ...(month === undefined ? {} : { month: MONTH_NAMES[month]! }),
    ...(year === undefined ? {} : { year: +year }),
  };
}

function relative(weekday: string, kind: 'next' | 'following'): Fields {
  return { weekday: WEEKDAY_NAMES[weekday]!, relative: kind };
}

/** Locales that write the month first in a numeric date ("12/22"): US English and its neighbours. */
const MONTH_FIRST_LOCALES = new Set(['en-us', 'en', 'en-ph', 'en-ca']);

export function isMonthFirst(locale: string): boolean {
  return MONTH_FIRST_LOCALES.has(locale.toLowerCase());
}

/** Every day named in the folded text, in order of appearance. "may" alone is a verb, so months need a day. */
export function findDaySpecs(folded: string, locale: string): DaySpec[] {
  const monthFirst = isMonthFirst(locale);
  let rest = folded;
  const found: { at: number; spec: DaySpec }[] = [];
  for (const { pattern, read } of PATTERNS) {
    rest = rest.replace(pattern, (...args) => {
      const text = args[0] as string;
      const at = args[args.length - 2] as number;
      const match = Object.assign([...args.slice(0, -2)], { index: at, input: rest }) as unknown as RegExpExecArray;
      const spec = read(match, monthFirst);
      if (spec !== null) found.push({ at, spec: { text, start: at, end: at + text.length, ...spec } });
      // Blanked, not removed, so later patterns keep the offsets of the text.
      return ' '.repeat(text.length);
    });
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.spec);
}

/** How far ahead a day of the month is looked for ("the 31st" skips months without one). */
const MONTHS_AHEAD = 14;

/**
 * The calendar day (a day number, see time/calendar.ts) a spec names, relative to the reply's day and,
 * for "the following Tuesday", to the booked day; null when no day fits it ("Friday 22/12" when the 22nd
 * is a Tuesday, "31/02").
 */
export function resolveDay(spec: Fields, replyDay: number, bookedDay: number | null): number | null {
  if (spec.relative === 'tomorrow') return replyDay + 1;
  if (spec.day === undefined) {
    if (spec.weekday === undefined) return null;
    const after = spec.relative === 'following' && bookedDay !== null ? bookedDay : replyDay;
    return after + 1 + ((spec.weekday - weekdayOf(after + 1) + 7) % 7);
  }
  const today = civilDate(replyDay);
  const fits = (day: number | null) =>
    day !== null && (spec.weekday === undefined || weekdayOf(day) === spec.weekday) ? day : null;
  if (spec.month !== undefined) {
    if (spec.year !== undefined) return fits(validDay(spec.year, spec.month, spec.day));
    // A named month without a year: this year's, or next year's once this year's has passed.
    for (const year of [today.year, today.year + 1]) {
      const day = validDay(year, spec.month, spec.day);
      if (day !== null && day >= replyDay) return fits(day);
    }
    return null;
  }
  // A day of the month alone: the nearest one on or after the reply's day. A weekday that does not fit it
  // is a contradiction, not a hint to look further.
  for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead += 1) {
    const monthIndex = today.month - 1 + ahead;
    const day = validDay(today.year + Math.floor(monthIndex / 12), (monthIndex % 12) + 1, spec.day);
    if (day !== null && day >= replyDay) return fits(day);
  }
  return null;
}

function validDay(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumber(year, month, day);
}
