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
import { HTTPError, NetworkError, TimeoutError } from './errors/index.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retry.js';
import { DEFAULT_PACING, Pacer, type PacingOptions } from './pacing.js';

export { HTTPError, NetworkError, TimeoutError } from './errors/index.js';
export { backoffDelayMs, parseRetryAfterMs } from './retry.js';

export type ZendeskAuth = { email: string; apiToken: string } | { oauthToken: string };

/** pino-compatible: structured details first, then the message. */
export interface ZendeskLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface ZendeskClientOptions {
  /** `https://acme.zendesk.com` (or the sandbox's URL); a trailing slash is ignored. */
  baseUrl: string;
  auth: ZendeskAuth;
  /** Per attempt, including reading the body (default 15 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter source. */
  random?: () => number;
  /** Epoch ms, to read an HTTP-date Retry-After. */
  now?: () => number;
  logger?: ZendeskLogger;
  /** Retries after 5xx, network errors and time-outs, for GETs only (default 3). */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** 429 waits do not spend `retries`, but are bounded too (default 10 waits, each at most 60 s). */
  maxRateLimitWaits?: number;
  maxRetryAfterMs?: number;
  /** Zendesk's per-ticket update limit (default 30 updates per 10 minutes), which the client paces itself to. */
  pacing?: Partial<PacingOptions>;
}

export interface ZendeskClient {
  readonly baseUrl: string;
  getTicket(id: number): Promise<ZendeskTicket>;
  /** Never retried here: on any failure the caller's outbox decides (reconcile, then resend). */
  updateTicket(id: number, update: TicketUpdate): Promise<TicketUpdateResult>;
  /**
   * When an update of the ticket may go without drawing a 429 (epoch ms, on the client's clock): the per-ticket
   * limit counted from this client's own updates, and the account budget read from Zendesk's headers.
   */
  updateSlot(ticketId: number): number;
  /** Every comment, oldest first, following cursor pages of 100; with `sinceId`, only those with a larger id. */
  listComments(ticketId: number, options?: { sinceId?: number }): Promise<ZendeskComment[]>;
  getUser(id: number): Promise<ZendeskUser>;
  /** The user the credentials act as (`GET /api/v2/users/me.json`): the product's own comments are this user's. */
  getCurrentUser(): Promise<ZendeskUser>;
  getOrganization(id: number): Promise<ZendeskOrganization>;
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

interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  raw?: { contentType: string; bytes: Uint8Array | string };
}

interface CursorPage {
  meta?: { has_more?: boolean; after_cursor?: string | null };
}

const DEFAULTS = {
  timeoutMs: 15_000,
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRateLimitWaits: 10,
  maxRetryAfterMs: 60_000,
};

export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  const settings = normaliseOptions(options);
  const { base } = settings;
  const pacer = new Pacer({ ...DEFAULT_PACING, ...options.pacing }, settings.now);

  async function request<T>(spec: RequestSpec): Promise<T> {
    const url = buildUrl(base, spec.path, spec.query);
    // Only GETs are safe to repeat: a repeated PUT or POST could post a comment twice (docs/DECISIONS.md §8).
    const idempotent = spec.method === 'GET';
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await waitForAccountBudget();
      let response: { status: number; headers: Headers; body: unknown; ok: boolean };
      try {
        response = await send(settings, spec, url);
        pacer.observe(response.headers);
      } catch (error) {
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

  /** The account budget is spent until the window resets: waiting (bounded like a 429's wait) avoids the 429. */
  async function waitForAccountBudget(): Promise<void> {
    const waitMs = pacer.accountSlot() - settings.now();
    if (waitMs <= 0) return;
    if (waitMs > settings.maxRetryAfterMs)
      throw new Error(`Zendesk rate limit: the account budget resets in ${waitMs} ms`);
    settings.logger?.warn({ delayMs: waitMs }, 'Zendesk account budget spent: waiting for the reset');
    await settings.sleep(waitMs);
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

type Settings = ReturnType<typeof normaliseOptions>;

function normaliseOptions(options: ZendeskClientOptions) {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new Error(`createZendeskClient: baseUrl is not a URL: ${JSON.stringify(options.baseUrl)}`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`createZendeskClient: baseUrl must be http(s), got ${base.protocol}`);
  }
  if (base.username !== '' || base.password !== '') {
    throw new Error('createZendeskClient: baseUrl must not carry credentials; pass them in auth');
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return {
    base,
    authorization: authorizationHeader(options.auth),
    timeoutMs: positive(options.timeoutMs, DEFAULTS.timeoutMs, 'timeoutMs'),
    fetch: options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => globalThis.fetch(input, init)),
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    logger: options.logger,
    retries: nonNegative(options.retries, DEFAULTS.retries, 'retries'),
    baseDelayMs: nonNegative(options.baseDelayMs, DEFAULTS.baseDelayMs, 'baseDelayMs'),
    maxDelayMs: nonNegative(options.maxDelayMs, DEFAULTS.maxDelayMs, 'maxDelayMs'),
    maxRateLimitWaits: nonNegative(options.maxRateLimitWaits, DEFAULTS.maxRateLimitWaits, 'maxRateLimitWaits'),
    maxRetryAfterMs: nonNegative(options.maxRetryAfterMs, DEFAULTS.maxRetryAfterMs, 'maxRetryAfterMs'),
  };
}

function authorizationHeader(auth: ZendeskAuth): string {
  if ('oauthToken' in auth) {
    if (!auth.oauthToken) throw new Error('createZendeskClient: auth.oauthToken must not be empty');
    return `Bearer ${auth.oauthToken}`;
  }
  if (!auth.email || !auth.apiToken) throw new Error('createZendeskClient: auth needs both email and apiToken');
  return `Basic ${Buffer.from(`${auth.email}/token:${auth.apiToken}`, 'utf8').toString('base64')}`;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`createZendeskClient: ${name} must be a positive number`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`createZendeskClient: ${name} must be zero or more`);
  return value;
}

function checkId(id: number, name: string): number {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Error(`Zendesk client: ${name} must be a positive integer, got ${id}`);
  return id;
}

function buildUrl(base: URL, path: string, query: Record<string, string> | undefined): string {
  const url = new URL(path.replace(/^\//, ''), base);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  return url.href;
}

/** One attempt: answers with the parsed body, or throws TimeoutError / NetworkError. */
async function send(settings: Settings, spec: RequestSpec, url: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  const headers: Record<string, string> = { authorization: settings.authorization, accept: 'application/json' };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (spec.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json);
  } else if (spec.raw) {
    headers['content-type'] = spec.raw.contentType;
    // A copy typed over a plain ArrayBuffer, which is what fetch's BodyInit accepts.
    body = typeof spec.raw.bytes === 'string' ? spec.raw.bytes : new Uint8Array(spec.raw.bytes);
  }
  try {
    const response = await settings.fetch(url, {
      method: spec.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, ok: response.ok, headers: response.headers, body: parseBody(text) };
  } catch (error) {
    if (controller.signal.aborted)
      throw new TimeoutError({ method: spec.method, url, timeoutMs: settings.timeoutMs, cause: error });
    throw new NetworkError({ method: spec.method, url, cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
