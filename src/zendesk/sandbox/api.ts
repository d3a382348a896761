import type { CustomFieldValue, WebhookAuthentication } from '../types.js';
import {
  isCustomField,
  renderAttachment,
  renderComment,
  renderOrganization,
  renderTicket,
  renderTicketField,
  renderTrigger,
  renderUser,
  renderWebhook,
} from './render.js';
import { isoSeconds, nextId, type SandboxState, type StoredTicket, type StoredTicketField } from './state.js';
import { addComment, touchTicket, viaFor } from './tickets.js';
import type { UpdateContext } from './triggers.js';

// The Zendesk REST routes. Each handler reads the request, changes the state, and answers Zendesk's shapes and statuses.

export interface ApiRequest {
  method: string;
  url: URL;
  origin: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** True when the state changed (for the ledger and for persistence). */
  applied?: boolean;
  commentIds?: number[];
  /** A ticket update the triggers must see. */
  update?: UpdateContext;
}

export interface ApiDeps {
  state: () => SandboxState;
  now: () => number;
  randomToken: (length: number) => string;
  newWebhookId: () => string;
}

type Handler = (request: ApiRequest, params: string[], deps: ApiDeps) => ApiResult;

const NOT_FOUND = { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };

export function recordInvalid(description: string, key = 'base'): ApiResult {
  return {
    status: 422,
    body: { error: 'RecordInvalid', description: 'Record validation errors', details: { [key]: [{ description }] } },
  };
}

function badRequest(description: string): ApiResult {
  return { status: 400, body: { error: 'InvalidInput', description } };
}

const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/api\/v2\/tickets(?:\.json)?$/, listTickets],
  ['GET', /^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/, getTicket],
  ['PUT', /^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/, updateTicket],
  ['GET', /^\/api\/v2\/tickets\/(\d+)\/comments(?:\.json)?$/, listComments],
  ['GET', /^\/api\/v2\/users\/(\d+)(?:\.json)?$/, getUser],
  ['GET', /^\/api\/v2\/users\/me(?:\.json)?$/, getCurrentUser],
  ['GET', /^\/api\/v2\/organizations\/(\d+)(?:\.json)?$/, getOrganization],
  ['GET', /^\/api\/v2\/organizations\/(\d+)\/users(?:\.json)?$/, listOrganizationUsers],
  ['GET', /^\/api\/v2\/users(?:\.json)?$/, listUsers],
  ['POST', /^\/api\/v2\/uploads(?:\.json)?$/, createUpload],
  ['GET', /^\/api\/v2\/ticket_fields(?:\.json)?$/, listTicketFields],
  ['POST', /^\/api\/v2\/ticket_fields(?:\.json)?$/, createTicketField],
  ['GET', /^\/api\/v2\/webhooks$/, listWebhooks],
  ['POST', /^\/api\/v2\/webhooks$/, createWebhook],
  ['GET', /^\/api\/v2\/webhooks\/([\w-]+)$/, getWebhook],
  ['GET', /^\/api\/v2\/webhooks\/([\w-]+)\/signing_secret$/, getSigningSecret],
  ['GET', /^\/api\/v2\/triggers(?:\.json)?$/, listTriggers],
  ['POST', /^\/api\/v2\/triggers(?:\.json)?$/, createTrigger],
];

/** Routes a request under /api/v2; null when no route has that path (any method). */
export function routeApi(request: ApiRequest, deps: ApiDeps): ApiResult | null {
  let pathKnown = false;
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(request.url.pathname);
    if (!match) continue;
    pathKnown = true;
    if (method === request.method) return handler(request, match.slice(1), deps);
  }
  return pathKnown
    ? { status: 405, body: { error: 'MethodNotAllowed', description: `${request.method} is not allowed here` } }
    : null;
}

/** Who an API request acts as: any credentials are accepted, and writes are the integration (admin) user's. */
export function isAuthenticated(headers: Record<string, string>): boolean {
  const authorization = headers.authorization ?? '';
  return /^Basic\s+\S+$/i.test(authorization) || /^Bearer\s+\S+$/i.test(authorization);
}

function parseJsonBody(
  request: ApiRequest,
): { ok: true; value: Record<string, unknown> } | { ok: false; result: ApiResult } {
  try {
    const value: unknown = JSON.parse(request.body.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // fall through
  }
  return { ok: false, result: badRequest('The request body must be a JSON object') };
}

function findTicket(state: SandboxState, id: string): StoredTicket | undefined {
  return state.tickets.find((ticket) => ticket.id === Number(id));
}

/** Cursor pagination (`page[size]`, `page[after]`) when asked for, else offset pagination (`page`, `per_page`). */
function paginate<T>(items: T[], request: ApiRequest, key: string, cursorOnly = false): Record<string, unknown> {
  const params = request.url.searchParams;
  const cursorMode = cursorOnly || [...params.keys()].some((name) => name.startsWith('page['));
  if (cursorMode) {
    const size = clamp(Number(params.get('page[size]') ?? 100), 1, 100);
    const after = params.get('page[after]');
    const start = after ? decodeCursor(after) : 0;
    const page = items.slice(start, start + size);
    const end = start + page.length;
    const hasMore = end < items.length;
    const next = new URL(request.url.href);
    next.searchParams.set('page[after]', encodeCursor(end));
    return {
      [key]: page,
      meta: {
        has_more: hasMore,
        after_cursor: hasMore ? encodeCursor(end) : null,
        before_cursor: start > 0 ? encodeCursor(start) : null,
      },
      links: { prev: null, next: hasMore ? `${request.origin}${next.pathname}${next.search}` : null },
    };
  }
  const perPage = clamp(Number(params.get('per_page') ?? 100), 1, 100);
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? 1)) || 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const pageUrl = (number: number) => {
    const url = new URL(request.url.href);
    url.searchParams.set('page', String(number));
    return `${request.origin}${url.pathname}${url.search}`;
  };
  return {
    [key]: slice,
    next_page: page * perPage < items.length ? pageUrl(page + 1) : null,
    previous_page: page > 1 ? pageUrl(page - 1) : null,
    count: items.length,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : max;
}

function encodeCursor(index: number): string {
  return Buffer.from(`i:${index}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^i:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : 0;
}

function listTickets(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const tickets = state.tickets.map((ticket) => renderTicket(state, ticket, request.origin));
  return { status: 200, body: paginate(tickets, request, 'tickets') };
}

function getTicket(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const ticket = findTicket(state, id!);
  return ticket ? { status: 200, body: { ticket: renderTicket(state, ticket, request.origin) } } : NOT_FOUND;
}

function listComments(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const ticket = findTicket(state, id!);
  if (!ticket) return NOT_FOUND;
  const descending =
    request.url.searchParams.get('sort') === '-created_at' || request.url.searchParams.get('sort_order') === 'desc';
  const comments = ticket.comments.map((comment) => renderComment(state, comment, request.origin));
  if (descending) comments.reverse();
  return { status: 200, body: paginate(comments, request, 'comments') };
}

function getUser(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const user = deps.state().users.find((candidate) => candidate.id === Number(id));
  return user ? { status: 200, body: { user: renderUser(user, request.origin) } } : NOT_FOUND;
}

/** `GET /api/v2/users/me`: every credential acts as the API (admin) user, whose comments are the product's. */
function getCurrentUser(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const user = state.users.find((candidate) => candidate.id === state.apiUserId);
  return user ? { status: 200, body: { user: renderUser(user, request.origin) } } : NOT_FOUND;
}

function getOrganization(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const organization = deps.state().organizations.find((candidate) => candidate.id === Number(id));
  return organization
    ? { status: 200, body: { organization: renderOrganization(organization, request.origin) } }
    : NOT_FOUND;
}

/** `GET /api/v2/users?role=agent`: Zendesk's user list, optionally by role (the preview finds its agent this way). */
function listUsers(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const role = request.url.searchParams.get('role');
  const users = deps.state().users.filter((user) => role === null || user.role === role);
  return {
    status: 200,
    body: paginate(
      users.map((user) => renderUser(user, request.origin)),
      request,
      'users',
    ),
  };
}

/** `GET /api/v2/organizations/{id}/users`: the organization's members (the approvers when `approvers` is `organization`). */
function listOrganizationUsers(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  if (!state.organizations.some((organization) => organization.id === Number(id))) return NOT_FOUND;
  const members = state.users.filter((user) => user.organization_id === Number(id));
  return {
    status: 200,
    body: paginate(
      members.map((user) => renderUser(user, request.origin)),
      request,
      'users',
    ),
  };
}

/** `PUT /api/v2/tickets/{id}`: fields, tags, status and one comment in one audit, guarded by `safe_update`. */
function updateTicket(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
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
  if (Array.isArray(update.tags)) ticket.tags = [...new Set(update.tags as string[])];
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
    ticket.status = update.status as StoredTicket['status'];
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

type FieldsCheck =
  { ok: true; values: { field: StoredTicketField; value: unknown }[] } | { ok: false; result: ApiResult };

/** Unknown field ids are ignored, as Zendesk does; values of known fields must suit the field's type. */
function checkCustomFields(state: SandboxState, input: unknown): FieldsCheck {
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
      return field.custom_field_options?.some((option) => option.value === value) ? value : INVALID;
    case 'integer':
      return Number.isInteger(Number(value)) ? String(value) : INVALID;
    case 'decimal':
      return Number.isFinite(Number(value)) ? String(value) : INVALID;
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : INVALID;
  }
}

/** A dropdown's option tag, or a ticked checkbox's tag, is on the ticket's tags exactly while it is the value. */
function syncFieldTags(ticket: StoredTicket, field: StoredTicketField, value: unknown): void {
  const owned = new Set([
    ...(field.custom_field_options ?? []).map((option) => option.value),
    ...(field.tag ? [field.tag] : []),
  ]);
  ticket.tags = ticket.tags.filter((tag) => !owned.has(tag));
  if (field.type === 'tagger' && typeof value === 'string') ticket.tags.push(value);
  if (field.type === 'checkbox' && value === true && field.tag) ticket.tags.push(field.tag);
}

type CommentCheck =
  | {
      ok: true;
      value: { body?: string; htmlBody?: string; public: boolean; authorId?: number; attachmentIds: number[] } | null;
    }
  | { ok: false; result: ApiResult };

function checkComment(state: SandboxState, input: unknown): CommentCheck {
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
function createUpload(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const filename = request.url.searchParams.get('filename');
  if (!filename) return badRequest('filename is required');
  if (request.body.length === 0) return recordInvalid('Uploaded file is empty', 'base');
  const contentType = (request.headers['content-type'] ?? 'application/binary').split(';')[0]!.trim();
  const attachment = {
    id: nextId(state, 'attachment'),
    file_name: filename,
    content_type: contentType,
    size: request.body.length,
    width: null,
    height: null,
    inline: false,
    deleted: false,
    thumbnails: [],
    contentBase64: request.body.toString('base64'),
  };
  state.attachments.push(attachment);
  const existing = state.uploads.find((upload) => upload.token === request.url.searchParams.get('token'));
  const upload = existing ?? {
    token: deps.randomToken(25),
    attachmentIds: [],
    expires_at: isoSeconds(now + 3_600_000),
  };
  upload.attachmentIds.push(attachment.id);
  if (!existing) state.uploads.push(upload);
  const rendered = upload.attachmentIds
    .map((attachmentId) => state.attachments.find((candidate) => candidate.id === attachmentId))
    .filter((candidate) => candidate !== undefined)
    .map((candidate) => renderAttachment(candidate, request.origin));
  return {
    status: 201,
    body: {
      upload: {
        token: upload.token,
        expires_at: upload.expires_at,
        attachments: rendered,
        attachment: rendered[rendered.length - 1],
      },
    },
    applied: true,
  };
}

function listTicketFields(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const fields = deps.state().ticketFields.map((field) => renderTicketField(field, request.origin));
  return { status: 200, body: paginate(fields, request, 'ticket_fields') };
}

const CUSTOM_TYPES = ['text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regexp', 'tagger', 'multiselect'];

/** `POST /api/v2/ticket_fields`: option tags (and checkbox tags) must be unique across every field. */
function createTicketField(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
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

function listWebhooks(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const webhooks = deps.state().webhooks.map(renderWebhook);
  // The Webhooks API pages with cursors only.
  return { status: 200, body: paginate(webhooks, request, 'webhooks', true) };
}

/** The Webhooks API answers errors in its own JSON:API-like shape, not the Support API's. */
function webhookError(detail: string, pointer: string): ApiResult {
  return {
    status: 400,
    body: { errors: [{ code: 'InvalidInput', title: 'Invalid input', detail, source: { pointer } }] },
  };
}

function createWebhook(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return webhookError('The request body must be a JSON object', '/');
  const input = parsed.value.webhook as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return webhookError('webhook is required', '/webhook');
  if (typeof input.name !== 'string' || input.name.trim() === '')
    return webhookError('name is required', '/webhook/name');
  if (typeof input.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(input.endpoint))
    return webhookError('endpoint must be an http(s) URL', '/webhook/endpoint');
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(String(input.http_method)))
    return webhookError('http_method is not valid', '/webhook/http_method');
  if (!['json', 'xml', 'form_encoded'].includes(String(input.request_format)))
    return webhookError('request_format is not valid', '/webhook/request_format');
  if (!Array.isArray(input.subscriptions) || input.subscriptions.length === 0)
    return webhookError('subscriptions is required', '/webhook/subscriptions');
  const authentication = input.authentication as WebhookAuthentication | undefined;
  const webhook = {
    id: deps.newWebhookId(),
    name: input.name,
    description: typeof input.description === 'string' ? input.description : '',
    status: input.status === 'inactive' ? ('inactive' as const) : ('active' as const),
    endpoint: input.endpoint,
    http_method: input.http_method as 'POST',
    request_format: input.request_format as 'json',
    subscriptions: input.subscriptions.map(String),
    created_at: isoSeconds(now),
    created_by: String(state.apiUserId),
    updated_at: isoSeconds(now),
    secret: deps.randomToken(44),
    authenticationData: authentication ?? null,
    ...(authentication
      ? { authentication: { type: authentication.type, add_position: authentication.add_position } }
      : {}),
  };
  state.webhooks.push(webhook);
  return { status: 201, body: { webhook: renderWebhook(webhook) }, applied: true };
}

function getWebhook(_request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const webhook = deps.state().webhooks.find((candidate) => candidate.id === id);
  return webhook ? { status: 200, body: { webhook: renderWebhook(webhook) } } : webhookNotFound();
}

function webhookNotFound(): ApiResult {
  return {
    status: 404,
    body: { errors: [{ code: 'WebhookNotFound', title: 'Webhook not found', detail: 'Webhook not found' }] },
  };
}

function getSigningSecret(_request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const webhook = deps.state().webhooks.find((candidate) => candidate.id === id);
  if (!webhook) return webhookNotFound();
  return { status: 200, body: { signing_secret: { secret: webhook.secret, algorithm: 'sha256' } } };
}

function listTriggers(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const triggers = deps.state().triggers.map((trigger) => renderTrigger(trigger, request.origin));
  return { status: 200, body: paginate(triggers, request, 'triggers') };
}

function createTrigger(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.result;
  const input = parsed.value.trigger as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return badRequest('The body must be {"trigger": {...}}');
  if (typeof input.title !== 'string' || input.title.trim() === '')
    return recordInvalid('Title: cannot be blank', 'title');
  const conditions = (input.conditions ?? {}) as { all?: unknown; any?: unknown };
  const all = conditions.all ?? [];
  const any = conditions.any ?? [];
  if (!Array.isArray(all) || !Array.isArray(any))
    return recordInvalid('Conditions: all and any must be arrays', 'conditions');
  if (!Array.isArray(input.actions) || input.actions.length === 0)
    return recordInvalid('Actions: cannot be blank', 'actions');
  for (const action of input.actions as { field?: unknown; value?: unknown }[]) {
    if (action?.field !== 'notification_webhook') continue;
    const [webhookId, body] = Array.isArray(action.value) ? action.value : [];
    if (!state.webhooks.some((webhook) => webhook.id === webhookId))
      return recordInvalid(`Actions: webhook ${String(webhookId)} does not exist`, 'actions');
    if (typeof body !== 'string')
      return recordInvalid('Actions: notification_webhook needs [webhook_id, body]', 'actions');
  }
  const trigger = {
    id: nextId(state, 'trigger'),
    title: input.title,
    raw_title: input.title,
    description: typeof input.description === 'string' ? input.description : null,
    active: input.active !== false,
    position: typeof input.position === 'number' ? input.position : state.triggers.length + 1,
    conditions: { all, any },
    actions: input.actions,
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  state.triggers.push(trigger);
  return { status: 201, body: { trigger: renderTrigger(trigger, request.origin) }, applied: true };
}
