import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newUpgrade } from '../../../src/core/lifecycle/index.js';
import { DATABASE_FILE, INBOX_FILE, SqliteStore } from '../../../src/server/store/sqlite.js';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/server/store/migrations.js';
import { INBOX_SCHEMA } from '../../../src/server/store/sqlite/inbox.js';
import { DataDirLockedError, StoreUnavailableError } from '../../../src/server/store/types.js';

/** What only the SQLite store does; the operations every store shares are in contract.test.ts. */
describe('SqliteStore', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-store-'));
    store = SqliteStore.open(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens in WAL mode with synchronous FULL at the latest schema version', async () => {
    await store.close();
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').get()).toEqual({ version: LATEST_VERSION });
    db.close();
    store = SqliteStore.open(dir);
    const synchronous = (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true });
    expect(synchronous).toBe(2); // FULL
  });

  it('refuses a second opening of the same data directory while the first holds it', () => {
    expect(() => SqliteStore.open(dir)).toThrow(DataDirLockedError);
    expect(() => SqliteStore.open(dir)).toThrow(`in use by process ${process.pid}`);
  });

  it('keeps the same store id across reopenings', async () => {
    const id = store.storeId;
    await store.close();
    store = SqliteStore.open(dir);
    expect(store.storeId).toBe(id);
  });

  it('reads an upgrade back as the lifecycle value and names the field of a damaged row', async () => {
    await store.putUpgrade(8, { ...newUpgrade('8'), state: 'scheduled' }, 0, Date.parse('2026-12-01T12:00:00Z'));
    const db = (store as unknown as { db: Database.Database }).db;
    db.prepare(`UPDATE upgrades SET state_json = json_set(state_json, '$.state', 'lost') WHERE ticket_id = 8`).run();
    await expect(store.getUpgrade(8)).rejects.toThrow('the stored upgrade of ticket 8 is damaged: state:');
    db.prepare(`UPDATE upgrades SET state_json = '{' WHERE ticket_id = 8`).run();
    await expect(store.getUpgrade(8)).rejects.toThrow('the stored upgrade of ticket 8 is not JSON');
  });

  it('reports a closed store as unavailable', async () => {
    (store as unknown as { db: Database.Database }).db.close();
    await expect(store.ping()).rejects.toThrow(StoreUnavailableError);
  });

  it('gives the items of the deploy that brings the per-ticket budget an instant from what was recorded before', async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'uw-store-'));
    // A data directory at schema version 4, written by the version before: sends had no instant of their own.
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (4)');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 4)) db.exec(migration.sql);
    const T = Date.parse('2026-12-01T12:00:00Z');
    const add = db.prepare(
      `INSERT INTO outbox (ticket_id, kind, payload_json, status, sends, next_attempt_at, created_at, delivered_at)
       VALUES (?, ?, '{}', ?, ?, ?, ?, ?)`,
    );
    add.run(1, 'zendesk', 'delivered', 1, 0, T, T + 1_000);
    add.run(1, 'zendesk', 'pending', 2, T + 9_000, T, null);
    const failed = add.run(2, 'zendesk', 'failed', 0, T + 2_000, T, null).lastInsertRowid;
    db.prepare(
      "INSERT INTO history (ticket_id, type, created_at, public, outbox_id, delivery_status, delivered_at) VALUES (2, 't', ?, 1, ?, 'failed', ?)",
    ).run(T, failed, T + 4_000);
    add.run(3, 'zendesk', 'pending', 0, 0, T, null);
    add.run(3, 'notify', 'delivered', 1, 0, T, T + 1_000);
    db.close();

    store = SqliteStore.open(dir);
    const updates = await store.recentTicketUpdates(T);
    expect([...updates].sort((a, b) => a.at - b.at)).toEqual([
      { ticketId: 1, at: T + 1_000, count: 1 },
      { ticketId: 2, at: T + 4_000, count: 1 },
      { ticketId: 1, at: T + 9_000, count: 2 },
    ]);
  });

  it('counts the bookings a data directory already holds when it brings the per-window counts', async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'uw-store-'));
    // Schema version 5, before booking_counts: two active bookings share a window, a released one does not count.
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (5)');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) db.exec(migration.sql);
    const add = db.prepare(
      `INSERT INTO bookings (ticket_id, start_at, end_at, rule, class, time_zone, active, created_at)
       VALUES (?, ?, ?, 'standard', 'maintenance', 'UTC', ?, 0)`,
    );
    add.run(1, 1_000, 2_000, 1);
    add.run(2, 1_000, 2_000, 1);
    add.run(3, 1_000, 2_000, 0);
    add.run(3, 5_000, 6_000, 1);
    db.close();

    store = SqliteStore.open(dir);
    expect(await store.activeBookingCounts()).toEqual(
      new Map([
        [1_000, 2],
        [5_000, 1],
      ]),
    );
    expect(await store.activeBookingCounts(2)).toEqual(
      new Map([
        [1_000, 1],
        [5_000, 1],
      ]),
    );
  });

  /** A data directory at schema version 6, from before the inbox had a file of its own: three invocations. */
  function versionSixWithInbox(): void {
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (6)');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 6)) db.exec(migration.sql);
    const add = db.prepare('INSERT INTO inbox (id, received_at, body_json, processed_at) VALUES (?, ?, ?, ?)');
    add.run('inv-done', 1_000, '{"ticketId":1}', 1_500);
    add.run('inv-a', 2_000, '{"ticketId":2}', null);
    add.run('inv-b', 3_000, '{"ticketId":3}', null);
    db.close();
  }

  async function expectInboxMoved(): Promise<void> {
    expect((await store.listUnprocessedInbox(10)).map((record) => [record.id, record.body])).toEqual([
      ['inv-a', { ticketId: 2 }],
      ['inv-b', { ticketId: 3 }],
    ]);
    // Still deduplicated on the invocation id, processed or not.
    expect(await store.putInbox({ id: 'inv-done', receivedAt: 9_000, body: { ticketId: 1 } })).toBe(false);
    expect(await store.putInbox({ id: 'inv-a', receivedAt: 9_000, body: { ticketId: 2 } })).toBe(false);
    await store.close();
    const main = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const inbox = new Database(join(dir, INBOX_FILE), { readonly: true });
    try {
      expect(main.prepare("SELECT name FROM sqlite_master WHERE name = 'inbox'").all()).toEqual([]);
      expect(inbox.prepare('SELECT id, processed_at FROM inbox ORDER BY received_at').all()).toEqual([
        { id: 'inv-done', processed_at: 1_500 },
        { id: 'inv-a', processed_at: null },
        { id: 'inv-b', processed_at: null },
      ]);
    } finally {
      main.close();
      inbox.close();
    }
    store = SqliteStore.open(dir);
  }

  it("moves a data directory's inbox into the inbox's own file, keeping what was processed and what was not", async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'uw-store-'));
    versionSixWithInbox();
    store = SqliteStore.open(dir);
    await expectInboxMoved();
  });

  it('moves the inbox once, losing nothing, after a crash between the copy and the drop', async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'uw-store-'));
    versionSixWithInbox();
    // A copy had committed in the inbox's file (here one of its rows), and the main file was not migrated yet.
    const inbox = new Database(join(dir, INBOX_FILE));
    inbox.exec(INBOX_SCHEMA);
    inbox.prepare("INSERT INTO inbox VALUES ('inv-done', 1000, '{\"ticketId\":1}', 1500)").run();
    inbox.close();
    store = SqliteStore.open(dir);
    await expectInboxMoved();
  });
});
