/**
 * The decision vocabulary of DESIGN §5 and the rules that keep a word from deciding when it is not a
 * clear instruction. It reads folded text (see normalise.ts): lower case, plain dashes and apostrophes,
 * no accents.
 *
 * A reply decides only when every GO / NO-GO word in it is a plain instruction and they all agree.
 * A word is not a plain instruction when its sentence is a question, is conditional or hedged, holds a
 * negation the word does not absorb, or when its clause describes someone's own action ("I'll go check").
 * One property is built in: an imperative negation (`do not`, `don't`, `please never`) right before a
 * GO word makes a single NO-GO mention of both, so it yields NO_GO whatever the GO word is.
 */

export type Polarity = 'GO' | 'NO_GO';

export type Doubt = 'question' | 'negation' | 'condition' | 'not-an-instruction' | 'reads-both-ways';

export interface Mention {
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

interface Phrase {
  words: string[];
  polarity: Polarity | 'BOTH';
}

const phrase = (text: string, polarity: Polarity | 'BOTH'): Phrase => ({ words: text.split(' '), polarity });

/** Longest first, so "go ahead" wins over "go" and "no go ahead" over "no go". */
const PHRASES: Phrase[] = [
  // "No go ahead" is either "No, go ahead" or "no-go" followed by a word: it cannot decide.
  phrase('no go ahead', 'BOTH'),
  // NO-GO, English.
  phrase('no go', 'NO_GO'),
  phrase('nogo', 'NO_GO'),
  phrase('roll back', 'NO_GO'),
  phrase('roll it back', 'NO_GO'),
  phrase('go back', 'NO_GO'),
  phrase('rollback', 'NO_GO'),
  phrase('abort', 'NO_GO'),
  phrase('stop', 'NO_GO'),
  // NO-GO, French: imperative negations of the GO verbs, going back, cancelling, stopping.
  phrase("n' allez pas plus loin", 'NO_GO'),
  phrase('ne pas aller plus loin', 'NO_GO'),
  phrase("n' y allez pas", 'NO_GO'),
  phrase('ne continuez pas', 'NO_GO'),
  phrase('ne poursuivez pas', 'NO_GO'),
  phrase('ne pas continuer', 'NO_GO'),
  phrase('ne pas poursuivre', 'NO_GO'),
  phrase('revenez en arriere', 'NO_GO'),
  phrase('revenir en arriere', 'NO_GO'),
  phrase('annulez', 'NO_GO'),
  phrase('arretez', 'NO_GO'),
  phrase('arrete', 'NO_GO'),
  phrase('stoppez', 'NO_GO'),
  phrase("merci d' arreter", 'NO_GO'),
  phrase('veuillez arreter', 'NO_GO'),
  phrase("merci d' annuler", 'NO_GO'),
  phrase('veuillez annuler', 'NO_GO'),
  // GO, English.
  phrase('go ahead', 'GO'),
  phrase('go', 'GO'),
  phrase('proceed', 'GO'),
  phrase('continue', 'GO'),
  phrase('carry on', 'GO'),
  // GO, French.
  phrase('vous pouvez continuer', 'GO'),
  phrase('vous pouvez poursuivre', 'GO'),
  phrase('vous pouvez y aller', 'GO'),
  phrase('allez y', 'GO'),
  phrase('on y va', 'GO'),
  phrase('continuez', 'GO'),
  phrase('poursuivez', 'GO'),
  phrase('merci de continuer', 'GO'),
  phrase('merci de poursuivre', 'GO'),
  phrase('veuillez continuer', 'GO'),
  phrase('veuillez poursuivre', 'GO'),
].sort((a, b) => b.words.length - a.words.length);

const PHRASES_BY_FIRST_WORD = new Map<string, Phrase[]>();
for (const entry of PHRASES) {
  const list = PHRASES_BY_FIRST_WORD.get(entry.words[0]!) ?? [];
  list.push(entry);
  PHRASES_BY_FIRST_WORD.set(entry.words[0]!, list);
}

/** Imperative negations put before a GO word: "do not proceed", "please don't continue", "never go ahead". */
const IMPERATIVE_NEGATIONS = [['do', 'not'], ["don't"], ['dont'], ['never'], ['do', 'never'], ["let's", 'not']];
/** Words allowed between the imperative negation and the GO word: "do not yet proceed", "don't please go". */
const NEGATION_FILLERS = new Set(['please', 'yet', 'now', 'just', 'even', 'pls']);
/** A negation right after one of these is a statement, not an order: "I do not proceed", "we never continue". */
const SUBJECTS = new Set([
  'i',
  "i'm",
  'im',
  "i'll",
  "i'd",
  "i've",
  'we',
  "we're",
  "we'll",
  "we'd",
  "we've",
  'they',
  "they're",
  "they'll",
  'he',
  'she',
  "he'll",
  "she'll",
  "it'll",
  'me',
  'je',
  "j'",
  'nous',
  'ils',
  'elles',
  'you',
  'who',
  'that',
  'which',
]);
/** After a subject, these make the clause an instruction again: "we want you to proceed", "I'm happy to go ahead". */
const PERMISSIONS = new Set([
  'you',
  'vous',
  'want',
  'wants',
  'like',
  'prefer',
  'decided',
  'decide',
  'choose',
  'chose',
  'agree',
  'agreed',
  'approve',
  'approved',
  'happy',
  'ok',
  'okay',
  'fine',
  'good',
  'ready',
  'can',
  'may',
  'confirm',
  'confirmed',
  'authorise',
  'authorize',
  'allow',
  'voulons',
  'souhaitons',
  'preferons',
  'pouvez',
  'confirmons',
  'confirme',
  'say',
  'free',
  'clear',
  'cleared',
  'allowed',
  'authorised',
  'authorized',
  'permission',
  'approval',
  'time',
]);
/** "go" before these is another verb ("go live", "go through the list", "go to the portal"), not the decision. */
const GO_PARTICLES = new Set([
  'live',
  'through',
  'over',
  'out',
  'home',
  'down',
  'up',
  'into',
  'to',
  'away',
  'wrong',
  'well',
  'smoothly',
  'fine',
  'badly',
]);
/** Future or habitual verbs after a subject describe an action, they do not order one: "we will continue testing". */
const DESCRIPTIVE = new Set(['will', 'shall', 'gonna', 'going', 'vais', 'allons']);

const NEGATIONS = new Set([
  'not',
  'never',
  'cannot',
  'cant',
  'dont',
  'wont',
  'nor',
  'neither',
  'without',
  'non',
  'no',
  "n'",
  'ne',
  'pas',
  'jamais',
  'sans',
  'aucun',
  'aucune',
]);
/** Negations that are courtesy, not refusal: "no problem, go ahead", "n'hésitez pas à continuer". */
const COURTESY_AFTER_NEGATION: Record<string, string[][]> = {
  no: [['problem'], ['problems'], ['worries'], ['worry'], ['objection'], ['objections'], ['issue'], ['issues']],
  not: [['a', 'problem']],
  "n'": [['hesitez', 'pas']],
  pas: [
    ['de', 'probleme'],
    ['de', 'souci'],
    ['de', 'soucis'],
  ],
  aucun: [['probleme'], ['souci']],
  sans: [['probleme'], ['souci']],
};

/** Words that make a sentence conditional or hedged: "go ahead once the backup is done", "maybe stop". */
const CONDITIONS = new Set([
  'if',
  'unless',
  'once',
  'until',
  'till',
  'provided',
  'providing',
  'assuming',
  'whether',
  'when',
  'whenever',
  'maybe',
  'perhaps',
  'probably',
  'possibly',
  'might',
  'think',
  'guess',
  'suppose',
  'hope',
  'unsure',
  'si',
  'sauf',
  'lorsque',
  "lorsqu'",
  'quand',
  'probablement',
  'pense',
  'crois',
  'espere',
]);
/** Sentences opening with these ask rather than tell, even without a question mark. */
const INTERROGATIVE_OPENERS = new Set(['should', 'shall', 'whether', 'est', 'faut', 'doit', 'peut', 'dois']);

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

/** Start index of an imperative negation ending right before `at`, or -1. Example: "please do not" ⏎ "proceed". */
function imperativeNegationBefore(tokens: Token[], at: number): number {
  let end = at;
  while (end > 0 && tokens[end - 1]!.kind === 'word' && NEGATION_FILLERS.has(tokens[end - 1]!.text)) end -= 1;
  for (const words of IMPERATIVE_NEGATIONS) {
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
  let clauseStart = 0;
  for (let index = 0; index < tokens.length; index += 1) {
    described.push(state || isUnallowedInfinitive(tokens, index, clauseStart));
    const token = tokens[index]!;
    if (token.kind === 'comma') {
      state = false;
      clauseStart = index + 1;
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
  const first = tokens.find((token) => token.kind === 'word');
  return first !== undefined && INTERROGATIVE_OPENERS.has(first.text);
}

/** Every GO / NO-GO mention of the folded reply, each with its doubt if it cannot decide. */
export function findMentions(folded: string): Mention[] {
  const mentions: Mention[] = [];
  for (const sentence of splitSentences(tokenize(folded))) {
    const tokens = sentence.tokens;
    const consumed = new Set<number>();
    const found: { polarity: Polarity | 'BOTH'; first: number; end: number }[] = [];
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
        if (polarity === 'GO') {
          const negation = imperativeNegationBefore(tokens, index);
          if (negation !== -1) {
            first = negation;
            polarity = 'NO_GO';
          }
        }
        for (let used = first; used < end; used += 1) consumed.add(used);
        found.push({ polarity, first, end });
        index = end - 1;
        break;
      }
    }
    if (found.length === 0) continue;
    const freeNegation = tokens.some(
      (token, index) => !consumed.has(index) && isNegation(token) && !isCourtesy(tokens, index),
    );
    const sentenceDoubt: Doubt | null =
      sentence.question || opensAsQuestion(tokens)
        ? 'question'
        : freeNegation
          ? 'negation'
          : hasCondition(tokens)
            ? 'condition'
            : null;
    const described = describedActions(tokens);
    for (const { polarity, first, end } of found) {
      const doubt: Doubt | null =
        polarity === 'BOTH' ? 'reads-both-ways' : (sentenceDoubt ?? (described[first] ? 'not-an-instruction' : null));
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
