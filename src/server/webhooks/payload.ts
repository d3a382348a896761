/**
 * What a verified Zendesk webhook body means for us. Two shapes carry a ticket id (docs/API.md, The Zendesk webhook):
 *
 * - the trigger form that `setup`'s trigger sends: `{"ticket_id": "123"}` (a string or a number; extra keys ignored);
 * - an event subscription: `{"type": "zen:event-type:ticket.comment_added", "detail": {"id": "123"},
 *   "subject": "zen:ticket:123", "event": {"comment": {"id": "456", ...}}, ...}`.
 *
 * Other Zendesk event types are acknowledged and ignored (a subscription broader than ours must not make Zendesk
 * retry). A JSON object that names no ticket at all, or names it with a placeholder Zendesk did not fill
 * (`"{{ticket.id}}"`), is what the admin centre's "Test webhook" sends: a `test`, answered and never stored.
 * A ticket or comment id that is there but malformed stays a 400.
 */
export type WebhookPayload =
  | { kind: 'hint'; ticketId: number; commentId: number | null }
  | { kind: 'ignore'; why: string }
  | { kind: 'test'; why: string }
  | { kind: 'invalid'; why: string };

const COMMENT_ADDED = 'zen:event-type:ticket.comment_added';

export function interpretPayload(body: unknown): WebhookPayload {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { kind: 'invalid', why: 'the body must be a JSON object' };
  }
  const payload = body as Record<string, unknown>;
  if ('ticket_id' in payload) {
    if (isUnfilledPlaceholder(payload.ticket_id)) {
      return { kind: 'test', why: `ticket_id is the unfilled placeholder ${String(payload.ticket_id)}` };
    }
    const ticketId = asId(payload.ticket_id);
    return ticketId === null
      ? { kind: 'invalid', why: 'ticket_id must be a positive whole number (or a string of one)' }
      : { kind: 'hint', ticketId, commentId: null };
  }
  if (typeof payload.type === 'string' && payload.type.startsWith('zen:event-type:')) {
    if (payload.type !== COMMENT_ADDED) return { kind: 'ignore', why: `event type ${payload.type} is not ours` };
    return commentAdded(payload);
  }
  return { kind: 'test', why: 'the body names no ticket' };
}

/** Zendesk renders placeholders only when a trigger fires; a test sends the body's text as typed. */
function isUnfilledPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /^\s*\{\{[^{}]*\}\}\s*$/.test(value);
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
