// The Zendesk sandbox: a framework-free fake of the Zendesk REST subset the product uses, plus its own /_sandbox/
// routes for tests (docs/ARCHITECTURE.md). Use it three ways:
//   tests (msw):   server.use(...sandboxHandlers(createSandbox(), 'https://acme.zendesk.com'))   // tests/support/
//   npm start:     const sandbox = createSandbox(); await loadSandboxState(sandbox, file);
//                  const { url, close } = await serveSandbox(sandbox, { port: 3001, stateFile: file });
//   in process:    await sandbox.handle({ method, path, headers, body })
import { randomBytes } from 'node:crypto';
import { closeSolvedTickets } from './clock.js';
import type { InvocationRecord } from './delivery.js';
import { faultBody, takeFault, type Fault } from './faults.js';
import { createNotifier } from './notifier.js';
import { createRateLimiter } from './rate-limits.js';
import { routeApi, isAuthenticated, type ApiDeps, type ApiResult } from './routes/index.js';
import { routeSandbox, type SandboxControl } from './routes/sandbox.js';
import { sandboxError } from './routes/sandbox-tickets.js';
import { seedState } from './seed.js';
import { DEFAULT_SETTINGS, type SandboxSettings } from './settings.js';
import { addMembership, emptyState, isoSeconds, nextId, type SandboxState } from './state.js';
import { sendWebhookTest } from './webhook-test.js';

export type { SandboxState } from './state.js';
export type { Fault } from './faults.js';
export type { SandboxSettings } from './settings.js';
export type { WebhookFault } from './webhook-faults.js';
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
  /**
   * Seed the admin's own dropdowns whose option tags are plain words (`scheduled`, `go`, ...), as on an account in
   * use. On by default (the product's tags are prefixed and must cope); `false` seeds without them.
   */
  collidingFields?: boolean;
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
  /** Rate limits and the close automation (Zendesk's defaults when absent); `POST /_sandbox/settings` changes them. */
  settings?: Partial<SandboxSettings>;
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
  /**
   * Called after every request that changed the state, before it is answered: the answer waits for the returned
   * promise, and a rejection answers 503 (the listener rolls the state back). Returns an unsubscribe function.
   */
  onChange(listener: () => void | Promise<void>): () => void;
  /** The sandbox's clock: the real one (or `options.now`) plus what `POST /_sandbox/clock` added. */
  now(): number;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function createSandbox(options: CreateSandboxOptions = {}): Sandbox {
  const realNow = options.now ?? Date.now;
  const random = options.random ?? (() => randomBytes(4).readUInt32BE() / 2 ** 32);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const initial = () =>
    options.seed === false
      ? emptyState(realNow())
      : seedState(realNow(), { collidingFields: options.collidingFields !== false });
  let state = initial();
  let faults: Fault[] = [];
  let ledger: LedgerEntry[] = [];
  let sequence = 0;
  const settings: SandboxSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const ledgerLimit = options.ledgerLimit ?? 10_000;
  const listeners = new Set<() => void | Promise<void>>();
  const now = () => realNow() + (state.clockOffsetMs ?? 0);
  const limiter = createRateLimiter(() => settings);

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
  const outgoing = {
    now,
    newInvocationId: () => String(nextId(state, 'invocation')),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  };
  const notifier = createNotifier({
    ...outgoing,
    state: () => state,
    sleep,
    retries: options.webhookRetries ?? 3,
    retryDelayMs: options.webhookRetryDelayMs ?? 100,
  });
  const apiDeps: ApiDeps = { state: () => state, now, randomToken, newWebhookId: ulid };
  const control: SandboxControl = {
    state: () => state,
    now,
    faults: () => ({ faults, webhookFaults: notifier.faults() }),
    addFault: (fault) => faults.push(fault),
    addWebhookFault: (fault) => notifier.addFault(fault),
    clearFaults: () => {
      faults = [];
      notifier.reset();
    },
    ledger: () => ledger,
    reset: () => resetAll(),
    settings: () => settings,
    changeSettings: (changes) => Object.assign(settings, changes),
    advanceClock: (ms) => {
      state.clockOffsetMs = (state.clockOffsetMs ?? 0) + ms;
      runAutomations();
    },
  };

  /** What Zendesk does on its own as time passes: closing solved tickets, late webhook redeliveries. */
  function runAutomations(): boolean {
    const at = now();
    notifier.releaseDue(at);
    return closeSolvedTickets(state, at, settings.closeSolvedAfterMs);
  }

  /** Saves a change before it is answered, as a database commits before it confirms. */
  async function commit(): Promise<void> {
    await Promise.all([...listeners].map(async (listener) => listener()));
  }

  async function handle(request: SandboxRequest): Promise<SandboxResponse> {
    const headers = lowerCaseHeaders(request.headers);
    const origin = (request.origin ?? (headers.host ? `http://${headers.host}` : 'http://127.0.0.1')).replace(
      /\/$/,
      '',
    );
    const url = new URL(request.path, origin);
    // Zendesk's front servers merge repeated slashes (node-zendesk sends `/api/v2//webhooks/test`).
    url.pathname = url.pathname.replace(/\/{2,}/g, '/');
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
    const answer = (result: ApiResult): SandboxResponse => {
      entry.status = result.status;
      if (Buffer.isBuffer(result.body))
        return { status: result.status, headers: result.headers ?? {}, body: result.body };
      return jsonResponse(result.status, result.body, result.headers);
    };
    const automated = runAutomations();

    const fault = isSandboxRoute ? null : takeFault(faults, method, url.pathname);
    entry.fault = fault;
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault && fault.status !== undefined && !fault.applyThenFail) {
      entry.status = fault.status;
      return faultResponse(fault);
    }

    let result: ApiResult;
    let rateHeaders: Record<string, string> = {};
    if (isSandboxRoute) {
      result = routeSandbox(control, method, url, request.body, origin);
    } else if (!url.pathname.startsWith('/api/v2/')) {
      result = { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    } else if (!isAuthenticated(headers)) {
      result = {
        status: 401,
        body: { error: "Couldn't authenticate you" },
        headers: { 'www-authenticate': 'Basic realm="Web Password"' },
      };
    } else {
      const rate = limiter.take(now(), method, url.pathname);
      rateHeaders = rate.headers;
      result = !rate.allowed
        ? { status: 429, body: rate.body }
        : (routeApi({ method, url, origin, headers, body: request.body }, apiDeps) ?? {
            status: 404,
            body: { error: 'InvalidEndpoint', description: 'Not found' },
          });
    }
    if (result.webhookTest) {
      result = {
        status: 200,
        body: await sendWebhookTest(result.webhookTest, { ...outgoing, accountId: state.accountId }),
      };
    }
    if (result.applied || automated) {
      try {
        await commit();
      } catch (error) {
        return answer(sandboxError(503, `the change was not saved, so it was not made: ${(error as Error).message}`));
      }
    }
    entry.applied = result.applied === true;
    entry.commentIds.push(...(result.commentIds ?? []));
    if (result.update) {
      const fired = notifier.fire(result.update, origin);
      entry.invocations.push(...fired.records);
      if (result.deliveriesInBody) {
        await fired.done;
        result = { ...result, body: { ...(result.body as object), invocations: fired.records } };
      }
    }
    if (fault && fault.status !== undefined) {
      entry.status = fault.status;
      return faultResponse(fault);
    }
    return answer({ ...result, headers: { ...rateHeaders, ...result.headers } });
  }

  function resetAll(): void {
    state = initial();
    faults = [];
    ledger = [];
    sequence = 0;
    limiter.reset();
    notifier.reset();
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
      state = withMemberships(parsed);
    },
    reset: resetAll,
    idle: () => notifier.idle(),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    now,
  };
}

/** Snapshots from before memberships existed: each user's default organization becomes its one membership. */
function withMemberships(state: SandboxState): SandboxState {
  if (state.organizationMemberships) return state;
  state.organizationMemberships = [];
  for (const user of state.users) {
    if (user.organization_id !== null) addMembership(state, Date.parse(user.created_at), user.id, user.organization_id);
  }
  return state;
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
