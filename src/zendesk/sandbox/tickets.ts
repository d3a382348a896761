import type { ZendeskVia } from '../types.js';
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
  const text = input.body ?? htmlToText(input.htmlBody ?? '');
  const html = input.htmlBody ?? textToHtml(input.body ?? '');
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
    submitter_id: input.requesterId,
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
  addComment(state, ticket, now, { authorId: input.requesterId, body: input.description, public: true, via });
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

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: '\u00a0',
};

/** `<p>Go <b>ahead</b></p><p>Thanks</p>` → "Go ahead\n\nThanks": enough of Zendesk's plain_body for replies and notes. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote)>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (entity, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** "Hello\n\nWorld" → `<div class="zd-comment" dir="auto"><p>Hello</p><p>World</p></div>`, as Zendesk renders plain comments. */
export function textToHtml(text: string): string {
  const escape = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escape(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<div class="zd-comment" dir="auto">${paragraphs}</div>`;
}
