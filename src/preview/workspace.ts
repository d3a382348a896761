import { htmlToText } from '../zendesk/sandbox/html.js';
import type { ZendeskComment, ZendeskTicket, ZendeskTicketField, ZendeskUser } from '../zendesk/types.js';

// What the agent-workspace page shows, shaped from the sandbox's Zendesk answers. Pure: the routes fetch, these
// functions only reshape, so the page never sees Zendesk's raw objects (nor a credential).

export interface PersonView {
  id: number;
  name: string;
  email: string;
  locale: string;
  timeZone: string;
  role: string;
}

export interface FieldView {
  id: number;
  title: string;
  /** The value as an agent reads it: a dropdown's option name, `Yes`/`No` for a checkbox, `—` when empty. */
  value: string;
}

export interface CommentView {
  id: number;
  author: { id: number; name: string; role: string };
  public: boolean;
  body: string;
  channel: string;
  createdAt: string;
  attachments: { id: number; fileName: string; contentType: string; size: number; url: string }[];
}

export interface TicketSummary {
  id: number;
  subject: string;
  status: string;
  requester: string;
  upgradeStatus: string;
}

export interface TicketView {
  id: number;
  subject: string;
  status: string;
  requester: PersonView | null;
  organization: { id: number; name: string } | null;
  fields: FieldView[];
  comments: CommentView[];
  /** Who may reply as the customer: the requester first, then the other members of the requester's organization. */
  customers: (PersonView & { relation: 'requester' | 'approver' })[];
}

/** Only the product's own fields are shown: they are the ones whose titles start with "Upgrade". */
export function isUpgradeField(field: ZendeskTicketField): boolean {
  return /^upgrade\b/i.test(field.title);
}

export function personOf(user: ZendeskUser): PersonView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    locale: user.locale,
    timeZone: user.iana_time_zone,
    role: user.role,
  };
}

/** `no_go` in the "Upgrade decision" dropdown reads "No-Go"; a checkbox reads Yes/No; an empty field reads —. */
export function fieldValueText(field: ZendeskTicketField, value: unknown): string {
  if (field.type === 'checkbox') return value === true ? 'Yes' : 'No';
  if (value === null || value === undefined || value === '') return '—';
  const option = field.custom_field_options?.find((candidate) => candidate.value === value);
  return option ? option.name : String(value);
}

export function fieldsOf(ticket: ZendeskTicket, fields: ZendeskTicketField[]): FieldView[] {
  return fields.filter(isUpgradeField).map((field) => {
    const value = ticket.custom_fields.find((custom) => custom.id === field.id)?.value;
    return { id: field.id, title: field.title, value: fieldValueText(field, value) };
  });
}

export function summaryOf(
  ticket: ZendeskTicket,
  fields: ZendeskTicketField[],
  users: Map<number, ZendeskUser>,
): TicketSummary {
  const status = fields.find((field) => field.title.toLowerCase() === 'upgrade status');
  const value = status ? ticket.custom_fields.find((custom) => custom.id === status.id)?.value : null;
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    requester: users.get(ticket.requester_id)?.name ?? `user ${ticket.requester_id}`,
    upgradeStatus: status ? fieldValueText(status, value) : '—',
  };
}

/** Attachments are linked through the preview (`/preview/api/attachments/...`), so the page talks to one origin. */
export function commentOf(comment: ZendeskComment, users: Map<number, ZendeskUser>): CommentView {
  const author = users.get(comment.author_id);
  return {
    id: comment.id,
    author: {
      id: comment.author_id,
      name: author?.name ?? `user ${comment.author_id}`,
      role: author?.role ?? 'end-user',
    },
    public: comment.public,
    body: commentText(comment),
    channel: comment.via.channel,
    createdAt: comment.created_at,
    attachments: comment.attachments.map((attachment) => ({
      id: attachment.id,
      fileName: attachment.file_name,
      contentType: attachment.content_type,
      size: attachment.size,
      url: `/preview/api/attachments/${attachment.id}/${encodeURIComponent(attachment.file_name)}`,
    })),
  };
}

/**
 * The text of a comment as the agent workspace shows it. Zendesk's plain_body drops list markers, so a comment
 * posted as a list is read from its html_body with a bullet before each item:
 * `<p>Prepare:</p><ul><li>a backup</li><li>a contact</li></ul>` → "Prepare:\n\n• a backup\n• a contact".
 */
export function commentText(comment: Pick<ZendeskComment, 'html_body' | 'plain_body' | 'body'>): string {
  const html = comment.html_body;
  if (!/<li\b/i.test(html)) return comment.plain_body || comment.body;
  const marked = html
    .replace(/<\/li>\s*/gi, '')
    .replace(/<li\b[^<>]*>/gi, '<br>• ')
    .replace(/<\/(ul|ol)>/gi, '</p>')
    .replace(/<(ul|ol)\b[^<>]*>(\s*<br>)?/gi, '<p>');
  return htmlToText(marked);
}

export function customersOf(requester: ZendeskUser | undefined, members: ZendeskUser[]): TicketView['customers'] {
  if (requester === undefined) return [];
  const approvers = members.filter((member) => member.id !== requester.id && member.role === 'end-user');
  return [
    { ...personOf(requester), relation: 'requester' },
    ...approvers.map((member) => ({ ...personOf(member), relation: 'approver' as const })),
  ];
}
