import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startTestPostgres, type TestPostgres } from '../tests/helpers/postgres.js';
import { writeZendeskFile } from '../src/server/setup/fields.js';
import { setupTicketFields } from '../src/server/setup/run-setup.js';
import { createZendeskClient } from '../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type ServedSandbox } from '../src/zendesk/sandbox/index.js';
import { median, type BenchSection } from './section.js';
import { BENCH_WEBHOOK_ID, invocationIds, listeningUrl, signedWebhookHeaders } from './serving.js';

/**
 * Several `serve` replicas on one Postgres (DATABASE_URL) beside one on SQLite, in the same run: webhook acceptance
 * and booking throughput with 1, 2 and 3 replicas, and how long a killed replica's unfinished deliveries take to be
 * finished by another. Each figure is the median of RUNS rounds; a round measures every set-up in turn on a fresh
 * database, so a change in the machine's load falls on all of them alike.
 */
const RUNS = 3;
const REPLICA_COUNTS = [1, 2, 3] as const;
const WEBHOOK_S = 6;
/** A multiple of 1, 2 and 3: autocannon spreads its connections evenly over the replicas' URLs. */
const WEBHOOK_CONNECTIONS = 12;
const BOOKINGS = 240;
const BOOKING_CONNECTIONS = 6;
/** Every window holds 3 bookings; the bench books each window full and no further. */
const CAPACITY = 3;
/**
 * Deliveries a replica is sending when it is killed. One: a replica's delivery pass waits for every send it claimed,
 * so further items enqueued meanwhile are not yet its own (another replica may claim them at once).
 */
const STRANDED = 1;
const SECRET = 'bench-replicas-webhook-secret-0123456789';
const AGENT_TOKEN = 'bench-replicas-agent-token-0123456789';
const LOAD_FLAG = '--bench-replicas-load';
const HERE = fileURLToPath(import.meta.url);
const MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const POLICY = {
  timeZone: 'UTC',
  leadTime: 'PT0M',
  rules: Array.from({ length: 24 }, (_, hour) => ({
    id: `h${String(hour).padStart(2, '0')}`,
    weekly: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
    start: `${String(hour).padStart(2, '0')}:00`,
    duration: 'PT30M',
    capacity: CAPACITY,
  })),
};

interface LoadResult {
  perSecond: number;
  p99: number;
  ok: number;
  failed: number;
  /**
   * Every answer by its status and, for an error, its code (`{ error: { code } }`): e.g. `201`, `409 WINDOW_UNAVAILABLE`,
   * `503 STORE_UNAVAILABLE`; requests that got no answer count as `socket error` or `time-out`.
   */
  answers: Record<string, number>;
}
type LoadPlan =
  | { kind: 'webhook'; urls: string[]; duration: number }
  | { kind: 'booking'; urls: string[]; ticketIds: number[]; windows: string[] };

interface Setup {
  name: string;
  databaseUrl: string | null;
  replicas: number;
}

export async function bench(): Promise<BenchSection> {
  const loadBefore = loadavg();
  const pg = await startTestPostgres();
  const world = await prepare();
  try {
    const setups = (): Promise<Setup[]> =>
      Promise.all([
        { name: 'SQLite, 1 process', databaseUrl: null, replicas: 1 },
        ...REPLICA_COUNTS.map(async (replicas) => ({
          name: `Postgres, ${replicas} replica${replicas > 1 ? 's' : ''}`,
          databaseUrl: await pg.createDatabase(),
          replicas,
        })),
      ]);
    const results = new Map<string, { webhook: LoadResult; booking: LoadResult }[]>();
    const takeovers: { claimedMs: number; doneMs: number }[] = [];
    for (let round = 0; round < RUNS; round += 1) {
      for (const setup of await setups()) {
        const measured = await measure(world, setup);
        results.set(setup.name, [...(results.get(setup.name) ?? []), measured]);
      }
      takeovers.push(await takeover(world, await pg.createDatabase()));
    }
    return section(results, takeovers, { before: loadBefore, after: loadavg(), postgres: await serverVersion(pg) });
  } finally {
    await world.close();
    await pg.stop();
  }
}

interface World {
  served: ServedSandbox;
  template: string;
  ticketIds: number[];
  close(): Promise<void>;
}

/** The sandbox as the replicas' Zendesk (served by this process), `setup`'s fields and the bench's tickets. */
async function prepare(): Promise<World> {
  const template = mkdtempSync(join(tmpdir(), 'uw-bench-replicas-'));
  const unlimited = { accountRequestsPerMinute: 1_000_000, ticketUpdatesPerWindow: 1_000_000 };
  const served = await serveSandbox(createSandbox({ webhookRetries: 0, settings: unlimited }), { port: 0 });
  const client = createZendeskClient({ baseUrl: served.url, auth: { email: 'admin@example.com', apiToken: 'x' } });
  const setup = await setupTicketFields(client, template);
  writeZendeskFile(template, { ...setup.file!, webhook: { id: BENCH_WEBHOOK_ID, secret: SECRET } });
  writeFileSync(join(template, 'policy.json'), JSON.stringify(POLICY));
  const ticketIds: number[] = [];
  for (let index = 0; index < BOOKINGS + STRANDED; index += 1) {
    const answer = await sandboxCall(served, '/_sandbox/tickets', {
      subject: 'Upgrade to 5.2',
      requester: { name: `Customer ${index}`, email: `bench-${index}@customer.example` },
    });
    ticketIds.push((answer as { ticket: { id: number } }).ticket.id);
  }
  return {
    served,
    template,
    ticketIds,
    close: async () => {
      await served.close();
      rmSync(template, { recursive: true, force: true });
    },
  };
}

async function sandboxCall(served: ServedSandbox, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${served.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Webhook acceptance for WEBHOOK_S seconds, then BOOKINGS bookings, spread evenly over the set-up's replicas. */
async function measure(world: World, setup: Setup): Promise<{ webhook: LoadResult; booking: LoadResult }> {
  const replicas = await Promise.all(Array.from({ length: setup.replicas }, () => startReplica(world, setup)));
  try {
    const urls = replicas.map((replica) => replica.url);
    const webhook = await load({ kind: 'webhook', urls, duration: WEBHOOK_S });
    const windows = await listWindows(urls[0]!, Math.ceil(BOOKINGS / CAPACITY));
    const booking = await load({ kind: 'booking', urls, ticketIds: world.ticketIds.slice(0, BOOKINGS), windows });
    return { webhook, booking };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
  }
}

async function listWindows(url: string, count: number): Promise<string[]> {
  const response = await fetch(`${url}/api/windows?count=${count}`, {
    headers: { authorization: `Bearer ${AGENT_TOKEN}` },
  });
  const windows = (await response.json()) as { start: string }[];
  if (windows.length < count) throw new Error(`only ${windows.length} windows offered, ${count} needed`);
  return windows.map((window) => window.start);
}

interface Replica {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `node build/src/cli/main.js serve` (what `npm start` runs) on its own copy of the DATA_DIR. */
async function startReplica(world: World, setup: Pick<Setup, 'databaseUrl'>): Promise<Replica> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-bench-replica-'));
  cpSync(world.template, dataDir, { recursive: true });
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      POLICY_FILE: join(dataDir, 'policy.json'),
      ZENDESK_URL: world.served.url,
      ZENDESK_EMAIL: 'admin@example.com',
      ZENDESK_API_TOKEN: 'bench',
      PUBLIC_URL: 'http://127.0.0.1:9/',
      AGENT_API_TOKEN: AGENT_TOKEN,
      AUTOMATION_API_TOKEN: 'bench-replicas-automation-token-01',
      ...(setup.databaseUrl !== null ? { DATABASE_URL: setup.databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await listeningUrl(child);
  child.stdout!.resume();
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The time a killed replica's unfinished work waits: one replica starts sending a comment that Zendesk (the
 * sandbox) holds without answering, a second replica starts, the first is killed with SIGKILL; then the times until
 * the second claimed it and until it was posted.
 */
async function takeover(world: World, databaseUrl: string): Promise<{ claimedMs: number; doneMs: number }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const first = await startReplica(world, { databaseUrl });
  let second: Replica | null = null;
  try {
    await sandboxCall(world.served, '/_sandbox/faults', {
      method: 'PUT',
      path: '/api/v2/tickets/*',
      delayMs: 14_000,
      status: 0,
      times: STRANDED,
    });
    const windows = await listWindows(first.url, STRANDED);
    // Zendesk holds the send for 14 s (under the client's 15 s time-out), long enough to kill its sender mid-send.
    const booked = await Promise.all(
      world.ticketIds.slice(BOOKINGS).map((ticketId, index) =>
        fetch(`${first.url}/api/tickets/${ticketId}/window`, {
          method: 'POST',
          headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ start: windows[index], class: 'maintenance' }),
        }),
      ),
    );
    if (booked.some((response) => response.status !== 201)) throw new Error('a booking for the takeover failed');
    const sending = async () =>
      sql`SELECT locked_by FROM outbox WHERE status = 'pending' AND sends > 0 AND locked_by IS NOT NULL`;
    await until(async () => (await sending()).length === STRANDED);
    const holder = (await sending())[0]!.locked_by as string;
    second = await startReplica(world, { databaseUrl });
    // A loaded machine may start the second replica slower than Zendesk holds the send: then nothing is stranded.
    if ((await sending()).length !== STRANDED) throw new Error('the send ended before the second replica started');
    const killed = Date.now();
    first.child.kill('SIGKILL');
    await until(async () => (await sql`SELECT 1 FROM outbox WHERE locked_by = ${holder}`).length === 0);
    const claimedMs = Date.now() - killed;
    await until(async () => (await sql`SELECT 1 FROM outbox WHERE status <> 'delivered'`).length === 0);
    return { claimedMs, doneMs: Date.now() - killed };
  } finally {
    await first.stop();
    await second?.stop();
    await sql.end();
  }
}

/** Polls `done` every 10 ms (the measurement's resolution) for at most a minute. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the takeover did not finish within a minute');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The load runs in a process of its own (autocannon), so it never shares an event loop with what it measures. */
function load(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HERE, LOAD_FLAG, JSON.stringify(plan)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load ended with ${code}`)),
    );
  });
}

interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
type OnResponse = (status: number, body: string) => void;
type Cannon = (options: Record<string, unknown>) => Promise<{
  duration: number;
  latency: { p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}>;

/** What the load process runs: signed webhooks with fresh invocation ids, or one booking per ticket. */
async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const cannon = createRequire(import.meta.url)('autocannon') as Cannon;
  let next = 0;
  const nextInvocationId = invocationIds();
  const answers: Record<string, number> = {};
  const onResponse: OnResponse = (status, body) => {
    const answer = status >= 200 && status < 300 ? String(status) : `${status} ${errorCode(body)}`;
    answers[answer] = (answers[answer] ?? 0) + 1;
  };
  const request =
    plan.kind === 'webhook'
      ? (base: CannonRequest): CannonRequest => {
          const body = `{"ticket_id":"${1 + Math.floor(Math.random() * 10_000)}"}`;
          const headers = signedWebhookHeaders(SECRET, body, nextInvocationId);
          return { ...base, path: '/webhooks/zendesk', headers, body };
        }
      : (base: CannonRequest): CannonRequest => {
          const index = next++;
          const start = plan.windows[Math.floor(index / CAPACITY)];
          const headers = { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' };
          const body = JSON.stringify({ start, class: 'maintenance' });
          return { ...base, path: `/api/tickets/${plan.ticketIds[index]}/window`, headers, body };
        };
  const result = await cannon({
    url: plan.urls,
    connections: plan.kind === 'webhook' ? WEBHOOK_CONNECTIONS : BOOKING_CONNECTIONS,
    ...(plan.kind === 'webhook' ? { duration: plan.duration } : { amount: plan.ticketIds.length }),
    requests: [{ method: 'POST', setupRequest: request, onResponse }],
  });
  // autocannon counts a time-out among its errors too.
  if (result.errors > result.timeouts) answers['socket error'] = result.errors - result.timeouts;
  if (result.timeouts > 0) answers['time-out'] = result.timeouts;
  return {
    perSecond: result['2xx'] / result.duration,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors,
    answers,
  };
}

/** The API's error code in an error answer (docs/API.md, Errors), or `(no code)` for a body without one. */
function errorCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : '(no code)';
  } catch {
    return '(no code)';
  }
}

async function serverVersion(pg: TestPostgres): Promise<string> {
  const sql = postgres(await pg.createDatabase(), { max: 1, onnotice: () => undefined });
  try {
    return String((await sql`SHOW server_version`)[0]!.server_version).split(' ')[0]!;
  } finally {
    await sql.end();
  }
}

function section(
  results: Map<string, { webhook: LoadResult; booking: LoadResult }[]>,
  takeovers: { claimedMs: number; doneMs: number }[],
  machine: { before: number[]; after: number[]; postgres: string },
): BenchSection {
  const runs = (values: number[], unit = '') =>
    `${Math.round(median(values))}${unit} (${values.map((value) => Math.round(value)).join(', ')})`;
  const sqlite = results.get('SQLite, 1 process')!;
  const rows = [...results].map(([name, measured]) => {
    const failed = measured.reduce((sum, m) => sum + m.webhook.failed + m.booking.failed, 0);
    return (
      `| ${name} | ${runs(measured.map((m) => m.webhook.perSecond))} | ${runs(measured.map((m) => m.webhook.p99))} ` +
      `| ${runs(measured.map((m) => m.booking.perSecond))} | ${runs(measured.map((m) => m.booking.p99))} | ${failed} |`
    );
  });
  const failures = [...results.values()].flat().some((m) => m.webhook.failed + m.booking.failed > 0);
  const answers = (loads: LoadResult[]) => {
    const total: Record<string, number> = {};
    for (const { answers } of loads) {
      for (const [answer, count] of Object.entries(answers)) total[answer] = (total[answer] ?? 0) + count;
    }
    return Object.entries(total)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([answer, count]) => `${answer} × ${count}`)
      .join(', ');
  };
  const answerRows = [...results].map(
    ([name, measured]) =>
      `| ${name} | ${answers(measured.map((m) => m.webhook))} | ${answers(measured.map((m) => m.booking))} |`,
  );
  const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(' / ');
  const claimed = takeovers.map((t) => t.claimedMs);
  const done = takeovers.map((t) => t.doneMs);
  const body = [
    `Every replica is \`node build/src/cli/main.js serve\` in its own process with the same \`DATABASE_URL\` (a Postgres`,
    `${machine.postgres} cluster started for the run, fsync off), or with none (SQLite in its DATA_DIR, synchronous=FULL). Their`,
    'Zendesk is the sandbox served by the bench process; the load comes from autocannon 8 in a process of its own,',
    'its connections spread evenly over the replicas, as a round-robin balancer would. Webhooks: each a fresh',
    `invocation, signed, for ${WEBHOOK_S} s on ${WEBHOOK_CONNECTIONS} connections. Bookings: ${BOOKINGS} tickets each`,
    `booking a window on ${BOOKING_CONNECTIONS} connections, ${CAPACITY} to a window, so every window is filled`,
    'to its capacity by bookings from different replicas at once. Each figure is the median of',
    `${RUNS} rounds, the rounds' figures in brackets; each round measures every set-up on a fresh database.`,
    `All processes share the machine's ${availableParallelism()} cores with other work: load average`,
    `(1 / 5 / 15 min) ${load(machine.before)} at the start and ${load(machine.after)} at the end, so several replicas`,
    'compete for the same two cores and these figures show the cost of the shared store, not the gain of more machines.',
    '',
    '| set-up | webhooks accepted/s | webhook p99 ms | bookings/s | booking p99 ms | errors (all rounds) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    'Every answer, by route, status and error code (all rounds): a booking must be 201 (booked) or 409 WINDOW_UNAVAILABLE (full).',
    '',
    '| set-up | `POST /webhooks/zendesk` | `POST /api/tickets/:id/window` |',
    '|---|---|---|',
    ...answerRows,
    '',
    `Takeover: a replica sending a comment (Zendesk holding the request) is killed with SIGKILL beside a`,
    'live one. Its leases are free once its heartbeat (every 2 s) is 10 s old; the live replica then claims the',
    'deliveries, reads each ticket back (the sends may have reached Zendesk) and posts them.',
    '',
    '| figure | median ms (runs) |',
    '|---|---|',
    `| kill → the live replica holds the stranded delivery | ${runs(claimed)} |`,
    `| kill → the stranded delivery posted | ${runs(done)} |`,
  ].join('\n');
  return {
    order: 42,
    title: 'Replicas on one Postgres: throughput and takeover',
    command: 'npm run bench -- replicas',
    body,
    goalsMet: !failures,
    summary: [
      ...REPLICA_COUNTS.map((replicas) => {
        const measured = results.get(`Postgres, ${replicas} replica${replicas > 1 ? 's' : ''}`)!;
        return {
          figure: `${replicas} Postgres replica${replicas > 1 ? 's' : ''}: webhooks/s, bookings/s`,
          value: `${Math.round(median(measured.map((m) => m.webhook.perSecond)))}, ${Math.round(median(measured.map((m) => m.booking.perSecond)))}`,
          goal: 'no errors',
          peer: `SQLite: ${Math.round(median(sqlite.map((m) => m.webhook.perSecond)))}, ${Math.round(median(sqlite.map((m) => m.booking.perSecond)))}`,
        };
      }),
      {
        figure: "a killed replica's deliveries posted by another",
        value: `${Math.round(median(done))} ms`,
        goal: '—',
        peer: '—',
      },
    ],
  };
}

// This module is also the load generator's process.
if (process.argv.includes(LOAD_FLAG)) {
  const plan = JSON.parse(process.argv[process.argv.indexOf(LOAD_FLAG) + 1]!) as LoadPlan;
  void runLoad(plan).then((result) => process.stdout.write(JSON.stringify(result)));
}
