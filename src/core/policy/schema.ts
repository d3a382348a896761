import { z } from 'zod';
import { WEEKDAYS, parseDate, parseTime } from '../time/calendar.js';
import { parseCalendarDuration, parseElapsedMinutes } from '../time/duration.js';
import { isValidZone } from '../time/zone.js';
import { parseInstant } from '../time/format.js';

/**
 * The shape of a policy (DESIGN §2) as zod schemas, one leaf check per field, each with the message a
 * policy author reads. Cross-field rules (one recurrence, one end, unique ids, blackout order) are checked
 * apart in parse.ts, because zod skips an object's refinements as soon as one of its fields is wrong, and
 * the policy must be refused with every problem at once.
 */

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/;

export function isLocalDateTime(text: string): boolean {
  const match = LOCAL_DATE_TIME.exec(text);
  return match !== null && parseDate(match[1]!) !== null && parseTime(match[2]!) !== null && Number(match[3] ?? 0) < 60;
}

const zone = z
  .string()
  .refine(isValidZone, { error: (issue) => `unknown IANA time zone ${JSON.stringify(issue.input)}` });
const weekday = z.string().refine((text) => (WEEKDAYS as readonly string[]).includes(text), {
  error: (issue) => `${JSON.stringify(issue.input)} is not a weekday (monday, tuesday, ... sunday, lower case)`,
});
const clock = z.string().refine((text) => parseTime(text) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time HH:mm (00:00 to 23:59)`,
});
const endClock = z.string().refine((text) => parseTime(text, true) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time HH:mm (00:00 to 24:00)`,
});
const elapsed = z.string().refine((text) => (parseElapsedMinutes(text) ?? 0) > 0, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a positive duration of hours and minutes (PT6H, PT4H30M)`,
});
const leadTime = z.string().refine((text) => parseCalendarDuration(text) !== null, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a duration of weeks, days, hours and minutes (P7D, P1W, PT48H, P1DT12H)`,
});
const positiveCalendar = z.string().refine(
  (text) => {
    const parsed = parseCalendarDuration(text);
    return parsed !== null && Object.values(parsed).some((part) => part > 0);
  },
  {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a positive duration of weeks, days, hours and minutes (PT2H, P1D)`,
  },
);
const localDate = z.string().refine((text) => parseDate(text) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a real date YYYY-MM-DD`,
});
const blackoutTime = z.string().refine((text) => isLocalDateTime(text) || parseInstant(text) !== null, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a date-time YYYY-MM-DDTHH:mm[:ss], local to the policy zone or with an offset`,
});
const nonEmptyText = z.string().trim().min(1, { error: 'must not be empty' });
const email = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: (issue) => `${JSON.stringify(issue.input)} is not an email address` });

export const ruleSchema = z.strictObject({
  id: nonEmptyText,
  timeZone: zone.optional(),
  weekly: z.array(weekday).min(1, { error: 'needs at least one weekday' }).optional(),
  monthly: z
    .strictObject({
      weekday,
      week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], {
        error: (issue) => `${JSON.stringify(issue.input)} is not 1, 2, 3, 4 or -1 (the last)`,
      }),
    })
    .optional(),
  dates: z.array(localDate).min(1, { error: 'needs at least one date' }).optional(),
  start: clock,
  duration: elapsed.optional(),
  end: endClock.optional(),
  capacity: z
    .number()
    .int({ error: (issue) => `${JSON.stringify(issue.input)} is not a whole number` })
    .min(1, { error: 'must be at least 1 (or null for unlimited)' })
    .nullable()
    .optional(),
});

export const blackoutSchema = z.strictObject({
  start: blackoutTime,
  end: blackoutTime,
  reason: z.string().nullable().optional(),
});

export const policySchema = z.strictObject({
  timeZone: zone,
  leadTime: leadTime.optional(),
  rules: z.array(ruleSchema),
  blackouts: z.array(blackoutSchema).optional(),
  hotfix: z.strictObject({ defaultDuration: elapsed.optional() }).optional(),
  decision: z
    .strictObject({
      deadline: positiveCalendar.optional(),
      onTimeout: z
        .enum(['wait', 'no_go'], { error: (issue) => `${JSON.stringify(issue.input)} is not "wait" or "no_go"` })
        .optional(),
      approvers: z
        .enum(['requester', 'organization'], {
          error: (issue) => `${JSON.stringify(issue.input)} is not "requester" or "organization"`,
        })
        .optional(),
    })
    .optional(),
  overrunWarning: positiveCalendar.optional(),
  vendor: z.strictObject({ name: nonEmptyText, email }).optional(),
  offer: z.strictObject({ expires: positiveCalendar.optional() }).optional(),
  selfService: z
    .strictObject({
      reschedule: z.boolean({ error: (issue) => `${JSON.stringify(issue.input)} is not true or false` }).optional(),
      maxDeferrals: z
        .number()
        .int({ error: (issue) => `${JSON.stringify(issue.input)} is not a whole number` })
        .min(0, { error: 'must be at least 0' })
        .max(100, { error: 'must be at most 100' })
        .optional(),
    })
    .optional(),
});

export type PolicyInput = z.infer<typeof policySchema>;
export type RuleInput = z.infer<typeof ruleSchema>;
