import { renderTicketField } from '../render.js';
import { isoSeconds, nextId, type StoredTicketField } from '../state.js';
import { NOT_FOUND, badRequest, paginate, parseJsonBody, recordInvalid } from './common.js';
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
  const usedTags = tagsInUse(state.ticketFields, null);
  let options: StoredTicketField['custom_field_options'];
  if (input.type === 'tagger' || input.type === 'multiselect') {
    const parsedOptions = parseOptions(input.custom_field_options, usedTags, [], () => nextId(state, 'option'));
    if (!parsedOptions.ok) return parsedOptions.result;
    options = parsedOptions.options;
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

/** Every option tag and checkbox tag in use, except on the field `exceptId` (the one being updated). */
function tagsInUse(fields: StoredTicketField[], exceptId: number | null): Set<string> {
  return new Set(
    fields
      .filter((field) => field.id !== exceptId)
      .flatMap((field) => [
        ...(field.custom_field_options ?? []).map((option) => option.value),
        ...(field.tag ? [field.tag] : []),
      ]),
  );
}

type StoredOption = NonNullable<StoredTicketField['custom_field_options']>[number];

/**
 * `custom_field_options` as Zendesk takes them: the list replaces the old one; an option carrying the `id` of an
 * existing option updates it in place (its tickets keep the option), one without an id is new.
 */
function parseOptions(
  raw: unknown,
  usedTags: Set<string>,
  previous: StoredOption[],
  newId: () => number,
): { ok: true; options: StoredOption[] } | { ok: false; result: ApiResult } {
  if (!Array.isArray(raw) || raw.length === 0)
    return { ok: false, result: recordInvalid('Field options: cannot be blank', 'custom_field_options') };
  const options: StoredOption[] = [];
  for (const option of raw as Record<string, unknown>[]) {
    if (typeof option?.name !== 'string' || typeof option.value !== 'string' || option.value === '') {
      const result = recordInvalid('Field options: each option needs a name and a value', 'custom_field_options');
      return { ok: false, result };
    }
    if (usedTags.has(option.value) || options.some((known) => known.value === option.value)) {
      const result = recordInvalid(`Field options: the tag ${option.value} is already in use`, 'custom_field_options');
      return { ok: false, result };
    }
    const kept = previous.find((known) => known.id === option.id);
    options.push({
      id: kept?.id ?? newId(),
      name: option.name,
      raw_name: option.name,
      value: option.value,
      default: false,
    });
  }
  return { ok: true, options };
}

/** `PUT /api/v2/ticket_fields/{id}`: title, description, active and the options of a dropdown. */
export function updateTicketField(request: ApiRequest, params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const field = state.ticketFields.find((candidate) => candidate.id === Number(params[0]));
  if (field === undefined) return NOT_FOUND;
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.result;
  const input = parsed.value.ticket_field as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return badRequest('The body must be {"ticket_field": {...}}');
  if (input.custom_field_options !== undefined) {
    if (field.type !== 'tagger' && field.type !== 'multiselect')
      return recordInvalid('Field options: only dropdowns have options', 'custom_field_options');
    const usedTags = tagsInUse(state.ticketFields, field.id);
    const previous = field.custom_field_options ?? [];
    const parsedOptions = parseOptions(input.custom_field_options, usedTags, previous, () => nextId(state, 'option'));
    if (!parsedOptions.ok) return parsedOptions.result;
    field.custom_field_options = parsedOptions.options;
  }
  if (typeof input.title === 'string' && input.title.trim() !== '') field.title = field.raw_title = input.title;
  if (typeof input.description === 'string') field.description = field.raw_description = input.description;
  if (typeof input.active === 'boolean') field.active = input.active;
  field.updated_at = isoSeconds(deps.now());
  return { status: 200, body: { ticket_field: renderTicketField(field, request.origin) }, applied: true };
}
