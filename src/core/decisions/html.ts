import { compile, type HtmlToTextOptions } from 'html-to-text';

/**
 * Containers that hold a quoted message or a signature in the HTML of common mail clients: Gmail
 * (`gmail_quote`, `gmail_extra`, `gmail_signature`), Apple Mail and Thunderbird (`blockquote type=cite`,
 * `moz-cite-prefix`, `moz-signature`), Yahoo (`yahoo_quoted`), Outlook on the web (`divRplyFwdMsg`).
 * Inline replies interleave blockquotes with the customer's answers, so each container is dropped on its
 * own and the answers between them stay.
 */
const DROPPED_SELECTORS = [
  'blockquote',
  '.gmail_quote',
  '.gmail_extra',
  '.gmail_signature',
  '[data-smartmail=gmail_signature]',
  '#divRplyFwdMsg',
  '#appendonsend',
  '.moz-cite-prefix',
  '.moz-signature',
  '.yahoo_quoted',
  '[type=cite]',
  '#Signature',
  '#ms-outlook-mobile-signature',
  'head',
  'style',
  'script',
  'img',
];

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // html-to-text counts U+200B as a space by default, which splits "G&#8203;O"; the reader removes it instead.
  whitespaceCharacters: ' \t\r\n\f',
  selectors: [
    ...DROPPED_SELECTORS.map((selector) => ({ selector, format: 'skip' })),
    // The customer's words only: no link targets, no upper-cased headings.
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

/** Compiled once: compiling the selectors costs more than converting a typical reply. */
const toText = compile(OPTIONS);

/**
 * Outlook places the quoted thread AFTER these markers as siblings, not inside them: `<div id="appendonsend">`
 * (Outlook on the web and new Outlook) and `<div id="divRplyFwdMsg">`. Everything from the first marker on
 * is the quote. Example: `<p>GO</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg">From: …</div><div>NO-GO?</div>`.
 */
const THREAD_MARKER = /<[^<>]*\bid\s*=\s*["']?(?:appendonsend|divRplyFwdMsg)\b/i;

/** Cuts the HTML at the first marker after which everything is the quoted thread. */
export function cutHtmlThread(html: string): string {
  const marker = THREAD_MARKER.exec(html);
  return marker === null ? html : html.slice(0, marker.index);
}

/**
 * The visible text of an HTML reply without its quote and signature containers, entities decoded; null
 * when the markup nests too deeply for the converter (thousands of levels: no mail client writes that).
 */
export function htmlToReplyText(html: string): string | null {
  try {
    return toText(cutHtmlThread(html));
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
