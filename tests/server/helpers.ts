import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePolicy, type Policy } from '../../src/core/schedule.js';
import { createZendeskClient, type ZendeskClient } from '../../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import type { WorkerOptions } from '../../src/server/delivery/worker.js';
import { setupTicketFields } from '../../src/server/setup/run-setup.js';
import type { FieldIds } from '../../src/server/setup/fields.js';

export const AGENT_TOKEN = 'agent-token-0123456789abcdef';
export const AUTOMATION_TOKEN = 'automation-token-0123456789ab';

/** Fast retries so fault tests finish in milliseconds, not minutes. */
export const FAST_WORKER: Partial<WorkerOptions> = { pollMs: 20, baseDelayMs: 5, maxDelayMs: 40, leaseMs: 10_000 };

export function policyOf(json: unknown): Policy {
  const parsed = parsePolicy(json);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.policy;
}

export interface Stack {
  dataDir: string;
  sandbox: Sandbox;
  served: ServedSandbox;
  zendesk: ZendeskClient;
  fieldIds: FieldIds;
  backend: RunningServer;
  restart(options?: { crashAt?: never }): Promise<RunningServer>;
  close(): Promise<void>;
}

/** A sandbox served over HTTP on a free port, `setup` run against it, and the real backend on a free port. */
export async function startStack(
  options: {
    policy?: Policy;
    now?: () => number;
    worker?: Partial<WorkerOptions>;
    timeoutMs?: number;
    publicUrl?: string;
  } = {},
): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-stack-'));
  const sandbox = createSandbox();
  const served = await serveSandbox(sandbox, { port: 0 });
  const zendesk = createZendeskClient({
    baseUrl: served.url,
    auth: { email: 'admin@example.com', apiToken: 'sandbox' },
    timeoutMs: options.timeoutMs ?? 2_000,
    baseDelayMs: 5,
    maxDelayMs: 20,
  });
  // Setup gets its own client with a generous time-out: a test's short one is for the deliveries it studies, and
  // on a loaded machine making the fields may take longer. A failed setup closes the sandbox it started.
  const setupClient = createZendeskClient({
    baseUrl: served.url,
    auth: { email: 'admin@example.com', apiToken: 'sandbox' },
    timeoutMs: 10_000,
  });
  const setup = await setupTicketFields(setupClient, dataDir).catch(async (error: unknown) => {
    await served.close();
    throw error;
  });
  const fieldIds = setup.file!.fields;
  const policy =
    options.policy ??
    policyOf({
      timeZone: 'America/Chicago',
      rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
    });
  const start = () =>
    startServer({
      dataDir,
      port: 0,
      tokens: { agent: AGENT_TOKEN, automation: AUTOMATION_TOKEN },
      policy,
      zendesk,
      fieldIds,
      logger: false,
      worker: { ...FAST_WORKER, ...options.worker },
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
    });
  const stack: Stack = {
    dataDir,
    sandbox,
    served,
    zendesk,
    fieldIds,
    backend: await start(),
    async restart() {
      await stack.backend.close();
      stack.backend = await start();
      return stack.backend;
    },
    async close() {
      await stack.backend.close();
      await served.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One request to a running server, JSON in and out. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string | null;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** Fail with an error naming the request when no full answer comes within this time. */
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? AGENT_TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    text = await response.text();
  } catch (error) {
    const why = (error as Error)?.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : String(error);
    throw new Error(`${method} ${base}${path}: ${why}`, { cause: error });
  }
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON (the schedule page, the feed): keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Creates a sandbox ticket for a requester in a given zone and language; returns its id. */
export async function newTicket(
  stack: Pick<Stack, 'served'>,
  requester: { name: string; email: string; locale?: string; timeZone?: string } = {
    name: 'Dana Scully',
    email: 'dana@customer.example',
    locale: 'en-US',
    timeZone: 'America/New_York',
  },
): Promise<number> {
  const answer = await call(stack.served.url, 'POST', '/_sandbox/tickets', {
    token: null,
    body: { subject: 'Upgrade to 5.2', requester },
  });
  if (answer.status !== 201) throw new Error(`sandbox ticket: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.ticket.id as number;
}

/** Waits until `check` holds, polling; fails with `what` after `timeoutMs` (a guard, not a timed assertion). */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The product's comments on a sandbox ticket (those the API user wrote), oldest first. */
export function productComments(stack: Pick<Stack, 'sandbox'>, ticketId: number) {
  const ticket = stack.sandbox.state.tickets.find((candidate) => candidate.id === ticketId);
  if (ticket === undefined) throw new Error(`no sandbox ticket ${ticketId}`);
  return ticket.comments.filter((comment) => comment.author_id === stack.sandbox.apiUserId);
}

/** The next Tuesday or Friday 18:00 Chicago window at least 8 days after `now`, as an ISO string. */
export function nextWindowStart(backendWindows: { start: string; bookable: boolean }[]): string {
  const offer = backendWindows.find((window) => window.bookable);
  if (offer === undefined) throw new Error('no bookable window');
  return offer.start;
}
