import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Duration } from 'luxon';
import { z } from 'zod';

/**
 * The backend's configuration, read once from the environment (docs/ZENDESK-SETUP.md, Environment). Every variable is optional in
 * sandbox mode; an invalid one stops start-up with a `ConfigError` naming it.
 */
export interface Config {
  /** `sandbox` when no Zendesk credentials are configured: `serve` then starts the local fake Zendesk. */
  mode: 'sandbox' | 'zendesk';
  port: number;
  sandboxPort: number;
  zendesk: ZendeskCredentials | null;
  /** Secrets accepted besides the stored one, during a rotation. */
  webhookSecrets: string[];
  agentToken: string;
  automationToken: string;
  /** Names of the tokens generated at start because they were unset (printed by `serve`). */
  generatedTokens: ('AGENT_API_TOKEN' | 'AUTOMATION_API_TOKEN')[];
  policyFile: string | null;
  dataDir: string;
  /** What Zendesk calls; null in sandbox mode until the port is known (`http://127.0.0.1:<PORT>`). */
  publicUrl: string | null;
  backendUrl: string | null;
  notifyUrl: string | null;
  /** NOTIFY_SECRET, required with NOTIFY_URL: notifications are signed with it (absent without NOTIFY_URL). */
  notifySecret?: string;
  templatesDir: string | null;
  /** RECONCILE_INTERVAL in ms: how often the comments of tickets whose webhooks may be lost are read. */
  reconcileIntervalMs: number;
  /** DATABASE_URL: the shared Postgres store (several replicas, no DATA_DIR lock); null for SQLite in DATA_DIR. */
  databaseUrl: string | null;
}

export type ZendeskCredentials =
  { url: string; auth: 'token'; email: string; apiToken: string } | { url: string; auth: 'oauth'; oauthToken: string };

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')
    .transform(Number)
    .refine((value) => value <= 65535, 'must be a port number from 0 to 65535')
    // zod 4 returns a default without running the transform, so the default is the parsed value.
    .default(fallback);

const httpUrl = z
  .string()
  .trim()
  .refine((text) => isHttpUrl(text), 'must be an http:// or https:// URL')
  .transform((text) => text.replace(/\/+$/, ''));

// A token shorter than this is guessable; generated ones are 32 random bytes.
const token = z.string().trim().min(16, 'must be at least 16 characters');
const text = z.string().trim().min(1, 'must not be empty');

const VARIABLES = {
  PORT: port(3000),
  SANDBOX_PORT: port(3001),
  ZENDESK_URL: httpUrl.optional(),
  ZENDESK_EMAIL: z
    .string()
    .trim()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address')
    .optional(),
  ZENDESK_API_TOKEN: text.optional(),
  ZENDESK_OAUTH_TOKEN: text.optional(),
  ZENDESK_WEBHOOK_SECRET: z.string().optional(),
  AGENT_API_TOKEN: token.optional(),
  AUTOMATION_API_TOKEN: token.optional(),
  POLICY_FILE: text.optional(),
  DATA_DIR: text.default('./data'),
  PUBLIC_URL: httpUrl.optional(),
  BACKEND_URL: httpUrl.optional(),
  NOTIFY_URL: httpUrl.optional(),
  NOTIFY_SECRET: z.string().optional(),
  TEMPLATES_DIR: text.optional(),
  RECONCILE_INTERVAL: z
    .string()
    .trim()
    .transform((value, context) => {
      const ms = isoDurationMs(value);
      // Below 30 s it would spend the account's rate-limit budget; above a day a lost webhook waits too long.
      if (ms === null || ms < 30_000 || ms > 86_400_000) {
        context.addIssue({ code: 'custom', message: 'must be an ISO 8601 duration from PT30S to P1D, like PT5M' });
        return z.NEVER;
      }
      return ms;
    })
    .default(300_000),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((text) => isPostgresUrl(text), 'must be a postgres:// or postgresql:// URL')
    .optional(),
} as const;

type Variable = keyof typeof VARIABLES;

/**
 * Reads the configuration from `env`. Empty strings count as unset, as shells and `.env` files produce
 * them for "no value". `generateToken` is a parameter so that tests get stable tokens.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv,
  generateToken: () => string = () => randomBytes(32).toString('base64url'),
): Config {
  const values = {} as { [K in Variable]: z.output<(typeof VARIABLES)[K]> };
  for (const [name, schema] of Object.entries(VARIABLES) as [Variable, z.ZodType][]) {
    const raw = env[name];
    const parsed = schema.safeParse(raw === undefined || raw.trim() === '' ? undefined : raw);
    if (!parsed.success) throw new ConfigError(name, parsed.error.issues[0]?.message ?? 'is invalid');
    (values as Record<string, unknown>)[name] = parsed.data;
  }

  const zendesk = readCredentials(values);
  const mode = zendesk === null ? 'sandbox' : 'zendesk';
  const generatedTokens: Config['generatedTokens'] = [];
  const tokenFor = (name: 'AGENT_API_TOKEN' | 'AUTOMATION_API_TOKEN'): string => {
    const given = values[name];
    if (given !== undefined) return given;
    // With a real Zendesk account a missing token would leave the API open or unusable: refuse.
    if (mode === 'zendesk') throw new ConfigError(name, 'is required when Zendesk credentials are configured');
    generatedTokens.push(name);
    return generateToken();
  };
  const agentToken = tokenFor('AGENT_API_TOKEN');
  const automationToken = tokenFor('AUTOMATION_API_TOKEN');
  if (agentToken === automationToken) {
    throw new ConfigError('AUTOMATION_API_TOKEN', 'must differ from AGENT_API_TOKEN (they grant different scopes)');
  }
  if (mode === 'zendesk' && values.PUBLIC_URL === undefined) {
    throw new ConfigError('PUBLIC_URL', 'is required when Zendesk credentials are configured (Zendesk calls it)');
  }

  const notifySecret = readNotifySecret(values.NOTIFY_SECRET, values.NOTIFY_URL);

  return {
    mode,
    port: values.PORT,
    sandboxPort: values.SANDBOX_PORT,
    zendesk,
    webhookSecrets: splitWebhookSecrets(values.ZENDESK_WEBHOOK_SECRET ?? ''),
    agentToken,
    automationToken,
    generatedTokens,
    policyFile: values.POLICY_FILE ?? null,
    dataDir: resolve(values.DATA_DIR),
    publicUrl: values.PUBLIC_URL ?? null,
    backendUrl: values.BACKEND_URL ?? null,
    notifyUrl: values.NOTIFY_URL ?? null,
    ...(notifySecret !== null ? { notifySecret } : {}),
    templatesDir: values.TEMPLATES_DIR ?? null,
    reconcileIntervalMs: values.RECONCILE_INTERVAL,
    databaseUrl: values.DATABASE_URL ?? null,
  };
}

/**
 * ZENDESK_WEBHOOK_SECRET: secrets separated by commas (a space after a comma is fine: `new, old`). A secret with
 * any other surrounding whitespace, such as the newline `$(cat secret.txt)` keeps, would never verify a signature:
 * refuse to start rather than trim it silently (docs/ZENDESK-SETUP.md, Webhook).
 */
function splitWebhookSecrets(value: string): string[] {
  const parts = value.split(',').map((part, index) => (index === 0 ? part : part.replace(/^ +/, '')));
  const secrets = parts.filter((part) => part !== '');
  const padded = secrets.findIndex((secret) => secret !== secret.trim());
  if (padded !== -1) {
    throw new ConfigError(
      'ZENDESK_WEBHOOK_SECRET',
      `secret ${padded + 1} of ${secrets.length} has leading or trailing whitespace (a newline from a file?); remove it`,
    );
  }
  return secrets;
}

/** NOTIFY_SECRET: required with NOTIFY_URL, at least 16 characters, no surrounding whitespace. */
function readNotifySecret(secret: string | undefined, notifyUrl: string | undefined): string | null {
  if (notifyUrl === undefined) return null;
  if (secret === undefined || secret.trim() === '') {
    throw new ConfigError('NOTIFY_SECRET', 'is required with NOTIFY_URL (the receiver verifies signatures with it)');
  }
  if (secret !== secret.trim()) {
    throw new ConfigError('NOTIFY_SECRET', 'has leading or trailing whitespace (a newline from a file?); remove it');
  }
  if (secret.length < 16) throw new ConfigError('NOTIFY_SECRET', 'must be at least 16 characters');
  return secret;
}

function readCredentials(values: {
  ZENDESK_URL?: string | undefined;
  ZENDESK_EMAIL?: string | undefined;
  ZENDESK_API_TOKEN?: string | undefined;
  ZENDESK_OAUTH_TOKEN?: string | undefined;
}): ZendeskCredentials | null {
  const { ZENDESK_URL: url, ZENDESK_EMAIL: email, ZENDESK_API_TOKEN: apiToken, ZENDESK_OAUTH_TOKEN: oauth } = values;
  if (url === undefined) {
    const stray = email !== undefined ? 'ZENDESK_EMAIL' : apiToken !== undefined ? 'ZENDESK_API_TOKEN' : null;
    if (stray !== null) throw new ConfigError(stray, 'is set but ZENDESK_URL is not');
    if (oauth !== undefined) throw new ConfigError('ZENDESK_OAUTH_TOKEN', 'is set but ZENDESK_URL is not');
    return null;
  }
  if (oauth !== undefined) {
    if (apiToken !== undefined) {
      throw new ConfigError('ZENDESK_OAUTH_TOKEN', 'set either ZENDESK_OAUTH_TOKEN or ZENDESK_API_TOKEN, not both');
    }
    return { url, auth: 'oauth', oauthToken: oauth };
  }
  if (apiToken === undefined) {
    throw new ConfigError('ZENDESK_URL', 'needs ZENDESK_EMAIL with ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN');
  }
  if (email === undefined) throw new ConfigError('ZENDESK_EMAIL', 'is required with ZENDESK_API_TOKEN');
  return { url, auth: 'token', email, apiToken };
}

function isPostgresUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An ISO 8601 duration (`PT5M`, `PT90S`, `P1D`) in ms; null when it is not one, or has years or months (no fixed length). */
function isoDurationMs(text: string): number | null {
  const duration = Duration.fromISO(text);
  if (!duration.isValid || duration.years !== 0 || duration.months !== 0) return null;
  return duration.as('milliseconds');
}
