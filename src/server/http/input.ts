import { z } from 'zod';
import { REPORTED_EVENTS } from '../../core/lifecycle/types.js';
import { parseInstant } from '../../core/time/format.js';
import { isValidZone, parseElapsedMinutes } from '../../core/schedule.js';
import { badRequest } from './errors.js';

/** Request input, normalised once here so that routes and the service work with plain values. */

/** A Zendesk ticket id: a positive integer (64-bit in Zendesk, below 2^53 in practice). */
export function parseTicketId(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw badRequest(`ticket id must be a positive whole number, got "${text}"`, 'INVALID_TICKET_ID');
  }
  return Number(text);
}

const instant = z.string().transform((text, context) => {
  const value = parseInstant(text);
  if (value === null) {
    context.addIssue({ code: 'custom', message: `must be an ISO 8601 instant with an offset or Z, got "${text}"` });
    return z.NEVER;
  }
  return value;
});

const elapsed = z.string().transform((text, context) => {
  const minutes = safeElapsedMinutes(text);
  if (minutes === null) {
    context.addIssue({
      code: 'custom',
      message: `must be an ISO 8601 duration of hours and minutes (PT2H), got "${text}"`,
    });
    return z.NEVER;
  }
  return minutes;
});

function safeElapsedMinutes(text: string): number | null {
  try {
    const minutes = parseElapsedMinutes(text) as unknown;
    return typeof minutes === 'number' && minutes > 0 ? minutes : null;
  } catch {
    return null;
  }
}

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const bookingSchema = z
  .object({
    start: instant,
    class: z.enum(['maintenance', 'hotfix'], { message: 'must be "maintenance" or "hotfix"' }),
    reason: text(2000).optional(),
    duration: elapsed.optional(),
    overrideBlackout: z.boolean().optional(),
    product: text(200).optional(),
  })
  .strict()
  .refine((body) => body.class !== 'hotfix' || body.reason !== undefined, {
    message: 'a hot fix needs a reason',
    path: ['reason'],
  });

export type BookingInput = z.output<typeof bookingSchema>;

/** The events the `events` route accepts (docs/LIFECYCLE.md, Events): the lifecycle's list; the others come from booking and capture. */
export {
  REPORTED_EVENTS as REPORTABLE_EVENTS,
  type ReportedEvent as ReportableEvent,
} from '../../core/lifecycle/types.js';

export const eventSchema = z
  .object({
    type: z.enum(REPORTED_EVENTS, {
      message: `must be one of the events a pipeline reports: ${REPORTED_EVENTS.join(', ')}`,
    }),
    instance: text(200).optional(),
    reason: text(2000).optional(),
    anticipatedEnd: instant.optional(),
  })
  .strict();

export type EventInput = z.output<typeof eventSchema>;

export const previewSchema = z.union([
  eventSchema,
  z
    .object({ type: z.enum(['window_scheduled', 'window_rescheduled']) })
    .passthrough()
    .transform((body, context) => {
      const { type, ...booking } = body;
      const parsed = bookingSchema.safeParse(booking);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) context.addIssue({ ...issue, code: 'custom' } as never);
        return z.NEVER;
      }
      return { type, ...parsed.data };
    }),
  z.object({ type: z.literal('window_cancelled') }).strict(),
]);

export type PreviewInput = z.output<typeof previewSchema>;

const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((value) => value === 'true');

export const windowsQuery = z
  .object({
    from: instant.optional(),
    count: z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 1 to 1000')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, 'must be from 1 to 1000')
      .optional(),
    ticket: z
      .string()
      .transform((value) => parseTicketId(value))
      .optional(),
    all: flag.optional(),
    product: text(200).optional(),
  })
  .strict();

export const bookingsQuery = z
  .object({ from: instant.optional(), to: instant.optional(), conflicts: flag.optional() })
  .strict();

export const scheduleQuery = z
  .object({
    tz: z
      .string()
      .refine((zone) => isValidZone(zone), 'must be an IANA time zone such as Europe/Paris')
      .optional(),
    months: z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 1 to 24')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 24, 'must be from 1 to 24')
      .optional(),
    product: text(200).optional(),
  })
  .strict();

/** Agent headers (optional, sent by the sidebar from ZAF's currentUser), trimmed and bounded. */
export function agentOf(
  headers: Record<string, string | string[] | undefined>,
): { id: string | null; name: string | null } | null {
  const read = (name: string): string | null => {
    const value = headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    const trimmed = first?.trim().slice(0, 200);
    return trimmed === undefined || trimmed === '' ? null : trimmed;
  };
  const id = read('x-agent-id');
  const name = read('x-agent-name');
  return id === null && name === null ? null : { id, name };
}
