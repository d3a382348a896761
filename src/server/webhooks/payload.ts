/**
 * What a verified Zendesk webhook body means for us. Two shapes carry a ticket id (docs/API.md, The Zendesk webhook):
 *
 * - the trigger form that `setup`'s trigger sends: `{"ticket_id": "123"}` (a string or a number; extra keys ignored);
 * - an event subscription: `{"type": "zen:event-type:ticket.comment_added", "detail": {"id": "123"},
 *   "subject": "zen:ticket:123", "event": {"comment": {"id": "456", ...}}, ...}`.
 *
 * Anything else is signed but meaningless (400), except other Zendesk event types, which are acknowledged and
 * ignored (a subscription broader than ours must not make Zendesk retry).
 */
export type WebhookPayload =
  | { kind: 'hint'; ticketId: number; commentId: number | null }
  | { kind: 'ignore'; why: string }
  | { kind: 'invalid'; why: string };

const COMMENT_ADDED = 'zen:event-type:ticket.comment_added';

export function interpretPayload(body: unknown): WebhookPayload {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { kind: 'invalid', why: 'the body must be a JSON object' };
  }
  const payload = body as Record<string, unknown>;
  if ('ticket_id' in payload) {
    const ticketId = asId(payload.ticket_id);
    return ticketId === null
      ? { kind: 'invalid', why: 'ticket_id must be a positive whole number (or a string of one)' }
      : { kind: 'hint', ticketId, commentId: null };
  }
  if (typeof payload.type === 'string' && payload.type.startsWith('zen:event-type:')) {
    if (payload.type !== COMMENT_ADDED) return { kind: 'ignore', why: `event type ${payload.type} is not ours` };
    return commentAdded(payload);
  }
  return { kind: 'invalid', why: 'expected {"ticket_id": ...} or a zen:event-type:ticket.comment_added event' };
}

function commentAdded(payload: Record<string, unknown>): WebhookPayload {
  const detail = payload.detail as Record<string, unknown> | undefined;
  const fromDetail = detail !== null && typeof detail === 'object' ? asId(detail.id) : null;
  const subject = typeof payload.subject === 'string' ? /^zen:ticket:(\d+)$/.exec(payload.subject) : null;
  const ticketId = fromDetail ?? (subject === null ? null : asId(subject[1]));
  if (ticketId === null) return { kind: 'invalid', why: 'the event names no ticket (detail.id or subject)' };
  const event = payload.event as { comment?: { id?: unknown } } | undefined;
  const rawComment = event !== null && typeof event === 'object' ? event.comment?.id : undefined;
  const commentId = rawComment === undefined ? null : asId(rawComment);
  if (rawComment !== undefined && commentId === null) {
    return { kind: 'invalid', why: 'event.comment.id must be a positive whole number' };
  }
  return { kind: 'hint', ticketId, commentId };
}

/** 123 or "123" → 123; anything else (0, -1, 1.5, "12a", 2^53) → null. */
export function asId(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  if (text === null || !/^[1-9]\d{0,15}$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}
