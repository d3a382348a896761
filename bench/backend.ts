import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { createHttpApp } from '../src/server/http/app.js';
import { SqliteStore } from '../src/server/store/sqlite.js';
import { groupCommitInbox } from '../src/server/webhooks/group-commit.js';
import { registerWebhookRoute } from '../src/server/webhooks/route.js';
import { signWebhook } from '../src/zendesk/signing.js';
import { median, type BenchSection, type SummaryRow } from './section.js';

/** The part of autocannon 8's programmatic API used here (it ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface CannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
type Cannon = (options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  requests: { method: string; path: string; setupRequest: (request: CannonRequest) => CannonRequest }[];
}) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const SECRET = 'bench-webhook-secret-0123456789abcdef';
const CONNECTIONS = 16;
const SATURATE_S = 8;
const FIXED_RATE = 1_000;
const FIXED_S = 10;
const STARTS = 5;

/**
 * Webhook acceptance (verify the signature on the raw bytes, deduplicate on the invocation id, store the
 * invocation durably, answer 200): the production route and SqliteStore (WAL, synchronous=FULL), against a
 * bare Fastify route on the same machine in the same run (the limit). The inbox worker is not running: its work
 * happens after the answer. Then the time from spawning `npm start` to a healthy /healthz.
 */
export async function bench(): Promise<BenchSection> {
  const bare = await startBare();
  const receiver = await startReceiver();
  try {
    // Warm both (JIT, SQLite page cache) before measuring; the order alternates so neither gets the cooler machine.
    await load(bare.url, { duration: 2 });
    await load(receiver.url, { duration: 2 });
    const bareMax = await load(bare.url, { duration: SATURATE_S });
    const webhookMax = await load(receiver.url, { duration: SATURATE_S });
    const webhookFixed = await load(receiver.url, { duration: FIXED_S, overallRate: FIXED_RATE });
    const bareFixed = await load(bare.url, { duration: FIXED_S, overallRate: FIXED_RATE });
    const stored = receiver.stored();
    const startups = await startupTimes();
    const startup = median(startups);

    const ratio = webhookMax.requests.average / bareMax.requests.average;
    const throughputMet = ratio >= 0.5;
    const latencyMet = webhookFixed.latency.p99 < 20 && webhookFixed.non2xx === 0 && webhookFixed.errors === 0;
    const startupMet = startup < 2_000;
    const row = (name: string, result: CannonResult) =>
      `| ${name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p90} | ${result.latency.p99} | ${result.latency.max} | ${result.non2xx + result.errors + result.timeouts} |`;
    const body = [
      `Load from autocannon 8 in the same process, ${CONNECTIONS} connections on 127.0.0.1, sharing the machine's`,
      'cores with the server. Each webhook request carries a fresh invocation id and a signature made for its own',
      'timestamp, so every one is a new durable insert: SQLite in WAL mode with synchronous=FULL, invocations that arrive\n' +
        'during a commit sharing the next one (group commit, `src/server/webhooks/group-commit.ts`); each answer leaves after its commit.',
      `The receiver stored ${stored} invocations during the run.`,
      '',
      '| run | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors |',
      '|---|---|---|---|---|---|---|',
      row(`bare Fastify route, as fast as possible (${SATURATE_S} s)`, bareMax),
      row(`webhook acceptance, as fast as possible (${SATURATE_S} s)`, webhookMax),
      row(`bare Fastify route at ${FIXED_RATE} requests/s (${FIXED_S} s)`, bareFixed),
      row(`webhook acceptance at ${FIXED_RATE} requests/s (${FIXED_S} s)`, webhookFixed),
      '',
      '| figure | measured | goal | met |',
      '|---|---|---|---|',
      `| webhook requests/s ÷ bare route's | ${ratio.toFixed(2)} | ≥ 0.50 | ${yes(throughputMet)} |`,
      `| webhook p99 at ${FIXED_RATE} requests/s | ${webhookFixed.latency.p99} ms | < 20 ms | ${yes(latencyMet)} |`,
      `| spawn \`npm start\` → healthy /healthz (median of ${STARTS}) | ${Math.round(startup)} ms (runs: ${startups.map((ms) => Math.round(ms)).join(', ')}) | < 2,000 ms | ${yes(startupMet)} |`,
    ].join('\n');
    const summary: SummaryRow[] = [
      {
        figure: 'webhook acceptance, requests/s',
        value: `${Math.round(webhookMax.requests.average)} (${ratio.toFixed(2)} × bare)`,
        goal: '≥ 0.5 × bare route',
        peer: `bare Fastify route: ${Math.round(bareMax.requests.average)}/s`,
      },
      {
        figure: `webhook acceptance p99 at ${FIXED_RATE}/s`,
        value: `${webhookFixed.latency.p99} ms`,
        goal: '< 20 ms',
        peer: `bare Fastify route: ${bareFixed.latency.p99} ms`,
      },
      {
        figure: 'npm start → healthy /healthz',
        value: `${Math.round(startup)} ms`,
        goal: '< 2,000 ms',
        peer: '—',
      },
    ];
    return {
      order: 40,
      title: 'Backend: webhook acceptance and start-up',
      command: 'npm run bench -- backend',
      body,
      goalsMet: throughputMet && latencyMet && startupMet,
      summary,
    };
  } finally {
    await bare.close();
    await receiver.close();
  }
}

const yes = (met: boolean) => (met ? 'yes' : '**no**');

interface Target {
  url: string;
  close(): Promise<void>;
}

/** The limit: a Fastify route that parses the JSON body and answers, nothing else. */
async function startBare(): Promise<Target> {
  const app = Fastify({ logger: false });
  app.post('/webhooks/zendesk', async () => ({ received: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** The production receiver: the backend's HTTP rules, the webhook route, and the SQLite store on disk. */
async function startReceiver(): Promise<Target & { stored(): number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-bench-'));
  const store = SqliteStore.open(dataDir);
  const app = createHttpApp({
    tokens: { agent: 'bench-agent-token-0123456789', automation: 'bench-automation-token-0123' },
    logger: pino({ level: 'silent' }),
  });
  let stored = 0;
  const putInbox = groupCommitInbox(store);
  registerWebhookRoute(app, {
    secrets: () => [SECRET],
    now: Date.now,
    store: async (record) => {
      const isNew = await putInbox(record);
      if (isNew) stored += 1;
      return isNew;
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stored: () => stored,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One autocannon run of signed webhooks, each with its own invocation id and timestamp. */
function load(url: string, options: { duration: number; overallRate?: number }): Promise<CannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: options.duration,
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        path: '/webhooks/zendesk',
        setupRequest: (request) => {
          const body = `{"ticket_id":"${1 + Math.floor(Math.random() * 10_000)}"}`;
          const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'x-zendesk-webhook-signature': signWebhook(SECRET, timestamp, body),
              'x-zendesk-webhook-signature-timestamp': timestamp,
              'x-zendesk-webhook-invocation-id': randomUUID(),
            },
            body,
          };
        },
      },
    ],
  });
}

/**
 * Spawns `node build/src/cli/main.js serve` (what `npm start` runs, without npm's own start-up) on a fresh
 * DATA_DIR in sandbox mode, and polls /healthz until it answers 200; milliseconds from spawn to that answer.
 */
async function startupTimes(): Promise<number[]> {
  const main = new URL('../src/cli/main.js', import.meta.url).pathname;
  const times: number[] = [];
  for (let run = 0; run < STARTS; run += 1) {
    const dataDir = mkdtempSync(join(tmpdir(), 'uw-bench-start-'));
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [main, 'serve'], {
      env: { ...process.env, PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /BACKEND_URL=(\S+)/.exec(out);
          if (found !== null) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
      });
      for (let attempt = 0; attempt < 2_000; attempt += 1) {
        const healthy = await fetch(`${url}/healthz`).then(
          (response) => response.status === 200,
          () => false,
        );
        if (healthy) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return times;
}
