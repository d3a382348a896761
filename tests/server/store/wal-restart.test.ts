import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WAL_RESTART_PAGES } from '../../../src/server/store/off-thread.js';
import { INBOX_FILE, SqliteStore } from '../../../src/server/store/sqlite.js';

/**
 * A WAL starts over only after a checkpoint that copied every frame, and while webhooks keep coming nothing else
 * would checkpoint the inbox's file (docs/DECISIONS.md, 58 and 60). The writer checkpoints it itself once its WAL
 * holds WAL_RESTART_PAGES, so the WAL stays bounded however many webhooks arrive. The checkpointer (the main
 * file's) is held off here too.
 */
describe("the inbox's WAL under a steady stream of webhooks", () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-wal-'));
    store = SqliteStore.open(dir);
    store.offloadInboxWrites({ checkpointMs: 3_600_000 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts over instead of growing with every commit, and keeps every invocation', async () => {
    // Random ids (UUIDs, as the bench sends): most inserts dirty an index page of their own, so a WAL that never
    // started over would take most of a page per webhook (about 23,000 pages for these 32,800 in one measurement).
    const batch = 200;
    const total = Math.ceil((8 * WAL_RESTART_PAGES) / batch) * batch;
    const walPages = () => statSync(join(dir, `${INBOX_FILE}-wal`)).size / 4_096;
    let largest = 0;
    for (let sent = 0; sent < total; sent += batch) {
      const puts = Array.from({ length: batch }, (_, index) =>
        store.putInbox({ id: randomUUID(), receivedAt: sent + index, body: { ticketId: index + 1 } }),
      );
      expect((await Promise.all(puts)).every(Boolean)).toBe(true);
      largest = Math.max(largest, walPages());
    }
    // At most the threshold and the commit that crossed it (200 invocations, a page or two each).
    expect(largest).toBeLessThan(WAL_RESTART_PAGES + 1_000);
    expect(await store.listUnprocessedInbox(total + 1)).toHaveLength(total);
  });
});
