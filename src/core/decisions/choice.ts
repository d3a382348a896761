/**
 * Which offered window a reply names (docs/REPLIES.md): its number ("2", "option 2", "#2", "la 2", "je prends
 * la 2"), its ordinal ("the second one", "la deuxième"), or its day ("Friday", "Friday the 11th", "le
 * vendredi 11", "11/12"). Reads folded text (see normalise.ts). Exactly one window, named without doubt,
 * or nothing: a question, a negation or a condition anywhere makes the reply no choice.
 */
import { civilDate, weekdayOf } from '../time/calendar.js';
import { findDaySpecs, type DaySpec } from './dates.js';

export interface LocalWindow {
  /** 1-based, as the offer numbers it. */
  number: number;
  /** The window's start day in the customer's zone (a day number, see time/calendar.ts). */
  day: number;
}

export interface Named {
  /** The window numbers these words point to: one, several (an ambiguous day) or none (no such window). */
  windows: number[];
  /** [start, end) in the folded text. */
  start: number;
  end: number;
}

const LABEL = '(?:option|choice|number|numero|window|slot|creneau|fenetre|proposition|possibilite)';
const PICK =
  '(?:go with|go for|take|choose|pick|prefer|want|book|prends|prenons|choisis|choisissons|retiens|retenons|preferons|prefere|reservez)';
/** Courtesy around a bare number: "2 please", "ok 2, thanks", "2 nous convient". */
const COURTESY =
  /\b(?:please|pls|thanks|thank you|thx|merci|merci beaucoup|svp|s'il vous plait|ok|okay|yes|oui|hi|hello|bonjour|cheers|works|is fine|for us|pour nous|nous convient|me convient|c'est bon|parfait|perfect|great)\b/g;

const NUMBER_PATTERNS: RegExp[] = [
  new RegExp(`(?:\\b${LABEL}\\s*(?:n°|no\\.?|#)?\\s*|#\\s*|\\bn°\\s*)(\\d{1,2})\\b`, 'g'),
  /\b(?:la|l')\s*(\d)\b(?!\s*(?:h\b|:|\d))/g,
  new RegExp(
    `\\b${PICK}\\s+(?:the\\s+|la\\s+|le\\s+|l'\\s*)?(?:${LABEL}\\s+)?(\\d)\\b(?!\\s*(?:h\\b|:|st|nd|rd|th))`,
    'g',
  ),
];

const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
  premier: 1, premiere: 1, '1er': 1, '1re': 1, '1ere': 1, deuxieme: 2, seconde: 2, '2e': 2, '2eme': 2,
  troisieme: 3, '3e': 3, '3eme': 3, quatrieme: 4, '4e': 4, '4eme': 4, cinquieme: 5, '5e': 5, '5eme': 5,
}; // prettier-ignore
const ORDINAL = `(${Object.keys(ORDINALS).join('|')})`;
const ORDINAL_PATTERN = new RegExp(
  `\\b(?:the|la|le)\\s+${ORDINAL}\\b(?!\\s+(?:of|de|d')\\b)|\\b${ORDINAL}\\s+(?:one|${LABEL})\\b`,
  'g',
);

/** Doubt anywhere in the reply: a question, a negation, a condition ("not the first one", "2 if it's free"). */
const DOUBT =
  /\?|\b(?:not|don't|dont|can't|cannot|won't|none|neither|nor|if|unless|maybe|perhaps|either|pas|ne|n'|aucun|aucune|ni|si|sauf|peut-etre)\b|\bno\b(?!\.?\s*\d)/;
const COURTESY_NEGATIONS = /\b(?:no problem|no worries|pas de (?:souci|probleme)|aucun (?:souci|probleme))\b/g;

/** The whole reply is a number once courtesy and punctuation are set aside: "2", "2.", "Option 2, merci !". */
const WHOLE_NUMBER = /^\s*(?:#|n°|no\.?)?\s*(\d{1,2})\s*$/;

export interface ChoiceFinding {
  named: Named[];
  /** Why the reply cannot choose, when something in it says so. */
  doubt: string | null;
}

/** Everything in the reply that names an offered window. */
export function findChoices(
  folded: string,
  windows: readonly LocalWindow[],
  replyDay: number,
  locale: string,
): ChoiceFinding {
  const doubtMatch = DOUBT.exec(folded.replace(COURTESY_NEGATIONS, ' '));
  const named: Named[] = [];
  const numbered = (number: number) => windows.filter((window) => window.number === number).map((w) => w.number);
  const bare = folded.replace(COURTESY, ' ').replace(/[!.,;:]/g, ' ');
  const whole = WHOLE_NUMBER.exec(bare);
  if (whole !== null) {
    const at = folded.indexOf(whole[1]!);
    named.push({ windows: numbered(+whole[1]!), start: at, end: at + whole[1]!.length });
  } else {
    for (const pattern of NUMBER_PATTERNS) {
      for (const match of folded.matchAll(pattern)) {
        named.push({ windows: numbered(+match[1]!), start: match.index, end: match.index + match[0].length });
      }
    }
  }
  for (const match of folded.matchAll(ORDINAL_PATTERN)) {
    const number = ORDINALS[(match[1] ?? match[2])!]!;
    named.push({ windows: numbered(number), start: match.index, end: match.index + match[0].length });
  }
  for (const spec of findDaySpecs(folded, locale)) {
    named.push({ windows: windowsOn(spec, windows, replyDay), start: spec.start, end: spec.end });
  }
  return { named: dropOverlaps(named), doubt: doubtMatch === null ? null : doubtMatch[0] };
}

/** The windows a day names: every field said must agree with the window's day in the customer's zone. */
function windowsOn(spec: DaySpec, windows: readonly LocalWindow[], replyDay: number): number[] {
  return windows
    .filter((window) => {
      if (spec.relative === 'tomorrow') return window.day === replyDay + 1;
      const date = civilDate(window.day);
      return (
        (spec.weekday === undefined || spec.weekday === weekdayOf(window.day)) &&
        (spec.day === undefined || spec.day === date.day) &&
        (spec.month === undefined || spec.month === date.month) &&
        (spec.year === undefined || spec.year === date.year) &&
        (spec.weekday !== undefined || spec.day !== undefined)
      );
    })
    .map((window) => window.number);
}

/** Words read twice by two patterns ("option 2" and "2") count once, the longer reading kept. */
function dropOverlaps(named: Named[]): Named[] {
  const sorted = [...named].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Named[] = [];
  for (const entry of sorted) {
    const last = kept[kept.length - 1];
    if (last !== undefined && entry.start < last.end) continue;
    kept.push(entry);
  }
  return kept;
}
