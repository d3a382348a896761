import type {
  NewTicketField,
  TicketFieldUpdate,
  NewTrigger,
  NewWebhook,
  TicketUpdate,
  TicketUpdateResult,
  WebhookSigningSecret,
  ZendeskComment,
  ZendeskOrganization,
  ZendeskTicket,
  ZendeskTicketField,
  ZendeskTrigger,
  ZendeskUpload,
  ZendeskUser,
  ZendeskWebhook,
} from '../types.js';
import { HTTPError } from './errors/index.js';
import { exportQuery, parseExportPage, type ExportFrom, type ExportPage } from './incremental.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retry.js';
import { DEFAULT_PACING, Pacer, type PastTicketUpdates } from './pacing.js';
import { normaliseOptions, type ZendeskClientOptions } from './options.js';
import { buildUrl, send, type RequestSpec } from './send.js';

export { HTTPError, NetworkError, TimeoutError } from './errors/index.js';
export { backoffDelayMs, parseRetryAfterMs } from './retry.js';
export type { ZendeskAuth, ZendeskClientOptions, ZendeskLogger } from './options.js';
export type { PastTicketUpdates } from './pacing.js';
export { EXPORT_MAX_PER_PAGE, type ExportFrom, type ExportPage, type ExportedTicket } from './incremental.js';

export interface ZendeskClient {
  readonly baseUrl: string;
  /** Requests sent to Zendesk so far, each retry counted: what the account's budget counts. */
  readonly requestsSent: number;
  getTicket(id: number): Promise<ZendeskTicket>;
  /** Never retried here: on any failure the caller's outbox decides (reconcile, then resend). */
  updateTicket(id: number, update: TicketUpdate): Promise<TicketUpdateResult>;
  /**
   * When an update of the ticket may go without drawing a 429 (epoch ms, on the client's clock): the per-ticket
   * limit counted from this client's own updates, and the account budget read from Zendesk's headers.
   */
  updateSlot(ticketId: number): number;
  /** The per-ticket limit's window (ms): the updates a restart must remember are those of the last window. */
  readonly ticketUpdateWindowMs: number;
  /**
   * Counts updates of tickets made before this client existed (by a previous process, as the store recorded them),
   * so that `updateSlot` keeps the per-ticket limit across a restart (docs/DECISIONS.md, 51).
   */
  restoreTicketUpdates(past: readonly PastTicketUpdates[]): void;
  /** Every comment, oldest first, following cursor pages of 100; with `sinceId`, only those with a larger id. */
  listComments(ticketId: number, options?: { sinceId?: number }): Promise<ZendeskComment[]>;
  /**
   * One page of Zendesk's Incremental Ticket Export, cursor based (at most `perPage`, default and most 1,000 tickets),
   * validated; paced under the export's own limit (10 requests a minute) as well as the account budget.
   */
  exportTickets(from: ExportFrom, options?: { perPage?: number }): Promise<ExportPage>;
  getUser(id: number): Promise<ZendeskUser>;
  /** The user the credentials act as (`GET /api/v2/users/me.json`): the product's own comments are this user's. */
  getCurrentUser(): Promise<ZendeskUser>;
  getOrganization(id: number): Promise<ZendeskOrganization>;
  /** The organizations the user is a member of: `organization_id` on the user is only the default one. */
  listUserOrganizationIds(userId: number): Promise<number[]>;
  /** Uploads one file and returns the token to put in `comment.uploads`. */
  uploadFile(filename: string, contentType: string, bytes: Uint8Array | string): Promise<string>;
  listTicketFields(): Promise<ZendeskTicketField[]>;
  createTicketField(field: NewTicketField): Promise<ZendeskTicketField>;
  /** Options given replace the old list; an option with the `id` of an existing one updates it in place. */
  updateTicketField(id: number, field: TicketFieldUpdate): Promise<ZendeskTicketField>;
  listWebhooks(): Promise<ZendeskWebhook[]>;
  createWebhook(webhook: NewWebhook): Promise<ZendeskWebhook>;
  getWebhookSigningSecret(webhookId: string): Promise<WebhookSigningSecret>;
  listTriggers(): Promise<ZendeskTrigger[]>;
  createTrigger(trigger: NewTrigger): Promise<ZendeskTrigger>;
  updateTrigger(id: number, trigger: Partial<NewTrigger>): Promise<ZendeskTrigger>;
}

interface CursorPage {
  meta?: { has_more?: boolean; after_cursor?: string | null };
}

export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  const settings = normaliseOptions(options);
  const { base } = settings;
  const pacing = { ...DEFAULT_PACING, ...options.pacing };
  const pacer = new Pacer(pacing, settings.now);
  let requestsSent = 0;

  async function request<T>(spec: RequestSpec): Promise<T> {
    const url = buildUrl(base, spec.path, spec.query);
    // Only GETs are safe to repeat: a repeated PUT or POST could post a comment twice (docs/DECISIONS.md §8).
    const idempotent = spec.method === 'GET';
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      if (spec.budget === 'incremental-export') {
        await pacer.reserveExport(settings.sleep, settings.maxRetryAfterMs, (delayMs) =>
          settings.logger?.warn({ delayMs }, 'Zendesk incremental export budget spent: waiting'),
        );
      }
      // The account budget is spent until the window resets: waiting (bounded like a 429's wait) avoids the 429.
      await pacer.reserve(settings.sleep, settings.maxRetryAfterMs, (delayMs) =>
        settings.logger?.warn({ delayMs }, 'Zendesk account budget spent: waiting for the reset'),
      );
      let response: { status: number; headers: Headers; body: unknown; ok: boolean };
      requestsSent += 1;
      try {
        response = await send(settings, spec, url);
        pacer.observe(response.headers);
      } catch (error) {
        pacer.settled();
        if (!idempotent || failures >= settings.retries) throw error;
        const delayMs = backoffDelayMs(failures, settings.random, settings);
        settings.logger?.warn(
          { method: spec.method, url, error: (error as Error).name, delayMs },
          'retrying Zendesk request',
        );
        failures += 1;
        await settings.sleep(delayMs);
        continue;
      }
      if (response.ok) return response.body as T;
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), settings.now());
      const failure = new HTTPError({
        status: response.status,
        method: spec.method,
        url,
        body: response.body,
        retryAfterMs,
      });
      if (!idempotent) throw failure;
      if (response.status === 429) {
        const delayMs = retryAfterMs ?? backoffDelayMs(rateLimitWaits, settings.random, settings);
        if (rateLimitWaits >= settings.maxRateLimitWaits || delayMs > settings.maxRetryAfterMs) throw failure;
        settings.logger?.warn({ method: spec.method, url, status: 429, delayMs }, 'Zendesk rate limit: waiting');
        rateLimitWaits += 1;
        await settings.sleep(delayMs);
        continue;
      }
      if (!isRetryableStatus(response.status) || failures >= settings.retries) throw failure;
      // A 503 may say when to come back; that wait replaces the backoff but still spends the budget.
      const delayMs =
        retryAfterMs !== null && retryAfterMs <= settings.maxRetryAfterMs
          ? retryAfterMs
          : backoffDelayMs(failures, settings.random, settings);
      settings.logger?.warn({ method: spec.method, url, status: response.status, delayMs }, 'retrying Zendesk request');
      failures += 1;
      await settings.sleep(delayMs);
    }
  }

  /** Follows cursor pages (`page[size]=100`, `page[after]`) and concatenates the `key` arrays. */
  async function listAll<T>(path: string, key: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let after: string | null = null;
    for (;;) {
      const pageQuery: Record<string, string> = { ...query, 'page[size]': '100' };
      if (after !== null) pageQuery['page[after]'] = after;
      const page: CursorPage & Record<string, unknown> = await request({ method: 'GET', path, query: pageQuery });
      const batch = page[key];
      if (!Array.isArray(batch)) throw new Error(`Zendesk GET ${path} answered without a "${key}" array`);
      items.push(...(batch as T[]));
      after = page.meta?.has_more === true ? (page.meta.after_cursor ?? null) : null;
      if (after === null) return items;
    }
  }

  return {
    baseUrl: base.href.replace(/\/$/, ''),
    get requestsSent() {
      return requestsSent;
    },
    async getTicket(id) {
      const body = await request<{ ticket: ZendeskTicket }>({
        method: 'GET',
        path: `/api/v2/tickets/${checkId(id, 'id')}.json`,
      });
      return body.ticket;
    },
    updateTicket(id, update) {
      pacer.noteUpdate(checkId(id, 'id'));
      return request<TicketUpdateResult>({
        method: 'PUT',
        path: `/api/v2/tickets/${checkId(id, 'id')}.json`,
        json: { ticket: update },
      });
    },
    updateSlot(ticketId) {
      return pacer.updateSlot(checkId(ticketId, 'ticketId'));
    },
    ticketUpdateWindowMs: pacing.ticketUpdateWindowMs,
    restoreTicketUpdates(past) {
      pacer.restore(past);
    },
    async listComments(ticketId, { sinceId } = {}) {
      const comments = await listAll<ZendeskComment>(
        `/api/v2/tickets/${checkId(ticketId, 'ticketId')}/comments.json`,
        'comments',
        {
          sort: 'created_at',
        },
      );
      return sinceId === undefined ? comments : comments.filter((comment) => comment.id > sinceId);
    },
    async exportTickets(from, { perPage } = {}) {
      const body = await request<unknown>({
        method: 'GET',
        path: '/api/v2/incremental/tickets/cursor.json',
        query: exportQuery(from, perPage),
        budget: 'incremental-export',
      });
      return parseExportPage(body);
    },
    async getUser(id) {
      const body = await request<{ user: ZendeskUser }>({
        method: 'GET',
        path: `/api/v2/users/${checkId(id, 'id')}.json`,
      });
      return body.user;
    },
    async getCurrentUser() {
      const body = await request<{ user: ZendeskUser }>({ method: 'GET', path: '/api/v2/users/me.json' });
      return body.user;
    },
    async getOrganization(id) {
      const body = await request<{ organization: ZendeskOrganization }>({
        method: 'GET',
        path: `/api/v2/organizations/${checkId(id, 'id')}.json`,
      });
      return body.organization;
    },
    async listUserOrganizationIds(userId) {
      const path = `/api/v2/users/${checkId(userId, 'userId')}/organization_memberships.json`;
      const memberships = await listAll<{ organization_id: number }>(path, 'organization_memberships');
      return memberships.map((membership) => membership.organization_id);
    },
    async uploadFile(filename, contentType, bytes) {
      if (filename.trim() === '') throw new Error('uploadFile: filename must not be empty');
      if (contentType.trim() === '') throw new Error('uploadFile: contentType must not be empty');
      const body = await request<{ upload: ZendeskUpload }>({
        method: 'POST',
        path: '/api/v2/uploads.json',
        query: { filename },
        raw: { contentType, bytes },
      });
      return body.upload.token;
    },
    listTicketFields() {
      return listAll<ZendeskTicketField>('/api/v2/ticket_fields.json', 'ticket_fields');
    },
    async createTicketField(field) {
      const body = await request<{ ticket_field: ZendeskTicketField }>({
        method: 'POST',
        path: '/api/v2/ticket_fields.json',
        json: { ticket_field: field },
      });
      return body.ticket_field;
    },
    async updateTicketField(id, field) {
      const body = await request<{ ticket_field: ZendeskTicketField }>({
        method: 'PUT',
        path: `/api/v2/ticket_fields/${id}.json`,
        json: { ticket_field: field },
      });
      return body.ticket_field;
    },
    listWebhooks() {
      return listAll<ZendeskWebhook>('/api/v2/webhooks', 'webhooks');
    },
    async createWebhook(webhook) {
      const body = await request<{ webhook: ZendeskWebhook }>({
        method: 'POST',
        path: '/api/v2/webhooks',
        json: { webhook },
      });
      return body.webhook;
    },
    async getWebhookSigningSecret(webhookId) {
      if (webhookId.trim() === '') throw new Error('getWebhookSigningSecret: webhookId must not be empty');
      const body = await request<{ signing_secret: WebhookSigningSecret }>({
        method: 'GET',
        path: `/api/v2/webhooks/${encodeURIComponent(webhookId)}/signing_secret`,
      });
      return body.signing_secret;
    },
    listTriggers() {
      return listAll<ZendeskTrigger>('/api/v2/triggers.json', 'triggers');
    },
    async updateTrigger(id, trigger) {
      const body = await request<{ trigger: ZendeskTrigger }>({
        method: 'PUT',
        path: `/api/v2/triggers/${id}.json`,
        json: { trigger },
      });
      return body.trigger;
    },
    async createTrigger(trigger) {
      const body = await request<{ trigger: ZendeskTrigger }>({
        method: 'POST',
        path: '/api/v2/triggers.json',
        json: { trigger },
      });
      return body.trigger;
    },
  };
}

function checkId(id: number, name: string): number {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Error(`Zendesk client: ${name} must be a positive integer, got ${id}`);
  return id;
}
