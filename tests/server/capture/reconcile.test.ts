import { signWebhook } from '../../../src/zendesk/signing.js';
import {
  EXPORT_LAG_MS,
  EXPORT_POSITION_KEY,
  MAX_EXPORT_PAGES_PER_PASS,
  reconcilePeriodMs,
  Reconciler,
  type ReconcilerDeps,
} from '../../../src/server/capture/reconcile.js';
import { HTTPError, type ExportFrom, type ExportPage } from '../../../src/zendesk/client/index.js';
import { AUTOMATION_TOKEN, call } from '../helpers.js';
import { isoSeconds, post } from '../webhooks/receiver-helpers.js';
import {
  bookedTicket,
  processed,
  productComments,
  quiet,
  reply,
  requestDecision,
  startCaptureStack,
  WINDOW_START,
} from './stack.js';

const TICKETS = 10;
/** 30 % of the replies' webhooks are lost. */
const DROPPED = new Set([0, 3, 6]);

describe('reconciliation: decisions whose webhooks were lost', () => {
  it('captures every decision within one interval when 30 % of webhooks are dropped, and acts on each once', async () => {
    // The timer is off: each `reconciler.runOnce()` is one RECONCILE_INTERVAL elapsing.
    const stack = await startCaptureStack({ reconcileIntervalMs: false });
    try {
      const tickets: number[] = [];
      for (let i = 0; i < TICKETS; i += 1) tickets.push((await bookedTicket(stack)).ticketId);
      stack.clock.now = WINDOW_START + 10 * 60_000;
      for (const ticketId of tickets) await requestDecision(stack, ticketId);
      const state = async (ticketId: number) =>
        (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body
          .state as string;

      const replies = [];
      for (const [i, ticketId] of tickets.entries()) {
        if (DROPPED.has(i)) {
          await call(stack.served.url, 'POST', '/_sandbox/faults', {
            token: null,
            body: { webhook: 'drop', times: 1 },
          });
        }
        replies.push(await reply(stack, ticketId, 'Yes, go ahead.\n\nDana'));
      }
      expect(replies.map((sent) => sent.invocations.every((invocation) => invocation.delivered))).toEqual(
        tickets.map((_, i) => !DROPPED.has(i)),
      );
      for (const ticketId of tickets) await quiet(stack, ticketId);
      const before = await Promise.all(tickets.map(state));
      expect(before).toEqual(tickets.map((_, i) => (DROPPED.has(i) ? 'awaiting_decision' : 'in_progress')));

      await stack.backend.reconciler.runOnce();
      expect(await Promise.all(tickets.map(state))).toEqual(tickets.map(() => 'in_progress'));

      // The lost webhook arrives after all (a late redelivery): the inbox path reads the same comment, and acts not.
      const late = tickets[0]!;
      const acknowledged = productComments(stack, late).length;
      const event = JSON.stringify({ ticket_id: String(late) });
      const stamp = isoSeconds(stack.clock.now);
      const answer = await post(stack.backend.url, event, {
        'content-type': 'application/json',
        'x-zendesk-webhook-invocation-id': 'late-redelivery',
        'x-zendesk-webhook-signature-timestamp': stamp,
        'x-zendesk-webhook-signature': signWebhook(stack.webhookSecret, stamp, event),
      });
      expect(answer.status).toBe(200);
      await quiet(stack, late);
      await stack.backend.reconciler.runOnce();
      expect(productComments(stack, late)).toHaveLength(acknowledged);
      for (const ticketId of tickets) {
        expect(processed(stack, ticketId).map((row) => row.outcome)).toEqual(['captured']);
      }
    } finally {
      await stack.close();
    }
  });
});

const INTERVAL = 5 * 60_000;

/** The comments reads (capture's) of the sandbox since ledger entry `after`, by ticket id, in order. */
function commentReads(stack: Awaited<ReturnType<typeof startCaptureStack>>, after: number): number[] {
  return stack.sandbox
    .ledger()
    .filter((entry) => entry.seq > after && entry.method === 'GET')
    .map((entry) => /^\/api\/v2\/tickets\/(\d+)\/comments/.exec(entry.path)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number);
}

function exportRequests(stack: Awaited<ReturnType<typeof startCaptureStack>>, after: number): URLSearchParams[] {
  return stack.sandbox
    .ledger()
    .filter((entry) => entry.seq > after && entry.path.startsWith('/api/v2/incremental/tickets/cursor'))
    .map((entry) => new URL(entry.path, 'http://sandbox').searchParams);
}

const lastSeq = (stack: Awaited<ReturnType<typeof startCaptureStack>>) => stack.sandbox.ledger().at(-1)?.seq ?? 0;

describe("reconciliation through Zendesk's incremental export", () => {
  it('reads the comments of the tickets changed since its place in the export only, and captures their decisions', async () => {
    const stack = await startCaptureStack({ reconcileIntervalMs: false });
    try {
      const tickets: number[] = [];
      for (let i = 0; i < 6; i += 1) tickets.push((await bookedTicket(stack)).ticketId);
      stack.clock.now = WINDOW_START + 10 * 60_000;
      for (const ticketId of tickets) await requestDecision(stack, ticketId);
      const state = async (ticketId: number) =>
        (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body
          .state as string;

      // No place yet: a full pass over every ticket in flight, as before; then one from the export.
      let mark = lastSeq(stack);
      await stack.backend.reconciler.runOnce();
      expect(commentReads(stack, mark).sort()).toEqual([...tickets].sort());
      expect(exportRequests(stack, mark)).toEqual([]);
      stack.clock.now += INTERVAL;
      await stack.backend.reconciler.runOnce();

      // Three customers answer, their webhooks all lost; the other three tickets do not change.
      const answered = tickets.slice(0, 3);
      for (const ticketId of answered) {
        await call(stack.served.url, 'POST', '/_sandbox/faults', { token: null, body: { webhook: 'drop', times: 1 } });
        await reply(stack, ticketId, 'Yes, go ahead.\n\nDana');
      }
      stack.clock.now += INTERVAL;
      mark = lastSeq(stack);
      await stack.backend.reconciler.runOnce();
      const exports = exportRequests(stack, mark);
      expect(exports.map((query) => query.has('cursor'))).toEqual([true]);
      expect(commentReads(stack, mark)).toEqual(answered);
      for (const ticketId of answered) await quiet(stack, ticketId);
      expect(await Promise.all(tickets.map(state))).toEqual([
        ...answered.map(() => 'in_progress'),
        ...tickets.slice(3).map(() => 'awaiting_decision'),
      ]);
      for (const ticketId of answered) {
        expect(processed(stack, ticketId).map((row) => row.outcome)).toEqual(['captured']);
      }
    } finally {
      await stack.close();
    }
  });

  it('reads a reply too recent for the export at the next pass, within one interval of the reply', async () => {
    const stack = await startCaptureStack({ reconcileIntervalMs: false });
    const period = reconcilePeriodMs(INTERVAL);
    try {
      const { ticketId } = await bookedTicket(stack);
      stack.clock.now = WINDOW_START + 10 * 60_000;
      await requestDecision(stack, ticketId);
      const state = async () =>
        (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`, { token: AUTOMATION_TOKEN })).body.state;
      await stack.backend.reconciler.runOnce();
      stack.clock.now += period;
      await stack.backend.reconciler.runOnce();

      // The worst case: the customer answers (webhook lost) 59 s before a pass, which Zendesk's export cannot show yet.
      stack.clock.now += period - 59_000;
      await call(stack.served.url, 'POST', '/_sandbox/faults', { token: null, body: { webhook: 'drop', times: 1 } });
      await reply(stack, ticketId, 'Yes, go ahead.\n\nDana');
      const repliedAt = stack.clock.now;
      stack.clock.now += 59_000;
      await stack.backend.reconciler.runOnce();
      expect(await state()).toBe('awaiting_decision');

      stack.clock.now += period;
      await stack.backend.reconciler.runOnce();
      await quiet(stack, ticketId);
      expect([await state(), stack.clock.now - repliedAt <= INTERVAL]).toEqual(['in_progress', true]);
      expect(processed(stack, ticketId).map((row) => row.outcome)).toEqual(['captured']);
    } finally {
      await stack.close();
    }
  });

  it('goes on from its stored place after a restart, and catches a reply made while the backend was down', async () => {
    const stack = await startCaptureStack({ reconcileIntervalMs: false });
    try {
      const [down, untouched] = [(await bookedTicket(stack)).ticketId, (await bookedTicket(stack)).ticketId];
      stack.clock.now = WINDOW_START + 10 * 60_000;
      await requestDecision(stack, down);
      await requestDecision(stack, untouched);
      await stack.backend.reconciler.runOnce();
      stack.clock.now += INTERVAL;
      await stack.backend.reconciler.runOnce();
      const place = JSON.parse((await stack.backend.store.getMeta(EXPORT_POSITION_KEY))!) as { from: ExportFrom };
      expect(place.from).toEqual({ cursor: expect.any(String) });

      await stack.backend.close();
      // Down: the reply's webhook finds no one (its retries spent), and an hour passes.
      const sent = await reply(stack, down, 'Yes, go ahead.\n\nDana');
      expect(sent.invocations.every((invocation) => !invocation.delivered)).toBe(true);
      stack.clock.now += 60 * 60_000;
      const backend = await stack.restartBackend();

      const mark = lastSeq(stack);
      await backend.reconciler.runOnce();
      expect(exportRequests(stack, mark).map((query) => query.get('cursor'))).toEqual([
        (place.from as { cursor: string }).cursor,
      ]);
      expect(commentReads(stack, mark)).toEqual([down]);
      await quiet(stack, down);
      const view = await call(backend.url, 'GET', `/api/tickets/${down}`, { token: AUTOMATION_TOKEN });
      expect(view.body.state).toBe('in_progress');
      expect(processed(stack, down).map((row) => row.outcome)).toEqual(['captured']);
    } finally {
      await stack.close();
    }
  });
});

/** An in-memory stand-in for the store and Zendesk's export, pages handed out in order. */
function fakes(upgrades: number[], pages: (ExportPage | Error)[]) {
  const meta = new Map<string, string>();
  const asked: ExportFrom[] = [];
  const seen: number[] = [];
  const logs: { level: string; details: Record<string, unknown>; message: string }[] = [];
  const clock = { now: Date.parse('2026-12-01T12:00:00Z') };
  const failing = new Set<number>();
  const deps: ReconcilerDeps = {
    store: {
      holdLeadership: async () => true,
      listUpgradesInStates: async (_states, options) =>
        upgrades
          .filter((id) => options?.ticketIds === undefined || options.ticketIds.includes(id))
          .map((ticketId) => ({ ticketId }) as never),
      getMeta: async (key) => meta.get(key) ?? null,
      putMeta: async (key, value) => void meta.set(key, value),
    },
    zendesk: {
      exportTickets: async (from) => {
        asked.push(from);
        const next = pages.shift();
        if (next === undefined) throw new Error('no more pages in this test');
        if (next instanceof Error) throw next;
        return next;
      },
    },
    now: () => clock.now,
    zendeskNow: () => clock.now,
    processTicket: async (ticketId) => {
      seen.push(ticketId);
      if (failing.has(ticketId)) throw new Error('Zendesk answered 503');
    },
    intervalMs: INTERVAL,
    logger: {
      info: (details, message) => logs.push({ level: 'info', details, message }),
      warn: (details, message) => logs.push({ level: 'warn', details, message }),
      error: (details, message) => logs.push({ level: 'error', details, message }),
    },
  };
  const position = () => JSON.parse(meta.get(EXPORT_POSITION_KEY) ?? 'null') as unknown;
  return { deps, meta, asked, seen, logs, clock, failing, position };
}

const page = (ids: number[], cursor: string | null, end = true): ExportPage => ({
  tickets: ids.map((id) => ({ id, status: 'open', updated_at: '2026-12-01T11:55:00Z' })),
  after_cursor: cursor,
  after_url:
    cursor === null ? null : `https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=${cursor}`,
  end_of_stream: end,
});

describe('Reconciler', () => {
  it('passes every interval: first over every ticket in flight, then over the changed ones; one failure stops no other', async () => {
    jest.useFakeTimers();
    try {
      const { deps, seen, logs, position, clock, failing } = fakes([1, 2, 3], [page([3, 1, 99], 'c1')]);
      const states: unknown[] = [];
      const list = deps.store.listUpgradesInStates;
      deps.store.listUpgradesInStates = (wanted, options) => {
        states.push(wanted);
        return list(wanted, options);
      };
      failing.add(1);
      const reconciler = new Reconciler(deps);
      reconciler.start();
      // A pass a minute sooner than the interval: Zendesk's export shows a change a minute late.
      const period = reconcilePeriodMs(INTERVAL);
      expect(period).toBe(INTERVAL - 60_000);
      await jest.advanceTimersByTimeAsync(period - 1);
      expect(seen).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(seen).toEqual([1, 2, 3]);
      expect(states[0]).toEqual(['offered', 'scheduled', 'awaiting_decision', 'rolling_back']);
      expect(logs.find((log) => log.level === 'warn')?.details).toEqual({ ticketId: 1, error: 'Zendesk answered 503' });
      // Its place: where the full pass began, less the lag; the failed ticket to try again.
      expect(position()).toEqual({ from: { startTime: (clock.now - EXPORT_LAG_MS) / 1000 }, retry: [1] });

      clock.now += period;
      failing.clear();
      await jest.advanceTimersByTimeAsync(period);
      // Tickets 3 and 1 changed (99 has no upgrade in flight); 1 also failed last time: read once.
      expect(seen).toEqual([1, 2, 3, 1, 3]);
      expect(position()).toEqual({ from: { cursor: 'c1' }, retry: [] });
      await reconciler.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('leaves its place where it was when the export fails, says so, and reads on from it next time', async () => {
    const refused = new HTTPError({
      status: 429,
      method: 'GET',
      url: 'https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json',
      body: null,
      retryAfterMs: 30_000,
    });
    const { deps, asked, seen, logs, position, meta } = fakes([1, 2], [refused, page([2], 'c2')]);
    meta.set(EXPORT_POSITION_KEY, JSON.stringify({ from: { cursor: 'c1' }, retry: [] }));
    const reconciler = new Reconciler(deps);
    expect(await reconciler.pass()).toMatchObject({ kind: 'incremental', exportPages: 0, caughtUp: false });
    expect(logs.find((log) => log.level === 'error')?.details).toMatchObject({ status: 429 });
    expect(position()).toEqual({ from: { cursor: 'c1' }, retry: [] });
    expect(seen).toEqual([]);
    await reconciler.pass();
    expect(asked).toEqual([{ cursor: 'c1' }, { cursor: 'c1' }]);
    expect(seen).toEqual([2]);
    expect(position()).toEqual({ from: { cursor: 'c2' }, retry: [] });
  });

  it('reads at most a bounded number of pages a pass, keeping its place after each', async () => {
    const pages = Array.from({ length: MAX_EXPORT_PAGES_PER_PASS + 1 }, (_, i) =>
      page([i + 1], `c${i + 1}`, i === MAX_EXPORT_PAGES_PER_PASS),
    );
    const { deps, asked, position, meta, logs } = fakes([], pages);
    meta.set(EXPORT_POSITION_KEY, JSON.stringify({ from: { startTime: 1_700_000_000 }, retry: [] }));
    const reconciler = new Reconciler(deps);
    expect(await reconciler.pass()).toMatchObject({ exportPages: MAX_EXPORT_PAGES_PER_PASS, caughtUp: false });
    expect(asked[0]).toEqual({ startTime: 1_700_000_000 });
    expect(position()).toEqual({ from: { cursor: `c${MAX_EXPORT_PAGES_PER_PASS}` }, retry: [] });
    expect(logs.some((log) => log.level === 'warn')).toBe(true);
    expect(await reconciler.pass()).toMatchObject({ exportPages: 1, caughtUp: true });
  });

  it('keeps its start time when a page from it finds nothing (no cursor), and waits while it is too recent', async () => {
    const { deps, asked, position, meta, clock } = fakes([], [page([], null)]);
    const startTime = (clock.now - EXPORT_LAG_MS) / 1000;
    meta.set(EXPORT_POSITION_KEY, JSON.stringify({ from: { startTime }, retry: [] }));
    const reconciler = new Reconciler(deps);
    await reconciler.pass();
    expect(position()).toEqual({ from: { startTime }, retry: [] });
    // A clock set back: Zendesk would refuse the start time; nothing is asked.
    clock.now -= 60_000;
    expect(await reconciler.pass()).toMatchObject({ exportPages: 0, caughtUp: true });
    expect(asked).toHaveLength(1);
  });

  it('makes a full pass when the stored place cannot be read', async () => {
    const { deps, seen, meta, logs } = fakes([4, 5], []);
    meta.set(EXPORT_POSITION_KEY, '{"from":{}}');
    expect(await new Reconciler(deps).pass()).toMatchObject({ kind: 'full', ticketsRead: 2 });
    expect(seen).toEqual([4, 5]);
    expect(logs.some((log) => log.level === 'error')).toBe(true);
  });
});
