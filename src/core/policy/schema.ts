import { z } from 'zod';
import { WEEKDAYS, parseDate, parseTime } from '../time/calendar.js';
import {
  calendarDurationMinutes,
  quoted,
  readCalendarDuration,
  readWindowDuration,
  type CalendarDuration,
  type Reading,
} from '../time/duration.js';
import { zoneNameProblem } from '../time/zone.js';
import { readInstant } from '../time/format.js';
import { LANGUAGES } from '../templates/format.js';
import { POLICY_LIMITS, atMost, boundedText } from './limits.js';

/**
 * The shape of a policy (docs/POLICY.md) as zod schemas, one leaf check per field, each with the message a
 * policy author reads. Cross-field rules (one recurrence, one end, unique ids, blackout order) are checked
 * apart in parse.ts, because zod skips an object's refinements as soon as one of its fields is wrong, and
 * the policy must be refused with every problem at once.
 */

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/;

export function isLocalDateTime(text: string): boolean {
  const match = LOCAL_DATE_TIME.exec(text);
  return match !== null && parseDate(match[1]!) !== null && parseTime(match[2]!) !== null && Number(match[3] ?? 0) < 60;
}

const zone = z.string().superRefine((text, context) => {
  const problem = zoneNameProblem(text);
  if (problem !== null) context.addIssue({ code: 'custom', message: problem });
});
const weekday = z.string().refine((text) => (WEEKDAYS as readonly string[]).includes(text), {
  error: (issue) => `${JSON.stringify(issue.input)} is not a weekday (monday, tuesday, ... sunday, lower case)`,
});
const clock = z.string().refine((text) => parseTime(text) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time HH:mm (00:00 to 23:59)`,
});
const endClock = z.string().refine((text) => parseTime(text, true) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a time HH:mm (00:00 to 24:00)`,
});
/** A string read by one of the time readers, with the reader's own message (which names the limit). */
function readWith<T>(read: (text: string) => Reading<T>) {
  return z.string().superRefine((text, context) => {
    const reading = read(text);
    if (!reading.ok) context.addIssue({ code: 'custom', message: reading.error });
  });
}

const elapsed = readWith(readWindowDuration);
const leadTime = readWith(readCalendarDuration);
/** A deadline or a warning: a calendar duration that is not zero. */
const positiveCalendar = readWith((text): Reading<CalendarDuration> => {
  const reading = readCalendarDuration(text);
  if ((reading.ok && calendarDurationMinutes(reading.value) > 0) || (!reading.ok && reading.overLimit)) return reading;
  return {
    ok: false,
    error: `${quoted(text)} is not a positive duration of weeks, days, hours and minutes (PT2H, P1D)`,
  };
});
const localDate = z.string().refine((text) => parseDate(text) !== null, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a real date YYYY-MM-DD`,
});
const blackoutTime = z.string().superRefine((text, context) => {
  if (isLocalDateTime(text)) return;
  const reading = readInstant(text);
  // An instant with an offset whose only fault is the offset gets the offset's message; anything else the format.
  const message = reading.ok
    ? null
    : reading.overLimit
      ? reading.error
      : `${JSON.stringify(text.slice(0, 40))} is not a date-time YYYY-MM-DDTHH:mm[:ss], local to the policy zone or with an offset`;
  if (message !== null) context.addIssue({ code: 'custom', message });
});
const email = boundedText(true).refine((text) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text), {
  error: (issue) => `${JSON.stringify(issue.input)} is not an email address`,
});
/** A locale such as `fr` or `fr-CA`, the key of a product's translated names. */
const locale = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a locale such as fr or fr-CA`,
});
/**
 * The vendor's language for internal notes: a locale whose language the templates are translated into (`en`,
 * `fr`, or a regional variant such as `fr-CA`). Any other would silently fall back to English, so it is refused.
 */
const vendorLocale = z.string().superRefine((text, context) => {
  const primary = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/.test(text) ? text.split('-')[0]! : null;
  if (primary !== null && (LANGUAGES as readonly string[]).includes(primary)) return;
  context.addIssue({
    code: 'custom',
    message: `${JSON.stringify(text.slice(0, 40))} is not a language the templates are translated into (${LANGUAGES.join(', ')}, or a variant such as fr-CA)`,
  });
});
const month = z
  .number()
  .int({ error: (issue) => `${JSON.stringify(issue.input)} is not a whole number` })
  .min(1, { error: (issue) => `${JSON.stringify(issue.input)} is not a month from 1 to 12` })
  .max(12, { error: (issue) => `${JSON.stringify(issue.input)} is not a month from 1 to 12` });

export const productSchema = z.strictObject({
  name: boundedText(true),
  names: z.record(locale, boundedText(true)).optional(),
});

export const ruleSchema = z.strictObject({
  id: boundedText(true),
  products: z
    .array(z.string())
    .min(1, { error: 'needs at least one product (leave products out to serve every product)' })
    .max(POLICY_LIMITS.products, atMost(POLICY_LIMITS.products, 'products'))
    .optional(),
  class: z
    .enum(['maintenance', 'routine'], {
      error: (issue) => `${JSON.stringify(issue.input)} is not "maintenance" or "routine"`,
    })
    .optional(),
  lockout: z.boolean().optional(),
  timeZone: zone.optional(),
  weekly: z.array(weekday).min(1, { error: 'needs at least one weekday' }).optional(),
  monthly: z
    .strictObject({
      weekday,
      week: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], {
        error: (issue) => `${JSON.stringify(issue.input)} is not 1, 2, 3, 4 or -1 (the last)`,
      }),
      months: z
        .array(month)
        .min(1, { error: 'needs at least one month (leave months out for every month)' })
        .optional(),
    })
    .optional(),
  dates: z
    .array(localDate)
    .min(1, { error: 'needs at least one date' })
    .max(POLICY_LIMITS.datesPerRule, atMost(POLICY_LIMITS.datesPerRule, 'dates'))
    .optional(),
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
  reason: boundedText(false).nullable().optional(),
});

export const policySchema = z.strictObject({
  timeZone: zone,
  leadTime: leadTime.optional(),
  // Product ids are checked in parse.ts, where each gets a message naming it.
  products: z.record(z.string(), productSchema).optional(),
  rules: z.array(ruleSchema).max(POLICY_LIMITS.rules, atMost(POLICY_LIMITS.rules, 'rules')),
  blackouts: z
    .array(blackoutSchema)
    .max(POLICY_LIMITS.blackouts, atMost(POLICY_LIMITS.blackouts, 'blackouts'))
    .optional(),
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
  vendor: z.strictObject({ name: boundedText(true), email, locale: vendorLocale.optional() }).optional(),
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
export type ProductInput = z.infer<typeof productSchema>;
