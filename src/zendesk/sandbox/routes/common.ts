import type { SandboxState, StoredTicket } from '../state.js';
import type { UpdateContext } from '../triggers.js';
import type { WebhookTest } from '../webhook-test.js';

// What every Zendesk REST route shares: the request and result shapes, Zendesk's error bodies, JSON parsing and
// pagination. Each resource's handlers live in a file of their own beside this one.

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
  /** Answer only once the webhooks the update set off have finished, listing them as `invocations`. */
  deliveriesInBody?: boolean;
  /** A "Test webhook" to send now: its receiver's answer becomes this request's body. */
  webhookTest?: WebhookTest;
}

export interface ApiDeps {
  state: () => SandboxState;
  now: () => number;
  randomToken: (length: number) => string;
  newWebhookId: () => string;
}

export type Handler = (request: ApiRequest, params: string[], deps: ApiDeps) => ApiResult;

export const NOT_FOUND = { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };

export function recordInvalid(description: string, key = 'base'): ApiResult {
  return {
    status: 422,
    body: { error: 'RecordInvalid', description: 'Record validation errors', details: { [key]: [{ description }] } },
  };
}

export function badRequest(description: string): ApiResult {
  return { status: 400, body: { error: 'InvalidInput', description } };
}

export function parseJsonBody(
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

export function findTicket(state: SandboxState, id: string): StoredTicket | undefined {
  return state.tickets.find((ticket) => ticket.id === Number(id));
}

/** Cursor pagination (`page[size]`, `page[after]`) when asked for, else offset pagination (`page`, `per_page`). */
export function paginate<T>(items: T[], request: ApiRequest, key: string, cursorOnly = false): Record<string, unknown> {
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
