import EmailReplyParser from 'email-reply-parser';
import { withoutDisclaimers, withoutSignatureBlock } from './trailers.js';

/**
 * What of a plain-text reply is the customer's new text: everything but the Zendesk reply delimiter and
 * what follows it, quote headers and the quoted thread after them, `>` lines, signatures and mobile
 * footers. email-reply-parser does most of it; the cuts here are the ones it misses
 * (docs/REPLIES.md: the delimiter, `>` lines inside inline replies, headers split over lines) and the
 * ones it makes too late (a footer above a quote).
 */

/**
 * Zendesk's mail delimiter, in any wording and language: `##- Please type your reply above this line -##`.
 * Only short lines are tested: the pattern is quadratic on a long line of `##-a##-a…`, and no delimiter is long.
 */
const DELIMITER = /##-.*-##/;
const LONGEST_DELIMITER_LINE = 300;

/** A quote header on one line: `On Mon, 3 Nov 2025 at 10:02, Jane <jane@x.example> wrote:`, `Le … a écrit :`. */
// `\b` is ASCII-only in JavaScript, so "a écrit" needs a letter look-behind instead.
const ONE_LINE_HEADER = /^(?:on|le)\s.*(?<!\p{L})(?:wrote|[ée]crit)\s?:$/iu;
/** The first line of a header split over two (Gmail wraps long names): `On Mon, 3 Nov 2025, Jane` ⏎ `<j@x> wrote:`. */
const HEADER_START = /^(?:on|le)\s/i;
const HEADER_END = /(?<!\p{L})(?:wrote|[ée]crit)\s?:$/iu;
/** `Jane Doe <jane@x.example> wrote:` or `2025-11-03 10:02 GMT+01:00 Jane <j@x> wrote:`. */
const ADDRESSED_HEADER = /[@\d].*\bwrote\s?:$/i;

const SEPARATOR_HEADER =
  /^(?:-{2,}\s*(?:original message|message d'origine|forwarded message|message transf[ée]r[ée]|urspr[üu]ngliche nachricht|oprindelig besked|mensaje original|messaggio originale)\s*-*|begin forwarded message\s?:|d[ée]but du message r[ée]exp[ée]di[ée]\s?:|_{5,})$/i;

/**
 * Older clients (Lotus Notes) head the quote with the sender "on" a numeric date, then the fields:
 * `Jane Doe on 03/11/2026 21:14:37` ⏎ `To: ...` ⏎ `cc:` ⏎ `Subject: ...`, the field names sometimes alone on their line.
 */
const NAME_ON_DATE = /^\S.{0,150}?\s(?:on|le)\s+\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b/i;
/** Lotus Notes also puts the sender and the date on two lines: `Acme Cloud/Acme@Acme` ⏎ `03/11/2026 09:14 PM`. */
const DATE_LINE = /^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?)?$/i;
const BARE_FIELD_LINE = /^(?:to|cc|bcc|subject|objet|[àa]|please respond to\b.*)\s?:?$/i;

/** An Outlook header block starts with `From:` (or its translation) and has `Sent:`, `To:`… within four lines. */
const FROM_LINE = /^\**(?:from|de|von|van|da|exp[ée]diteur)\s?:\**\s*\S/i;
const HEADER_FIELD_LINE =
  /^\**(?:sent|envoy[ée]|date|to|[àa]|subject|objet|cc|gesendet|an|betreff|enviado|para|asunto)\s?:/i;

/** `-- ` (trimmed here to `--`) opens a signature by convention (RFC 3676). */
const SIGNATURE_DELIMITER = /^(?:--|—)$/;

/** Mobile and client footers, as a whole short line. */
const FOOTER =
  /^(?:sent from (?:my )?[\w .'-]{1,40}|sent with [\w .'-]{1,40}|envoy[ée] (?:de|depuis) (?:mon |ma )?[\w .'-]{1,40}|envoy[ée] [àa] partir de [\w .'-]{1,40}|get outlook for [\w .'-]{1,20}|obtenir outlook pour [\w .'-]{1,20}|t[ée]l[ée]charger outlook pour [\w .'-]{1,20}|von meinem [\w .'-]{1,30} gesendet)$/i;

/**
 * Sign-offs after which email-reply-parser hides everything, as a whole line: "Best regards,", "Cheers!",
 * "Bien cordialement", "Bonne journée". Cutting them here spares most replies a call to the parser.
 */
const SIGN_OFF =
  /^(?:[\w ]{0,20}regards|cheers|best wishes|[\w ]{0,20}cordialement|bien [àa] vous|bonne (?:journ[ée]e|soir[ée]e))[,!！]?$/i;

/** A line the customer quoted from an earlier message, wherever it is (inline replies keep the rest). */
const QUOTED_LINE = /^>/;

/**
 * email-reply-parser can only change the text when a line holds one of its markers: a colon (every quote
 * header has one), a separator line, or a sign-off word. Replies without any skip it, with the same result.
 */
const MAY_INTEREST_EMAIL_REPLY_PARSER =
  /[:：]|^[-_+=]|sent from|get outlook|cheers|best wishes|regards|gesendet|sendt fra|envoy|outlook pour|bien . vous|cordialement|bonne (?:journ|soir)|enviado desde|verzonden|verstuurd/im;

const parser = new EmailReplyParser();

const FORMAT_CHARACTERS = /\p{Cf}/gu;
const LINE_BREAK = /\r\n?|\n|\u2028|\u2029/;

/** One line with runs of blanks collapsed, ends trimmed, invisible format characters removed. */
function cleanLine(line: string): string {
  return line.replace(FORMAT_CHARACTERS, '').replace(/\s+/g, ' ').trim();
}

/**
 * The customer's lines above the first cut (the delimiter, a quote header, a signature or a footer), each
 * cleaned, `>` lines left out. Lines below the cut are never cleaned: a long quoted thread costs a split.
 */
export function linesAboveCut(text: string): string[] {
  const raw = text.split(LINE_BREAK);
  const lines: string[] = [];
  // A header spans up to seven lines (Outlook's From/Sent/To/Subject, Lotus Notes' blank line before To:), so a
  // line is judged with the next ones in view.
  // Lines are cleaned when first looked at: a long quoted thread skipped after a header costs no cleaning.
  const cleaned: (string | undefined)[] = [];
  const cleanedAt = (index: number): string => {
    if (index >= raw.length) return '';
    return (cleaned[index] ??= cleanLine(raw[index]!));
  };
  for (let index = 0; index < raw.length; index += 1) {
    const line = cleanedAt(index);
    if (line === '') {
      lines.push(line);
      continue;
    }
    if (line.length <= LONGEST_DELIMITER_LINE && DELIMITER.test(line)) break;
    if (QUOTED_LINE.test(line)) continue;
    if (isQuoteHeaderAt(cleanedAt, index)) {
      const resume = resumeAfterQuote(raw, cleanedAt, index);
      if (resume === -1) break;
      index = resume - 1;
      continue;
    }
    if (SIGNATURE_DELIMITER.test(line) || FOOTER.test(line) || SIGN_OFF.test(line)) break;
    lines.push(line);
  }
  return lines;
}

const HEADER_LOOKAHEAD = 6;

function isQuoteHeaderAt(lineAt: (index: number) => string, index: number): boolean {
  const line = lineAt(index);
  const following = (count: number) => Array.from({ length: count }, (_, offset) => lineAt(index + 1 + offset));
  if (ONE_LINE_HEADER.test(line) || SEPARATOR_HEADER.test(line)) return true;
  if (HEADER_END.test(line) && ADDRESSED_HEADER.test(line)) return true;
  if (HEADER_START.test(line) && /\d/.test(line)) {
    // Example: "On Mon, 3 Nov 2025 at 10:02, Jane Doe <" ⏎ "jane@x.example> wrote:". The date's digits and an
    // end line that is not a whole header itself keep "On y va" ⏎ ⏎ "On Tue … wrote:" from being cut at "On y va".
    const next = lineAt(index + 1);
    if (next !== '' && HEADER_END.test(next) && !HEADER_START.test(next) && next.length <= 200) return true;
  }
  if (FROM_LINE.test(line)) {
    return following(4).some((field) => HEADER_FIELD_LINE.test(field));
  }
  if (NAME_ON_DATE.test(line) || (line.includes('@') && DATE_LINE.test(lineAt(index + 1)))) {
    return following(HEADER_LOOKAHEAD).some((field) => HEADER_FIELD_LINE.test(field) || BARE_FIELD_LINE.test(field));
  }
  return false;
}

/**
 * Where the customer's text resumes after a quote header, or -1 when it does not: a header followed by
 * `>` lines is a quote the customer may answer below (bottom-posting, inline answers), so reading goes on
 * after those lines; a header followed by unmarked text (Outlook, Lotus Notes) has the quote as that text.
 * Example: "On Tue ... wrote:" ⏎ "> Reply GO or NO-GO" ⏎ "" ⏎ "NO-GO please" resumes at "NO-GO please".
 */
function resumeAfterQuote(raw: readonly string[], cleanedAt: (index: number) => string, header: number): number {
  let index = header + 1;
  // The second line of a header split over two: "On Mon, 3 Nov 2025, Jane Doe <" ⏎ "jane@x.example> wrote:".
  if (index < raw.length && !RAW_QUOTED.test(raw[index]!) && HEADER_END.test(cleanedAt(index))) index += 1;
  while (index < raw.length && RAW_BLANK.test(raw[index]!)) index += 1;
  if (index >= raw.length || !RAW_QUOTED.test(raw[index]!)) return -1;
  // Raw tests, not cleaned lines: a quoted thread can be hundreds of lines, none of which is read.
  while (index < raw.length && (RAW_BLANK.test(raw[index]!) || RAW_QUOTED.test(raw[index]!))) {
    // Nothing after the Zendesk delimiter decides, even when the delimiter is quoted.
    if (raw[index]!.length <= LONGEST_DELIMITER_LINE && DELIMITER.test(raw[index]!)) return -1;
    index += 1;
  }
  return index;
}

/** A `>` line and a blank line as cleanLine would see them, tested on the raw line. */
const RAW_QUOTED = /^[\s\p{Cf}]*>/u;
const RAW_BLANK = /^[\s\p{Cf}]*$/u;

export interface CutOptions {
  /** Run email-reply-parser even when no line could interest it (tests prove the result is the same). */
  alwaysRunEmailReplyParser?: boolean;
}

/** The customer's new text of a plain-text reply, lines cleaned, quotes, signatures and footers cut. */
export function cutToNewText(text: string, options: CutOptions = {}): string {
  const ours = withoutSignatureBlock(withoutDisclaimers(linesAboveCut(text)))
    .join('\n')
    .trim();
  if (ours === '') return '';
  if (!options.alwaysRunEmailReplyParser && !MAY_INTEREST_EMAIL_REPLY_PARSER.test(ours)) return ours;
  return parseWithLongLinesSetAside(ours);
}

/**
 * Lines longer than this reach email-reply-parser as a placeholder: without RE2 some of its patterns are
 * cubic in a line's length (`^(.+\son.*at.*wrote:)$` takes 27 s on one 20,000-character line of
 * "x on y at z"), and no quote header or signature line is that long. 500-character lines cost it
 * under 30 ms for a whole capped reply.
 */
const LONGEST_LINE_FOR_PARSER = 500;
const PLACEHOLDER = /\uE001(\d+)\uE001/g;

function parseWithLongLinesSetAside(text: string): string {
  const setAside: string[] = [];
  const skeleton = text
    .split('\n')
    .map((line) => {
      if (line.length <= LONGEST_LINE_FOR_PARSER) return line;
      setAside.push(line);
      return `\uE001${setAside.length - 1}\uE001`;
    })
    .join('\n');
  const visible = parser.parseReply(skeleton);
  const restored =
    setAside.length === 0 ? visible : visible.replace(PLACEHOLDER, (_, index: string) => setAside[Number(index)]!);
  return restored.trim();
}
