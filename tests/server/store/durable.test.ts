import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { FileSync } from '../../../src/server/store/file-sync.js';
import { DATABASE_FILE, SqliteStore } from '../../../src/server/store/sqlite.js';
import { StoreUnavailableError } from '../../../src/server/store/types.js';

/**
 * Once the inbox writes are offloaded, the main connection commits without an fsync (synchronous=NORMAL) and the
 * WAL is fsynced off the event loop before the caller hears of the write (docs/DECISIONS.md, 57).
 */
describe("the main connection's durability once writes are offloaded", () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-durable-'));
    store = SqliteStore.open(dir);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const synchronous = () =>
    (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true }) as number;

  it('commits with an fsync of its own until then, and without one after', () => {
    expect(synchronous()).toBe(2);
    store.offloadInboxWrites();
    expect(synchronous()).toBe(1);
  });

  /** What another connection sees of the meta key right now: whether the write was committed. */
  const committed = (key: string) => {
    const reader = new Database(join(dir, DATABASE_FILE), { readonly: true });
    try {
      return reader.prepare('SELECT value FROM meta WHERE key = ?').get(key) !== undefined;
    } finally {
      reader.close();
    }
  };

  const writes: [string, (key: string) => Promise<unknown>][] = [
    ['a transaction', (key) => store.transaction((tx) => tx.putMeta(key, 'x'))],
    ['a single write', (key) => store.putMeta(key, 'x')],
  ];

  it.each(writes)('answers %s only after an fsync asked for once it was committed', async (_kind, write) => {
    store.offloadInboxWrites();
    let release!: () => void;
    let asked!: (committedThen: boolean) => void;
    // Resolves with whether the write was visible to another connection when the fsync was asked for.
    const fsyncAsked = new Promise<boolean>((resolve) => (asked = resolve));
    const sync = jest.spyOn(FileSync.prototype, 'sync').mockImplementation(() => {
      asked(committed('probe'));
      return new Promise<void>((resolve) => (release = resolve));
    });
    let answered = false;
    const writing = write('probe').then(() => (answered = true));
    // The write first waits for the inbox writer thread's turn (a message each way), then asks for its fsync.
    await expect(fsyncAsked).resolves.toBe(true);
    expect(sync).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    await writing;
    expect(answered).toBe(true);
  });

  it.each(writes)('fails %s as the store unavailable when the fsync fails', async (_kind, write) => {
    store.offloadInboxWrites();
    jest
      .spyOn(FileSync.prototype, 'sync')
      .mockRejectedValue(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await expect(write('failing')).rejects.toBeInstanceOf(StoreUnavailableError);
    // The failure counts for health like any other failed write, until a write reaches the disk again.
    const now = Date.now();
    await expect(store.writable(now)).resolves.toBe(false);
    jest.restoreAllMocks();
    await expect(store.writable(now + 1_000)).resolves.toBe(true);
  });
});
