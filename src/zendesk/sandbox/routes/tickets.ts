import { noteStatusChange } from '../clock.js';
import { renderComment, renderTicket } from '../render.js';
import { nextId, type StoredTicket } from '../state.js';
import { addComment, touchTicket, viaFor } from '../tickets.js';
import { badRequest, findTicket, NOT_FOUND, paginate, parseJsonBody, recordInvalid } from './common.js';
import type { ApiDeps, ApiRequest, ApiResult } from './common.js';
import { checkComment, checkCustomFields, syncFieldsFromTags, syncFieldTags } from './ticket-input.js';

export function listTickets(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const tickets = state.tickets.map((ticket) => renderTicket(state, ticket, request.origin));
  return { status: 200, body: paginate(tickets, request, 'tickets') };
}

export function getTicket(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const ticket = findTicket(state, id!);
  return ticket ? { status: 200, body: { ticket: renderTicket(state, ticket, request.origin) } } : NOT_FOUND;
}

/** `PUT /api/v2/tickets/{id}`: fields, tags, status and one comment in one audit, guarded by `safe_update`. */
export function updateTicket(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const ticket = findTicket(state, id!);
  if (!ticket) return NOT_FOUND;
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.result;
  const input = parsed.value.ticket;
  if (typeof input !== 'object' || input === null) return badRequest('The body must be {"ticket": {...}}');
  const update = input as Record<string, unknown>;
  if (ticket.status === 'closed') {
    return {
      status: 422,
      body: {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedPrevention' }] },
      },
    };
  }
  if (update.safe_update === true && typeof update.updated_stamp === 'string') {
    if (Date.parse(update.updated_stamp) !== Date.parse(ticket.updated_at)) {
      return {
        status: 409,
        body: {
          error: 'UpdateConflict',
          description:
            'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
        },
      };
    }
  }
  const fields = checkCustomFields(state, update.custom_fields);
  if (!fields.ok) return fields.result;
  const comment = checkComment(state, update.comment);
  if (!comment.ok) return comment.result;
  if (
    update.status !== undefined &&
    !['new', 'open', 'pending', 'hold', 'solved', 'closed'].includes(String(update.status))
  ) {
    return recordInvalid(`Status: ${String(update.status)} is not valid`, 'status');
  }
  if (
    update.tags !== undefined &&
    !(Array.isArray(update.tags) && update.tags.every((tag) => typeof tag === 'string'))
  ) {
    return badRequest('tags must be an array of strings');
  }

  const previous = { status: ticket.status, fieldValues: { ...ticket.fieldValues }, tags: [...ticket.tags] };
  const events: Record<string, unknown>[] = [];
  const auditId = nextId(state, 'event');
  if (Array.isArray(update.tags)) {
    ticket.tags = [...new Set(update.tags as string[])];
    syncFieldsFromTags(state, ticket);
  }
  for (const { field, value } of fields.values) {
    const before = ticket.fieldValues[String(field.id)] ?? null;
    ticket.fieldValues[String(field.id)] = value;
    syncFieldTags(ticket, field, value);
    events.push({
      id: nextId(state, 'event'),
      type: 'Change',
      field_name: String(field.id),
      value,
      previous_value: before,
    });
  }
  if (update.status !== undefined && update.status !== ticket.status) {
    events.push({
      id: nextId(state, 'event'),
      type: 'Change',
      field_name: 'status',
      value: update.status,
      previous_value: ticket.status,
    });
    const before = ticket.status;
    ticket.status = update.status as StoredTicket['status'];
    noteStatusChange(ticket, before, now);
  }
  let stored = null;
  if (comment.value) {
    stored = addComment(state, ticket, now, {
      authorId: comment.value.authorId ?? state.apiUserId,
      body: comment.value.body,
      htmlBody: comment.value.htmlBody,
      public: comment.value.public,
      via: viaFor('api'),
      attachmentIds: comment.value.attachmentIds,
    });
    stored.audit_id = auditId;
    const rendered = renderComment(state, stored, request.origin);
    events.unshift({
      id: rendered.id,
      type: 'Comment',
      author_id: rendered.author_id,
      body: rendered.body,
      html_body: rendered.html_body,
      plain_body: rendered.plain_body,
      public: rendered.public,
      attachments: rendered.attachments,
      audit_id: auditId,
    });
  }
  touchTicket(ticket, now);
  const actor = state.users.find((user) => user.id === state.apiUserId)!;
  const audit = {
    id: auditId,
    ticket_id: ticket.id,
    created_at: ticket.updated_at,
    author_id: state.apiUserId,
    metadata: { system: {}, custom: {} },
    via: viaFor('api'),
    events,
  };
  return {
    status: 200,
    body: { ticket: renderTicket(state, ticket, request.origin), audit },
    applied: true,
    commentIds: stored ? [stored.id] : [],
    update: {
      updateType: 'Change',
      ticket,
      previous,
      currentUser: actor,
      comment: stored,
      requester: state.users.find((user) => user.id === ticket.requester_id),
    },
  };
}
