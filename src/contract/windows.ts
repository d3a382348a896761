import { z } from 'zod';
import { countText, flagText, instantText, isoInstant, text, ticketIdText } from './fields.js';

/** `GET /api/windows?from=&count=&ticket=&all=&product=` */
export const windowsQuery = z.strictObject({
  from: instantText.optional(),
  count: countText(1000).optional(),
  /** Leaves this ticket's own booking out of the counts (a reschedule may keep its window's place). */
  ticket: ticketIdText.optional(),
  all: flagText.optional(),
  /** Only this product's windows (else the ticket's own product's, when it has one). */
  product: text(200).optional(),
});

export const reasonCode = z.enum(['IN_PAST', 'NOT_A_WINDOW', 'LEAD_TIME', 'BLACKOUT', 'FULL']);

/** Why a window cannot be booked: the message, and the facts a screen words for its reader. */
export const reason = z.object({
  code: reasonCode,
  message: z.string(),
  earliest: isoInstant.optional(),
  leadTime: z.string().optional(),
  blackout: z.object({ start: isoInstant, end: isoInstant, reason: z.string().nullable() }).optional(),
  booked: z.number().optional(),
  capacity: z.number().optional(),
});

export const windowOffer = z.object({
  start: isoInstant,
  end: isoInstant,
  rule: z.string(),
  capacity: z.number().nullable(),
  /** Places left; null when the rule has no capacity. */
  remaining: z.number().nullable(),
  bookable: z.boolean(),
  reasons: z.array(reason),
});

export const windowOffers = z.array(windowOffer);

/**
 * `GET /api/policy`: the policy in force as JSON, defaults filled (its full shape is the policy's own schema in
 * src/core/policy). Named here are the fields clients read; the rest passes through.
 */
export const policyView = z.looseObject({
  timeZone: z.string(),
  leadTime: z.string().optional(),
  hotfix: z.looseObject({ defaultDuration: z.string().optional() }).optional(),
  vendor: z.looseObject({ name: z.string().optional(), email: z.string().optional() }).optional(),
  /** The vendor's products by id (docs/POLICY.md, Products); absent when the policy has none. */
  products: z
    .record(z.string(), z.looseObject({ name: z.string(), names: z.record(z.string(), z.string()).optional() }))
    .optional(),
});

export type WindowsQuery = z.input<typeof windowsQuery>;
/** The windows query as the server reads it (parsed: instants in ms, flags as booleans). */
export type WindowsRequest = z.output<typeof windowsQuery>;
export type Reason = z.infer<typeof reason>;
export type ReasonCode = z.infer<typeof reasonCode>;
export type WindowOffer = z.infer<typeof windowOffer>;
export type PolicyView = z.infer<typeof policyView>;
