/**
 * The rules that keep a word of the vocabulary (vocabulary.ts, docs/REPLIES.md) from deciding when it is not a
 * clear instruction. It reads folded text (see normalise.ts): lower case, plain dashes and apostrophes,
 * no accents.
 *
 * A reply decides only when every GO / NO-GO word in it is a plain instruction and they all agree.
 * A word is not a plain instruction when its sentence is a question, is conditional or hedged, holds a
 * negation the word does not absorb, or when its clause describes someone's own action ("I'll go check").
 * Two properties are built in: an imperative negation (`do not`, `don't`, `please never`) right before a
 * GO word makes a single NO-GO mention of both, so it yields NO_GO whatever the GO word is; and one right
 * before a NO-GO word ("don't abort", "no need to roll back") makes a refused NO-GO, which only agrees
 * with a GO beside it and never decides alone.
 */
import {
  CLAUSE_OPENERS,
  CLAUSE_SUBJECTS,
  CONDITIONS,
  COURTESY_AFTER_NEGATION,
  DESCRIPTIVE,
  GO_PARTICLES,
  HEDGES,
  IMPERATIVE_NEGATIONS,
  INTERROGATIVE_OPENERS,
  INVERTED_OPENERS,
  NEGATION_FILLERS,
  NEGATIONS,
  NO_GO_REFUSALS,
  PERMISSIONS,
  PHRASES,
  SUBJECTS,
  WAITING,
  type Phrase,
} from './vocabulary.js';

export type Polarity = 'GO' | 'NO_GO' | 'NOT_NO_GO';

export type Doubt = 'question' | 'negation' | 'condition' | 'not-an-instruction' | 'reads-both-ways';

export interface Mention {
  /** NOT_NO_GO: a refused NO-GO ("don't abort"), which agrees with a GO and never decides alone. */
  polarity: Polarity;
  /** [start, end) in the folded text. */
  start: number;
  end: number;
  /** Why this mention cannot decide, when it cannot. */
  doubt: Doubt | null;
  /** The sentence it is in, [start, end) in the folded text, to quote when it is in doubt. */
  sentenceStart: number;
  sentenceEnd: number;
}

type TokenKind = 'word' | 'dash' | 'comma' | 'stop' | 'question';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*|-+|,|\?+|[.!;:…]+|\n{2,}/gu;

/** French elisions split off their word: "n'allez" → "n'" "allez", so phrases list the parts. */
const ELISION = /^(n|j|l|qu|s|d|c|m|t|lorsqu|puisqu|jusqu)'(.+)$/;

export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    const text = match[0];
    const start = match.index;
    const end = start + text.length;
    const first = text[0]!;
    if (first === '-') tokens.push({ kind: 'dash', text, start, end });
    else if (first === ',') tokens.push({ kind: 'comma', text, start, end });
    else if (first === '?') tokens.push({ kind: 'question', text, start, end });
    else if (/[.!;:…\n]/.test(first)) tokens.push({ kind: 'stop', text, start, end });
    else {
      const elided = ELISION.exec(text);
      if (elided === null) tokens.push({ kind: 'word', text, start, end });
      else {
        const split = start + elided[1]!.length + 1;
        tokens.push({ kind: 'word', text: `${elided[1]}'`, start, end: split });
        tokens.push({ kind: 'word', text: elided[2]!, start: split, end });
      }
    }
  }
  return tokens;
}

const PHRASES_BY_FIRST_WORD = new Map<string, Phrase[]>();
for (const entry of PHRASES) {
  const list = PHRASES_BY_FIRST_WORD.get(entry.words[0]!) ?? [];
  list.push(entry);
  PHRASES_BY_FIRST_WORD.set(entry.words[0]!, list);
}

interface Sentence {
  tokens: Token[];
  question: boolean;
  start: number;
  end: number;
}

function splitSentences(tokens: Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Token[] = [];
  const close = (question: boolean) => {
    if (current.length > 0) {
      sentences.push({ tokens: current, question, start: current[0]!.start, end: current[current.length - 1]!.end });
    }
    current = [];
  };
  for (const token of tokens) {
    if (token.kind === 'stop') close(false);
    else if (token.kind === 'question') close(true);
    else current.push(token);
  }
  close(false);
  return sentences;
}

/** Index of the token after the phrase when `words` match from `at` (dashes allowed between words), else -1. */
function matchWords(tokens: Token[], at: number, words: readonly string[]): number {
  let index = at;
  for (let word = 0; word < words.length; word += 1) {
    if (word > 0) while (tokens[index]?.kind === 'dash') index += 1;
    const token = tokens[index];
    if (token === undefined || token.kind !== 'word' || token.text !== words[word]) return -1;
    index += 1;
  }
  return index;
}

/** A dash glued to both neighbours ("go-live", "non-stop") makes a compound, which is not the decision word. */
function isGluedDash(tokens: Token[], index: number): boolean {
  const dash = tokens[index];
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  return (
    dash?.kind === 'dash' &&
    before?.kind === 'word' &&
    after?.kind === 'word' &&
    before.end === dash.start &&
    dash.end === after.start
  );
}

function isInCompound(tokens: Token[], start: number, end: number): boolean {
  return isGluedDash(tokens, start - 1) || isGluedDash(tokens, end);
}

const byLengthDescending = (list: string[][]) => [...list].sort((x, y) => y.length - x.length);
const GO_NEGATIONS = byLengthDescending(IMPERATIVE_NEGATIONS);
const NO_GO_NEGATIONS = byLengthDescending(NO_GO_REFUSALS);

/**
 * Start index of an imperative negation (one of `negations`) ending right before `at`, or -1.
 * Example: "please do not" ⏎ "proceed"; "we do not" ⏎ "proceed" is a statement, so -1.
 */
function imperativeNegationBefore(tokens: Token[], at: number, negations: string[][]): number {
  let end = at;
  while (end > 0 && tokens[end - 1]!.kind === 'word' && NEGATION_FILLERS.has(tokens[end - 1]!.text)) end -= 1;
  for (const words of negations) {
    const start = end - words.length;
    if (start < 0 || matchWords(tokens, start, words) !== end) continue;
    const before = tokens[start - 1];
    if (before !== undefined && before.kind === 'word' && SUBJECTS.has(before.text)) return -1;
    return start;
  }
  return -1;
}

function isNegation(token: Token): boolean {
  return token.kind === 'word' && (NEGATIONS.has(token.text) || token.text.endsWith("n't"));
}

/** A negation that does not refuse: "no problem", "no," (an interjection: "No, go ahead"). */
function isCourtesy(tokens: Token[], index: number): boolean {
  const token = tokens[index]!;
  const next = tokens[index + 1];
  if ((token.text === 'no' || token.text === 'non') && (next === undefined || next.kind !== 'word')) return true;
  return (COURTESY_AFTER_NEGATION[token.text] ?? []).some((words) => matchWords(tokens, index + 1, words) !== -1);
}

/**
 * For each token, whether the clause before it makes a mention there a description rather than an order:
 * a subject that is not the vendor ("I'll go check", "we will continue testing"), or an infinitive nobody
 * allowed ("how to proceed", "in order to continue"). A permission after the subject makes it an order
 * again ("we are happy for you to proceed", "OK to go ahead"). One pass, so a long reply stays linear.
 */
function describedActions(tokens: Token[]): boolean[] {
  const described: boolean[] = [];
  let state = false;
  let waiting = false;
  let clauseStart = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    described.push(state || waiting || isUnallowedInfinitive(tokens, index, clauseStart));
    const token = tokens[index]!;
    if (token.kind === 'comma' || (token.kind === 'dash' && !isGluedDash(tokens, index))) {
      state = false;
      waiting = false;
      clauseStart = index + 1;
    } else if (token.kind === 'word' && WAITING.has(token.text)) {
      // "no need to roll back" refuses, it does not wait.
      waiting = index === 0 || !isNegation(tokens[index - 1]!);
    } else if (token.kind === 'word') {
      if (SUBJECTS.has(token.text) && token.text !== 'you' && token.text !== 'that' && token.text !== 'which') {
        state = true;
      } else if (DESCRIPTIVE.has(token.text)) state = true;
      else if (PERMISSIONS.has(token.text)) state = false;
    }
  }
  return described;
}

/** "To continue the conversation, call me": `to` right before, with no permission before it in the clause. */
function isUnallowedInfinitive(tokens: Token[], index: number, clauseStart: number): boolean {
  const before = tokens[index - 1];
  if (index - 1 < clauseStart || before?.kind !== 'word' || before.text !== 'to') return false;
  const lead = index - 2 >= clauseStart ? tokens[index - 2] : undefined;
  return lead === undefined || lead.kind !== 'word' || !PERMISSIONS.has(lead.text);
}

function hasCondition(tokens: Token[]): boolean {
  return tokens.some(
    (token, index) =>
      token.kind === 'word' &&
      CONDITIONS.has(token.text) &&
      // "stop at once" is urgent, not conditional.
      !(token.text === 'once' && tokens[index - 1]?.text === 'at'),
  );
}

function opensAsQuestion(tokens: Token[]): boolean {
  const index = tokens.findIndex((token) => token.kind === 'word');
  if (index === -1) return false;
  const first = tokens[index]!.text;
  if (INTERROGATIVE_OPENERS.has(first)) return true;
  // "faut-il continuer" asks; "faut pas continuer" orders.
  return INVERTED_OPENERS.has(first) && isGluedDash(tokens, index + 1);
}

/** For each token, the clause of its sentence it is in: clauses end at commas, loose dashes and "because", "mais"... */
function clauseNumbers(tokens: Token[]): number[] {
  let clause = 0;
  return tokens.map((token, index) => {
    if (token.kind === 'comma' || (token.kind === 'dash' && !isGluedDash(tokens, index))) clause += 1;
    else if (token.kind === 'word' && CLAUSE_OPENERS.has(token.text) && index > 0) clause += 1;
    return clause;
  });
}

interface Found {
  polarity: Phrase['polarity'];
  first: number;
  end: number;
}

/** The vocabulary's phrases in one sentence, each with the negation that refuses it, if any. */
function findPhrases(tokens: Token[]): Found[] {
  const found: Found[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.kind !== 'word') continue;
    for (const candidate of PHRASES_BY_FIRST_WORD.get(token.text) ?? []) {
      const end = matchWords(tokens, index, candidate.words);
      if (end === -1) continue;
      if (candidate.words.length === 1 && isInCompound(tokens, index, end)) break;
      // "stop by my desk" is a visit, "go live" and "go through" are other verbs: no decision.
      if (candidate.words[0] === 'stop' && tokens[end]?.text === 'by') break;
      if (candidate.words.length === 1 && token.text === 'go' && GO_PARTICLES.has(tokens[end]?.text ?? '')) break;
      let first = index;
      let polarity = candidate.polarity;
      const refusal =
        polarity === 'GO'
          ? imperativeNegationBefore(tokens, index, GO_NEGATIONS)
          : polarity === 'NO_GO'
            ? imperativeNegationBefore(tokens, index, NO_GO_NEGATIONS)
            : -1;
      if (refusal !== -1) {
        first = refusal;
        polarity = polarity === 'GO' ? 'NO_GO' : 'NOT_NO_GO';
      }
      found.push({ polarity, first, end });
      index = end - 1;
      break;
    }
  }
  return found;
}

/**
 * Whether a negation leaves a NO-GO alone: it states a fact of the customer's side in a clause of its own,
 * with no decision word in it. Example: "Please roll back, we are not ready" (the NO-GO stands);
 * "Roll back, it's not needed" and "not now, roll back" keep their doubt.
 */
function isBesideTheNoGo(tokens: Token[], clauses: number[], negation: number, mention: Found, found: Found[]) {
  const clause = clauses[negation]!;
  if (clause === clauses[mention.first] || clause === clauses[mention.end - 1]) return false;
  if (tokens.some((token, index) => clauses[index] === clause && HEDGES.has(token.text))) return false;
  if (found.some((other) => clauses[other.first] === clause || clauses[other.end - 1] === clause)) return false;
  for (let index = negation - 1; index >= 0 && clauses[index] === clause; index -= 1) {
    if (CLAUSE_SUBJECTS.has(tokens[index]!.text)) return true;
  }
  return false;
}

/** Every GO / NO-GO mention of the folded reply, each with its doubt if it cannot decide. */
export function findMentions(folded: string): Mention[] {
  const mentions: Mention[] = [];
  for (const sentence of splitSentences(tokenize(folded))) {
    const tokens = sentence.tokens;
    const found = findPhrases(tokens);
    if (found.length === 0) continue;
    const consumed = new Set<number>();
    for (const { first, end } of found) for (let used = first; used < end; used += 1) consumed.add(used);
    const freeNegations = tokens
      .map((token, index) => index)
      .filter((index) => !consumed.has(index) && isNegation(tokens[index]!) && !isCourtesy(tokens, index));
    const question = sentence.question || opensAsQuestion(tokens);
    const condition = hasCondition(tokens);
    const described = describedActions(tokens);
    const clauses = clauseNumbers(tokens);
    for (const mention of found) {
      const { polarity, first, end } = mention;
      const negated = freeNegations.some(
        (negation) => polarity !== 'NO_GO' || !isBesideTheNoGo(tokens, clauses, negation, mention, found),
      );
      const doubt: Doubt | null =
        polarity === 'BOTH'
          ? 'reads-both-ways'
          : question
            ? 'question'
            : negated
              ? 'negation'
              : condition
                ? 'condition'
                : described[first]
                  ? 'not-an-instruction'
                  : null;
      mentions.push({
        polarity: polarity === 'BOTH' ? 'GO' : polarity,
        start: tokens[first]!.start,
        end: tokens[end - 1]!.end,
        doubt,
        sentenceStart: sentence.start,
        sentenceEnd: sentence.end,
      });
    }
  }
  return mentions;
}
