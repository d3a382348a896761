import { compile, type HtmlToTextOptions } from 'html-to-text';

/**
 * Containers that hold a quote header, a quoted message or a signature in the HTML of common mail clients: Gmail
 * (`gmail_attr`, `gmail_extra`, `gmail_signature`), Thunderbird (`moz-cite-prefix`, `moz-signature`), Yahoo
 * (`yahoo_quoted`), Outlook on the web (`divRplyFwdMsg`). Gmail's `div.gmail_quote` is not dropped whole: an
 * inline answer typed between two quoted parts lives inside it.
 */
const DROPPED_SELECTORS = [
  '.gmail_attr',
  '.gmail_extra',
  '.gmail_signature',
  '[data-smartmail=gmail_signature]',
  '#divRplyFwdMsg',
  '#appendonsend',
  '.moz-cite-prefix',
  '.moz-signature',
  '.yahoo_quoted',
  '#Signature',
  '#ms-outlook-mobile-signature',
  'head',
  'style',
  'script',
  'img',
];

/**
 * Quoted messages (`blockquote`, `type=cite`, Gmail's `blockquote.gmail_quote`) become one `>` line, as a plain-text
 * client would quote them: the text reading (quotes.ts) then skips them, and reads an answer typed under a quote
 * (bottom-posting, inline answers between quoted parts) as it does in plain text.
 */
const QUOTE_SELECTORS = ['blockquote', '[type=cite]'];

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  formatters: {
    quoteMarker: (_element, _walk, builder) => {
      builder.openBlock({ leadingLineBreaks: 1 });
      builder.addLiteral('>');
      builder.closeBlock({ trailingLineBreaks: 1 });
    },
  },
  // html-to-text counts U+200B as a space by default, which splits "G&#8203;O"; the reader removes it instead.
  whitespaceCharacters: ' \t\r\n\f',
  selectors: [
    ...DROPPED_SELECTORS.map((selector) => ({ selector, format: 'skip' })),
    ...QUOTE_SELECTORS.map((selector) => ({ selector, format: 'quoteMarker' })),
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
