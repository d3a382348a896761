import { renderTicketField } from '../render.js';
import { isoSeconds, nextId, type StoredTicketField } from '../state.js';
import { badRequest, paginate, parseJsonBody, recordInvalid } from './common.js';
import type { ApiDeps, ApiRequest, ApiResult } from './common.js';

export function listTicketFields(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const fields = deps.state().ticketFields.map((field) => renderTicketField(field, request.origin));
  return { status: 200, body: paginate(fields, request, 'ticket_fields') };
}

const CUSTOM_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'tagger', 'multiselect'];

/** `POST /api/v2/ticket_fields`: option tags (and checkbox tags) must be unique across every field. */
export function createTicketField(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.result;
  const input = parsed.value.ticket_field as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return badRequest('The body must be {"ticket_field": {...}}');
  if (typeof input.title !== 'string' || input.title.trim() === '')
    return recordInvalid('Title: cannot be blank', 'title');
  if (typeof input.type !== 'string' || !CUSTOM_TYPES.includes(input.type))
    return recordInvalid(`Type: ${String(input.type)} is not valid`, 'type');
  const usedTags = new Set(
    state.ticketFields.flatMap((field) => [
      ...(field.custom_field_options ?? []).map((option) => option.value),
      ...(field.tag ? [field.tag] : []),
    ]),
  );
  let options: StoredTicketField['custom_field_options'];
  if (input.type === 'tagger' || input.type === 'multiselect') {
    const rawOptions = input.custom_field_options;
    if (!Array.isArray(rawOptions) || rawOptions.length === 0)
      return recordInvalid('Field options: cannot be blank', 'custom_field_options');
    options = [];
    for (const option of rawOptions as Record<string, unknown>[]) {
      if (typeof option?.name !== 'string' || typeof option.value !== 'string' || option.value === '') {
        return recordInvalid('Field options: each option needs a name and a value', 'custom_field_options');
      }
      if (usedTags.has(option.value) || options.some((known) => known.value === option.value)) {
        return recordInvalid(`Field options: the tag ${option.value} is already in use`, 'custom_field_options');
      }
      options.push({
        id: nextId(state, 'option'),
        name: option.name,
        raw_name: option.name,
        value: option.value,
        default: false,
      });
    }
  }
  const tag = input.type === 'checkbox' && typeof input.tag === 'string' && input.tag !== '' ? input.tag : null;
  if (tag && usedTags.has(tag)) return recordInvalid(`Tag: ${tag} is already in use`, 'tag');
  const field: StoredTicketField = {
    id: nextId(state, 'field'),
    type: input.type as StoredTicketField['type'],
    title: input.title,
    raw_title: input.title,
    description: typeof input.description === 'string' ? input.description : '',
    raw_description: typeof input.description === 'string' ? input.description : '',
    position: state.ticketFields.length,
    active: input.active !== false,
    required: false,
    visible_in_portal: false,
    editable_in_portal: false,
    removable: true,
    tag,
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  if (options) field.custom_field_options = options;
  state.ticketFields.push(field);
  return { status: 201, body: { ticket_field: renderTicketField(field, request.origin) }, applied: true };
}
