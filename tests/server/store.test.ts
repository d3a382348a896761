import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newUpgrade, type UpgradeState } from '../../src/core/lifecycle/index.js';
import { DATABASE_FILE, SqliteStore } from '../../src/server/store/sqlite.js';
import { LATEST_VERSION } from '../../src/server/store/migrations.js';
import { DataDirLockedError, StoreUnavailableError } from '../../src/server/store/types.js';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const booking = (ticketId: number, start: number) => ({
  ticketId,
  start,
  end: start + 6 * 3_600_000,
  rule: 'standard',
  class: 'maintenance' as const,
  reason: null,
  timeZone: 'America/Chicago',
});

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

  it('writes an upgrade only at the expected version', async () => {
    expect(await store.putUpgrade(7, upgradeIn('scheduled'), 0, T0)).toBe(true);
    expect(await store.putUpgrade(7, upgradeIn('cancelled'), 0, T0)).toBe(false);
    expect(await store.putUpgrade(7, upgradeIn('in_progress'), 1, T0)).toBe(true);
    expect(await store.putUpgrade(7, upgradeIn('completed'), 1, T0)).toBe(false);
    expect(await store.getUpgrade(7)).toEqual({
      ticketId: 7,
      upgrade: upgradeIn('in_progress'),
      version: 2,
      updatedAt: T0,
    });
  });

  it('reads an upgrade back as the lifecycle value and names the field of a damaged row', async () => {
    await store.putUpgrade(8, upgradeIn('scheduled'), 0, T0);
    const db = (store as unknown as { db: Database.Database }).db;
    db.prepare(`UPDATE upgrades SET state_json = json_set(state_json, '$.state', 'lost') WHERE ticket_id = 8`).run();
    await expect(store.getUpgrade(8)).rejects.toThrow('the stored upgrade of ticket 8 is damaged: state:');
    db.prepare(`UPDATE upgrades SET state_json = '{' WHERE ticket_id = 8`).run();
    await expect(store.getUpgrade(8)).rejects.toThrow('the stored upgrade of ticket 8 is not JSON');
  });

  it('keeps one active booking per ticket and releases the old place on a reschedule', async () => {
    await store.replaceBooking(booking(1, T0), T0);
    await store.replaceBooking(booking(2, T0), T0);
    await store.replaceBooking(booking(1, T0 + 86_400_000), T0);
    expect(await store.activeBookingCounts()).toEqual(
      new Map([
        [T0, 1],
        [T0 + 86_400_000, 1],
      ]),
    );
    expect(await store.activeBookingCounts(2)).toEqual(new Map([[T0 + 86_400_000, 1]]));
    expect((await store.listBookings({})).map((b) => [b.ticketId, b.start])).toEqual([
      [2, T0],
      [1, T0 + 86_400_000],
    ]);
  });

  it('rolls a transaction back as a whole when its work throws', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.putUpgrade(9, upgradeIn('scheduled'), 0, T0);
        await tx.replaceBooking(booking(9, T0), T0);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await store.getUpgrade(9)).toBeNull();
    expect(await store.activeBooking(9)).toBeNull();
  });

  it('hands out only the head of each ticket queue, one lease at a time', async () => {
    const a1 = await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: { n: 1 }, createdAt: T0 }, null);
    await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: { n: 2 }, createdAt: T0 }, null);
    const b1 = await store.enqueue({ ticketId: 2, kind: 'zendesk', payload: { n: 3 }, createdAt: T0 }, null);
    expect((await store.claimDue(T0, 60_000, 10)).map((item) => item.id)).toEqual([a1.id, b1.id]);
    expect(await store.claimDue(T0 + 1, 60_000, 10)).toEqual([]);
    await store.markDelivered(a1.id, T0 + 2);
    const next = await store.claimDue(T0 + 3, 60_000, 10);
    expect(next.map((item) => item.payload)).toEqual([{ n: 2 }]);
  });

  it('mirrors delivery status into the history entry of an outbox item', async () => {
    const entry = await store.addHistory({
      ticketId: 3,
      type: 'upgrade_started',
      createdAt: T0,
      public: true,
      agent: { id: '42', name: 'Ada' },
      detail: null,
    });
    const item = await store.enqueue({ ticketId: 3, kind: 'zendesk', payload: {}, createdAt: T0 }, entry.id);
    expect((await store.getHistory(entry.id))?.delivery).toEqual({ status: 'pending', at: null, error: null });
    await store.markFailed(item.id, 'HTTP 422: closed ticket', T0 + 5);
    expect((await store.getHistory(entry.id))?.delivery).toEqual({
      status: 'failed',
      at: T0 + 5,
      error: 'HTTP 422: closed ticket',
    });
    expect(await store.countFailedDeliveries()).toBe(1);
    expect(await store.requeue(item.id, T0 + 6)).toBe(true);
    expect((await store.getHistory(entry.id))?.delivery.status).toBe('pending');
    expect((await store.getHistory(entry.id))?.agent).toEqual({ id: '42', name: 'Ada' });
  });

  it('forgets idempotency keys older than the given instant only', async () => {
    const record = { ticketId: 1, key: 'k', requestHash: 'h', status: 202, body: { ok: true }, createdAt: T0 };
    await store.putIdempotency(record);
    await store.putIdempotency({ ...record, key: 'old', createdAt: T0 - 8 * 86_400_000 });
    expect(await store.purgeIdempotency(T0 - 7 * 86_400_000)).toBe(1);
    expect(await store.getIdempotency(1, 'k')).toEqual(record);
    expect(await store.getIdempotency(1, 'old')).toBeNull();
  });

  it('stores a webhook invocation once', async () => {
    expect(await store.putInbox({ id: 'inv-1', receivedAt: T0, body: { ticket_id: '5' } })).toBe(true);
    expect(await store.putInbox({ id: 'inv-1', receivedAt: T0, body: { ticket_id: '5' } })).toBe(false);
    expect(await store.listUnprocessedInbox(10)).toEqual([
      { id: 'inv-1', receivedAt: T0, body: { ticket_id: '5' }, processedAt: null },
    ]);
  });

  it('reports a closed store as unavailable', async () => {
    (store as unknown as { db: Database.Database }).db.close();
    await expect(store.ping()).rejects.toThrow(StoreUnavailableError);
  });
});

function upgradeIn(state: UpgradeState) {
  return { ...newUpgrade('7'), state };
}
