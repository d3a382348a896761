/**
 * Bad input on the command line: unknown option, unreadable file, invalid policy, malformed instant.
 * `main` prints its message as one line on stderr and exits with status 2, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const NAMED: Record<string, string> = { '\r': '\\r', '\t': '\\t' };

/**
 * A message as a person can read it on a terminal: control and format characters (a byte-order mark, a zero-width
 * space, a bidi override, an escape sequence) written as `\ufeff`, so an error never hides or reorders what it
 * names. Line breaks stay: each line is escaped on its own. The escapes are JSON's, so a JSON log line (serve's)
 * stays valid JSON that decodes to the same text.
 */
export function escapeInvisible(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(INVISIBLE, (character) => NAMED[character] ?? jsonEscape(character)))
    .join('\n');
}

/** `\u202e`; a character beyond the BMP as its two UTF-16 units, `\udb40\udc01`. */
function jsonEscape(character: string): string {
  return Array.from(
    { length: character.length },
    (_, index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`,
  ).join('');
}
