import type {
  ZendeskAttachment,
  ZendeskComment,
  ZendeskOrganization,
  ZendeskTicket,
  ZendeskTicketField,
  ZendeskTrigger,
  ZendeskUser,
  ZendeskWebhook,
} from '../types.js';
import type {
  SandboxState,
  StoredAttachment,
  StoredComment,
  StoredMembership,
  StoredOrganization,
  StoredTicket,
  StoredTicketField,
  StoredTrigger,
  StoredUser,
  StoredWebhook,
} from './state.js';

// Stored objects → Zendesk's JSON, with absolute urls for the origin the request came to.

const SYSTEM_TYPES = new Set(['subject', 'description', 'status', 'priority', 'assignee']);

export function isCustomField(field: StoredTicketField): boolean {
  return !SYSTEM_TYPES.has(field.type);
}

export function renderTicket(
  state: SandboxState,
  ticket: StoredTicket,
  origin: string,
): ZendeskTicket & { followup_ids: number[] } {
  const { fieldValues, comments: _comments, solvedAt: _solvedAt, ...rest } = ticket;
  const custom_fields = state.ticketFields
    .filter(isCustomField)
    .map((field) => ({ id: field.id, value: fieldValues[String(field.id)] ?? null }));
  return {
    url: `${origin}/api/v2/tickets/${ticket.id}.json`,
    ...rest,
    tags: [...ticket.tags],
    custom_fields,
    followup_ids: [...(ticket.followup_ids ?? [])],
  };
}

export function renderAttachment(attachment: StoredAttachment, origin: string): ZendeskAttachment {
  const { contentBase64: _content, ...rest } = attachment;
  const contentUrl = `${origin}/_sandbox/attachments/${attachment.id}/${encodeURIComponent(attachment.file_name)}`;
  return {
    url: `${origin}/api/v2/attachments/${attachment.id}.json`,
    ...rest,
    content_url: contentUrl,
    mapped_content_url: contentUrl,
  };
}

export function renderComment(state: SandboxState, comment: StoredComment, origin: string): ZendeskComment {
  const { attachmentIds, ...rest } = comment;
  const attachments = attachmentIds
    .map((id) => state.attachments.find((attachment) => attachment.id === id))
    .filter((attachment): attachment is StoredAttachment => attachment !== undefined)
    .map((attachment) => renderAttachment(attachment, origin));
  return { ...rest, attachments };
}

export function renderUser(user: StoredUser, origin: string): ZendeskUser {
  return { url: `${origin}/api/v2/users/${user.id}.json`, ...user };
}

export function renderMembership(membership: StoredMembership, origin: string): StoredMembership & { url: string } {
  return { url: `${origin}/api/v2/organization_memberships/${membership.id}.json`, ...membership };
}

export function renderOrganization(organization: StoredOrganization, origin: string): ZendeskOrganization {
  return { url: `${origin}/api/v2/organizations/${organization.id}.json`, ...organization };
}

export function renderTicketField(field: StoredTicketField, origin: string): ZendeskTicketField {
  return { url: `${origin}/api/v2/ticket_fields/${field.id}.json`, ...field };
}

export function renderWebhook(webhook: StoredWebhook): ZendeskWebhook {
  // The secret and the credentials Zendesk sends on our behalf are never shown back.
  const { secret: _secret, authenticationData: _data, ...rest } = webhook;
  return rest;
}

export function renderTrigger(trigger: StoredTrigger, origin: string): ZendeskTrigger {
  return { url: `${origin}/api/v2/triggers/${trigger.id}.json`, ...trigger };
}
