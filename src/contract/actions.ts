/**
 * The ticket actions' requests. Each schema is followed by its types: `…Request` is what a client sends (the
 * JSON), `…Input` what the server works with once parsed.
 */
import { z } from 'zod';
import { REPORTED_EVENTS } from '../core/lifecycle/types.js';
import { bodyObject, elapsedText, instantText, text } from './fields.js';
import { agentHeaders, bookingClass, decisionValue, upgradeState } from './tickets.js';

/** `POST /api/tickets/:id/window`: book or move (reason required for a hot fix). */
const bookingShape = {
  start: instantText,
  class: z.enum(bookingClass.options, { message: 'must be "maintenance" or "hotfix"' }),
  reason: text(2000).optional(),
  duration: elapsedText.optional(),
  overrideBlackout: z.boolean().optional(),
  /** The product the ticket is for (docs/POLICY.md, Products); required when the policy has products. */
  product: text(200).optional(),
};

const hotfixNeedsReason = (body: { class: string; reason?: string | undefined }) =>
  body.class !== 'hotfix' || body.reason !== undefined;
const HOTFIX_REASON = { message: 'a hot fix needs a reason', path: ['reason'] };

export const bookingBody = bodyObject(bookingShape).refine(hotfixNeedsReason, HOTFIX_REASON);
export type BookingRequest = z.input<typeof bookingBody>;
export type BookingInput = z.output<typeof bookingBody>;

/** `POST /api/tickets/:id/offer`: offer the next `count` eligible windows (default 3, at most 5). */
const offerShape = {
  count: z
    .number({ message: 'must be a whole number from 1 to 5' })
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be a whole number from 1 to 5')
    .max(5, 'must be a whole number from 1 to 5')
    .optional(),
  /** The product the ticket is for, as a booking names it; required when the policy has products. */
  product: text(200).optional(),
};
export const offerBody = bodyObject(offerShape);
export type OfferRequest = z.input<typeof offerBody>;
export type OfferInput = z.output<typeof offerBody>;

/** `POST /api/tickets/:id/events`: what a pipeline reports. */
export const eventBody = bodyObject({
  type: z.enum(REPORTED_EVENTS, {
    message: `must be one of the events a pipeline reports: ${REPORTED_EVENTS.join(', ')}`,
  }),
  instance: text(200).optional(),
  reason: text(2000).optional(),
  anticipatedEnd: instantText.optional(),
});
export type EventRequest = z.input<typeof eventBody>;
export type EventInput = z.output<typeof eventBody>;
export type ReportableEvent = EventRequest['type'];

/** The `events` route's headers: the acting agent, and the key a replay is recognised by. */
export const eventHeaders = agentHeaders;
export const IDEMPOTENCY_KEY_MAX = 255;

/** `202` of the `events` route. */
export const eventAccepted = z.object({
  accepted: z.literal(true),
  ticketId: z.number(),
  type: z.enum(REPORTED_EVENTS),
  state: upgradeState,
});
export type EventAccepted = z.infer<typeof eventAccepted>;

/** `POST /api/tickets/:id/decision`: the customer's GO or NO-GO, recorded by an agent. */
const decisionShape = {
  decision: z.enum(decisionValue.options, { message: 'must be "GO" or "NO_GO"' }),
  note: text(2000).optional(),
};
export const decisionBody = bodyObject(decisionShape);
export type DecisionRequest = z.input<typeof decisionBody>;
export type DecisionInput = z.output<typeof decisionBody>;

/** `POST /api/tickets/:id/preview`: an event with its fields, or a booking change. */
export const previewBody = z.discriminatedUnion(
  'type',
  [
    eventBody,
    bodyObject({ type: z.enum(['window_scheduled', 'window_rescheduled']), ...bookingShape }).refine(
      hotfixNeedsReason,
      HOTFIX_REASON,
    ),
    bodyObject({ type: z.literal('window_cancelled') }),
    // What an offer of windows tells the customer (the offer route's body, with the type).
    bodyObject({ type: z.literal('window_offered'), ...offerShape }),
    // What an agent's recorded decision tells the customer (the decision route's body, with the type).
    bodyObject({ type: z.literal('decision_received'), ...decisionShape }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'must be an event a pipeline reports, window_scheduled, window_rescheduled, window_cancelled, window_offered or decision_received'
        : 'send a JSON object body',
  },
);
export type PreviewRequest = z.input<typeof previewBody>;
export type PreviewInput = z.output<typeof previewBody>;

/** The comment the step would post, rendered for the requester; `posts: false` for a step that posts none. */
export const commentPreview = z.object({
  type: z.string(),
  text: z.string(),
  html: z.string(),
  public: z.boolean(),
  locale: z.string().nullable(),
  posts: z.boolean(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string() })).optional(),
});
export type CommentPreview = z.infer<typeof commentPreview>;
