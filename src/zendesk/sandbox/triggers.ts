import type { TriggerCondition } from '../types.js';
import type { StoredComment, StoredTicket, StoredTrigger, StoredUser } from './state.js';

/** What one ticket update looks like to the triggers: the ticket after it, before it, who made it, its comment. */
export interface UpdateContext {
  updateType: 'Create' | 'Change';
  ticket: StoredTicket;
  previous: { status: string; fieldValues: Record<string, unknown>; tags: string[] };
  currentUser: StoredUser;
  comment: StoredComment | null;
  requester: StoredUser | undefined;
}

/** Active triggers whose `all` conditions all hold and whose `any` conditions (when there are some) hold once. */
export function matchingTriggers(triggers: readonly StoredTrigger[], context: UpdateContext): StoredTrigger[] {
  return triggers
    .filter((trigger) => trigger.active)
    .sort((a, b) => a.position - b.position || a.id - b.id)
    .filter((trigger) => {
      const { all, any } = trigger.conditions;
      return (
        all.every((condition) => conditionHolds(condition, context)) &&
        (any.length === 0 || any.some((condition) => conditionHolds(condition, context)))
      );
    });
}

const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** Unknown fields and operators never hold, so a trigger the sandbox does not understand stays silent. */
export function conditionHolds(condition: TriggerCondition, context: UpdateContext): boolean {
  const { field, operator } = condition;
  const value = condition.value;
  switch (field) {
    case 'update_type':
      return compare(operator, context.updateType.toLowerCase(), String(value).toLowerCase());
    case 'comment_is_public':
      return commentVisibilityHolds(String(value), context.comment);
    case 'role': {
      // Zendesk's roles in conditions are end_user and agent; an admin acts as an agent.
      const role = context.currentUser.role === 'end-user' ? 'end_user' : 'agent';
      return compare(operator, role, String(value));
    }
    case 'status':
      return statusHolds(operator, context.ticket.status, context.previous.status, String(value ?? ''));
    case 'requester_id':
      return compare(operator, String(context.ticket.requester_id), String(value));
    case 'organization_id':
      return compare(operator, String(context.ticket.organization_id ?? ''), String(value ?? ''));
    case 'current_tags':
      return tagsHold(operator, context.ticket.tags, String(value ?? ''));
    case 'comment_includes_word': {
      const words = new Set(wordsOf(context.comment?.plain_body ?? ''));
      const wanted = wordsOf(String(value ?? ''));
      const includes = wanted.some((word) => words.has(word));
      return operator === 'not_includes' ? !includes : operator === 'includes' ? includes : false;
    }
    default: {
      const custom = /^custom_fields_(\d+)$/.exec(field);
      if (!custom) return false;
      const key = custom[1]!;
      return customFieldHolds(operator, context.ticket.fieldValues[key], context.previous.fieldValues[key], value);
    }
  }
}

function compare(operator: string, actual: string, expected: string): boolean {
  if (operator === 'is') return actual === expected;
  if (operator === 'is_not') return actual !== expected;
  return false;
}

// "true": a public comment was added; "false": a private one; "not_relevant": any update.
function commentVisibilityHolds(value: string, comment: StoredComment | null): boolean {
  if (value === 'not_relevant') return true;
  if (comment === null) return false;
  // requester_can_see_comment: a public comment (the sandbox has no CCs or side conversations to tell them apart).
  if (value === 'requester_can_see_comment') return comment.public;
  return value === 'true' || value === 'public'
    ? comment.public
    : value === 'false' || value === 'private'
      ? !comment.public
      : false;
}

function statusHolds(operator: string, current: string, previous: string, value: string): boolean {
  const rank = (status: string) => STATUS_ORDER.indexOf(status);
  switch (operator) {
    case 'is':
      return current === value;
    case 'is_not':
      return current !== value;
    case 'less_than':
      return rank(current) < rank(value);
    case 'greater_than':
      return rank(current) > rank(value);
    case 'changed':
      return current !== previous;
    case 'not_changed':
      return current === previous;
    case 'value':
      return current !== previous && current === value;
    case 'value_previous':
      return current !== previous && previous === value;
    default:
      return false;
  }
}

function tagsHold(operator: string, tags: readonly string[], value: string): boolean {
  const wanted = value.split(/\s+/).filter(Boolean);
  const includes = wanted.some((tag) => tags.includes(tag));
  return operator === 'includes' ? includes : operator === 'not_includes' ? !includes : false;
}

/** Empty values (null, "", false for a checkbox) count as absent, as in Zendesk's `present` / `not_present`. */
function customFieldHolds(operator: string, current: unknown, previous: unknown, value: unknown): boolean {
  const present = current !== null && current !== undefined && current !== '' && current !== false;
  const text = current === null || current === undefined ? '' : String(current);
  // includes / not_includes take a list of option tags (an array, or a space-separated string).
  const options = Array.isArray(value)
    ? value.map(String)
    : String(value ?? '')
        .split(/\s+/)
        .filter(Boolean);
  switch (operator) {
    case 'is':
      return text === String(value ?? '');
    case 'is_not':
      return text !== String(value ?? '');
    case 'present':
      return present;
    case 'not_present':
      return !present;
    case 'includes':
      return (
        options.includes(text) ||
        (typeof current === 'string' && options.some((word) => wordsOf(current).includes(word.toLowerCase())))
      );
    case 'not_includes':
      return !options.includes(text);
    case 'changed':
      return String(current ?? '') !== String(previous ?? '');
    case 'not_changed':
      return String(current ?? '') === String(previous ?? '');
    default:
      return false;
  }
}

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_-]+/u)
    .filter(Boolean);
}

/**
 * Renders a webhook body template: `{{ticket.id}}`, `{{current_user.email}}`, `{{ticket.ticket_field_<id>}}`, with the
 * `downcase` / `upcase` filters. Unknown placeholders render empty, as Liquid does. In a JSON body, values are
 * JSON-escaped so that a quote or a newline in a comment cannot break the document.
 */
export function renderBodyTemplate(template: string, context: UpdateContext, origin: string, format: string): string {
  const values = placeholderValues(context, origin);
  return template.replace(/\{\{\s*([\w.]+)\s*((?:\|\s*\w+\s*)*)\}\}/g, (_match, name: string, filters: string) => {
    let value = values(name);
    for (const filter of filters
      .split('|')
      .map((part) => part.trim())
      .filter(Boolean)) {
      if (filter === 'downcase') value = value.toLowerCase();
      if (filter === 'upcase') value = value.toUpperCase();
    }
    return format === 'json' ? JSON.stringify(value).slice(1, -1) : value;
  });
}

function placeholderValues(context: UpdateContext, origin: string): (name: string) => string {
  const { ticket, currentUser, requester } = context;
  const latestPublic = [...ticket.comments].reverse().find((comment) => comment.public);
  const latest = ticket.comments[ticket.comments.length - 1];
  const table: Record<string, string | number | null | undefined> = {
    'ticket.id': ticket.id,
    'ticket.title': ticket.subject,
    'ticket.status': ticket.status,
    'ticket.description': ticket.description,
    'ticket.url': `${origin}/agent/tickets/${ticket.id}`,
    'ticket.external_id': ticket.external_id,
    'ticket.organization.id': ticket.organization_id,
    'ticket.requester.id': ticket.requester_id,
    'ticket.requester.email': requester?.email,
    'ticket.requester.name': requester?.name,
    'ticket.latest_public_comment': latestPublic?.plain_body,
    'ticket.latest_public_comment_html': latestPublic?.html_body,
    'ticket.latest_comment.value': latest?.plain_body,
    'ticket.latest_comment.id': latest?.id,
    'current_user.id': currentUser.id,
    'current_user.email': currentUser.email,
    'current_user.name': currentUser.name,
    'current_user.role': currentUser.role,
  };
  return (name) => {
    const field = /^ticket\.ticket_field_(\d+)$/.exec(name);
    const value = field ? ticket.fieldValues[field[1]!] : table[name];
    return value === null || value === undefined ? '' : String(value);
  };
}
