import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReply } from '../src/core/decisions/index.js';
import { parsePolicy } from '../src/core/schedule.js';
import { startServer } from '../src/server/start.js';
import { setupTicketFields, setupZendesk } from '../src/server/setup/run-setup.js';
import { decisionTag } from '../src/server/setup/tags.js';
import { createZendeskClient } from '../src/zendesk/client/index.js';
import { createSandbox, serveSandbox } from '../src/zendesk/sandbox/index.js';
import { median, medianWithRuns, repeat, RUNS, timeMedian, type BenchSection } from './section.js';

/** Tickets awaiting a decision: RUNS runs of PER_RUN replies each. */
const PER_RUN = 15;
const TICKETS = RUNS * PER_RUN;
const AGENT = 'bench-agent-token-0123456789';
const AUTOMATION = 'bench-automation-token-012345';
const REPLY =
  'Yes, go ahead.\n\nOn Tue, Dec 1, 2026 at 7:10 PM Acme Cloud <upgrades@acme.example> wrote:\n> Reply GO or NO-GO';

/**
 * Decision capture end to end: a customer's reply posted to the sandbox (served over HTTP, its trigger and
 * signed webhook), the real backend's receiver, inbox, capture and outbox, until the decision fields are on the
 * sandbox's ticket. Peers in the same run: the same reply on a ticket the trigger ignores (the sandbox's own
 * cost), and reading the reply alone (readReply).
 */
export async function bench(): Promise<BenchSection> {
  const clock = { now: Date.parse('2026-11-22T12:00:00Z') };
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-bench-capture-'));
  // The bench's clock stands still: Zendesk's rate limits, counted on it, are lifted so every round is measured.
  const sandbox = createSandbox({
    now: () => clock.now,
    settings: { accountRequestsPerMinute: 1_000_000, ticketUpdatesPerWindow: 1_000_000 },
  });
  const served = await serveSandbox(sandbox, { port: 0 });
  const zendesk = createZendeskClient({ baseUrl: served.url, auth: { email: 'bench@example.com', apiToken: 'x' } });
  const fields = await setupTicketFields(zendesk, dataDir);
  const parsed = parsePolicy({
    timeZone: 'America/Chicago',
    rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const backend = await startServer({
    dataDir,
    port: 0,
    tokens: { agent: AGENT, automation: AUTOMATION },
    policy: parsed.policy,
    zendesk,
    fieldIds: fields.file!.fields,
    logger: false,
    now: () => clock.now,
    worker: { pollMs: 20 },
    inbox: { pollMs: 20 },
    watchIntervalMs: false,
  });
  try {
    await setupZendesk(zendesk, dataDir, { publicUrl: backend.url });
    backend.reloadWebhookSecret();
    const decisionField = String(fields.file!.fields.decision);
    let requests = 0;
    const api = async (base: string, method: string, path: string, body?: unknown, token: string | null = AGENT) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          'idempotency-key': `bench-${(requests += 1)}`,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return (await response.json()) as Record<string, unknown> & { ticket?: { id: number } };
    };
    const untilDelivered = async (ticketId: number) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const view = (await api(backend.url, 'GET', `/api/tickets/${ticketId}`)) as {
          history: { delivery: { status: string } }[];
        };
        if (view.history.every((entry) => entry.delivery.status === 'delivered')) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`bench/capture: ticket ${ticketId}'s comments were not delivered within 10 s`);
    };

    const requester = { name: 'Dana Scully', email: 'dana@customer.example' };
    const tickets: number[] = [];
    const idle: number[] = [];
    const windows = (await api(backend.url, 'GET', '/api/windows?count=1')) as unknown as { start: string }[];
    for (let index = 0; index < TICKETS; index += 1) {
      const created = await api(served.url, 'POST', '/_sandbox/tickets', { subject: 'Upgrade', requester }, null);
      tickets.push(created.ticket!.id);
      const other = await api(served.url, 'POST', '/_sandbox/tickets', { subject: 'Question', requester }, null);
      idle.push(other.ticket!.id);
    }
    clock.now += 60_000;
    for (const ticketId of tickets) {
      await api(backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
        start: windows[0]!.start,
        class: 'maintenance',
      });
    }
    clock.now = Date.parse(windows[0]!.start) + 5 * 60_000;
    for (const ticketId of tickets) {
      await api(backend.url, 'POST', `/api/tickets/${ticketId}/events`, { type: 'upgrade_started' }, AUTOMATION);
      await api(
        backend.url,
        'POST',
        `/api/tickets/${ticketId}/events`,
        {
          type: 'decision_requested',
          reason: 'slower migration',
          // Past the 6-hour window's end: a request that ends inside the window is refused.
          anticipatedEnd: new Date(clock.now + 7 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
        AUTOMATION,
      );
      await untilDelivered(ticketId);
    }

    const captured: number[] = [];
    const sandboxOnly: number[] = [];
    for (let index = 0; index < TICKETS; index += 1) {
      const ticketId = tickets[index]!;
      const started = performance.now();
      await api(
        served.url,
        'POST',
        `/_sandbox/tickets/${ticketId}/replies`,
        { email: requester.email, body: REPLY },
        null,
      );
      const ticket = sandbox.state.tickets.find((candidate) => candidate.id === ticketId)!;
      for (const deadline = Date.now() + 10_000; ticket.fieldValues[decisionField] !== decisionTag('go');) {
        if (Date.now() > deadline) {
          // What capture made of the reply says why (a lost webhook, a reply judged as something else).
          const view = await api(backend.url, 'GET', `/api/tickets/${ticketId}`);
          const judged = await backend.store.listProcessedComments(ticketId);
          throw new Error(
            `bench/capture: no decision captured on ticket ${ticketId}: state ${String(view.state)}, ` +
              `decision field ${String(ticket.fieldValues[decisionField])}, judged ${JSON.stringify(judged)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      captured.push(performance.now() - started);

      const idleStarted = performance.now();
      await api(
        served.url,
        'POST',
        `/_sandbox/tickets/${idle[index]!}/replies`,
        { email: requester.email, body: REPLY },
        null,
      );
      sandboxOnly.push(performance.now() - idleStarted);
    }
    const reading = medianWithRuns(await repeat(() => timeMedian(() => readReply({ text: REPLY }), 200, 20)), 3, ' ms');
    const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.9)]!;
    // The replies went in order; run r is replies r*PER_RUN .. (r+1)*PER_RUN - 1, each with its own peer samples.
    const byRun = (values: number[]) =>
      Array.from({ length: RUNS }, (_, run) => values.slice(run * PER_RUN, (run + 1) * PER_RUN));
    const shown = (values: number[], of: (sample: number[]) => number) =>
      medianWithRuns(byRun(values).map(of), 1, ' ms');
    const endToEnd = median(byRun(captured).map(median));
    const goalMet = endToEnd < 250;
    return {
      order: 45,
      title: 'Decision capture: reply to ticket fields',
      command: 'npm run bench -- capture',
      body: [
        `${TICKETS} replies, each on its own ticket awaiting a decision, posted to the sandbox over HTTP; timed until the`,
        'decision field is on the sandbox ticket (trigger, signed webhook, receiver, inbox, comments read back, capture,',
        'outbox delivery). The inbox and outbox workers are woken by each write; their 20 ms polls are only a fallback.',
        `${RUNS} runs of ${PER_RUN} replies one after the other; each cell gives the median of the runs' figures and the runs.`,
        '',
        '| run | median ms | p90 ms | goal |',
        '|---|---|---|---|',
        `| reply → decision fields on the ticket | ${shown(captured, median)} | ${shown(captured, p90)} | < 250 ms median ${goalMet ? '✔' : '✘'} |`,
        `| peer: the same reply where no trigger fires (sandbox alone) | ${shown(sandboxOnly, median)} | ${shown(sandboxOnly, p90)} | |`,
        `| peer: readReply of the reply alone | ${reading} | | |`,
      ].join('\n'),
      goalsMet: goalMet,
      summary: [
        {
          figure: 'reply → decision fields (end to end)',
          value: `${shown(captured, median)} median`,
          goal: '< 250 ms',
          peer: `sandbox alone ${shown(sandboxOnly, median)}; readReply ${reading}`,
        },
      ],
    };
  } finally {
    await backend.close();
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
