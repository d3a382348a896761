// RFC 5545 text rules for what ical-generator does not handle itself. It escapes TEXT values (SUMMARY,
// DESCRIPTION...), but writes some properties (UID, X-WR-CALNAME) as given, and escapes a quoted parameter (CN)
// with backslashes, which RFC 5545 does not define: `CN="Jane \"JJ\" Cooper"` ends the parameter at the second
// quote, and a crafted name then adds its own parameters (`;PARTSTAT=ACCEPTED`).

/** Control characters iCalendar text may not hold (RFC 5545 §3.3.11 allows HTAB, and line breaks only escaped). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LINE_BREAK = /\r\n|\r|\n/g;

/** The text with control characters dropped and every line break as `\n`; ical-generator then escapes it. */
export function icsText(text: string): string {
  return text.replace(LINE_BREAK, '\n').replace(CONTROL, '');
}

/**
 * A value for a quoted parameter such as CN, encoded per RFC 6868 (`^'` for a double quote, `^n` for a line
 * break, `^^` for a caret), which calendar readers (ical.js among them) decode. Example: `Jane "JJ" Cooper` →
 * `Jane ^'JJ^' Cooper`.
 */
export function icsParameter(text: string): string {
  return icsText(text).replace(/\^/g, '^^').replace(/"/g, "^'").replace(/\n/g, '^n');
}

/**
 * A TEXT value escaped per RFC 5545 §3.3.11, for the properties ical-generator writes unescaped (UID,
 * X-WR-CALNAME): `a;b,c\d` → `a\;b\,c\\d`, a line break → `\n`, so no text ever starts a line of its own.
 */
export function icsEscapedText(text: string): string {
  return icsText(text)
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/** An address for a MAILTO value: no line breaks, control characters or spaces. */
export function icsAddress(email: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return email.replace(/[\s\u0000-\u001f\u007f"]/g, '');
}
