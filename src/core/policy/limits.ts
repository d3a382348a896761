import { z } from 'zod';

/**
 * The limits of docs/POLICY.md on a policy's size and texts, so that no policy can make the product do unbounded
 * work or carry a line break into a calendar file. The duration limits live with the duration readers
 * (src/core/time/duration.ts), the offset limit with the instant reader (src/core/time/format.ts).
 */
export const POLICY_LIMITS = {
  rules: 500,
  blackouts: 10_000,
  datesPerRule: 1000,
  products: 50,
  /** Characters of a name, an id or a reason. */
  text: 200,
} as const;

/**
 * Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and the bidirectional overrides
 * and isolates (U+202E turns "exe.pdf" around): none belongs in a name, an id or a reason.
 */
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** Why a name, id or reason is not acceptable, or null when it is. */
export function textProblem(text: string): string | null {
  if (text.length > POLICY_LIMITS.text) return `must be at most ${POLICY_LIMITS.text} characters, got ${text.length}`;
  if (CONTROL.test(text)) return 'must not contain control characters (line breaks, tabs, direction overrides)';
  return null;
}

/** A name, id or reason: at most 200 characters, no control characters; `required` ones not blank. */
export function boundedText(required: boolean): z.ZodType<string> {
  return z.string().superRefine((text, context) => {
    if (required && text.trim() === '') context.addIssue({ code: 'custom', message: 'must not be empty' });
    const problem = textProblem(text);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });
}

/** How many of a list's items a policy may have, as a zod message: `at most 500 rules, got 501`. */
export function atMost(limit: number, what: string): { error: (issue: { input?: unknown }) => string } {
  return {
    error: (issue) => `at most ${limit} ${what}, got ${Array.isArray(issue.input) ? issue.input.length : 'more'}`,
  };
}
