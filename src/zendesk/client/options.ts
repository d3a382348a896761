/**
 * The client's options, checked once when it is made (a bad URL, empty credentials or a negative limit throw at
 * start, naming the option), and their defaults.
 */
import type { PacingOptions } from './pacing.js';

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

const DEFAULTS = {
  timeoutMs: 15_000,
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRateLimitWaits: 10,
  maxRetryAfterMs: 60_000,
};

export type Settings = ReturnType<typeof normaliseOptions>;

export function normaliseOptions(options: ZendeskClientOptions) {
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
