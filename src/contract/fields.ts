import { z } from 'zod';
import { parseInstant } from '../core/time/format.js';
import { parseElapsedMinutes } from '../core/time/duration.js';

/**
 * The field schemas every route shares. A request schema's input is what a client sends (JSON, query text,
 * header text); its output is the normalised value the server works with (instants as epoch ms, minutes).
 */

/** An instant a client sends: ISO 8601 with an offset or `Z`; epoch milliseconds once parsed. */
export const instantText = z.string().transform((text, context) => {
  const value = parseInstant(text);
  if (value === null) {
    context.addIssue({ code: 'custom', message: `must be an ISO 8601 instant with an offset or Z, got "${text}"` });
    return z.NEVER;
  }
  return value;
});

/** An instant the API answers with: ISO 8601 with the offset of its zone, whole seconds. */
export const isoInstant = z.string();

/** A duration of hours and minutes (`PT2H`), in minutes once parsed. */
export const elapsedText = z.string().transform((text, context) => {
  const minutes = positiveMinutes(text);
  if (minutes === null) {
    context.addIssue({
      code: 'custom',
      message: `must be an ISO 8601 duration of hours and minutes (PT2H), got "${text}"`,
    });
    return z.NEVER;
  }
  return minutes;
});

function positiveMinutes(text: string): number | null {
  try {
    const minutes = parseElapsedMinutes(text) as unknown;
    return typeof minutes === 'number' && minutes > 0 ? minutes : null;
  } catch {
    return null;
  }
}

/** Free text from a person: trimmed, not empty, bounded. */
export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A Zendesk ticket id as it appears in a path or query: a positive integer below 2^53. */
export const ticketIdText = z.string().transform((value, context) => {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    context.addIssue({ code: 'custom', message: `must be a positive whole number, got "${value}"` });
    return z.NEVER;
  }
  return Number(value);
});

/** `true` or `false` in a query string. */
export const flagText = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((value) => value === 'true');

/** A whole number from 1 to `max` in a query string. */
export const countText = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `must be from 1 to ${max}`);

/** A JSON body must be an object; say so plainly rather than "expected object, received undefined". */
export function bodyObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code !== 'invalid_type'
        ? undefined
        : issue.input === undefined || issue.input === null
          ? 'send a JSON object body'
          : 'the body must be a JSON object',
  });
}
