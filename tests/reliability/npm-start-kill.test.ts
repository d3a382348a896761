// `npm start` as an administrator runs it (issue 14): the sandbox in the same process, its state saved in DATA_DIR.
// Lifecycle steps for many tickets while the whole process is killed with SIGKILL three times and started again at once
// (the data directory lock must let it): every acknowledged step has its comment on the sandbox's ticket, exactly
// once, and no ticket is lost or reused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../server/helpers.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, REQUEST_TIMEOUT_MS, ServerProcess, sleep, STEPS } from './harness.js';

const TICKETS = 40;
const KILL_AFTER_MS = [1_500, 2_000, 2_500];
// serve in sandbox mode takes 10-15 s to start here (2 cores): a step may wait out three restarts.
const RETRY_FOR_MS = 180_000;

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function request(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) } as Answer;
}

describe('npm start killed with SIGKILL under load', () => {
  let dataDir: string;
  let server: ServerProcess;
  const env = () => ({
    PORT: '0',
    SANDBOX_PORT: '0',
    DATA_DIR: dataDir,
    AGENT_API_TOKEN: AGENT_TOKEN,
    AUTOMATION_API_TOKEN: AUTOMATION_TOKEN,
  });
  const sandboxUrl = () => /Zendesk sandbox on (\S+)/.exec(server.banner)![1]!;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-npm-start-'));
    server = await ServerProcess.start(env());
  }, 120_000);

  afterAll(async () => {
    await ServerProcess.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends until the server answers below 500 (it may be down or restarting), for at most RETRY_FOR_MS; then -1. */
  async function send(make: () => Promise<Answer>): Promise<Answer> {
    const deadline = Date.now() + RETRY_FOR_MS;
    let last: unknown = null;
    while (Date.now() < deadline) {
      try {
        const answer = await make();
        if (answer.status < 500) return answer;
        last = answer;
      } catch (error) {
        // Killed, refused or reset: send again, as a pipeline would.
        last = String((error as Error)?.cause ?? error);
      }
      await sleep(100);
    }
    return { status: -1, body: last };
  }

  it('loses no acknowledged comment, posts none twice and keeps every ticket', async () => {
    const tickets: { id: number; requester: number; acknowledged: string[]; refused: unknown[] }[] = [];
    for (let index = 0; index < TICKETS; index += 1) {
      const created = await request(
        sandboxUrl(),
        'POST',
        '/_sandbox/tickets',
        {},
        {
          subject: `Kill test ${index}`,
          requester: { name: `Customer ${index}`, email: `kill-${index}@customer.example` },
        },
      );
      expect(created.status).toBe(201);
      tickets.push({
        id: created.body.ticket.id,
        requester: created.body.ticket.requester_id,
        acknowledged: [],
        refused: [],
      });
    }
    const hotfixStart = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000).toISOString();

    const agent = { authorization: `Bearer ${AGENT_TOKEN}` };
    const automation = { authorization: `Bearer ${AUTOMATION_TOKEN}` };
    const runTicket = async (ticket: (typeof tickets)[number]) => {
      for (const step of STEPS) {
        const answer =
          step.event === null
            ? // A booking is not idempotent: after a lost answer, look before booking again (that would reschedule).
              await send(async () => {
                const seen = await request(server.url, 'GET', `/api/tickets/${ticket.id}`, agent);
                if (seen.status === 200 && seen.body.state !== 'unscheduled') return { status: 200, body: seen.body };
                return request(server.url, 'POST', `/api/tickets/${ticket.id}/window`, agent, {
                  start: hotfixStart,
                  class: 'hotfix',
                  reason: 'kill test',
                  duration: 'PT2H',
                });
              })
            : await send(() =>
                request(
                  server.url,
                  'POST',
                  `/api/tickets/${ticket.id}/events`,
                  { ...automation, 'idempotency-key': `kill-${ticket.id}-${step.posts}` },
                  { type: step.event, ...(step.instance !== null ? { instance: step.instance } : {}) },
                ),
              );
        if (answer.status < 200 || answer.status >= 300) {
          ticket.refused.push({ step: step.posts, answer });
          return;
        }
        ticket.acknowledged.push(step.posts);
      }
    };

    const load = Promise.all(tickets.map(runTicket));
    const kills: unknown[] = [];
    for (const wait of KILL_AFTER_MS) {
      await sleep(wait);
      kills.push(await server.kill());
      // At once: the kernel released the data directory's lock with the process.
      server = await ServerProcess.start(env());
    }
    await load;

    expect(kills).toEqual(KILL_AFTER_MS.map(() => 'SIGKILL'));
    expect(tickets.flatMap((ticket) => ticket.refused)).toEqual([]);
    await eventually(
      'every comment delivered',
      async () => {
        const health = await request(server.url, 'GET', '/healthz', {});
        return health.body?.deliveries?.pending === 0;
      },
      120_000,
    );

    const mismatches = [];
    for (const ticket of tickets) {
      const upgrade = await request(server.url, 'GET', `/api/tickets/${ticket.id}`, agent);
      const comments = await request(sandboxUrl(), 'GET', `/api/v2/tickets/${ticket.id}/comments.json`, {
        authorization: 'Basic eDp5',
      });
      const history = upgrade.body.history as { type: string; delivery: { status: string } }[];
      const posted = (comments.body?.comments ?? []).filter(
        (comment: { author_id: number }) => comment.author_id !== ticket.requester,
      ).length;
      const lost = ticket.acknowledged.filter((type) => !history.some((entry) => entry.type === type));
      const undelivered = history.filter((entry) => entry.delivery.status !== 'delivered').length;
      if (lost.length > 0 || undelivered > 0 || posted !== history.length || comments.status !== 200) {
        mismatches.push({
          ticket: ticket.id,
          lost,
          undelivered,
          history: history.length,
          posted,
          status: comments.status,
        });
      }
    }
    expect(mismatches).toEqual([]);
    const listed = await request(sandboxUrl(), 'GET', '/api/v2/tickets.json', { authorization: 'Basic eDp5' });
    const subjects = (listed.body.tickets as { id: number; subject: string }[]).filter((t) =>
      t.subject.startsWith('Kill test '),
    );
    expect(subjects.map((t) => t.id).sort((a, b) => a - b)).toEqual(tickets.map((t) => t.id).sort((a, b) => a - b));
  });
});
