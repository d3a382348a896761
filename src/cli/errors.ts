/**
 * Bad input on the command line: unknown option, unreadable file, invalid policy, malformed instant.
 * `main` prints its message as one line on stderr and exits with status 2, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
