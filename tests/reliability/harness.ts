// The reliability suite's harness: the real `upgrade-windows serve` in its own process (PORT=0, a temp DATA_DIR),
// pointed at a sandbox served by the test process, so the sandbox and its ledger outlive every SIGKILL of the server.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createZendeskClient } from '../../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';
import { signWebhook } from '../../src/zendesk/signing.js';
import { setupTicketFields } from '../../src/server/setup/run-setup.js';
import { DATABASE_FILE, INBOX_FILE } from '../../src/server/store/sqlite.js';
import { writeZendeskFile } from '../../src/server/setup/fields.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, call as serverCall, type HttpAnswer } from '../server/helpers.js';

export { AGENT_TOKEN, AUTOMATION_TOKEN };

/**
 * No request of the suite may wait longer than this: a stuck one fails naming itself instead of hanging jest
 * (and CI) until the suite's time-out.
 */
export const REQUEST_TIMEOUT_MS = 15_000;
export const WEBHOOK_SECRET = 'reliability-webhook-secret-0123456789';
export const OTHER_SECRET = 'a-secret-zendesk-never-gave-us-98765';

const ROOT = join(__dirname, '..', '..');
const REGISTER = join(ROOT, 'tests', 'server', 'fixtures', 'register.cjs');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

/** Every upgrade window of the day, every 15 minutes in UTC, no lead time: a booking can start within minutes. */
export const BUSY_POLICY = {
  timeZone: 'UTC',
  leadTime: 'PT0M',
  rules: Array.from({ length: 96 }, (_, index) => ({
    id: `q${String(index).padStart(2, '0')}`,
    weekly: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
    start: `${String(Math.floor(index / 4)).padStart(2, '0')}:${String((index % 4) * 15).padStart(2, '0')}`,
    duration: 'PT15M',
    capacity: 3,
  })),
};

/**
 * docs/POLICY.md's example policy: two six-hour windows a week. The attack suite uses it because the public schedule routes
 * render every window of 6 or 12 months, and with BUSY_POLICY's 96 windows a day one GET /schedule.ics costs
 * about 20 s of CPU: thousands of generated requests to it would outlast any time-out (a finding of its own).
 */
export const VENDOR_POLICY = {
  timeZone: 'America/Chicago',
  leadTime: 'P7D',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: null }],
};

/** Zendesk's account budget on its largest plan (Enterprise Plus, High Volume add-on): requests a minute. */
export const ZENDESK_LARGEST_PLAN_PER_MINUTE = 2_500;

export interface World {
  dataDir: string;
  sandbox: Sandbox;
  served: ServedSandbox;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A sandbox on a free loopback port, `setup`'s ticket fields made on it, a DATA_DIR holding zendesk.json and
 * the policy, and the environment that makes `serve` use that sandbox as its Zendesk (credentials mode).
 */
export async function prepareWorld(policy: unknown = BUSY_POLICY): Promise<World> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-reliability-'));
  // The ledger must hold every request of a 30 s load so the final count of comment writes is complete.
  // Zendesk's real limits stay on: the account budget of the largest plan (Enterprise Plus and the High Volume
  // add-on, 2,500 requests a minute) and 30 updates per ticket per 10 minutes. The load is above that budget, so
  // the product must pace itself from the rate-limit headers.
  const sandbox = createSandbox({
    ledgerLimit: 1_000_000,
    webhookRetries: 0,
    settings: { accountRequestsPerMinute: ZENDESK_LARGEST_PLAN_PER_MINUTE },
  });
  const served = await serveSandbox(sandbox, { port: 0 });
  const client = createZendeskClient({ baseUrl: served.url, auth: { email: 'admin@example.com', apiToken: 'x' } });
  const setup = await setupTicketFields(client, dataDir);
  // What `setup` stores once it made the webhook: the signing secret Zendesk signs with.
  writeZendeskFile(dataDir, { ...setup.file!, webhook: { id: 'reliability', secret: WEBHOOK_SECRET } });
  const policyFile = join(dataDir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(policy));
  return {
    dataDir,
    sandbox,
    served,
    env: {
      PORT: '0',
      DATA_DIR: dataDir,
      POLICY_FILE: policyFile,
      ZENDESK_URL: served.url,
      ZENDESK_EMAIL: 'admin@example.com',
      ZENDESK_API_TOKEN: 'sandbox',
      // What Zendesk would call; the load generator signs and sends the webhooks itself.
      PUBLIC_URL: 'http://127.0.0.1:9/',
      AGENT_API_TOKEN: AGENT_TOKEN,
      AUTOMATION_API_TOKEN: AUTOMATION_TOKEN,
    },
    async close() {
      await served.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `upgrade-windows serve` (the TypeScript sources, through the crash tests' loader) in a child process. */
export class ServerProcess {
  /** Every server started and not yet exited, so `afterAll` can end them all even after a failed test. */
  private static readonly running = new Set<ServerProcess>();

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    private readonly errors: { tail: string },
    /** What serve printed up to its BACKEND_URL line (ports, the sandbox's URL in sandbox mode). */
    readonly banner: string,
  ) {}

  static async start(env: Record<string, string>): Promise<ServerProcess> {
    const { PATH, HOME, TMPDIR, NODE_OPTIONS } = process.env;
    const child = fork(REGISTER, [MAIN, 'serve'], {
      env: { ...definedOnly({ PATH, HOME, TMPDIR, NODE_OPTIONS }), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // The server logs every request at info on stderr: drain it (a full pipe would stall the server), keep the tail.
    const errors = { tail: '' };
    child.stderr!.on('data', (chunk: Buffer) => {
      errors.tail = (errors.tail + chunk.toString()).slice(-4_000);
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start in 60 s: ${errors.tail}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /BACKEND_URL=(\S+)/.exec(out);
        if (found !== null) {
          clearTimeout(timer);
          resolve(found[1]!);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`serve exited before listening (${code ?? signal}): ${errors.tail}`));
      });
    });
    child.stdout!.resume();
    const server = new ServerProcess(child, url, errors, out);
    ServerProcess.running.add(server);
    child.once('exit', () => ServerProcess.running.delete(server));
    return server;
  }

  /** Stops every server still running (SIGTERM, SIGKILL after the grace period): for `afterAll`. */
  static async stopAll(): Promise<void> {
    await Promise.all([...ServerProcess.running].map((server) => server.stop()));
  }

  get stderrTail(): string {
    return this.errors.tail;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  exited(): Promise<NodeJS.Signals | number | null> {
    if (!this.alive) return Promise.resolve(this.child.signalCode ?? this.child.exitCode);
    return new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? code)));
  }

  /** The harshest end: no flush, no cleanup, requests in flight cut. */
  async kill(): Promise<NodeJS.Signals | number | null> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited();
  }

  /**
   * Graceful stop (SIGTERM: finish requests and the delivery in flight); SIGKILL when that takes longer than
   * `graceMs`, so a server stuck on a request never keeps the suite waiting.
   */
  async stop(graceMs = 10_000): Promise<NodeJS.Signals | number | null> {
    if (!this.alive) return this.exited();
    const exited = this.exited();
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    const first = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    this.child.kill('SIGKILL');
    return exited;
  }
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** `tests/server/helpers.ts`'s `call` with a time-out: a request that gets no full answer throws an error naming it. */
export function call(
  base: string,
  method: string,
  path: string,
  options: Parameters<typeof serverCall>[3] = {},
): Promise<HttpAnswer> {
  return serverCall(base, method, path, { timeoutMs: REQUEST_TIMEOUT_MS, ...options });
}

/** Why a request got no answer, in words: a time-out names the limit. */
export function describeFailure(error: unknown): string {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${REQUEST_TIMEOUT_MS} ms`;
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return cause ?? (error as Error | undefined)?.message ?? String(error);
}

/** A new sandbox ticket for `requester` (through the timed `call`); its id. */
export async function newTicket(
  world: Pick<World, 'served'>,
  requester: { name: string; email: string; locale?: string; timeZone?: string },
): Promise<number> {
  const answer = await call(world.served.url, 'POST', '/_sandbox/tickets', {
    token: null,
    body: { subject: 'Upgrade to 5.2', requester },
  });
  if (answer.status !== 201) throw new Error(`sandbox ticket: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { ticket: { id: number } }).ticket.id;
}

/** The headers Zendesk sends with a webhook, signed with `secret` at `at` (now by default). */
export function signedHeaders(
  body: string | Buffer,
  options: { secret?: string; at?: number; invocationId?: string } = {},
): Record<string, string> {
  const timestamp = new Date(options.at ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature': signWebhook(options.secret ?? WEBHOOK_SECRET, timestamp, body),
    'x-zendesk-webhook-signature-timestamp': timestamp,
    ...(options.invocationId !== undefined ? { 'x-zendesk-webhook-invocation-id': options.invocationId } : {}),
  };
}

export const STORE_TABLES = [
  'upgrades',
  'bookings',
  'history',
  'outbox',
  'idempotency_keys',
  'inbox',
  'processed_comments',
  'watch_marks',
] as const;

/** Rows per table of the server's SQLite file, read through a second, read-only connection (WAL allows it). */
export function storeCounts(dataDir: string): Record<(typeof STORE_TABLES)[number], number> {
  return withStore(dataDir, (db) => {
    const counts = {} as Record<(typeof STORE_TABLES)[number], number>;
    for (const table of STORE_TABLES) {
      counts[table] = Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    }
    return counts;
  });
}

/** Reads of a running server's store made before one is trusted (see `withStore`). */
const STORE_READS = 6;

/**
 * Runs `read` on a read-only connection to the server's store, the inbox's file attached (its `inbox` table).
 *
 * A connection of this process has a WAL index of its own, rebuilt from the WAL when it opens: the server's has no
 * name (docs/DECISIONS.md, 41 and 65), so the server cannot see this reader's marks, and a commit of the server that
 * starts the WAL over during the read can hand it frames of the next generation. Such a read fails
 * (SQLITE_CORRUPT) or answers wrong. So a read counts once two in a row agree, and one that fails is made again;
 * after STORE_READS the last answer (or error) stands, as the server may be changing what is read meanwhile.
 */
export function withStore<T>(dataDir: string, read: (db: Database.Database) => T): T {
  let previous: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    let answer: T;
    try {
      answer = readStoreOnce(dataDir, read);
    } catch (error) {
      if (attempt >= STORE_READS || !(error instanceof Database.SqliteError)) throw error;
      previous = undefined;
      continue;
    }
    const seen = JSON.stringify(answer);
    if (seen === previous || attempt >= STORE_READS) return answer;
    previous = seen;
  }
}

function readStoreOnce<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    db.prepare('ATTACH ? AS inbox_file').run(join(dataDir, INBOX_FILE));
    return read(db);
  } finally {
    db.close();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What each ticket goes through, in order: the comment each step posts is named by `posts`. */
export const STEPS = [
  { posts: 'window_scheduled', event: null, instance: null },
  { posts: 'upgrade_started', event: 'upgrade_started', instance: null },
  { posts: 'instance_upgrade_started', event: 'instance_upgrade_started', instance: 'db-1' },
  { posts: 'instance_upgrade_completed', event: 'instance_upgrade_completed', instance: 'db-1' },
  { posts: 'validation_started', event: 'validation_started', instance: null },
  { posts: 'validation_completed', event: 'validation_completed', instance: null },
  { posts: 'upgrade_completed', event: 'upgrade_completed', instance: null },
] as const;
/** How many of the ticket's comment writes (a PUT with a comment) the sandbox applied: one per delivered comment. */
export function appliedCommentWrites(world: Pick<World, 'sandbox'>, ticketId: number): number {
  return world.sandbox
    .ledger()
    .filter(
      (entry) =>
        entry.method === 'PUT' &&
        entry.path.startsWith(`/api/v2/tickets/${ticketId}.json`) &&
        entry.applied &&
        entry.commentIds.length > 0,
    ).length;
}

/** The answer a request finally got from `sendUntilAnswered`. */
export interface RetriedAnswer {
  status: number;
  body: unknown;
  /** Whether an earlier attempt got no answer (refused, cut by a SIGKILL, timed out): it may have been applied. */
  afterCut: boolean;
  /** Attempts made, this one included. */
  attempts: number;
}

/**
 * Sends a request until an answer other than "server down" (no answer, or a 5xx) comes back, as Zendesk, a
 * pipeline or a balancer sends again: each attempt to the server `target()` names (it may change between attempts),
 * one every `retry.everyMs`, for at most `retry.forMs`; null when none came.
 */
export async function sendUntilAnswered(
  target: () => string,
  method: string,
  path: string,
  make: () => { headers: Record<string, string>; body?: string },
  retry: { forMs: number; everyMs: number },
): Promise<RetriedAnswer | null> {
  const deadline = Date.now() + retry.forMs;
  let afterCut = false;
  for (let attempts = 1; Date.now() < deadline; attempts += 1) {
    const { headers, body } = make();
    try {
      const response = await fetch(`${target()}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status < 500) {
        return { status: response.status, body: text === '' ? null : JSON.parse(text), afterCut, attempts };
      }
    } catch {
      // Refused, reset or cut by a SIGKILL: the sender tries again.
      afterCut = true;
    }
    await sleep(retry.everyMs);
  }
  return null;
}

/** A 409 ALREADY_BOOKED: the ticket already holds a booking (docs/API.md). */
export const isAlreadyBooked = (answer: { status: number; body: unknown }) =>
  answer.status === 409 && (answer.body as { error?: { code?: string } } | null)?.error?.code === 'ALREADY_BOOKED';

/** Requests of a load in flight: `track` adds one, `settle` waits until none is left (those may start more). */
export function inFlightRequests(): { track(work: Promise<void>): void; settle(): Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  return {
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    },
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

/** A ticket of a load, which sends its steps one after another. */
export interface LoadTicket<S extends string = string> {
  id: number;
  email: string;
  /** Index of the next step to send; the number of steps when done. */
  next: number;
  inFlight: boolean;
  acknowledged: S[];
  refused: { step: S; status: number; body: unknown }[];
}

/**
 * Round-robin over a load's tickets: each call gives the next ticket after the last one given that has no step in
 * flight and steps left (`next < steps`), or undefined while none has.
 */
export function roundRobin<T extends LoadTicket>(tickets: readonly T[], steps: number): () => T | undefined {
  let cursor = 0;
  return () => {
    for (let probe = 0; probe < tickets.length; probe += 1) {
      const ticket = tickets[(cursor + probe) % tickets.length]!;
      if (ticket.inFlight || ticket.next >= steps) continue;
      cursor = (cursor + probe + 1) % tickets.length;
      return ticket;
    }
    return undefined;
  };
}

/** Hot fixes waive the lead time and may start any minute: a start on the minute, about 5 minutes from now. */
export function hotfixStartSoon(): string {
  return new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000).toISOString();
}

/** Has the sandbox inject each fault `at` ms from now; settles once every one is in place. */
export function injectFaults(
  world: Pick<World, 'served'>,
  faults: { at: number; fault: Record<string, unknown> }[],
): Promise<unknown> {
  return Promise.all(
    faults.map(({ at, fault }) =>
      sleep(at).then(() => call(world.served.url, 'POST', '/_sandbox/faults', { token: null, body: fault })),
    ),
  );
}
