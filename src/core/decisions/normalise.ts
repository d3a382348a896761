/**
 * The reply folded for matching, with a map back to the customer's own characters, so evidence quotes
 * what they wrote ("NO‑GO" with its U+2011) while the grammar reads plain "no-go".
 *
 * Folding, per character: NFKC (fullwidth "ＧＯ" → "GO", ligatures), dash variants → "-", curly
 * apostrophes → "'", zero-width and other format characters removed, accents removed (so "arretez" and
 * "arrêtez" read the same), lower case. Homoglyphs are NOT folded: a Cyrillic "О" stays a different letter.
 */
export interface FoldedText {
  folded: string;
  /** For each UTF-16 unit of `folded`, the [start, end) of the source character it came from. */
  sourceStart: number[];
  sourceEnd: number[];
}

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const APOSTROPHES = /[\u2018\u2019\u201B\u2032\u02BC\uFF07`´]/g;
const FORMAT_CHARACTERS = /\p{Cf}/u;
const MARKS = /\p{M}/gu;

/** Folds one source character (a code point) into what the grammar reads; '' for invisible ones. */
export function foldCharacter(character: string): string {
  if (FORMAT_CHARACTERS.test(character)) return '';
  return character
    .normalize('NFKC')
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(DASHES, '-')
    .replace(APOSTROPHES, "'")
    .toLowerCase();
}

export function foldForMatching(source: string): FoldedText {
  let folded = '';
  const sourceStart: number[] = [];
  const sourceEnd: number[] = [];
  let index = 0;
  for (const character of source) {
    const end = index + character.length;
    const code = character.charCodeAt(0);
    // ASCII needs only lower case (and the backtick apostrophe); the full fold is for everything else.
    const out = code < 0x80 && code !== 0x60 ? character.toLowerCase() : foldCharacter(character);
    for (let unit = 0; unit < out.length; unit += 1) {
      sourceStart.push(index);
      sourceEnd.push(end);
    }
    folded += out;
    index = end;
  }
  return { folded, sourceStart, sourceEnd };
}

/** The customer's characters behind folded[start, end). */
export function sourceSlice(source: string, text: FoldedText, start: number, end: number): string {
  if (end <= start) return '';
  return source.slice(text.sourceStart[start], text.sourceEnd[end - 1]);
}
