import { z } from 'zod';
import { zoneNameProblem } from '../core/time/zone.js';
import { countText, text } from './fields.js';

/** `GET /schedule?tz=&months=` and `GET /schedule.ics?months=` (public pages, HTML and iCalendar). */
export const scheduleQuery = z.strictObject({
  tz: z
    .string()
    .superRefine((zone, context) => {
      const problem = zoneNameProblem(zone);
      if (problem !== null) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  months: countText(24).optional(),
  /** One product's windows and feed (docs/POLICY.md, Products). */
  product: text(200).optional(),
  /** The language of the page and the feed's texts, `en` or `fr` (a regional tag such as `fr-CA` too). */
  lang: z
    .string()
    .max(35, 'must be at most 35 characters')
    .refine((tag) => /^(?:en|fr)(?:[-_][a-z0-9]{1,8})*$/i.test(tag), {
      error: (issue) => `"${String(issue.input)}" is not a language of the schedule; use en or fr`,
    })
    .optional(),
});

/** `GET /healthz`: 200 ok or degraded; 503 (with an error) when the store cannot be reached. */
export const health = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable']),
  store: z.enum(['ok', 'unreachable']),
  deliveries: z.object({ pending: z.number(), failed: z.number() }).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** `POST /webhooks/zendesk`: 200 once the invocation is stored (or recognised as one to ignore). */
export const webhookAck = z.object({
  received: z.literal(true),
  /** Zendesk's "Test webhook": verified, answered, nothing stored. */
  test: z.literal(true).optional(),
  ignored: z.string().optional(),
  duplicate: z.boolean().optional(),
  invocationId: z.string().optional(),
});

export type Health = z.infer<typeof health>;
