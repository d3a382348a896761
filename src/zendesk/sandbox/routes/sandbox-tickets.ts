import { renderComment, renderTicket } from '../render.js';
import { noteStatusChange } from '../clock.js';
import { htmlToText } from '../html.js';
import {
  addMembership,
  addOrganization,
  addUser,
  type SandboxState,
  type StoredTicket,
  type StoredUser,
} from '../state.js';
import { addComment, createTicket, touchTicket, viaFor } from '../tickets.js';
import { NOT_FOUND, type ApiResult } from './common.js';

// The customer's side of a ticket, which the product never drives: opening a ticket and replying to one.

export function sandboxError(status: number, message: string): ApiResult {
  return { status, body: { error: 'SandboxError', description: message } };
}

/** `POST /_sandbox/tickets`: a new ticket, its requester found by email or created with the given locale and zone. */
export function createSandboxTicket(state: SandboxState, at: number, input: unknown, origin: string): ApiResult {
  const raw = (input ?? {}) as Record<string, unknown>;
  if (typeof raw.subject !== 'string' || raw.subject.trim() === '')
    return sandboxError(400, 'subject must be a non-empty string');
  const requester = raw.requester as Record<string, unknown> | undefined;
  if (typeof requester !== 'object' || requester === null) return sandboxError(400, 'requester must be an object');
  if (typeof requester.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(requester.email)) {
    return sandboxError(400, 'requester.email must be an email address');
  }
  if (requester.timeZone !== undefined && !isIanaZone(requester.timeZone))
    return sandboxError(400, 'requester.timeZone must be an IANA zone');
  if (requester.locale !== undefined && typeof requester.locale !== 'string')
    return sandboxError(400, 'requester.locale must be a string');
  let organizationId: number | null = null;
  if (requester.organization !== undefined) {
    if (typeof requester.organization !== 'string' || requester.organization.trim() === '') {
      return sandboxError(400, 'requester.organization must be an organization name');
    }
    const name = requester.organization;
    organizationId = (
      state.organizations.find((organization) => organization.name === name) ?? addOrganization(state, at, name)
    ).id;
  }
  const email = requester.email.toLowerCase();
  let user = state.users.find((candidate) => candidate.email === email);
  // A known requester named with another organization joins it too: users may belong to several.
  if (user && organizationId !== null) addMembership(state, at, user.id, organizationId);
  if (!user) {
    user = addUser(state, at, {
      name: typeof requester.name === 'string' && requester.name !== '' ? requester.name : email,
      email,
      ...(typeof requester.locale === 'string' ? { locale: requester.locale } : {}),
      ...(typeof requester.timeZone === 'string' ? { timeZone: requester.timeZone } : {}),
      organizationId,
    });
  }
  const description = typeof raw.description === 'string' && raw.description !== '' ? raw.description : raw.subject;
  const ticket = createTicket(state, at, {
    subject: raw.subject,
    description,
    requesterId: user.id,
    organizationId: organizationId ?? user.organization_id,
    channel: 'web',
  });
  return {
    status: 201,
    body: { ticket: renderTicket(state, ticket, origin) },
    applied: true,
    commentIds: [ticket.comments[0]!.id],
  };
}

/**
 * `POST /_sandbox/tickets/:id/replies`: the customer's public comment. The caller then runs the triggers and
 * answers with their webhook invocations (`deliveriesInBody`).
 */
export function postReply(
  state: SandboxState,
  at: number,
  ticketId: number,
  input: unknown,
  origin: string,
): ApiResult {
  const ticket = state.tickets.find((candidate) => candidate.id === ticketId);
  if (!ticket) return NOT_FOUND;
  const raw = (input ?? {}) as Record<string, unknown>;
  const channel = raw.channel ?? 'email';
  if (channel !== 'email' && channel !== 'web') return sandboxError(400, 'channel must be "email" or "web"');
  const body = typeof raw.body === 'string' && raw.body !== '' ? raw.body : undefined;
  const htmlBody = typeof raw.htmlBody === 'string' && raw.htmlBody !== '' ? raw.htmlBody : undefined;
  if (body === undefined && htmlBody === undefined) return sandboxError(400, 'give body or htmlBody');
  let author: StoredUser | undefined;
  if (raw.authorId !== undefined) {
    author = state.users.find((user) => user.id === raw.authorId);
    if (!author) return sandboxError(400, `authorId ${String(raw.authorId)} is not a user`);
  } else if (typeof raw.email === 'string' && /^[^@\s]+@[^@\s]+$/.test(raw.email)) {
    const email = raw.email.toLowerCase();
    // An unknown sender becomes an end user, as an email from a new address does in Zendesk.
    author = state.users.find((user) => user.email === email) ?? addUser(state, at, { name: email, email });
  } else {
    return sandboxError(400, 'give authorId or email');
  }
  if (ticket.status === 'closed') return followUp(state, at, ticket, author, { body, htmlBody, channel }, origin);
  const previous = { status: ticket.status, fieldValues: { ...ticket.fieldValues }, tags: [...ticket.tags] };
  const comment = addComment(state, ticket, at, {
    authorId: author.id,
    body,
    htmlBody,
    public: true,
    via: viaFor(channel, { address: author.email, name: author.name }),
  });
  // A customer's reply reopens a pending or solved ticket, as in Zendesk.
  if (author.role === 'end-user' && (ticket.status === 'pending' || ticket.status === 'solved')) {
    ticket.status = 'open';
    noteStatusChange(ticket, previous.status, at);
  }
  touchTicket(ticket, at);
  return {
    status: 201,
    body: { comment: renderComment(state, comment, origin) },
    applied: true,
    commentIds: [comment.id],
    deliveriesInBody: true,
    update: {
      updateType: 'Change',
      ticket,
      previous,
      currentUser: author,
      comment,
      requester: state.users.find((user) => user.id === ticket.requester_id),
    },
  };
}

/**
 * A reply to a closed ticket cannot reopen it: Zendesk opens a follow-up ticket instead, for the same requester
 * and organization, with the closed ticket's subject, tags and field values, its `via.source.rel` "follow_up" and
 * `via.source.from.ticket_id` naming the closed one, which lists it in `followup_ids`.
 */
function followUp(
  state: SandboxState,
  at: number,
  closed: StoredTicket,
  author: StoredUser,
  reply: { body: string | undefined; htmlBody: string | undefined; channel: 'email' | 'web' },
  origin: string,
): ApiResult {
  const ticket = createTicket(state, at, {
    subject: closed.subject,
    description: reply.body ?? htmlToText(reply.htmlBody ?? ''),
    requesterId: closed.requester_id,
    organizationId: closed.organization_id,
    channel: reply.channel,
    firstComment: { authorId: author.id, body: reply.body, htmlBody: reply.htmlBody },
  });
  ticket.via = {
    channel: reply.channel,
    source: { from: { ticket_id: closed.id, subject: closed.subject }, to: {}, rel: 'follow_up' },
  };
  ticket.tags = [...closed.tags];
  ticket.fieldValues = { ...closed.fieldValues };
  closed.followup_ids = [...(closed.followup_ids ?? []), ticket.id];
  // A change to the closed ticket too: the incremental export lists it again (routes/incremental.ts).
  touchTicket(closed, at);
  const comment = ticket.comments[0]!;
  return {
    status: 201,
    body: { comment: renderComment(state, comment, origin), ticket: renderTicket(state, ticket, origin) },
    applied: true,
    commentIds: [comment.id],
    deliveriesInBody: true,
    update: {
      updateType: 'Create',
      ticket,
      previous: { status: 'new', fieldValues: {}, tags: [] },
      currentUser: author,
      comment,
      requester: state.users.find((user) => user.id === ticket.requester_id),
    },
  };
}

function isIanaZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
