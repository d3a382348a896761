import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { setupTicketFields } from '../src/server/setup/run-setup.js';
import { DATABASE_FILE, SqliteStore } from '../src/server/store/sqlite.js';
import { createZendeskClient } from '../src/zendesk/client/index.js';
import { createSandbox, serveSandbox } from '../src/zendesk/sandbox/index.js';
import { DEFAULT_SETTINGS } from '../src/zendesk/sandbox/settings.js';
import { createTicket } from '../src/zendesk/sandbox/tickets.js';
import { queueStepComments, stepCommentWorker } from '../tests/support/step-comments.js';
import { median, medianWithRuns, repeat, RUNS, type BenchSection } from './section.js';

/** A minute boundary, so the sandbox's fixed one-minute windows start with the run. */
const START = Date.parse('2026-11-23T15:00:00Z');
const MINUTE = 60_000;
const SPREAD_TICKETS = 1_000;
const STEPS = 40;
const {
  accountRequestsPerMinute: BUDGET,
  ticketUpdatesPerWindow: PER_TICKET,
  ticketUpdateWindowMs: TICKET_WINDOW,
} = DEFAULT_SETTINGS;

interface Scenario {
  name: string;
  /** How many comments each ticket gets, in order. */
  comments: number[];
}

interface Drained {
  /** Virtual ms from the first claim to the last delivery. */
  drainMs: number;
  requests: number;
  /** Requests per one-minute window of the sandbox, in order. */
  perWindow: number[];
  rateLimited: number;
  /** Every comment on its ticket once, in the order it was queued. */
  exact: boolean;
}

/**
 * One scenario on a fresh sandbox (Zendesk's default limits: 700 requests per minute, 30 updates of a ticket per
 * 10 minutes, with Zendesk's headers) and a fresh store: the comments are queued, then the production delivery
 * worker drains them through the production client. Client, worker and sandbox share one movable clock: a wait
 * (the client's sleep, or the worker's "not before" on a pending item) moves it instead of passing, so the
 * figures are the time the limits impose, not the machine's speed.
 */
async function drain(scenario: Scenario): Promise<Drained> {
  let clock = START;
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-bench-delivery-'));
  const sandbox = createSandbox({ now: () => clock });
  const served = await serveSandbox(sandbox, { port: 0 });
  const time = virtualTime(
    () => clock,
    (at) => (clock = at),
  );
  const client = createZendeskClient({
    baseUrl: served.url,
    auth: { email: 'admin@example.com', apiToken: 'bench' },
    now: () => clock,
    sleep: (ms) => time.sleepUntil(clock + ms),
    fetch: time.fetch,
  });
  const fieldIds = (await setupTicketFields(client, dataDir)).file!.fields;
  const store = SqliteStore.open(dataDir);
  const reader = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const requester = sandbox.state.users.find((user) => user.id !== sandbox.apiUserId)!;
    const expected = new Map<number, string[]>();
    for (const [index, count] of scenario.comments.entries()) {
      const ticketId = createTicket(sandbox.state, clock, {
        subject: `Upgrade ${index}`,
        description: 'Please upgrade us.',
        requesterId: requester.id,
        organizationId: null,
        channel: 'web',
      }).id;
      await queueStepComments(store, ticketId, count, clock, { ticket: ticketId });
      expected.set(
        ticketId,
        Array.from({ length: count }, (_, index) => `Step ${index + 1} on ticket ${ticketId}`),
      );
    }
    const ledgerStart = sandbox.ledger().length;
    // Setup spent some of this minute's budget: the scenario starts at the next minute, with the whole budget.
    clock = Math.ceil((clock + 1) / MINUTE) * MINUTE;
    const started = clock;
    const worker = stepCommentWorker(
      { store, client, fieldIds, now: () => clock },
      (vars) => `Step ${String(vars.step)} on ticket ${String(vars.ticket)}`,
    );
    // When the worker's next claim can take something: the earliest turn of a ticket's head (only heads are claimed).
    const nextDue = reader.prepare(
      `SELECT MIN(MAX(o.next_attempt_at, COALESCE(o.locked_until, 0))) AS at FROM outbox o
       WHERE o.status = 'pending'
         AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.ticket_id = o.ticket_id AND p.status = 'pending')`,
    );
    let last = clock;
    const stopAdvancing = time.advance();
    try {
      while ((await store.countPendingDeliveries()) > 0) {
        if ((await worker.runOnce()) > 0) {
          last = clock;
          continue;
        }
        const at = (nextDue.get() as { at: number | null }).at;
        if (at === null || at <= clock) throw new Error(`bench/delivery: ${scenario.name} stalled`);
        await time.sleepUntil(at);
      }
    } finally {
      stopAdvancing();
    }
    const ledger = sandbox.ledger().slice(ledgerStart);
    const perWindow: number[] = [];
    for (const entry of ledger) {
      const window = Math.floor((Date.parse(entry.at) - started) / MINUTE);
      perWindow[window] = (perWindow[window] ?? 0) + 1;
    }
    const exact = [...expected].every(([ticketId, texts]) => {
      const ticket = sandbox.state.tickets.find((candidate) => candidate.id === ticketId)!;
      const posted = ticket.comments.filter((comment) => comment.author_id === sandbox.apiUserId).map((c) => c.body);
      return JSON.stringify(posted) === JSON.stringify(texts);
    });
    return {
      drainMs: last - started,
      requests: ledger.length,
      perWindow: Array.from(perWindow, (count) => count ?? 0),
      rateLimited: ledger.filter((entry) => entry.status === 429).length,
      exact,
    };
  } finally {
    reader.close();
    await store.close();
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Discrete-event time for the movable clock: a sleep is a timer at an instant, and the clock jumps to the earliest
 * timer only once nothing else can happen first, no request in flight to the sandbox (the bodies are read inside
 * the count). Concurrent waits therefore overlap as they do in real time, instead of adding up.
 */
function virtualTime(now: () => number, set: (at: number) => void) {
  const timers: { at: number; resolve: () => void }[] = [];
  let inFlight = 0;
  return {
    sleepUntil: (at: number) => new Promise<void>((resolve) => timers.push({ at, resolve })),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      inFlight += 1;
      try {
        const response = await fetch(input, init);
        const body = await response.arrayBuffer();
        return new Response(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      } finally {
        inFlight -= 1;
      }
    }) as typeof fetch,
    /** Starts moving the clock; returns the function that stops it. */
    advance(): () => void {
      let quiet = 0;
      const tick = setInterval(() => {
        // Two quiet ticks in a row: every continuation of the last answer has run and waits on a timer.
        quiet = inFlight === 0 && timers.length > 0 ? quiet + 1 : 0;
        if (quiet < 2) return;
        quiet = 0;
        timers.sort((a, b) => a.at - b.at);
        const first = timers[0]!.at;
        set(Math.max(now(), first));
        for (const timer of timers.splice(0, timers.filter((candidate) => candidate.at <= now()).length)) {
          timer.resolve();
        }
      }, 1);
      return () => clearInterval(tick);
    },
  };
}

const SCENARIOS: Scenario[] = [
  {
    name: `${SPREAD_TICKETS.toLocaleString('en')} comments over ${SPREAD_TICKETS.toLocaleString('en')} tickets`,
    comments: Array(SPREAD_TICKETS).fill(1),
  },
  { name: `a ${STEPS}-step upgrade on one ticket`, comments: [STEPS] },
];

/**
 * The least time the limits allow for `requests` requests of which `onOneTicket` update one ticket: the account
 * budget's fixed windows (the last request goes at the start of its window) and, per ticket, the updates past the
 * 30th waiting for the first to leave the 10-minute window.
 */
function theoreticalMs(requests: number, onOneTicket: number): number {
  const byAccount = Math.floor((requests - 1) / BUDGET) * MINUTE;
  const byTicket = onOneTicket > PER_TICKET ? Math.floor((onOneTicket - 1) / PER_TICKET) * TICKET_WINDOW : 0;
  return Math.max(byAccount, byTicket);
}

const minutes = (ms: number) => `${(ms / MINUTE).toFixed(2)} min`;

/** `npm run bench -- delivery`: delivery to Zendesk at its rate limits, on the sandbox's movable clock. */
export async function bench(): Promise<BenchSection> {
  const rows: string[] = [];
  const summary: BenchSection['summary'] = [];
  let goalsMet = true;
  for (const scenario of SCENARIOS) {
    const runs = await repeat(() => drain(scenario));
    const updates = Math.max(...scenario.comments);
    const minimum = runs.map((run) => theoreticalMs(run.requests, updates));
    // Throughput over the budget's full windows (the last, partial one only holds the remainder).
    const usage = runs.map((run) => {
      const full = run.perWindow.length > 1 ? run.perWindow.slice(0, -1) : run.perWindow;
      return full.reduce((sum, count) => sum + count, 0) / full.length / BUDGET;
    });
    const clean = runs.every((run) => run.rateLimited === 0 && run.exact);
    const accountBound = scenario.comments.length > 1;
    const met =
      clean &&
      (accountBound
        ? usage.every((share) => share >= 0.9)
        : runs.every((run, index) => run.drainMs <= minimum[index]! / 0.9));
    goalsMet &&= met;
    rows.push(
      `| ${scenario.name} | ${medianWithRuns(
        runs.map((run) => run.drainMs / MINUTE),
        2,
        ' min',
      )} | ${minutes(median(minimum))} | ` +
        `${medianWithRuns(
          runs.map((run) => run.requests),
          0,
        )} | ${
          accountBound
            ? medianWithRuns(
                usage.map((share) => share * 100),
                0,
                ' %',
              )
            : 'per-ticket bound'
        } | ` +
        `${runs.map((run) => run.rateLimited).join(', ')} | ${runs.every((run) => run.exact) ? 'yes' : '**no**'} | ${met ? 'yes' : '**no**'} |`,
    );
    summary.push({
      figure: `delivery at Zendesk's limits: ${scenario.name}`,
      value: `${medianWithRuns(
        runs.map((run) => run.drainMs / MINUTE),
        2,
        ' min',
      )} to drain; ${runs.reduce((sum, run) => sum + run.rateLimited, 0)} × 429${
        accountBound
          ? `; ${medianWithRuns(
              usage.map((share) => share * 100),
              0,
              ' %',
            )} of the budget`
          : ''
      }`,
      goal: `${accountBound ? '≥ 90 % of the account budget' : 'within 1/0.9 of the minimum'}, zero 429s, each comment once in order${met ? '' : ' (missed)'}`,
      peer: `theoretical minimum ${minutes(median(minimum))}`,
    });
  }
  return {
    order: 42,
    title: "Delivery at Zendesk's rate limits",
    command: 'npm run bench -- delivery',
    body: [
      `The production delivery worker and Zendesk client drain queued comments into the sandbox with Zendesk's default`,
      `limits on (${BUDGET} requests per minute for the account in fixed one-minute windows, ${PER_TICKET} updates of one ticket per`,
      `${TICKET_WINDOW / MINUTE} minutes, with Zendesk's \`ratelimit-*\` headers and 429 + Retry-After beyond them). Time is the sandbox's`,
      '**movable clock**, shared by the sandbox, the client and the worker: every wait moves it instead of passing, so the',
      'figures are the time the limits impose (a run takes seconds of real time). Each delivery is a read of the ticket and',
      'one update (2 requests). The theoretical minimum: the account windows the requests need (the last request at the',
      'start of its window) or, on one ticket, the 31st update waiting for the first to leave the 10-minute window.',
      `Budget used: requests per full one-minute window ÷ ${BUDGET}. ${RUNS} runs, each on a fresh sandbox and store.`,
      '',
      '| scenario | time to drain | theoretical minimum | requests | budget used | 429s (per run) | every comment once, in order | goal met |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
    goalsMet,
    summary,
  };
}
