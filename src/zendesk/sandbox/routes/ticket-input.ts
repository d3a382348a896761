import type { CustomFieldValue } from '../../types.js';
import { isCustomField } from '../render.js';
import type { SandboxState, StoredTicket, StoredTicketField } from '../state.js';
import { badRequest, recordInvalid, type ApiResult } from './common.js';

// Checks of a ticket update's custom field values and comment, before anything changes.

export type FieldsCheck =
  { ok: true; values: { field: StoredTicketField; value: unknown }[] } | { ok: false; result: ApiResult };

/** Unknown field ids are ignored, as Zendesk does; other values of known fields must suit the field's type. */
export function checkCustomFields(state: SandboxState, input: unknown): FieldsCheck {
  if (input === undefined) return { ok: true, values: [] };
  if (!Array.isArray(input)) return { ok: false, result: badRequest('custom_fields must be an array of {id, value}') };
  const values: { field: StoredTicketField; value: unknown }[] = [];
  for (const entry of input as CustomFieldValue[]) {
    if (typeof entry !== 'object' || entry === null || typeof entry.id !== 'number') {
      return { ok: false, result: badRequest('each custom_fields entry must be {id: number, value}') };
    }
    const field = state.ticketFields.find((candidate) => candidate.id === entry.id && isCustomField(candidate));
    if (!field) continue;
    const value = normaliseFieldValue(field, entry.value);
    // A dropdown value that is none of its options is dropped without a word, as Zendesk drops it: the field
    // keeps its value and the update answers 200.
    if (value === UNKNOWN_OPTION) continue;
    if (value === INVALID)
      return {
        ok: false,
        result: recordInvalid(`${field.title}: ${JSON.stringify(entry.value)} is not a valid value`),
      };
    values.push({ field, value });
  }
  return { ok: true, values };
}

const INVALID = Symbol('invalid');
const UNKNOWN_OPTION = Symbol('unknown option');

function normaliseFieldValue(field: StoredTicketField, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return field.type === 'checkbox' ? false : null;
  switch (field.type) {
    case 'checkbox':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : INVALID;
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
        ? value
        : INVALID;
    case 'tagger':
      return field.custom_field_options?.some((option) => option.value === value) ? value : UNKNOWN_OPTION;
    case 'integer':
      return Number.isInteger(Number(value)) ? String(value) : INVALID;
    case 'decimal':
      return Number.isFinite(Number(value)) ? String(value) : INVALID;
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : INVALID;
  }
}

/** A dropdown's option tag, or a ticked checkbox's tag, is on the ticket's tags exactly while it is the value. */
export function syncFieldTags(ticket: StoredTicket, field: StoredTicketField, value: unknown): void {
  const owned = new Set([
    ...(field.custom_field_options ?? []).map((option) => option.value),
    ...(field.tag ? [field.tag] : []),
  ]);
  ticket.tags = ticket.tags.filter((tag) => !owned.has(tag));
  if (field.type === 'tagger' && typeof value === 'string') ticket.tags.push(value);
  if (field.type === 'checkbox' && value === true && field.tag) ticket.tags.push(field.tag);
}

/**
 * The other way round: tags decide dropdowns. A tag of an option selects it (a macro adding `scheduled` sets the
 * field that owns `scheduled`), and a dropdown whose tag was removed is cleared.
 */
export function syncFieldsFromTags(state: SandboxState, ticket: StoredTicket): void {
  for (const field of state.ticketFields) {
    if (field.type !== 'tagger') continue;
    const tagged = (field.custom_field_options ?? []).find((option) => ticket.tags.includes(option.value));
    const key = String(field.id);
    if (tagged) ticket.fieldValues[key] = tagged.value;
    else if (ticket.fieldValues[key] !== undefined && ticket.fieldValues[key] !== null) ticket.fieldValues[key] = null;
  }
}

export type CommentCheck =
  | {
      ok: true;
      value: { body?: string; htmlBody?: string; public: boolean; authorId?: number; attachmentIds: number[] } | null;
    }
  | { ok: false; result: ApiResult };

export function checkComment(state: SandboxState, input: unknown): CommentCheck {
  if (input === undefined || input === null) return { ok: true, value: null };
  if (typeof input !== 'object') return { ok: false, result: badRequest('comment must be an object') };
  const raw = input as Record<string, unknown>;
  const body = typeof raw.body === 'string' && raw.body.trim() !== '' ? raw.body : undefined;
  const htmlBody = typeof raw.html_body === 'string' && raw.html_body.trim() !== '' ? raw.html_body : undefined;
  if (body === undefined && htmlBody === undefined)
    return { ok: false, result: recordInvalid('Comment: cannot be blank', 'comment') };
  if (raw.author_id !== undefined && !state.users.some((user) => user.id === raw.author_id)) {
    return { ok: false, result: recordInvalid(`Comment: author ${String(raw.author_id)} does not exist`, 'comment') };
  }
  const attachmentIds: number[] = [];
  for (const token of Array.isArray(raw.uploads) ? raw.uploads : []) {
    const upload = state.uploads.find((candidate) => candidate.token === token);
    // Zendesk drops unknown tokens silently; the sandbox refuses them so a lost invite is seen at once.
    if (!upload)
      return {
        ok: false,
        result: recordInvalid(`Comment: upload token ${String(token)} is unknown or expired`, 'comment'),
      };
    attachmentIds.push(...upload.attachmentIds);
  }
  const value: { body?: string; htmlBody?: string; public: boolean; authorId?: number; attachmentIds: number[] } = {
    public: raw.public !== false,
    attachmentIds,
  };
  if (htmlBody !== undefined) value.htmlBody = htmlBody;
  else if (body !== undefined) value.body = body;
  if (typeof raw.author_id === 'number') value.authorId = raw.author_id;
  return { ok: true, value };
}

/** `POST /api/v2/uploads?filename=invite.ics` with the raw bytes: 201 with a token for `comment.uploads`. */
