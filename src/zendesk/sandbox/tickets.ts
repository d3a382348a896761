import type { ZendeskVia } from '../types.js';
import { htmlToText, rewriteHtmlBody, textToHtml } from './html.js';
import { isoSeconds, nextId, type SandboxState, type StoredComment, type StoredTicket } from './state.js';

export interface NewStoredComment {
  authorId: number;
  body?: string | undefined;
  htmlBody?: string | undefined;
  public: boolean;
  via: ZendeskVia;
  attachmentIds?: number[];
}

/** Adds a comment as Zendesk stores it: `body`, `html_body` and `plain_body` derived from whichever was sent. */
export function addComment(
  state: SandboxState,
  ticket: StoredTicket,
  now: number,
  input: NewStoredComment,
): StoredComment {
  const auditId = nextId(state, 'event');
  const html = input.htmlBody !== undefined ? rewriteHtmlBody(input.htmlBody) : textToHtml(input.body ?? '');
  const text = input.body ?? htmlToText(html);
  const comment: StoredComment = {
    id: nextId(state, 'event'),
    type: 'Comment',
    author_id: input.authorId,
    body: text,
    html_body: html,
    plain_body: text,
    public: input.public,
    attachmentIds: input.attachmentIds ?? [],
    audit_id: auditId,
    via: input.via,
    created_at: isoSeconds(now),
    metadata: { system: {}, custom: {} },
  };
  ticket.comments.push(comment);
  return comment;
}

/**
 * Moves `updated_at` forward by at least one second on every change, so that two updates within the same second
 * still give different stamps and `safe_update` can tell them apart (Zendesk's stamps have second precision).
 */
export function touchTicket(ticket: StoredTicket, now: number): void {
  const previous = Date.parse(ticket.updated_at);
  ticket.updated_at = isoSeconds(Math.max(now, previous + 1000));
}

export function createTicket(
  state: SandboxState,
  now: number,
  input: {
    subject: string;
    description: string;
    requesterId: number;
    organizationId: number | null;
    channel: 'web' | 'email' | 'api';
    /** The first comment when it is not the requester's plain description (a follow-up's reply). */
    firstComment?: { authorId: number; body?: string | undefined; htmlBody?: string | undefined };
  },
): StoredTicket {
  const via = viaFor(input.channel);
  const ticket: StoredTicket = {
    id: nextId(state, 'ticket'),
    external_id: null,
    via,
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
    type: null,
    subject: input.subject,
    raw_subject: input.subject,
    description: input.description,
    priority: null,
    status: 'open',
    requester_id: input.requesterId,
    submitter_id: input.firstComment?.authorId ?? input.requesterId,
    assignee_id: null,
    organization_id: input.organizationId,
    group_id: null,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    is_public: true,
    tags: [],
    brand_id: null,
    allow_attachments: true,
    fieldValues: {},
    comments: [],
  };
  state.tickets.push(ticket);
  const first = input.firstComment ?? { authorId: input.requesterId, body: input.description };
  addComment(state, ticket, now, { ...first, public: true, via });
  return ticket;
}

export function viaFor(channel: string, from?: { address: string; name: string }): ZendeskVia {
  if (channel === 'email' && from) {
    return {
      channel,
      source: {
        from: { address: from.address, name: from.name },
        to: { address: 'support@acme-cloud.zendesk.com', name: 'Acme Cloud' },
        rel: null,
      },
    };
  }
  return { channel, source: { from: {}, to: {}, rel: null } };
}
