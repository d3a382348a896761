import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { InboxWriter } from '../../../src/server/store/off-thread.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';

/**
 * Once webhooks are committed by the inbox writer thread, into the inbox's own file, a write on the main connection
 * never meets that thread's lock (docs/DECISIONS.md, 50 and 60): it would otherwise wait in SQLite's busy handler,
 * which sleeps the event loop. With the main connection's busy timeout at zero, any write that met the lock would
 * fail with SQLITE_BUSY at once: none may.
 */
describe('the main connection and the inbox writer thread', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-lock-'));
    store = SqliteStore.open(dir);
    store.offloadInboxWrites();
    (store as unknown as { db: Database.Database }).db.pragma('busy_timeout = 0');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Each kind of write on its own.
  const kinds: [string, (round: number) => Promise<unknown>][] = [
    [
      'a transaction',
      (round) =>
        store.transaction(async (tx) => {
          await tx.putWatchMark(round, 'warning', round);
          return tx.processedCommentIds(round);
        }),
    ],
    ['a single write outside a transaction', (round) => store.putMeta(`round-${round % 3}`, String(round))],
  ];

  it.each(kinds)(
    'never meet on the lock while webhooks are committed and the main connection writes %s',
    async (_kind, write) => {
      const puts: Promise<boolean>[] = [];
      const writes: Promise<unknown>[] = [];
      for (let round = 0; round < 150; round += 1) {
        for (let webhook = 0; webhook < 20; webhook += 1) {
          const id = `inv-${round}-${webhook}`;
          puts.push(store.putInbox({ id, receivedAt: round, body: { ticketId: webhook } }));
        }
        writes.push(write(round), write(round));
        // Let the writer thread commit between rounds, as webhooks arrive between requests.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const results = await Promise.allSettled([...puts, ...writes]);
      const refused = results.filter((result) => result.status === 'rejected');
      expect(refused.map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
      expect((await Promise.all(puts)).every(Boolean)).toBe(true);
      expect(await store.listUnprocessedInbox(10_000)).toHaveLength(3_000);
    },
  );

  it("hands a transaction's inbox writes to the writer thread too, never to the main thread's connection", async () => {
    const put = jest.spyOn(InboxWriter.prototype, 'put');
    const marked = jest.spyOn(InboxWriter.prototype, 'markProcessed');
    try {
      const stored = await store.transaction(async (tx) => {
        const first = await tx.putInbox({ id: 'in-tx', receivedAt: 1, body: { ticketId: 1 } });
        await tx.markInboxProcessed('in-tx', 2);
        return [first, await tx.putInbox({ id: 'in-tx', receivedAt: 3, body: { ticketId: 1 } })];
      });
      expect(stored).toEqual([true, false]);
      expect([put.mock.calls.length, marked.mock.calls.length]).toEqual([2, 1]);
      expect(await store.listUnprocessedInbox(10)).toEqual([]);
    } finally {
      put.mockRestore();
      marked.mockRestore();
    }
  });

  it('purges on the writer thread, in a batch with the webhooks that arrive meanwhile, never on the main connection', async () => {
    const purge = jest.spyOn(InboxWriter.prototype, 'purge');
    try {
      for (const id of ['old-1', 'old-2', 'kept']) await store.putInbox({ id, receivedAt: 1, body: { ticketId: 1 } });
      await Promise.all([store.markInboxProcessed('old-1', 10), store.markInboxProcessed('old-2', 10)]);
      // Sent together: one commit of the thread holds the purge's batch and the webhook's insert.
      const [forgotten, stored] = await Promise.all([
        store.purgeInbox(11, 100, 0),
        store.putInbox({ id: 'new', receivedAt: 12, body: { ticketId: 2 } }),
      ]);
      expect([forgotten, stored, purge.mock.calls.length]).toEqual([{ forgotten: 2, next: null }, true, 1]);
      expect((await store.listUnprocessedInbox(10)).map((row) => row.id)).toEqual(['kept', 'new']);
      expect(await store.purgeInbox(11, 100, 0)).toEqual({ forgotten: 0, next: null });
    } finally {
      purge.mockRestore();
    }
  });
});
