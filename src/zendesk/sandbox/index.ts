// The Zendesk sandbox: a framework-free fake of the Zendesk REST subset the product uses (DESIGN §7), plus its own
// /_sandbox/ routes for tests. Use it three ways:
//   tests (msw):   server.use(...sandboxHandlers(createSandbox(), 'https://acme.zendesk.com'))   // from './msw.js'
//   npm start:     const sandbox = createSandbox(); await loadSandboxState(sandbox, file);
//                  const { url, close } = await serveSandbox(sandbox, { port: 3001, stateFile: file });
//   in process:    await sandbox.handle({ method, path, headers, body })
import { randomBytes } from 'node:crypto';
import { routeApi, isAuthenticated, recordInvalid, type ApiDeps, type ApiResult } from './api.js';
import { deliverInvocation, type InvocationRecord } from './delivery.js';
import { faultBody, parseFault, takeFault, type Fault } from './faults.js';
import { renderComment, renderTicket } from './render.js';
import { seedState } from './seed.js';
import { addOrganization, addUser, emptyState, isoSeconds, type SandboxState, type StoredUser } from './state.js';
import { addComment, createTicket, touchTicket, viaFor } from './tickets.js';
import { matchingTriggers, renderBodyTemplate, type UpdateContext } from './triggers.js';

export type { SandboxState } from './state.js';
export type { Fault } from './faults.js';
export type { InvocationRecord, DeliveryAttempt } from './delivery.js';
export { loadSandboxState, serveSandbox, type ServedSandbox, type ServeSandboxOptions } from './http.js';

export interface SandboxRequest {
  method: string;
  /** The path with its query: `/api/v2/tickets/10231/comments.json?page[size]=100`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Where the request was sent (`http://127.0.0.1:3001`), for the absolute urls in answers; defaults to the Host header. */
  origin?: string;
}

export interface SandboxResponse {
  /** 0 means "drop the connection": an injected network error the adapters turn into one. */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LedgerEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  /** The fault applied to this request, if any. */
  fault: Fault | null;
  /** Whether the request changed the state (true for an applyThenFail write even though it answered an error). */
  applied: boolean;
  commentIds: number[];
  invocations: InvocationRecord[];
}

export interface CreateSandboxOptions {
  now?: () => number;
  /** Start from the seed data (default) or from an empty account holding only the API user. */
  seed?: boolean;
  /** Used to POST webhooks (default: the global fetch at call time). */
  fetch?: typeof fetch;
  /** Uniform in [0, 1): tokens, secrets and ids. Default: node:crypto. */
  random?: () => number;
  /** Waits between webhook retries and for `delayMs` faults (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  webhookRetries?: number;
  webhookRetryDelayMs?: number;
  webhookTimeoutMs?: number;
  /** How many ledger entries are kept (the oldest are dropped first; default 10 000). */
  ledgerLimit?: number;
}

export interface Sandbox {
  handle(request: SandboxRequest): Promise<SandboxResponse>;
  /** The live state (read it in tests; change it through requests). */
  readonly state: SandboxState;
  readonly apiUserId: number;
  readonly accountId: number;
  ledger(): LedgerEntry[];
  /** A deep copy of the state as plain JSON. */
  snapshot(): SandboxState;
  restore(json: string | SandboxState): void;
  reset(): void;
  /** Resolves once every webhook invocation started so far has finished (deliveries after API writes run in the background). */
  idle(): Promise<void>;
  /** Called after every request that changed the state; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createSandbox(options: CreateSandboxOptions = {}): Sandbox {
  const now = options.now ?? Date.now;
  const random = options.random ?? (() => randomBytes(4).readUInt32BE() / 2 ** 32);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const initial = () => (options.seed === false ? emptyState(now()) : seedState(now()));
  let state = initial();
  let faults: Fault[] = [];
  let ledger: LedgerEntry[] = [];
  let sequence = 0;
  const ledgerLimit = options.ledgerLimit ?? 10_000;
  const pending = new Set<Promise<unknown>>();
  const listeners = new Set<() => void>();

  const randomToken = (length: number) =>
    Array.from({ length }, () => TOKEN_ALPHABET[Math.floor(random() * TOKEN_ALPHABET.length)]).join('');
  // ULID-shaped (time prefix + randomness), like Zendesk's webhook ids.
  const ulid = () => {
    let time = now();
    let prefix = '';
    for (let i = 0; i < 10; i += 1) {
      prefix = CROCKFORD[time % 32] + prefix;
      time = Math.floor(time / 32);
    }
    return prefix + Array.from({ length: 16 }, () => CROCKFORD[Math.floor(random() * 32)]).join('');
  };
  const apiDeps: ApiDeps = { state: () => state, now, randomToken, newWebhookId: ulid };

  function changed(): void {
    for (const listener of listeners) listener();
  }

  /** Evaluates the triggers for one update and sends each matching webhook; resolves with the invocations. */
  function fireTriggers(update: UpdateContext, origin: string, entry: LedgerEntry): Promise<InvocationRecord[]> {
    const deliveries: Promise<InvocationRecord>[] = [];
    for (const trigger of matchingTriggers(state.triggers, update)) {
      for (const action of trigger.actions) {
        if (action.field !== 'notification_webhook' || !Array.isArray(action.value)) continue;
        const [webhookId, template] = action.value as [string, string];
        const webhook = state.webhooks.find((candidate) => candidate.id === webhookId && candidate.status === 'active');
        if (!webhook) continue;
        const record: InvocationRecord = {
          invocationId: ulid(),
          webhookId,
          triggerId: trigger.id,
          ticketId: update.ticket.id,
          endpoint: webhook.endpoint,
          body: renderBodyTemplate(template, update, origin, webhook.request_format),
          delivered: false,
          attempts: [],
        };
        entry.invocations.push(record);
        deliveries.push(
          deliverInvocation(webhook, record, {
            accountId: state.accountId,
            now,
            fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
            sleep,
            retries: options.webhookRetries ?? 3,
            retryDelayMs: options.webhookRetryDelayMs ?? 100,
            timeoutMs: options.webhookTimeoutMs ?? 10_000,
          }),
        );
      }
    }
    const all = Promise.all(deliveries);
    pending.add(all);
    void all.finally(() => pending.delete(all));
    return all;
  }

  async function handle(request: SandboxRequest): Promise<SandboxResponse> {
    const headers = lowerCaseHeaders(request.headers);
    const origin = (request.origin ?? (headers.host ? `http://${headers.host}` : 'http://127.0.0.1')).replace(
      /\/$/,
      '',
    );
    const url = new URL(request.path, origin);
    const method = request.method.toUpperCase();
    const entry: LedgerEntry = {
      seq: (sequence += 1),
      at: isoSeconds(now()),
      method,
      path: url.pathname + url.search,
      status: 0,
      fault: null,
      applied: false,
      commentIds: [],
      invocations: [],
    };
    const isSandboxRoute = url.pathname.startsWith('/_sandbox/');
    // The ledger records what the product did, not the test harness reading the ledger.
    if (!(isSandboxRoute && url.pathname === '/_sandbox/ledger')) {
      ledger.push(entry);
      // A long `npm start` session keeps only the latest entries.
      if (ledger.length > ledgerLimit) ledger.splice(0, ledger.length - ledgerLimit);
    }

    const fault = isSandboxRoute ? null : takeFault(faults, method, url.pathname);
    entry.fault = fault;
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && fault.status !== undefined && !fault.applyThenFail) {
      entry.status = fault.status;
      return faultResponse(fault);
    }

    let result: ApiResult;
    if (isSandboxRoute) {
      result = await routeSandbox(method, url, headers, request.body, origin, entry);
    } else if (!url.pathname.startsWith('/api/v2/')) {
      result = { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    } else if (!isAuthenticated(headers)) {
      result = {
        status: 401,
        body: { error: "Couldn't authenticate you" },
        headers: { 'www-authenticate': 'Basic realm="Web Password"' },
      };
    } else {
      result = routeApi({ method, url, origin, headers, body: request.body }, apiDeps) ?? {
        status: 404,
        body: { error: 'InvalidEndpoint', description: 'Not found' },
      };
      if (result.update) void fireTriggers(result.update, origin, entry);
    }
    entry.applied = entry.applied || result.applied === true;
    entry.commentIds.push(...(result.commentIds ?? []));
    if (entry.applied) changed();
    if (fault && fault.status !== undefined) {
      entry.status = fault.status;
      return faultResponse(fault);
    }
    entry.status = result.status;
    if (Buffer.isBuffer(result.body))
      return { status: result.status, headers: result.headers ?? {}, body: result.body };
    return jsonResponse(result.status, result.body, result.headers);
  }

  async function routeSandbox(
    method: string,
    url: URL,
    _headers: Record<string, string>,
    body: Buffer,
    origin: string,
    entry: LedgerEntry,
  ): Promise<ApiResult> {
    const path = url.pathname.replace(/\/$/, '');
    const json = () => {
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    };
    if (method === 'POST' && path === '/_sandbox/tickets') return createSandboxTicket(json(), origin);
    const reply = /^\/_sandbox\/tickets\/(\d+)\/replies$/.exec(path);
    if (method === 'POST' && reply) return postReply(Number(reply[1]), json(), origin, entry);
    if (method === 'POST' && path === '/_sandbox/faults') {
      const parsed = parseFault(json());
      if (!parsed.ok) return sandboxError(400, parsed.error);
      faults.push(parsed.fault);
      return { status: 201, body: { fault: parsed.fault } };
    }
    if (method === 'GET' && path === '/_sandbox/faults') return { status: 200, body: { faults } };
    if (method === 'DELETE' && path === '/_sandbox/faults') {
      faults = [];
      return { status: 204, body: null };
    }
    if (method === 'GET' && path === '/_sandbox/ledger') return { status: 200, body: { requests: ledger } };
    if (method === 'POST' && path === '/_sandbox/reset') {
      resetAll();
      return { status: 200, body: { ok: true }, applied: true };
    }
    if (method === 'GET' && path === '/_sandbox/info') {
      return { status: 200, body: { accountId: state.accountId, apiUserId: state.apiUserId } };
    }
    const attachment = /^\/_sandbox\/attachments\/(\d+)(?:\/[^/]*)?$/.exec(path);
    if (method === 'GET' && attachment) {
      const stored = state.attachments.find((candidate) => candidate.id === Number(attachment[1]));
      if (!stored) return sandboxError(404, 'no such attachment');
      return {
        status: 200,
        body: Buffer.from(stored.contentBase64, 'base64'),
        headers: { 'content-type': stored.content_type },
      };
    }
    return sandboxError(404, `no sandbox route ${method} ${path}`);
  }

  /** `POST /_sandbox/tickets`: a new ticket, its requester found by email or created with the given locale and zone. */
  function createSandboxTicket(input: unknown, origin: string): ApiResult {
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
    const at = now();
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
    if (!user) {
      user = addUser(state, at, {
        name: typeof requester.name === 'string' && requester.name !== '' ? requester.name : email,
        email,
        locale: requester.locale as string | undefined,
        timeZone: requester.timeZone as string | undefined,
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

  /** `POST /_sandbox/tickets/:id/replies`: the customer's public comment, then the triggers and their webhooks. */
  async function postReply(ticketId: number, input: unknown, origin: string, entry: LedgerEntry): Promise<ApiResult> {
    const ticket = state.tickets.find((candidate) => candidate.id === ticketId);
    if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    const raw = (input ?? {}) as Record<string, unknown>;
    const channel = raw.channel ?? 'email';
    if (channel !== 'email' && channel !== 'web') return sandboxError(400, 'channel must be "email" or "web"');
    const body = typeof raw.body === 'string' && raw.body !== '' ? raw.body : undefined;
    const htmlBody = typeof raw.htmlBody === 'string' && raw.htmlBody !== '' ? raw.htmlBody : undefined;
    if (body === undefined && htmlBody === undefined) return sandboxError(400, 'give body or htmlBody');
    if (ticket.status === 'closed') return recordInvalid('Status: closed prevents ticket update', 'status');
    const at = now();
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
    const previous = { status: ticket.status, fieldValues: { ...ticket.fieldValues }, tags: [...ticket.tags] };
    const comment = addComment(state, ticket, at, {
      authorId: author.id,
      body,
      htmlBody,
      public: true,
      via: viaFor(channel, { address: author.email, name: author.name }),
    });
    // A customer's reply reopens a pending or solved ticket, as in Zendesk.
    if (author.role === 'end-user' && (ticket.status === 'pending' || ticket.status === 'solved'))
      ticket.status = 'open';
    touchTicket(ticket, at);
    entry.applied = true;
    entry.commentIds.push(comment.id);
    changed();
    const invocations = await fireTriggers(
      {
        updateType: 'Change',
        ticket,
        previous,
        currentUser: author,
        comment,
        requester: state.users.find((user) => user.id === ticket.requester_id),
      },
      origin,
      entry,
    );
    return { status: 201, body: { comment: renderComment(state, comment, origin), invocations } };
  }

  function resetAll(): void {
    state = initial();
    faults = [];
    ledger = [];
    sequence = 0;
  }

  return {
    handle,
    get state() {
      return state;
    },
    get apiUserId() {
      return state.apiUserId;
    },
    get accountId() {
      return state.accountId;
    },
    ledger: () => ledger,
    snapshot: () => JSON.parse(JSON.stringify(state)) as SandboxState,
    restore(json) {
      const parsed = (typeof json === 'string' ? JSON.parse(json) : JSON.parse(JSON.stringify(json))) as SandboxState;
      if (parsed?.version !== 1 || !Array.isArray(parsed.tickets) || !Array.isArray(parsed.users)) {
        throw new Error('restore: not a sandbox snapshot (version 1 with tickets and users)');
      }
      state = parsed;
    },
    reset: resetAll,
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
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

function sandboxError(status: number, message: string): ApiResult {
  return { status, body: { error: 'SandboxError', description: message } };
}

function lowerCaseHeaders(headers: SandboxRequest['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  if (status === 204 || body === null) return { status, headers, body: Buffer.alloc(0) };
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(body), 'utf8'),
  };
}

function faultResponse(fault: Fault): SandboxResponse {
  const status = fault.status ?? 500;
  if (status === 0) return { status: 0, headers: {}, body: Buffer.alloc(0) };
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  return jsonResponse(status, faultBody(status), headers);
}
