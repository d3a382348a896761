import { z } from 'zod';
import { STATES } from '../core/lifecycle/types.js';
import { isoInstant, ticketIdText } from './fields.js';

/** `/api/tickets/:id/...` */
export const ticketParams = z.strictObject({ id: ticketIdText });

/** `/api/tickets/:id/deliveries/:historyId/retry` */
export const deliveryParams = z.strictObject({ id: ticketIdText, historyId: ticketIdText });

/**
 * The acting agent (optional, sent by the sidebar from ZAF's `currentUser`), recorded in the history: trimmed,
 * cut to 200 characters, a blank header is absent. Other headers (the token among them) are not read here.
 */
const agentHeader = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => {
    const first = (Array.isArray(value) ? value[0] : value)?.trim().slice(0, 200);
    return first === undefined || first === '' ? null : first;
  });

// Decoded control characters (a line break, NUL) were never possible in a raw header; they stay impossible.
const CONTROL = /\p{Cc}/u;

/**
 * `X-Agent-Name` is percent-encoded UTF-8 (`encodeURIComponent`): a header value can only carry ISO-8859-1, and
 * agents are named "Zoë Łukasz 李". Decoded, then trimmed and cut like the id; an encoding that does not decode,
 * or decodes to a control character, is a 400 naming the header. A plain ASCII name without `%` reads as itself.
 */
const agentNameHeader = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value, context) => {
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) return null;
    let decoded: string;
    try {
      decoded = decodeURIComponent(first);
    } catch {
      decoded = '\u0000';
    }
    if (CONTROL.test(decoded)) {
      context.addIssue({
        code: 'custom',
        message: 'must be percent-encoded UTF-8 text (encodeURIComponent), such as Zo%C3%AB for Zoë',
      });
      return z.NEVER;
    }
    const name = Array.from(decoded.trim()).slice(0, 200).join('');
    return name === '' ? null : name;
  });

export const agentHeaders = z.looseObject({ 'x-agent-id': agentHeader, 'x-agent-name': agentNameHeader });

export const upgradeState = z.enum(STATES);
export type UpgradeState = z.infer<typeof upgradeState>;
export const bookingClass = z.enum(['maintenance', 'hotfix']);
export type BookingClass = z.infer<typeof bookingClass>;
export const decisionValue = z.enum(['GO', 'NO_GO']);
export type DecisionValue = z.infer<typeof decisionValue>;
export const deliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof deliveryStatus>;

export const bookingView = z.object({
  start: isoInstant,
  end: isoInstant,
  rule: z.string(),
  class: bookingClass,
  reason: z.string().nullable(),
  /** The invite's SEQUENCE: 0 when booked, +1 at each move. */
  sequence: z.number(),
});
export type BookingView = z.infer<typeof bookingView>;

export const historyEntry = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: isoInstant,
  public: z.boolean(),
  /** The agent who acted, when an agent did. */
  agent: z.object({ id: z.string().nullable(), name: z.string().nullable() }).optional(),
  delivery: z.object({ status: deliveryStatus, at: isoInstant.optional(), error: z.string().optional() }),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

const commentId = z.union([z.string(), z.number()]);

/** One window of an open offer, numbered by its place in `windows` (1-based), as the customer answers. */
export const offeredWindow = z.object({ start: isoInstant, end: isoInstant, rule: z.string() });

/** The windows offered to the customer (state `offered`) and when the offer lapses. */
export const openOffer = z.object({ windows: z.array(offeredWindow), expiresAt: isoInstant });

/** `GET /api/tickets/:id`, and the answer of every change to a ticket (booking, cancel, decision, retry). */
export const ticketUpgrade = z.object({
  ticketId: z.number(),
  state: upgradeState,
  /** The ticket's product id, null when none was given; absent when the policy has no products. */
  product: z.string().nullable().optional(),
  booking: bookingView.nullable(),
  requester: z.object({ locale: z.string().nullable(), timeZone: z.string().nullable() }),
  instances: z.array(z.object({ name: z.string(), status: z.enum(['upgrading', 'completed', 'failed']) })),
  validation: z.enum(['none', 'running', 'completed', 'failed']).nullable(),
  decision: z
    .object({
      value: decisionValue,
      at: isoInstant,
      by: z.string().nullable(),
      evidence: z.string(),
      commentId: commentId.nullable(),
      source: z.enum(['customer', 'agent']),
    })
    .nullable(),
  review: z.object({ commentId: commentId.optional(), evidence: z.string() }).nullable(),
  decisionDeadline: isoInstant.nullable(),
  /** The open offer of windows; null when none is open. */
  offer: openOffer.nullable(),
  /** Customer-driven moves and No-Gos so far, counted against the policy's `selfService.maxDeferrals`. */
  deferrals: z.number(),
  allowedEvents: z.array(z.string()),
  history: z.array(historyEntry),
});
export type TicketUpgrade = z.infer<typeof ticketUpgrade>;
export type OfferedWindow = z.infer<typeof offeredWindow>;
export type OpenOffer = z.infer<typeof openOffer>;
