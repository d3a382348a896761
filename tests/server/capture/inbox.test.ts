import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboxWorker } from '../../../src/server/capture/inbox.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';
import { HTTPError, NetworkError } from '../../../src/zendesk/client/index.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('InboxWorker', () => {
  let dataDir: string;
  let store: SqliteStore;
  const clock = { now: 1_000_000 };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-inbox-'));
    store = SqliteStore.open(dataDir);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const put = (id: string, ticketId: number) =>
    store.putInbox({ id, receivedAt: clock.now, body: { ticketId, commentId: null, webhookId: null } });

  /** Invocations a, b, c and d, naming tickets 1, 2, 3 and 4. */
  async function putFourTickets() {
    for (const [index, id] of ['a', 'b', 'c', 'd'].entries()) await put(id, index + 1);
  }

  function worker(processTicket: (ticketId: number) => Promise<unknown>) {
    return new InboxWorker({
      store,
      processTicket,
      now: () => clock.now,
      logger: quiet,
      random: () => 0.5,
      options: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
    });
  }

  it('reads each named ticket once per pass, however many invocations name it, and marks them processed', async () => {
    await put('a', 7);
    await put('b', 7);
    await put('c', 8);
    const seen: number[] = [];
    const done = await worker(async (ticketId) => seen.push(ticketId)).runOnce();
    expect([done, seen, await store.listUnprocessedInbox(10)]).toEqual([3, [7, 8], []]);
  });

  it('yields to acceptance: a ticket read while webhooks keep arriving is followed by the busy gap, not at once', async () => {
    await putFourTickets();
    const order: string[] = [];
    const inbox = new InboxWorker({
      store,
      // Webhooks arrive (each stored one kicks the worker) while tickets 1 and 3 are read; none during 2 and 4.
      processTicket: async (ticketId) => {
        order.push(`read ${ticketId}`);
        if (ticketId === 1 || ticketId === 3) inbox.kick();
      },
      pause: async (ms) => void order.push(`pause ${ms}`),
      now: () => clock.now,
      logger: quiet,
      options: { busyGapMs: 10 },
    });
    expect(await inbox.runOnce()).toBe(4);
    expect(order).toEqual(['read 1', 'pause 10', 'read 2', 'read 3', 'pause 10', 'read 4']);
    await inbox.stop();
  });

  it("while webhooks keep arriving, waits one busy gap per Zendesk request the last ticket's reading sent", async () => {
    await putFourTickets();
    // Ticket 1 has new comments (comments, ticket, requester: 3 requests), 2 has none (1), 3 fails after 2.
    const requestsOf: Record<number, number> = { 1: 3, 2: 1, 3: 2, 4: 1 };
    let sent = 0;
    const order: string[] = [];
    const inbox = new InboxWorker({
      store,
      processTicket: async (ticketId) => {
        order.push(`read ${ticketId}`);
        sent += requestsOf[ticketId]!;
        inbox.kick();
        if (ticketId === 3)
          throw new NetworkError({ method: 'GET', url: 'http://zendesk.invalid', cause: new Error('reset') });
      },
      zendeskRequests: () => sent,
      pause: async (ms) => void order.push(`pause ${ms}`),
      now: () => clock.now,
      logger: quiet,
      random: () => 0.5,
      options: { busyGapMs: 10 },
    });
    expect(await inbox.runOnce()).toBe(3);
    expect(order).toEqual(['read 1', 'pause 30', 'read 2', 'pause 10', 'read 3', 'pause 20', 'read 4']);
    await inbox.stop();
  });

  it('keeps an invocation whose ticket cannot be read, and retries it after its backoff', async () => {
    await put('a', 7);
    let fail = true;
    const calls: number[] = [];
    const inbox = worker(async (ticketId) => {
      calls.push(ticketId);
      if (fail) throw new NetworkError({ method: 'GET', url: 'http://zendesk.invalid', cause: new Error('reset') });
    });
    expect(await inbox.runOnce()).toBe(0);
    expect([inbox.retrying, (await store.listUnprocessedInbox(10)).map((row) => row.id)]).toEqual([1, ['a']]);
    expect(await inbox.runOnce()).toBe(0);
    expect(calls).toEqual([7]);
    fail = false;
    clock.now += 60_000;
    expect(await inbox.runOnce()).toBe(1);
    expect([calls, inbox.retrying]).toEqual([[7, 7], 0]);
  });

  it('drops the invocations of a ticket Zendesk no longer has (404), but keeps those refused with 401', async () => {
    await put('gone', 7);
    await put('locked', 8);
    const inbox = worker(async (ticketId) => {
      const status = ticketId === 7 ? 404 : 401;
      throw new HTTPError({
        status,
        method: 'GET',
        url: `http://zendesk.invalid/${ticketId}`,
        body: null,
        retryAfterMs: null,
      });
    });
    expect(await inbox.runOnce()).toBe(1);
    expect((await store.listUnprocessedInbox(10)).map((row) => row.id)).toEqual(['locked']);
  });

  it('processes after a restart what a stopped process left in the inbox', async () => {
    await put('a', 7);
    await store.close();
    store = SqliteStore.open(dataDir);
    const seen: number[] = [];
    expect(await worker(async (ticketId) => seen.push(ticketId)).runOnce()).toBe(1);
    expect(seen).toEqual([7]);
  });

  it('lets the I/O that arrived meanwhile run before it reads the next ticket', async () => {
    await put('a', 7);
    await put('b', 8);
    const order: string[] = [];
    await worker(async (ticketId) => {
      order.push(`ticket ${ticketId}`);
      // Stands for a webhook that arrived while ticket 7 was processed: it must be answered before ticket 8.
      if (ticketId === 7) setImmediate(() => order.push('waiting request'));
    }).runOnce();
    expect(order).toEqual(['ticket 7', 'waiting request', 'ticket 8']);
  });

  it("marks a ticket's invocations together, so the inbox writer commits them in one transaction", async () => {
    await put('a', 7);
    await put('b', 7);
    const marked: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const original = store.markInboxProcessed;
    store.markInboxProcessed = async (id, now) => {
      marked.push(id);
      await held;
      return original(id, now);
    };
    const pass = worker(async () => undefined).runOnce();
    for (let turn = 0; turn < 10 && marked.length < 2; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    // Both marks were handed over before the first was committed.
    expect(marked).toEqual(['a', 'b']);
    release();
    expect(await pass).toBe(2);
  });
});
