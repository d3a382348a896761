import { capHtml, capText, CUT_MARK, DEFAULT_LIMITS, type ReplyLimits } from './cap.js';
import { findMentions, type Doubt, type Mention } from './grammar.js';
import { htmlToReplyText } from './html.js';
import { foldForMatching, sourceSlice, type FoldedText } from './normalise.js';
import { cutToNewText, type CutOptions } from './quotes.js';

export type Decision = 'GO' | 'NO_GO' | 'UNCLEAR';

export interface Reading {
  decision: Decision;
  /** The deciding words as the customer wrote them, or why the reply is unclear. */
  evidence: string;
}

export type ReplyInput = { text: string } | { html: string };

export interface ReadOptions extends CutOptions {
  limits?: ReplyLimits;
}

const DOUBT_WORDING: Record<Doubt, string> = {
  question: 'asked as a question',
  negation: 'a negation that is not an imperative NO-GO',
  condition: 'conditional or hedged',
  'not-an-instruction': 'describes an action, not an instruction',
  'reads-both-ways': '"no go ahead" reads both ways',
};

/** Longest quote of the customer's words in an UNCLEAR evidence. */
const QUOTE_LIMIT = 160;

/**
 * Reads a customer's reply: GO, NO_GO, or UNCLEAR when it holds no single clear decision.
 * Examples: "Yes, go ahead" → GO ("go ahead"); "please do not continue" → NO_GO; "not ready to go yet",
 * "Go? No, stop.", "thanks", "adelante" → UNCLEAR with the reason.
 */
export function readReply(input: ReplyInput, options: ReadOptions = {}): Reading {
  const newText = customersNewText(input, options);
  return typeof newText === 'string' ? decide(newText) : newText;
}

/**
 * The customer's new text of a reply (HTML converted, quotes, signatures and footers cut), or the UNCLEAR
 * reading that says why it cannot be read whole.
 */
export function customersNewText(input: ReplyInput, options: ReadOptions = {}): string | Reading {
  if (input === null || typeof input !== 'object') throw new TypeError('readReply: input must be { text } or { html }');
  const limits = options.limits ?? DEFAULT_LIMITS;
  let text: string;
  if ('html' in input && typeof input.html === 'string') {
    const converted = htmlToReplyText(capHtml(input.html, limits.htmlChars).text);
    if (converted === null) return { decision: 'UNCLEAR', evidence: 'HTML nested too deeply to read' };
    text = converted;
  } else if ('text' in input && typeof input.text === 'string') {
    text = input.text;
  } else {
    throw new TypeError('readReply: input must be { text: string } or { html: string }');
  }
  const newText = cutToNewText(capText(text, limits).text, options);
  if (newText.includes(CUT_MARK)) {
    return {
      decision: 'UNCLEAR',
      evidence: `reply longer than the ${limits.chars} characters or ${limits.lines} lines read, with no quote before the cut: not read to its end`,
    };
  }
  return newText;
}

/** The decision in the customer's new text (quotes, signatures and footers already cut). */
export function decide(newText: string): Reading {
  if (newText === '')
    return { decision: 'UNCLEAR', evidence: 'no new text above the quoted message, signature or footer' };
  const folded = foldForMatching(newText);
  const mentions = findMentions(folded.folded);
  if (mentions.length === 0) {
    return { decision: 'UNCLEAR', evidence: `no GO or NO-GO word: ${quote(clip(newText))}` };
  }
  const doubtful = mentions.find((mention) => mention.doubt !== null);
  if (doubtful !== undefined) {
    const sentence = sourceSlice(newText, folded, doubtful.sentenceStart, doubtful.sentenceEnd);
    return {
      decision: 'UNCLEAR',
      evidence: `${DOUBT_WORDING[doubtful.doubt!]}: ${quote(clip(sentence))}`,
    };
  }
  const polarities = new Set(mentions.map((mention) => mention.polarity));
  const words = (polarity: Mention['polarity']) =>
    mentions
      .filter((mention) => mention.polarity === polarity)
      .map((mention) => quote(sourceSlice(newText, folded, mention.start, mention.end)))
      .join(', ');
  if (polarities.has('NO_GO') && polarities.size > 1) {
    const against = polarities.has('GO') ? words('GO') : words('NOT_NO_GO');
    return { decision: 'UNCLEAR', evidence: `both GO and NO-GO words: ${against} and ${words('NO_GO')}` };
  }
  // A refused NO-GO ("don't abort") agrees with a GO instruction beside it, but is no instruction alone.
  if (!polarities.has('GO') && !polarities.has('NO_GO')) {
    return { decision: 'UNCLEAR', evidence: `a refused NO-GO with no GO instruction: ${words('NOT_NO_GO')}` };
  }
  return { decision: polarities.has('GO') ? 'GO' : 'NO_GO', evidence: decidingWords(newText, folded, mentions) };
}

/** The mentions as written, one span per sentence from its first to its last mention: "NO-GO, please roll back". */
function decidingWords(source: string, folded: FoldedText, mentions: Mention[]): string {
  const spans: string[] = [];
  let index = 0;
  while (index < mentions.length) {
    const first = mentions[index]!;
    let last = first;
    while (mentions[index + 1]?.sentenceStart === first.sentenceStart) {
      index += 1;
      last = mentions[index]!;
    }
    spans.push(sourceSlice(source, folded, first.start, last.end));
    index += 1;
  }
  return spans.join(' … ');
}

export function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= QUOTE_LIMIT ? oneLine : `${oneLine.slice(0, QUOTE_LIMIT - 1)}…`;
}

export function quote(text: string): string {
  return `"${text}"`;
}
