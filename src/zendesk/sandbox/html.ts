// Comment bodies as Zendesk stores them: plain text, its HTML, and the rewriting of HTML it is sent.

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: '\u00a0',
};

/** `<p>Go <b>ahead</b></p><p>Thanks</p>` → "Go ahead\n\nThanks": enough of Zendesk's plain_body for replies and notes. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)>/gi, '\n\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return codePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return codePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** "Hello\n\nWorld" → `<div class="zd-comment" dir="auto"><p>Hello</p><p>World</p></div>`, as Zendesk renders plain comments. */
export function textToHtml(text: string): string {
  const escape = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<div class="zd-comment" dir="auto">${paragraphs}</div>`;
}

/** A numeric character reference; one outside Unicode (`&#99999999;`) or NUL reads as U+FFFD, as browsers read it. */
function codePoint(value: number): string {
  return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '\ufffd';
}

// Elements Zendesk removes with their content, and those whose tags it drops.
const REMOVED_WITH_CONTENT = ['script', 'style', 'iframe', 'object', 'embed', 'textarea', 'select', 'template'];
const REMOVED_TAGS =
  /<\/?(script|style|iframe|object|embed|form|input|button|textarea|select|template|meta|link|base)\b[^<>]*>/gi;

/** Cuts each element of REMOVED_WITH_CONTENT up to its closing tag (or the end): one pass over the text. */
function removeElements(html: string): string {
  const opening = new RegExp(`<(${REMOVED_WITH_CONTENT.join('|')})\\b`, 'gi');
  let kept = '';
  let from = 0;
  for (let match = opening.exec(html); match !== null; match = opening.exec(html)) {
    kept += html.slice(from, match.index);
    const closing = new RegExp(`</${match[1]!}[^<>]*>`, 'gi');
    closing.lastIndex = opening.lastIndex;
    from = closing.exec(html) === null ? html.length : closing.lastIndex;
    opening.lastIndex = from;
  }
  return kept + html.slice(from);
}

/**
 * Zendesk does not store a comment's html_body as sent: it drops scripts, forms and event-handler attributes,
 * neutralises `javascript:` links, opens links in a new tab, and wraps the whole in its comment `div`. A reader
 * of html_body must expect this markup, never the bytes it sent:
 *   `<p onclick="x()">Go <a href="https://a.example">here</a></p>`
 *   → `<div class="zd-comment" dir="auto"><p>Go <a href="https://a.example" rel="noopener noreferrer" target="_blank">here</a></p></div>`
 */
export function rewriteHtmlBody(html: string): string {
  const cleaned = removeElements(html)
    .replace(REMOVED_TAGS, '')
    .replace(/\son[a-z]+\s*=\s*("[^"<>]*"|'[^'<>]*'|[^\s<>]+)/gi, '')
    .replace(/(href|src)\s*=\s*(["']?)\s*javascript:[^"'\s>]*\2/gi, '$1="#"')
    .replace(/<a\b((?:(?!\b(?:rel|target)\s*=)[^<>])*)>/gi, '<a$1 rel="noopener noreferrer" target="_blank">')
    .trim();
  if (/^<div class="zd-comment"[^>]*>[\s\S]*<\/div>$/.test(cleaned)) return cleaned;
  return `<div class="zd-comment" dir="auto">${cleaned}</div>`;
}
