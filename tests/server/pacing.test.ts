import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZendeskClient, type ZendeskClient } from '../../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';
import { setupTicketFields } from '../../src/server/setup/run-setup.js';
import { SqliteStore } from '../../src/server/store/sqlite.js';
import { startServer } from '../../src/server/start.js';
import type { DeliveryWorker } from '../../src/server/delivery/worker.js';
import type { Store } from '../../src/server/store/types.js';
import { queueStepComments, stepCommentWorker } from '../support/step-comments.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, newTicket, policyOf, productComments } from './helpers.js';

const START = Date.parse('2026-11-23T15:00:00Z');
const STEPS = 40;

describe('pacing under Zendesk rate limits, against the sandbox with its limits on', () => {
  let clock = START;
  let dataDir: string;
  let sandbox: Sandbox;
  let served: ServedSandbox;
  let store: SqliteStore;

  /** The client, the worker and the sandbox share one fake clock; sleeping moves it instead of waiting. */
  function clientFor(url: string): ZendeskClient {
    return createZendeskClient({
      baseUrl: url,
      auth: { email: 'admin@example.com', apiToken: 'sandbox' },
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
  }

  async function start(settings: { accountRequestsPerMinute?: number } = {}) {
    sandbox = createSandbox({ now: () => clock, settings });
    served = await serveSandbox(sandbox, { port: 0 });
  }

  beforeEach(() => {
    clock = START;
    dataDir = mkdtempSync(join(tmpdir(), 'uw-pacing-'));
  });
  afterEach(async () => {
    store?.close();
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Runs the worker until the ticket's queue is empty, moving the shared clock by `stepMs` after each delivery and,
   * when the head waits for its turn, to the time its history shows. Returns the waits.
   */
  async function drain(worker: DeliveryWorker, queue: Store, ticketId: number, stepMs = 0) {
    const waits: { at: number; until: number }[] = [];
    for (let passes = 0; (await queue.countPendingDeliveries()) > 0; passes += 1) {
      if (passes > STEPS * 3) throw new Error('the deliveries did not settle');
      if ((await worker.runOnce()) > 0) {
        clock += stepMs;
        continue;
      }
      // Nothing was due: the head waits for its turn, and its history says when it will go. Move the clock there.
      const pending = (await queue.listHistory(ticketId)).find((entry) => entry.delivery.status === 'pending');
      expect(pending?.delivery.at).toEqual(expect.any(Number));
      waits.push({ at: clock, until: pending!.delivery.at! });
      clock = pending!.delivery.at!;
    }
    return waits;
  }

  /** Queues `count` updates that carry no comment, each with its history entry; returns the outbox ids. */
  async function queueFieldUpdates(queue: Store, ticketId: number, count: number, at: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const history = await queue.addHistory({
        ticketId,
        type: 'window_scheduled',
        createdAt: at,
        public: false,
        agent: null,
        detail: null,
      });
      const payload = { comment: null, fields: {} };
      ids.push((await queue.enqueue({ ticketId, kind: 'zendesk', payload, createdAt: at }, history.id)).id);
    }
    return ids;
  }

  it('keeps the per-ticket budget across a restart: 28 updates, a new process, 10 more, zero 429s', async () => {
    await start();
    const setupClient = clientFor(served.url);
    const fieldIds = (await setupTicketFields(setupClient, dataDir)).file!.fields;
    const ticketId = await newTicket({ served });
    const text = (vars: Record<string, unknown>) => `Update ${String(vars.step)}`;

    // The first process delivers 28 updates to the ticket in 2 min 20 s, then dies with all of them on record.
    store = SqliteStore.open(dataDir);
    await queueStepComments(store, ticketId, 28, clock);
    const first = stepCommentWorker({ store, client: clientFor(served.url), fieldIds, now: () => clock }, text);
    expect(await drain(first, store, ticketId, 5_000)).toEqual([]);
    const updates = sandbox
      .ledger()
      .filter((entry) => entry.method === 'PUT' && entry.path.startsWith('/api/v2/tickets/'));
    expect(updates.map((entry) => entry.status)).toEqual(Array(28).fill(200));
    const firstUpdate = Date.parse(updates[0]!.at);
    await store.close();

    // The next process starts on the same data directory with a client that has seen nothing, and gets 10 more.
    const server = await startServer({
      dataDir,
      port: 0,
      tokens: { agent: AGENT_TOKEN, automation: AUTOMATION_TOKEN },
      policy: policyOf({
        timeZone: 'America/Chicago',
        rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
      }),
      zendesk: clientFor(served.url),
      fieldIds,
      logger: false,
      now: () => clock,
      deliveryClock: () => clock,
      watchIntervalMs: false,
      reconcileIntervalMs: false,
    });
    try {
      // Driven pass by pass on the shared clock, as above, instead of by the worker's own timer. Field-only updates
      // (the delivery marker alone): Zendesk counts every PUT of the ticket, whatever it carries.
      await server.worker.stop();
      const ids = await queueFieldUpdates(server.store, ticketId, 10, clock);
      const waits = await drain(server.worker, server.store, ticketId);

      expect(sandbox.ledger().filter((entry) => entry.status === 429)).toEqual([]);
      const texts = productComments({ sandbox }, ticketId).map((comment) => comment.body);
      expect(texts).toEqual(Array.from({ length: 28 }, (_, i) => `Update ${i + 1}`));
      const items = await Promise.all(ids.map((id) => server.store.getOutbox(id)));
      expect(items.map((item) => item?.status)).toEqual(Array(10).fill('delivered'));
      const deliveredAt = items.map((item) => item!.deliveredAt!);
      expect(deliveredAt).toEqual([...deliveredAt].sort((a, b) => a - b));
      const marker = sandbox.state.tickets.find((ticket) => ticket.id === ticketId)!.fieldValues[
        String(fieldIds.deliveryMarker)
      ];
      expect(marker).toBe(`${server.store.storeId}:${ids[9]}`);
      // Two updates were left in the window; each later one waited for one of the dead process's updates, 5 s apart,
      // to leave it, and no longer.
      expect(waits.map((wait) => wait.until)).toEqual(
        Array.from({ length: 8 }, (_, k) => firstUpdate + 600_000 + k * 5_000),
      );
    } finally {
      await server.close();
    }
  });

  it('posts the 40 comments of a 40-step upgrade on one ticket, in order, with zero 429s', async () => {
    await start();
    const client = clientFor(served.url);
    const fieldIds = (await setupTicketFields(client, dataDir)).file!.fields;
    const ticketId = await newTicket({ served });
    store = SqliteStore.open(dataDir);
    await queueStepComments(store, ticketId, STEPS, clock);
    const worker = stepCommentWorker(
      { store, client, fieldIds, now: () => clock },
      (vars) => `Step ${String(vars.step)} of the upgrade`,
    );

    const waits: { at: number; until: number }[] = [];
    for (let passes = 0; (await store.countPendingDeliveries()) > 0; passes += 1) {
      if (passes > STEPS * 3) throw new Error('the deliveries did not settle');
      if ((await worker.runOnce()) > 0) continue;
      // Nothing was due: the head waits for its turn, and its history says when it will go. Move the clock there.
      const pending = (await store.listHistory(ticketId)).find((entry) => entry.delivery.status === 'pending');
      expect(pending?.delivery.at).toEqual(expect.any(Number));
      waits.push({ at: clock, until: pending!.delivery.at! });
      clock = pending!.delivery.at!;
    }

    const texts = productComments({ sandbox }, ticketId).map((comment) => comment.body);
    expect(texts).toEqual(Array.from({ length: STEPS }, (_, i) => `Step ${i + 1} of the upgrade`));
    expect(sandbox.ledger().filter((entry) => entry.status === 429)).toEqual([]);
    // The 31st comment waited for the first update to leave the 10-minute window, and no longer.
    expect(waits).toEqual([{ at: START, until: START + 600_000 }]);
    const history = await store.listHistory(ticketId);
    expect(history.map((entry) => entry.delivery.status)).toEqual(Array(STEPS).fill('delivered'));
  });

  it('waits for the account budget to reset instead of drawing a 429', async () => {
    await start({ accountRequestsPerMinute: 5 });
    const client = clientFor(served.url);
    const ticketId = await newTicket({ served });
    for (let read = 0; read < 12; read += 1) await client.getTicket(ticketId);
    const reads = sandbox.ledger().filter((entry) => entry.method === 'GET');
    expect(reads).toHaveLength(12);
    expect(reads.every((entry) => entry.status === 200)).toBe(true);
    // Five reads per one-minute window: the twelfth falls in the third minute.
    expect(clock - START).toBeGreaterThanOrEqual(120_000);
    expect(clock - START).toBeLessThan(180_000);
  });

  /**
   * A client on the shared clock whose waits end only once no request is in flight, as in real time, where the clock
   * does not jump under requests still on their way.
   */
  function drainingClient(): ZendeskClient {
    let inFlight = 0;
    const drained: (() => void)[] = [];
    return createZendeskClient({
      baseUrl: served.url,
      auth: { email: 'admin@example.com', apiToken: 'sandbox' },
      now: () => clock,
      fetch: async (input, init) => {
        inFlight += 1;
        try {
          const response = await fetch(input, init);
          return new Response(await response.arrayBuffer(), { status: response.status, headers: response.headers });
        } finally {
          inFlight -= 1;
          if (inFlight === 0) for (const resolve of drained.splice(0)) resolve();
        }
      },
      sleep: async (ms) => {
        const until = clock + ms;
        if (inFlight > 0) await new Promise<void>((resolve) => drained.push(resolve));
        clock = Math.max(clock, until);
      },
    });
  }

  it('counts the requests still in flight, so concurrent requests never overshoot the account budget', async () => {
    await start({ accountRequestsPerMinute: 5 });
    const client = drainingClient();
    const ticketId = await newTicket({ served });
    // One answer tells the client the budget (4 left this minute); then eight requests start in the same turn.
    await client.getTicket(ticketId);
    await Promise.all(Array.from({ length: 8 }, () => client.getTicket(ticketId)));
    const reads = sandbox.ledger().filter((entry) => entry.method === 'GET');
    expect(reads.map((entry) => entry.status)).toEqual(Array(9).fill(200));
  });

  it('sends the first request of a new client alone, so a restart after its predecessor spent the minute meets no 429', async () => {
    await start({ accountRequestsPerMinute: 5 });
    const ticketId = await newTicket({ served });
    // The process before the crash spent four of the minute's five requests.
    const predecessor = clientFor(served.url);
    for (let read = 0; read < 4; read += 1) await predecessor.getTicket(ticketId);
    // The restarted process knows nothing of it: eight requests start in the same turn.
    const restarted = drainingClient();
    await Promise.all(Array.from({ length: 8 }, () => restarted.getTicket(ticketId)));
    const reads = sandbox.ledger().filter((entry) => entry.method === 'GET');
    expect(reads.map((entry) => entry.status)).toEqual(Array(12).fill(200));
  });
});
