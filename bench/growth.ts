import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { BOOKINGS_PAGE_DEFAULT } from '../src/contract/bookings.js';
import { applyEvent, newUpgrade, WATCHED_STATES, type Upgrade } from '../src/core/lifecycle/index.js';
import type { ReportedEvent } from '../src/core/lifecycle/types.js';
import { DEFAULT_POLICY_JSON, parsePolicy, type Policy } from '../src/core/schedule.js';
import type { Window } from '../src/core/types.js';
import { RECONCILED_STATES } from '../src/server/capture/reconcile.js';
import { lifecycleContext } from '../src/server/changes/context.js';
import { ChangeWriter } from '../src/server/changes/write.js';
import { createRenderer } from '../src/server/delivery/render.js';
import { RequesterDirectory } from '../src/server/requesters.js';
import { writeZendeskFile } from '../src/server/setup/fields.js';
import { setupTicketFields } from '../src/server/setup/run-setup.js';
import { DATABASE_FILE, INBOX_FILE, SqliteStore } from '../src/server/store/sqlite.js';
import type { StoreOps } from '../src/server/store/types.js';
import { bookChecked } from '../src/server/use-cases/booking.js';
import { createUseCases } from '../src/server/use-cases/index.js';
import { eligibleWindows } from '../src/server/use-cases/offers.js';
import { createZendeskClient } from '../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type ServedSandbox } from '../src/zendesk/sandbox/index.js';
import { median, medianWithRuns, percentile, repeat, RUNS, type BenchSection, type SummaryRow } from './section.js';
import { listeningUrl, sandboxTickets } from './serving.js';

/** Tickets per store volume (GROWTH_VOLUMES=1000,10000 to run fewer). */
const VOLUMES = (process.env.GROWTH_VOLUMES ?? '1000,10000,100000').split(',').map(Number);
/** Requests per route and run. */
const REQUESTS = Number(process.env.GROWTH_REQUESTS ?? 200);
/** Tickets seeded per transaction. */
const BATCH = 500;
const DAY_MS = 86_400_000;
/** The seeded requests span this many days before now; their windows reach up to two months after now. */
const SPAN_DAYS = 700;
const AGENT_TOKEN = 'bench-agent-token-0123456789';
/**
 * The server to measure: this build's, or GROWTH_SERVE (the `main.js` of an earlier build, for a before/after on
 * the same seeded data; the schema is then rolled back to GROWTH_SCHEMA, see `rollBack`).
 */
const MAIN = process.env.GROWTH_SERVE ?? fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ROLL_BACK_TO = process.env.GROWTH_SCHEMA === undefined ? null : Number(process.env.GROWTH_SCHEMA);
/**
 * GROWTH_CACHE=DIR keeps each seeded volume there and copies it on the next bench instead of seeding again (100k
 * takes minutes): the before/after comparison then runs on the very same data. Seeded data ages: reuse it the same day.
 */
const CACHE = process.env.GROWTH_CACHE ?? null;
const HEALTH_POLL_MS = 100;

type Route = 'windows' | 'ticket' | 'bookings' | 'booking' | 'event' | 'schedule';
const ROUTES: { key: Route; name: string; agent: boolean }[] = [
  { key: 'windows', name: 'GET /api/windows?ticket=', agent: true },
  { key: 'ticket', name: 'GET /api/tickets/:id', agent: true },
  { key: 'bookings', name: 'GET /api/bookings (a month, first page)', agent: true },
  { key: 'booking', name: 'POST /api/tickets/:id/window (a booking)', agent: true },
  { key: 'event', name: 'POST /api/tickets/:id/events (an event)', agent: true },
  { key: 'schedule', name: 'GET /schedule', agent: false },
];

interface RunFigures {
  startupMs: number;
  /** Outbox items pending when the server first answered /healthz, and the time until none was. */
  drain: { items: number; ms: number };
  latency: Record<Route, { p50: number; p99: number; errors: number }>;
  rssMb: number;
  peakRssMb: number;
}

interface VolumeFigures {
  tickets: number;
  seedMs: number;
  /** Copied from GROWTH_CACHE, seeded by an earlier bench. */
  cached: boolean;
  rows: Record<string, number>;
  dbMb: number;
  /** Milliseconds per call of the store's queries behind the hot paths, on the seeded store (median of 5). */
  queries: Record<string, number>;
  runs: RunFigures[];
}

/**
 * Cost as data grows (issue 19): stores of about 1k, 10k and 100k tickets, each with bookings over two years of
 * windows and their history, made through the product's own code (the lifecycle, ChangeWriter, SqliteStore, the
 * booking use case), then the real `serve` started on each (credentials mode against a sandbox in this process).
 */
export async function bench(): Promise<BenchSection> {
  // Zendesk's rate limits lifted: the bench measures the product, not an account's budget.
  const unlimited = { accountRequestsPerMinute: 1_000_000, ticketUpdatesPerWindow: 1_000_000 };
  const sandbox = createSandbox({ webhookRetries: 0, settings: unlimited });
  const zendesk = await serveSandbox(sandbox, { port: 0 });
  const policy = defaultPolicy();
  const volumes: VolumeFigures[] = [];
  try {
    for (const tickets of VOLUMES) volumes.push(await measureVolume(tickets, sandbox, zendesk, policy));
  } finally {
    await zendesk.close();
  }
  return report(volumes);
}

function defaultPolicy(): Policy {
  const parsed = parsePolicy(DEFAULT_POLICY_JSON);
  if (!parsed.ok) throw new Error(`default policy: ${parsed.errors.join('; ')}`);
  return parsed.policy;
}

async function measureVolume(
  tickets: number,
  sandbox: ReturnType<typeof createSandbox>,
  zendesk: ServedSandbox,
  policy: Policy,
): Promise<VolumeFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), `uw-growth-${tickets}-`));
  try {
    const client = createZendeskClient({ baseUrl: zendesk.url, auth: { email: 'admin@example.com', apiToken: 'x' } });
    const setup = await setupTicketFields(client, dataDir);
    writeZendeskFile(dataDir, setup.file!);
    // Tickets that exist in the sandbox: the running upgrades the reads and events use, and per run the fresh
    // tickets booked through the API and those whose bookings wait in the outbox when the server starts.
    const fresh = (count: number) => sandboxTickets(sandbox, count);
    const running = fresh(REQUESTS);
    const toBook = Array.from({ length: RUNS }, () => fresh(REQUESTS));
    const backlog = Array.from({ length: RUNS }, () => fresh(REQUESTS));

    const { seedNow, seedMs, cached = false } = await seeded(dataDir, policy, tickets, running);
    // The store code timed here is this build's: with an earlier server, its queries are not the ones measured.
    const queries = ROLL_BACK_TO === null ? await timeQueries(dataDir, seedNow, tickets) : {};
    rollBack(dataDir);
    const rows = countRows(dataDir);
    const dbMb = databaseBytes(dataDir) / 1e6;

    const runs = await repeat(async (run) => {
      await seedBacklog(dataDir, policy, backlog[run]!);
      rollBack(dataDir);
      return measureRun(dataDir, zendesk.url, { run, running, toBook: toBook[run]!, seedNow });
    });
    return { tickets, seedMs, cached, rows, dbMb, queries, runs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Seeds the volume into `dataDir`, or copies it from GROWTH_CACHE when an earlier bench seeded it there. */
async function seeded(
  dataDir: string,
  policy: Policy,
  tickets: number,
  running: number[],
): Promise<{ seedNow: number; seedMs: number; cached?: boolean }> {
  const files = [DATABASE_FILE, `${DATABASE_FILE}-wal`, INBOX_FILE, `${INBOX_FILE}-wal`];
  const kept = CACHE === null ? null : join(CACHE, String(tickets));
  const marker = kept === null ? null : join(kept, 'seeded.json');
  if (marker !== null && existsSync(marker)) {
    const seed = JSON.parse(readFileSync(marker, 'utf8')) as { seedNow: number; seedMs: number; running: number[] };
    // The sandbox numbers its tickets in creation order, so the same bench makes the same running tickets.
    if (JSON.stringify(seed.running) !== JSON.stringify(running)) throw new Error(`${marker}: other sandbox tickets`);
    for (const file of files) if (existsSync(join(kept!, file))) copyFileSync(join(kept!, file), join(dataDir, file));
    process.stderr.write(`growth: ${tickets} tickets copied from ${kept}\n`);
    return { seedNow: seed.seedNow, seedMs: seed.seedMs, cached: true };
  }
  process.stderr.write(`growth: seeding ${tickets} tickets\n`);
  const seedNow = Date.now();
  const started = performance.now();
  await seedHistory(dataDir, policy, tickets, running, seedNow);
  const seedMs = performance.now() - started;
  process.stderr.write(`growth: seeded ${tickets} tickets in ${Math.round(seedMs)} ms\n`);
  if (kept !== null) {
    mkdirSync(kept, { recursive: true });
    for (const file of files) if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(kept, file));
    writeFileSync(marker!, JSON.stringify({ seedNow, seedMs, running }));
  }
  return { seedNow, seedMs };
}

/** A small deterministic generator, so every volume is the same shape from one bench to the next. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * The history, through the product's own code in transactions of BATCH tickets: each ticket's request falls in
 * the SPAN_DAYS before now and books one of the next windows (0 to 60 days later) as the booking use case would;
 * one in ten is rescheduled a day later; a window already begun was started, one instance upgraded, validated and completed. Every comment was
 * delivered (markDelivered). Then the `running` tickets: a hot fix begun an hour ago, still running.
 */
async function seedHistory(dataDir: string, policy: Policy, tickets: number, running: number[], now: number) {
  const store = SqliteStore.open(dataDir);
  const changes = new ChangeWriter(policy, false);
  const counts = new Map<number, number>();
  const next = random(tickets);
  const spanStart = now - SPAN_DAYS * DAY_MS;
  try {
    for (let first = 0; first < tickets; first += BATCH) {
      await store.transaction(async (tx) => {
        for (let index = first; index < Math.min(tickets, first + BATCH); index += 1) {
          const ticketId = 10_000_000 + index;
          const requestAt = spanStart + Math.floor(next() * SPAN_DAYS * DAY_MS);
          const later = Math.floor(next() * 60) * DAY_MS;
          const life = new TicketLife(tx, changes, policy, counts, ticketId);
          const window = eligibleWindows(policy, requestAt + later, counts, 1, undefined)[0]!;
          await life.book(window, requestAt);
          if (next() < 0.1) {
            const moved = eligibleWindows(policy, window.end, counts, 1, undefined)[0]!;
            await life.book(moved, requestAt + DAY_MS);
          }
          const booked = life.upgrade.booking!;
          if (booked.start <= now) {
            const minutes = (count: number) => booked.start + count * 60_000;
            await life.event('upgrade_started', booked.start);
            await life.event('instance_upgrade_started', minutes(5), 'app-1');
            await life.event('instance_upgrade_completed', minutes(50), 'app-1');
            await life.event('validation_started', minutes(60));
            await life.event('validation_completed', minutes(80));
            await life.event('upgrade_completed', minutes(90));
          }
          await life.deliverAll(booked.start);
        }
      });
    }
    await store.transaction(async (tx) => {
      for (const ticketId of running) {
        const life = new TicketLife(tx, changes, policy, counts, ticketId);
        const window: Window = { rule: 'hotfix', start: now - 3_600_000, end: now + DAY_MS, timeZone: policy.timeZone };
        await life.book(window, now - 2 * 3_600_000, 'hotfix');
        await life.event('upgrade_started', now - 3_600_000);
        await life.deliverAll(now - 3_600_000);
      }
    });
  } finally {
    await store.close();
  }
}

/** One ticket's changes, each as the product writes it (lifecycle → ChangeWriter → store), in the caller's transaction. */
class TicketLife {
  upgrade: Upgrade;
  private version = 0;

  constructor(
    private readonly tx: StoreOps,
    private readonly changes: ChangeWriter,
    private readonly policy: Policy,
    private readonly counts: Map<number, number>,
    private readonly ticketId: number,
  ) {
    this.upgrade = newUpgrade(String(ticketId));
  }

  async book(window: Window, at: number, kind: 'maintenance' | 'hotfix' = 'maintenance'): Promise<void> {
    const input = { start: window.start, class: kind, ...(kind === 'hotfix' ? { reason: 'bench' } : {}) };
    const result = bookChecked(this.upgrade, input, window, at, this.counts, this.policy);
    const previous = this.upgrade.booking?.start;
    await this.write(result, at, 'booking');
    if (previous !== undefined) this.counts.set(previous, (this.counts.get(previous) ?? 1) - 1);
    this.counts.set(window.start, (this.counts.get(window.start) ?? 0) + 1);
  }

  async event(type: ReportedEvent, at: number, instance: string | null = null): Promise<void> {
    const context = lifecycleContext(this.policy, this.counts, at, undefined);
    const result = applyEvent(
      this.upgrade,
      { type, instance, reason: null, anticipatedEnd: null, key: `${type}:${instance}:${this.ticketId}` },
      context,
    );
    await this.write(result, at, type);
  }

  /** Marks every queued delivery of the ticket delivered, as the delivery worker does after Zendesk answers. */
  async deliverAll(at: number): Promise<void> {
    for (const entry of await this.tx.listHistory(this.ticketId)) {
      if (entry.outboxId !== null) await this.tx.markDelivered(entry.outboxId, at);
    }
  }

  private async write(result: ReturnType<typeof applyEvent>, at: number, cause: string): Promise<void> {
    if (!result.ok) throw new Error(`seeding ticket ${this.ticketId}: ${result.code} ${result.reason}`);
    const before = this.upgrade;
    const agent = { id: '1', name: 'Bench Agent' };
    await this.changes.write(this.tx, {
      ticketId: this.ticketId,
      version: this.version,
      before,
      result,
      agent,
      now: at,
      cause,
    });
    this.upgrade = result.upgrade;
    this.version += 1;
  }
}

/** `tickets` booked through the booking use case (one transaction each), their comments left in the outbox. */
async function seedBacklog(dataDir: string, policy: Policy, tickets: number[]): Promise<void> {
  const store = SqliteStore.open(dataDir);
  try {
    const changes = new ChangeWriter(policy, false);
    const useCases = createUseCases({
      store,
      policy,
      changes,
      requesters: new RequesterDirectory(null, Date.now),
      render: createRenderer({ policy, now: Date.now }),
      now: Date.now,
      onEnqueued: () => undefined,
    });
    const [window] = await useCases.windows({ count: 1 });
    for (const ticketId of tickets) {
      await useCases.book(ticketId, { start: Date.parse(window!.start), class: 'maintenance' }, null);
    }
  } finally {
    await store.close();
  }
}

/** The store's queries behind the hot paths, timed on the seeded store in this process (median of 5 calls each). */
async function timeQueries(dataDir: string, now: number, tickets: number): Promise<Record<string, number>> {
  const store = SqliteStore.open(dataDir);
  try {
    const month = { from: now - 365 * DAY_MS, to: now - 335 * DAY_MS };
    // An export page's tickets, spread over the seeded ones (seedHistory numbers them from 10,000,000).
    const exportPage = Array.from({ length: 1_000 }, (_, index) => 10_000_000 + Math.floor((index * tickets) / 1_000));
    const calls: Record<string, () => Promise<unknown>> = {
      'activeBookingCounts (windows, every booking and event)': () => store.activeBookingCounts(1),
      // The route's first page: the default limit and the one more that says whether a next page exists.
      [`listBookings, a month's first ${BOOKINGS_PAGE_DEFAULT} + 1`]: () =>
        store.listBookings({ ...month, limit: BOOKINGS_PAGE_DEFAULT + 1 }),
      'listUpgradesInStates, every watched state': () => store.listUpgradesInStates(WATCHED_STATES),
      'listUpgradesInStates as the overrun watch asks (every 30 s)': () =>
        store.listUpgradesInStates(WATCHED_STATES, { startedBy: Date.now() }),
      'listUpgradesInStates (reconciliation: first pass only)': () => store.listUpgradesInStates(RECONCILED_STATES),
      // Each later pass asks for the tickets of an export page (at most 1,000).
      'listUpgradesInStates (reconciliation: one export page of 1,000 tickets, every 4 min)': () =>
        store.listUpgradesInStates(RECONCILED_STATES, { ticketIds: exportPage }),
      'countFailedDeliveries (/healthz)': () => store.countFailedDeliveries(),
      'releaseLeases (start-up)': () => store.releaseLeases(),
      // Delivered again: the same two UPDATEs as a first delivery.
      'markDelivered (every delivery)': () => store.markDelivered(1, now),
    };
    const figures: Record<string, number> = {};
    for (const [name, call] of Object.entries(calls)) {
      await call();
      const samples: number[] = [];
      for (let index = 0; index < 5; index += 1) {
        const started = performance.now();
        await call();
        samples.push(performance.now() - started);
      }
      figures[name] = median(samples);
    }
    return figures;
  } finally {
    await store.close();
  }
}

/**
 * With GROWTH_SCHEMA=3, the schema as it was before migration 4 (issue 19's indexes), so that an earlier build
 * (GROWTH_SERVE) opens the same data: the only SQL this bench writes itself, and it touches no row.
 */
function rollBack(dataDir: string): void {
  if (ROLL_BACK_TO === null) return;
  if (ROLL_BACK_TO !== 3) throw new Error(`GROWTH_SCHEMA: only 3 is known, got ${ROLL_BACK_TO}`);
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    db.exec(`
      DROP INDEX IF EXISTS history_outbox;
      DROP INDEX IF EXISTS outbox_failed;
      DROP INDEX IF EXISTS outbox_leased;
      DROP INDEX IF EXISTS upgrades_state;
      DROP INDEX IF EXISTS bookings_active_counts;
      DROP INDEX IF EXISTS bookings_active_length;
      CREATE INDEX IF NOT EXISTS bookings_active_start ON bookings (start_at) WHERE active = 1;
      UPDATE schema_version SET version = 3;
    `);
  } finally {
    db.close();
  }
}

function countRows(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const count = (table: string) =>
      Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    return Object.fromEntries(['upgrades', 'bookings', 'history', 'outbox'].map((table) => [table, count(table)]));
  } finally {
    db.close();
  }
}

function databaseBytes(dataDir: string): number {
  const size = (file: string) => {
    try {
      return statSync(join(dataDir, file)).size;
    } catch {
      return 0;
    }
  };
  return [DATABASE_FILE, INBOX_FILE].reduce((sum, file) => sum + size(file) + size(`${file}-wal`), 0);
}

/**
 * One run: spawn `serve` on the store (start-up: spawn → healthy /healthz), let it drain the backlog, then REQUESTS
 * requests per route one after the other (latency, not throughput), wait for their deliveries, read its RSS.
 */
async function measureRun(
  dataDir: string,
  zendeskUrl: string,
  plan: { run: number; running: number[]; toBook: number[]; seedNow: number },
): Promise<RunFigures> {
  const started = performance.now();
  const server = await spawnServer(dataDir, zendeskUrl);
  try {
    let health = await waitFor(async () => {
      const answer = await healthOf(server.url);
      return answer?.status === 200 ? answer : null;
    });
    const startupMs = performance.now() - started;
    const healthyAt = performance.now();
    const items = health.deliveries.pending;
    health = await waitFor(async () => {
      const answer = await healthOf(server.url);
      return answer !== null && answer.deliveries.pending === 0 ? answer : null;
    });
    const drain = { items, ms: performance.now() - healthyAt };

    const get = (path: string) => request(server.url, 'GET', path);
    const { running, toBook, seedNow } = plan;
    const pick = (list: number[], index: number) => list[index % list.length]!;
    const monthOf = (index: number) => {
      const from = seedNow - SPAN_DAYS * DAY_MS + (index % 24) * 30 * DAY_MS;
      return `from=${new Date(from).toISOString()}&to=${new Date(from + 30 * DAY_MS).toISOString()}`;
    };
    // Warm-up: every running ticket once (its requester is then in the product's cache), 20 of each other read.
    for (const ticketId of running) await get(`/api/tickets/${ticketId}`);
    for (let index = 0; index < 20; index += 1) {
      await get(`/api/windows?ticket=${pick(running, index)}`);
      await get(`/api/bookings?${monthOf(index)}`);
      await get('/schedule');
    }
    const windows = (await (await fetch(`${server.url}/api/windows?count=1`, { headers: agentHeaders() })).json()) as {
      start: string;
    }[];
    const sequences: Record<Route, (index: number) => Promise<Response>> = {
      windows: (index) => get(`/api/windows?ticket=${pick(running, index)}`),
      ticket: (index) => get(`/api/tickets/${pick(running, index)}`),
      bookings: (index) => get(`/api/bookings?${monthOf(index)}`),
      booking: (index) =>
        request(server.url, 'POST', `/api/tickets/${pick(toBook, index)}/window`, {
          start: windows[0]!.start,
          class: 'maintenance',
        }),
      event: (index) =>
        request(
          server.url,
          'POST',
          `/api/tickets/${pick(running, index)}/events`,
          { type: 'instance_upgrade_started', instance: `bench-${plan.run}` },
          { 'idempotency-key': `growth-${plan.run}-${index}` },
        ),
      schedule: () => get('/schedule'),
    };
    const latency = {} as RunFigures['latency'];
    for (const route of ROUTES) {
      const samples: number[] = [];
      let errors = 0;
      for (let index = 0; index < REQUESTS; index += 1) {
        const sent = performance.now();
        const response = await sequences[route.key](index);
        await response.arrayBuffer();
        samples.push(performance.now() - sent);
        if (!response.ok) errors += 1;
      }
      latency[route.key] = { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), errors };
    }
    await waitFor(async () => {
      const answer = await healthOf(server.url);
      return answer !== null && answer.deliveries.pending === 0 ? answer : null;
    });
    const memory = memoryOf(server.child.pid!);
    return { startupMs, drain, latency, rssMb: memory.rss, peakRssMb: memory.peak };
  } finally {
    await server.close();
  }
}

function agentHeaders(): Record<string, string> {
  return { authorization: `Bearer ${AGENT_TOKEN}`, 'x-agent-name': 'Bench Agent' };
}

function request(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...agentHeaders(),
      ...headers,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

interface Health {
  status: number;
  deliveries: { pending: number; failed: number };
}

async function healthOf(url: string): Promise<Health | null> {
  try {
    const response = await fetch(`${url}/healthz`);
    const body = (await response.json()) as { deliveries?: Health['deliveries'] };
    return { status: response.status, deliveries: body.deliveries ?? { pending: -1, failed: -1 } };
  } catch {
    return null;
  }
}

/** Polls `probe` every HEALTH_POLL_MS until it gives a value (at most two minutes). */
async function waitFor<T>(probe: () => Promise<T | null>): Promise<T> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (performance.now() > deadline) throw new Error('the server did not reach the expected state in 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
  }
}

/** The server's resident memory now and at its peak (Linux /proc), in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** `node build/src/cli/main.js serve` (what `npm start` runs) on `dataDir`, its Zendesk the sandbox served here. */
async function spawnServer(
  dataDir: string,
  zendeskUrl: string,
): Promise<{ url: string; child: ChildProcess; close(): Promise<void> }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      ZENDESK_URL: zendeskUrl,
      ZENDESK_EMAIL: 'admin@example.com',
      ZENDESK_API_TOKEN: 'bench',
      PUBLIC_URL: 'http://127.0.0.1:9/',
      AGENT_API_TOKEN: AGENT_TOKEN,
      AUTOMATION_API_TOKEN: 'bench-automation-token-0123',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await listeningUrl(child);
  child.stdout!.resume();
  return {
    url,
    child,
    close: async () => {
      const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const yes = (met: boolean) => (met ? 'yes' : '**no**');
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');
const kilo = (tickets: number) => (tickets >= 1000 ? `${tickets / 1000}k` : String(tickets));

function report(volumes: VolumeFigures[]): BenchSection {
  const of = (volume: VolumeFigures, pick: (run: RunFigures) => number, digits = 1, unit = '') =>
    medianWithRuns(volume.runs.map(pick), digits, unit);
  const head = `| figure | ${volumes.map((volume) => `${kilo(volume.tickets)} tickets`).join(' | ')} |`;
  const rule = `|---|${volumes.map(() => '---').join('|')}|`;
  const line = (name: string, cell: (volume: VolumeFigures) => string) =>
    `| ${name} | ${volumes.map(cell).join(' | ')} |`;
  const queryNames = Object.keys(volumes[0]?.queries ?? {});
  const first = volumes[0];
  const last = volumes.at(-1);
  const p99 = (volume: VolumeFigures, route: Route) => median(volume.runs.map((run) => run.latency[route].p99));
  const routeRows = ROUTES.map((route) => {
    const ratio = first !== undefined && last !== undefined ? p99(last, route.key) / p99(first, route.key) : NaN;
    return { route, ratio, met: !route.agent || ratio <= 2 };
  });
  const startupLast = last === undefined ? NaN : median(last.runs.map((run) => run.startupMs));
  const startupMet = startupLast < 2_000;
  const errors = volumes.flatMap((volume) =>
    volume.runs.flatMap((run) => ROUTES.map((route) => run.latency[route.key].errors)),
  );
  const errorFree = errors.every((count) => count === 0);
  const body = [
    "Each volume is a fresh data directory seeded through the product's own code, not SQL: the lifecycle",
    '(`book`, `applyEvent`), `ChangeWriter` and `SqliteStore`, in transactions of ' +
      `${BATCH} tickets. Each ticket's request falls in the ${SPAN_DAYS} days before the bench and books one of the`,
    'next windows of the default policy (Tuesday and Friday evenings, no capacity limit) up to 60 days later; one in',
    'ten is rescheduled; a window already begun was started, one instance upgraded, validated and completed; every',
    'comment was delivered',
    `(\`markDelivered\`). ${REQUESTS} more tickets run a hot fix now (the reads and events go to them). Each volume is`,
    `seeded once and used by the ${RUNS} runs; before each run ${REQUESTS} tickets are booked through the booking use`,
    'case with their comments left in the outbox (the backlog the started server drains). A run spawns',
    '`node build/src/cli/main.js serve` (what `npm start` runs) in credentials mode, its Zendesk a sandbox served by',
    'the bench process with rate limits lifted; start-up is spawn → a 200 from /healthz; the drain is from then until',
    `/healthz reports no pending delivery (polled every ${HEALTH_POLL_MS} ms). Then ${REQUESTS} requests per route, one`,
    'at a time (latency, not throughput), after a warm-up (each running ticket viewed once, so its requester is in',
    "the product's cache; 20 of each other read); bookings go to fresh tickets, events are `instance_upgrade_started`",
    'on the running tickets; GET /api/bookings asks for a month moving through the two years and measures its first',
    `page (the default limit, ${BOOKINGS_PAGE_DEFAULT} bookings, and the Link to the next). RSS is read from /proc`,
    'after the run. Other sessions share the machine: see the load average.',
    '',
    head,
    rule,
    line(
      'tickets seeded, seconds to seed',
      (v) =>
        `${thousands(v.tickets)}, ${(v.seedMs / 1000).toFixed(1)} s${v.cached ? ' (by an earlier bench, reused)' : ''}`,
    ),
    line('rows: upgrades / bookings / history / outbox', (v) =>
      ['upgrades', 'bookings', 'history', 'outbox'].map((table) => thousands(v.rows[table] ?? 0)).join(' / '),
    ),
    line('database size (files + WALs) after seeding', (v) => `${v.dbMb.toFixed(1)} MB`),
    line('start-up: spawn → healthy /healthz', (v) => of(v, (run) => run.startupMs, 0, ' ms')),
    line('outbox drain: items, ms', (v) => `${v.runs[0]?.drain.items ?? 0}, ${of(v, (run) => run.drain.ms, 0, ' ms')}`),
    ...ROUTES.flatMap((route) => [
      line(`${route.name} p50`, (v) => of(v, (run) => run.latency[route.key].p50, 1, ' ms')),
      line(`${route.name} p99`, (v) => of(v, (run) => run.latency[route.key].p99, 1, ' ms')),
    ]),
    line(
      'RSS after the run (peak)',
      (v) => `${of(v, (run) => run.rssMb, 0, ' MB')} (${of(v, (run) => run.peakRssMb, 0, ' MB')})`,
    ),
    '',
    ...(queryNames.length === 0
      ? [
          `Server measured: \`${MAIN}\` on the same seeded data, its schema rolled back to version ${ROLL_BACK_TO}`,
          "(the store queries are not timed: the store code in the bench process is this build's).",
        ]
      : [
          'The store queries behind the hot paths, timed on each seeded store in the bench process (median of 5 calls):',
          '',
          head,
          rule,
          ...queryNames.map((name) => line(name, (v) => `${(v.queries[name] ?? NaN).toFixed(2)} ms`)),
        ]),
    '',
    `| route | p99 at ${kilo(last?.tickets ?? 0)} ÷ p99 at ${kilo(first?.tickets ?? 0)} | goal | met |`,
    '|---|---|---|---|',
    ...routeRows.map(
      ({ route, ratio, met }) =>
        `| ${route.name} | ${ratio.toFixed(2)}× | ${route.agent ? '≤ 2×' : '— (public, cached)'} | ${route.agent ? yes(met) : '—'} |`,
    ),
    `| start-up at ${kilo(last?.tickets ?? 0)} | ${Math.round(startupLast)} ms | < 2,000 ms | ${yes(startupMet)} |`,
    `| requests answered with an error | ${errors.reduce((sum, count) => sum + count, 0)} | 0 | ${yes(errorFree)} |`,
  ].join('\n');
  const summary: SummaryRow[] = [
    ...routeRows
      .filter(({ route }) => route.agent)
      .map(({ route, ratio }) => ({
        figure: `${route.name} p99, ${kilo(last?.tickets ?? 0)} ÷ ${kilo(first?.tickets ?? 0)} tickets`,
        value: `${ratio.toFixed(2)}× (${last === undefined ? '' : of(last, (run) => run.latency[route.key].p99, 1, ' ms')})`,
        goal: '≤ 2×',
        peer: `${kilo(first?.tickets ?? 0)} tickets: ${first === undefined ? '' : of(first, (run) => run.latency[route.key].p99, 1, ' ms')}`,
      })),
    {
      figure: `start-up at ${kilo(last?.tickets ?? 0)} tickets`,
      value: last === undefined ? '' : of(last, (run) => run.startupMs, 0, ' ms'),
      goal: '< 2,000 ms',
      peer: `${kilo(first?.tickets ?? 0)} tickets: ${first === undefined ? '' : of(first, (run) => run.startupMs, 0, ' ms')}`,
    },
  ];
  return {
    order: 45,
    title: 'Cost as data grows: 1k, 10k and 100k tickets',
    command: 'npm run bench -- growth',
    body,
    goalsMet: routeRows.every((row) => row.met) && startupMet && errorFree,
    summary,
  };
}
