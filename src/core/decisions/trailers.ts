import { findMentions } from './grammar.js';
import { foldForMatching } from './normalise.js';

/**
 * What mail clients and mail servers add under the customer's words without a `-- ` line: a sign-off
 * block (a name, a title, a company, a phone number) and a legal disclaimer or an "external sender"
 * banner. Both may hold decision words ("Head of No-Go Decisions", "Stop & Go Logistics Ltd.",
 * "if you are not the intended recipient, do not proceed"), so both are taken out before the reading.
 *
 * Lines are the cleaned lines of quotes.ts ('' for a blank line). Cutting a line without a decision word
 * cannot change a reading, so the tests that guard a cut are strict only where a line holds one.
 */

/**
 * Sentences that only a disclaimer or a security banner holds, in English and French (folded: no accents,
 * lower case). Example: "This e-mail is confidential. If you are not the intended recipient, ...".
 */
const DISCLAIMER =
  /\bintended (?:solely |only |exclusively )?(?:recipient|addressee|for the (?:use|addressee))|\b(?:received|receive) (?:this|the) (?:e-?mail|message|communication|transmission)(?: \w+)? (?:in error|by mistake)|\bconfidentiality (?:notice|note|statement)|\b(?:legal )?disclaimer\b|\bprivileged (?:and|or|&) confidential|\bconfidential (?:and|or|&) (?:privileged|proprietary)|\b(?:e-?mail|message|communication)s? (?:and any (?:files|attachments) )?(?:transmitted with it )?(?:is|are|may be|may contain) (?:strictly )?(?:confidential|privileged)|\bunauthori[sz]ed (?:use|review|disclosure|copying|distribution|dissemination)|\boriginated from outside\b|\bexternal (?:e-?mail|sender)\b|\bthink before (?:you )?print|\bdestinataires? (?:designe|prevu|exclusif|vise|indique|mentionne)|\brecu (?:ce|cet) (?:message|e-?mail|courriel|mail) par erreur|\b(?:message|courriel|e-?mail)s? (?:et (?:ses|les|toutes les) pieces jointes )?(?:est|sont) (?:strictement )?confidentiel|\bavis de confidentialite|\bstrictement confidentiel|\b(?:courriel|e-?mail|message) (?:externe|provenant de l'exterieur)|\bprovient de l'exterieur|\bn'imprimez (?:ce|cet|le)/;

/** Every disclaimer pattern holds one of these stems, tested on the raw lines before anything is folded. */
const DISCLAIMER_HINT =
  /intended|recei|re[çc]u|confiden|disclaimer|privileg|unauthori|outside|external|print|destinataire|avis|courriel|ext[ée]rieur|imprim/i;

/** Sentence punctuation at a line's end: the line before a disclaimer that ends with one is the customer's. */
const SENTENCE_END = /[.!?:;]$/;

/**
 * The lines without disclaimers. A disclaimer opening the reply (an "external sender" banner) is taken out
 * alone; one further down is cut with everything after it, from the start of its sentence: the lines above
 * it in its paragraph belong to it until one ends a sentence ("GO." stays, "This e-mail and any files" goes).
 */
export function withoutDisclaimers(lines: readonly string[]): string[] {
  // Folding every paragraph costs more than the rest of the reading: most replies hold none of these stems.
  if (!lines.some((line) => DISCLAIMER_HINT.test(line))) return [...lines];
  const kept = [...lines];
  let index = 0;
  while (index < kept.length) {
    const paragraphEnd = nextBlank(kept, index);
    const paragraph = kept.slice(index, paragraphEnd);
    const hit = disclaimerLine(paragraph);
    if (hit === -1) {
      index = paragraphEnd + 1;
      continue;
    }
    let start = index + hit;
    while (start > index && !SENTENCE_END.test(kept[start - 1]!)) start -= 1;
    if (kept.slice(0, start).every((line) => line === '')) {
      kept.splice(start, paragraphEnd - start);
      index = start;
      continue;
    }
    return kept.slice(0, start);
  }
  return kept;
}

function nextBlank(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && lines[index] !== '') index += 1;
  return index;
}

/** Index in `paragraph` of the line where a disclaimer sentence matches (it may run over several lines), or -1. */
function disclaimerLine(paragraph: readonly string[]): number {
  let joined = '';
  const lineAt: number[] = [];
  paragraph.forEach((line, index) => {
    const folded = `${foldForMatching(line).folded} `;
    joined += folded;
    for (let unit = 0; unit < folded.length; unit += 1) lineAt.push(index);
  });
  const match = DISCLAIMER.exec(joined);
  return match === null ? -1 : lineAt[match.index]!;
}

/** A closing line that opens a sign-off block: "Thanks,", "Many thanks!", "Merci d'avance,". */
const CLOSING =
  /^(?:thanks|thank you|many thanks|thanks again|thanks a lot|thx|best|all the best|kind regards|regards|cheers|merci|merci beaucoup|merci d'avance|merci bien|bien cordialement|cordialement|salutations|a bientot|bonne journee|bonne soiree)(?: [\p{L}]+)?[ ,.!]*$/u;
/** Words that open a greeting or an answer, never a name: "Hi Team", "Yes Please". */
const NOT_A_NAME = new Set([
  'hi',
  'hello',
  'hey',
  'dear',
  'bonjour',
  'salut',
  'yes',
  'no',
  'ok',
  'okay',
  'oui',
  'non',
  'please',
  'thanks',
  'merci',
  'sure',
  'ps',
  'p.s',
  'p.s.',
  'nb',
]);
/** Name words: capitalised ("Jane", "O'Neil", "Jean-Luc"), initials ("J."), particles ("de", "van"). */
const NAME_WORD = /^(?:\p{Lu}[\p{L}'’.-]*|de|du|van|von|der|la|le|da|di)$/u;
/** Title and company words that make a line a signature's even when it holds a decision word. */
const SIGNATURE_WORDS = new Set(
  `ltd limited inc llc llp corp corporation co gmbh ag sa sas sarl plc bv nv group groupe labs lab consulting
   solutions services systems technologies logistics partners associates holdings company team equipe department
   dept division office head lead manager director directeur directrice officer engineer ingenieur responsable chef
   president vp ceo cto cio cfo coo dsi administrator administrateur analyst analyste coordinator coordinateur
   coordinatrice specialist specialiste architect architecte consultant consultante operations it support service`
    .trim()
    .split(/\s+/),
);
const CONTACT = /@[\w-]+\.\w|https?:\/\/|\bwww\.|\+?\d[\d ().-]{6,}\d/;
const SEPARATOR = /\s[|•·]\s|\s[|•·]$|^[|•·]\s/;
const CONNECTIVES = new Set([
  'of',
  'and',
  'for',
  'the',
  'at',
  'de',
  'des',
  'du',
  'la',
  'le',
  'les',
  'et',
  'en',
  'a',
  'au',
  'aux',
]);
const LONGEST_SIGNATURE_LINE = 80;
const LONGEST_SIGNATURE = 8;

function isClosing(line: string): boolean {
  return CLOSING.test(foldForMatching(line).folded) && !hasDecisionWord(line);
}

/** Signature tests ask this of the same few lines several times; the last lines of one reply are all it keeps. */
const decisionWordCache = new Map<string, boolean>();

function hasDecisionWord(line: string): boolean {
  let known = decisionWordCache.get(line);
  if (known === undefined) {
    if (decisionWordCache.size > 64) decisionWordCache.clear();
    known = findMentions(foldForMatching(line).folded).length > 0;
    decisionWordCache.set(line, known);
  }
  return known;
}

function isName(line: string): boolean {
  const words = line.replace(/[,.]$/, '').split(' ');
  if (line.length > 40 || words.length > 4 || NOT_A_NAME.has(words[0]!.toLowerCase())) return false;
  return words.every((word) => NAME_WORD.test(word)) && NAME_WORD.test(words[0]!) && !hasDecisionWord(line);
}

/** Most words capitalised, no sentence at its end: "Head of No-Go Decisions", "Stop & Go Logistics Ltd.". */
function isTitleLike(line: string): boolean {
  if (line.length > LONGEST_SIGNATURE_LINE || /[!?]$/.test(line)) return false;
  if (/\.$/.test(line) && !/(?:^|\s)[\p{L}.]{1,4}\.$/u.test(line)) return false;
  const words = line.split(/[\s|•·,/&()]+/).filter((word) => /\p{L}/u.test(word));
  const content = words.filter((word) => !CONNECTIVES.has(foldForMatching(word).folded));
  if (content.length === 0) return false;
  const capitalised = content.filter((word) => /^[\p{Lu}\d]/u.test(word)).length;
  return capitalised * 3 >= content.length * 2;
}

function hasSignatureWord(line: string): boolean {
  return foldForMatching(line)
    .folded.split(/[^\p{L}]+/u)
    .some((word) => SIGNATURE_WORDS.has(word));
}

/**
 * A line a signature block holds: contact details, or a title or company. One with a decision word must
 * look like a title AND carry a title or company word, a separator or contact details:
 * "Head of No-Go Decisions | Customer Corp" is a signature's, "P.S. Actually Stop" is not.
 */
function isSignatureLine(line: string): boolean {
  if (line.length > LONGEST_SIGNATURE_LINE || /^p\.?\s?s\b/i.test(line)) return false;
  const marked = CONTACT.test(line) || SEPARATOR.test(line) || hasSignatureWord(line);
  if (hasDecisionWord(line)) return isTitleLike(line) && marked;
  return marked || isTitleLike(line) || isName(line);
}

/** A line that opens a signature: a name, alone or before a separator ("Jane Doe | IT Manager"). */
function opensSignature(line: string): boolean {
  if (isName(line)) return true;
  const [name, ...rest] = line.split(/\s[|•·–-]\s|,\s/);
  return rest.length > 0 && name !== undefined && isName(name) && isSignatureLine(rest.join(' | '));
}

/**
 * The lines without a trailing sign-off block: a closing line or a name, then only signature lines, at most
 * eight, after something else the customer wrote. Example: "Go ahead." ⏎ "" ⏎ "Jane Doe" ⏎ "Head of No-Go
 * Decisions | Customer Corp" ⏎ "+1 555 0100" keeps "Go ahead.".
 */
export function withoutSignatureBlock(lines: readonly string[]): string[] {
  const content = lines.map((line, index) => [line, index] as const).filter(([line]) => line !== '');
  let cutAt = -1;
  for (let position = content.length - 1; position >= 1; position -= 1) {
    const [line, index] = content[position]!;
    const below = content.length - 1 - position;
    if (below >= LONGEST_SIGNATURE) break;
    if (opensSignature(line)) cutAt = index;
    else if (!isSignatureLine(line)) {
      if (below > 0 && isClosing(line)) cutAt = index;
      break;
    }
  }
  return cutAt === -1 ? [...lines] : lines.slice(0, cutAt);
}
