/**
 * Bad input on the command line: unknown option, unreadable file, invalid policy, malformed instant.
 * `main` prints its message as one line on stderr and exits with status 2, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A message as a person can read it on a terminal: control and format characters (a byte-order mark, a zero-width
 * space, a bidi override, an escape sequence) written as `\u{feff}`, so an error never hides or reorders what
 * it names. Line breaks stay: each line is escaped on its own.
 */
export function escapeInvisible(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.replace(INVISIBLE, (character) => NAMED[character] ?? `\\u{${character.codePointAt(0)!.toString(16)}}`),
    )
    .join('\n');
}
