/**
 * Bounds the work on a reply by its size, before anything parses it: a 5 MB reply or a pathological
 * `On On On ... wrote` costs no more than a reply at the cap.
 */
export interface ReplyLimits {
  /** Characters of plain text read (after HTML conversion too). */
  chars: number;
  /** Lines of plain text read. */
  lines: number;
  /** Characters of HTML read before conversion (markup is several times longer than its text). */
  htmlChars: number;
}

export const DEFAULT_LIMITS: ReplyLimits = { chars: 20_000, lines: 400, htmlChars: 100_000 };

/**
 * Marks where a capped reply was cut. It is a private-use character, so no customer types it, and it is
 * appended to the cut line itself: when that line is quoted or below a quote header the marker goes with
 * it, and when it survives into the customer's own text the reply is known to be incomplete.
 */
export const CUT_MARK = '\uE000';

export interface CappedText {
  text: string;
  cut: boolean;
}

/** Keeps the first `limits.lines` lines and `limits.chars` characters of a plain-text reply. */
export function capText(text: string, limits: Pick<ReplyLimits, 'chars' | 'lines'>): CappedText {
  let end = Math.min(text.length, limits.chars);
  let newlines = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    newlines += 1;
    if (newlines === limits.lines) {
      end = index;
      break;
    }
  }
  if (end >= text.length) return { text, cut: false };
  return { text: text.slice(0, end) + CUT_MARK, cut: true };
}

/**
 * Keeps the first `limit` characters of an HTML reply, never inside a tag (so the mark stays text), and
 * appends the mark: inside an unclosed quote container it is dropped with the quote.
 */
export function capHtml(html: string, limit: number): CappedText {
  if (html.length <= limit) return { text: html, cut: false };
  let end = limit;
  const lastOpen = html.lastIndexOf('<', end - 1);
  if (lastOpen > html.lastIndexOf('>', end - 1)) end = lastOpen;
  return { text: `${html.slice(0, end)}<span>${CUT_MARK}</span>`, cut: true };
}
