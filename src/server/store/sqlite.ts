import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Upgrade } from '../../core/lifecycle/types.js';
import { createPrivate, lockDataDir } from './lock.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { Checkpointer, InboxWriter } from './off-thread.js';
import { encodeUpgrade } from './upgrade-codec.js';
import {
  toBooking,
  toHistory,
  toIdempotency,
  toInbox,
  toOutbox,
  toProcessedComment,
  toUpgrade,
  type Row,
} from './rows.js';
import {
  StoreUnavailableError,
  type BookingRecord,
  type HistoryRecord,
  type IdempotencyRecord,
  type InboxRecord,
  type NewBooking,
  type NewHistory,
  type NewOutbox,
  type OutboxRecord,
  type ProcessedComment,
  type Store,
  type StoreOps,
  type UpgradeRecord,
} from './types.js';

export const DATABASE_FILE = 'upgrade-windows.sqlite';

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, owned by one process (a lock the
 * kernel releases when that process ends: src/server/store/lock.ts). better-sqlite3 is synchronous; the async
 * interface exists for a future Postgres store. Every call goes through one queue, so a transaction's awaits
 * cannot let another caller's statements slip into it.
 */
export class SqliteStore implements Store {
  readonly storeId: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ops: SqliteOps;
  private closed = false;
  /** When a statement last failed for want of a writable store (null: none since the last successful write). */
  private failedAt: number | null = null;
  private lastProbe: { at: number; writable: boolean } | null = null;
  private offloaded: { inbox: InboxWriter; checkpointer: Checkpointer } | null = null;

  private constructor(
    private readonly db: Database.Database,
    private readonly unlock: () => void,
    private readonly file: string,
  ) {
    this.ops = new SqliteOps(db);
    this.storeId = readOrCreateStoreId(db);
  }

  /** Opens (creating and migrating as needed) the store in `dataDir`; throws DataDirLockedError if taken. */
  static open(dataDir: string): SqliteStore {
    // It holds tickets, requesters and webhook payloads: for this user only (SQLite's -wal and -shm files take
    // the database file's mode).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const unlock = lockDataDir(dataDir);
    try {
      const file = join(dataDir, DATABASE_FILE);
      createPrivate(file);
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      // FULL: a commit is fsynced to the WAL before it returns (see docs/DECISIONS.md for what that survives).
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new SqliteStore(db, unlock, file);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  transaction<T>(work: (tx: StoreOps) => Promise<T>): Promise<T> {
    return this.serialize(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.ops);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Moves `putInbox` (the webhook route's durable write) and `markInboxProcessed` off the event loop
   * (src/server/store/off-thread.ts): from now on a worker thread group-commits them, in call order, with
   * synchronous=FULL and each promise settles after its commit; another thread runs the WAL checkpoints, which
   * this connection then no longer runs itself.
   * Idempotent; `close` ends both threads.
   */
  offloadInboxWrites(): void {
    if (this.offloaded !== null) return;
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.db.pragma('wal_autocheckpoint = 0');
    this.offloaded = { inbox: InboxWriter.start(this.file), checkpointer: Checkpointer.start(this.file) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.offloaded !== null) {
      // The writer commits what it was handed before it ends; this connection, the last one, then checkpoints.
      await this.offloaded.inbox.close();
      await this.offloaded.checkpointer.close();
    }
    await this.queue.catch(() => undefined);
    this.db.close();
    this.unlock();
  }

  /**
   * Whether the store takes writes (GET /healthz reports `degraded` when not). After a failure it tries a one-row
   * write, at most once a second, so health recovers as soon as the disk does, with or without traffic.
   */
  async writable(now: number = Date.now()): Promise<boolean> {
    if (this.failedAt === null) return true;
    if (this.lastProbe !== null && now - this.lastProbe.at < 1_000) return this.lastProbe.writable;
    const writable = await this.transaction(async () => {
      this.db
        .prepare(
          "INSERT INTO meta (key, value) VALUES ('write_probe', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
        )
        .run(String(now));
      return true;
    }).catch(() => false);
    this.lastProbe = { at: now, writable };
    // Only a write that reached the disk clears the failure (a transaction that changed nothing commits anyway).
    if (writable) this.failedAt = null;
    return writable;
  }

  /** Remembers a failure of the store itself (not a caller's mistake) for `writable`. */
  private noted(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) {
      this.failedAt = Date.now();
      this.lastProbe = null;
    }
    return error;
  }

  private serialize<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(async () => {
      if (!this.db.open) throw new StoreUnavailableError('the store is closed');
      try {
        return await work();
      } catch (error) {
        throw this.noted(asUnavailable(error));
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  // Each operation outside a transaction runs alone on the queue.
  getUpgrade = (ticketId: number) => this.serialize(() => this.ops.getUpgrade(ticketId));
  putUpgrade = (ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number) =>
    this.serialize(() => this.ops.putUpgrade(ticketId, upgrade, expectedVersion, now));
  activeBooking = (ticketId: number) => this.serialize(() => this.ops.activeBooking(ticketId));
  activeBookingCounts = (excludeTicket?: number) => this.serialize(() => this.ops.activeBookingCounts(excludeTicket));
  replaceBooking = (booking: NewBooking, now: number) => this.transaction((tx) => tx.replaceBooking(booking, now));
  releaseBooking = (ticketId: number, now: number) => this.serialize(() => this.ops.releaseBooking(ticketId, now));
  listBookings = (range: { from?: number; to?: number }) => this.serialize(() => this.ops.listBookings(range));
  addHistory = (entry: NewHistory) => this.serialize(() => this.ops.addHistory(entry));
  listHistory = (ticketId: number) => this.serialize(() => this.ops.listHistory(ticketId));
  getHistory = (id: number) => this.serialize(() => this.ops.getHistory(id));
  enqueue = (item: NewOutbox, historyId: number | null) => this.transaction((tx) => tx.enqueue(item, historyId));
  getOutbox = (id: number) => this.serialize(() => this.ops.getOutbox(id));
  claimDue = (now: number, leaseMs: number, limit: number) =>
    this.transaction((tx) => tx.claimDue(now, leaseMs, limit));
  recordSend = (id: number, sent: unknown, now: number) => this.serialize(() => this.ops.recordSend(id, sent, now));
  markDelivered = (id: number, now: number) => this.transaction((tx) => tx.markDelivered(id, now));
  retryLater = (id: number, at: number, error: string, countFailure: boolean) =>
    this.serialize(() => this.ops.retryLater(id, at, error, countFailure));
  markFailed = (id: number, error: string, now: number) => this.transaction((tx) => tx.markFailed(id, error, now));
  requeue = (id: number, now: number) => this.transaction((tx) => tx.requeue(id, now));
  releaseLeases = () => this.serialize(() => this.ops.releaseLeases());
  countFailedDeliveries = () => this.serialize(() => this.ops.countFailedDeliveries());
  countPendingDeliveries = () => this.serialize(() => this.ops.countPendingDeliveries());
  getIdempotency = (ticketId: number, key: string) => this.serialize(() => this.ops.getIdempotency(ticketId, key));
  putIdempotency = (record: IdempotencyRecord) => this.serialize(() => this.ops.putIdempotency(record));
  purgeIdempotency = (before: number) => this.serialize(() => this.ops.purgeIdempotency(before));
  putInbox = (record: Omit<InboxRecord, 'processedAt'>) =>
    this.offloaded !== null
      ? this.offloaded.inbox.put(record).catch((error: unknown) => Promise.reject(this.noted(error)))
      : this.serialize(() => this.ops.putInbox(record));
  markInboxProcessed = (id: string, now: number) =>
    this.offloaded !== null
      ? this.offloaded.inbox.markProcessed(id, now).catch((error: unknown) => Promise.reject(this.noted(error)))
      : this.serialize(() => this.ops.markInboxProcessed(id, now));
  listUnprocessedInbox = (limit: number) => this.serialize(() => this.ops.listUnprocessedInbox(limit));
  claimInbox = (now: number, leaseMs: number, limit: number) =>
    this.serialize(() => this.ops.claimInbox(now, leaseMs, limit));
  // One process owns the data directory: it leads every role.
  holdLeadership = async (_role: string, _now: number, _ttlMs: number) => true;
  markCommentProcessed = (record: ProcessedComment) => this.serialize(() => this.ops.markCommentProcessed(record));
  processedCommentIds = (ticketId: number) => this.serialize(() => this.ops.processedCommentIds(ticketId));
  listProcessedComments = (ticketId: number) => this.serialize(() => this.ops.listProcessedComments(ticketId));
  putWatchMark = (ticketId: number, mark: string, now: number) =>
    this.serialize(() => this.ops.putWatchMark(ticketId, mark, now));
  listUpgradesInStates = (states: readonly string[]) => this.serialize(() => this.ops.listUpgradesInStates(states));
  ping = () => this.serialize(() => this.ops.ping());
}

/** The statements, run on the caller's connection (inside a transaction or alone). */
class SqliteOps implements StoreOps {
  constructor(private readonly db: Database.Database) {}

  async getUpgrade(ticketId: number): Promise<UpgradeRecord | null> {
    const row = this.db.prepare('SELECT * FROM upgrades WHERE ticket_id = ?').get(ticketId) as Row | undefined;
    return row === undefined ? null : toUpgrade(row);
  }

  async putUpgrade(ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number): Promise<boolean> {
    const json = encodeUpgrade(upgrade);
    if (expectedVersion === 0) {
      const result = this.db
        .prepare(
          'INSERT INTO upgrades (ticket_id, state_json, version, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING',
        )
        .run(ticketId, json, now);
      return result.changes === 1;
    }
    const result = this.db
      .prepare(
        'UPDATE upgrades SET state_json = ?, version = version + 1, updated_at = ? WHERE ticket_id = ? AND version = ?',
      )
      .run(json, now, ticketId, expectedVersion);
    return result.changes === 1;
  }

  async activeBooking(ticketId: number): Promise<BookingRecord | null> {
    const row = this.db.prepare('SELECT * FROM bookings WHERE ticket_id = ? AND active = 1').get(ticketId) as
      Row | undefined;
    return row === undefined ? null : toBooking(row);
  }

  async activeBookingCounts(excludeTicket?: number): Promise<Map<number, number>> {
    const rows = this.db
      .prepare('SELECT start_at, COUNT(*) AS n FROM bookings WHERE active = 1 AND ticket_id != ? GROUP BY start_at')
      .all(excludeTicket ?? -1) as Row[];
    return new Map(rows.map((row) => [Number(row.start_at), Number(row.n)]));
  }

  async replaceBooking(booking: NewBooking, now: number): Promise<BookingRecord> {
    await this.releaseBooking(booking.ticketId, now);
    const result = this.db
      .prepare(
        `INSERT INTO bookings (ticket_id, start_at, end_at, rule, class, reason, time_zone, active, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
      )
      .run(
        booking.ticketId,
        booking.start,
        booking.end,
        booking.rule,
        booking.class,
        booking.reason,
        booking.timeZone,
        now,
      );
    const row = this.db.prepare('SELECT * FROM bookings WHERE id = ?').get(result.lastInsertRowid) as Row;
    return toBooking(row);
  }

  async releaseBooking(ticketId: number, now: number): Promise<BookingRecord | null> {
    const current = await this.activeBooking(ticketId);
    if (current === null) return null;
    this.db.prepare('UPDATE bookings SET active = 0, released_at = ? WHERE id = ?').run(now, current.id);
    return { ...current, active: false };
  }

  async listBookings(range: { from?: number; to?: number }): Promise<BookingRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM bookings WHERE active = 1 AND end_at > ? AND start_at < ? ORDER BY start_at, id')
      .all(range.from ?? Number.MIN_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER) as Row[];
    return rows.map(toBooking);
  }

  async addHistory(entry: NewHistory): Promise<HistoryRecord> {
    const result = this.db
      .prepare(
        `INSERT INTO history (ticket_id, type, created_at, public, agent_id, agent_name, delivery_status, delivered_at, detail_json)
         VALUES (?, ?, ?, ?, ?, ?, 'delivered', ?, ?)`,
      )
      .run(
        entry.ticketId,
        entry.type,
        entry.createdAt,
        entry.public ? 1 : 0,
        entry.agent?.id ?? null,
        entry.agent?.name ?? null,
        entry.createdAt,
        JSON.stringify(entry.detail ?? null),
      );
    return (await this.getHistory(Number(result.lastInsertRowid)))!;
  }

  async listHistory(ticketId: number): Promise<HistoryRecord[]> {
    const rows = this.db.prepare('SELECT * FROM history WHERE ticket_id = ? ORDER BY id').all(ticketId) as Row[];
    return rows.map(toHistory);
  }

  async getHistory(id: number): Promise<HistoryRecord | null> {
    const row = this.db.prepare('SELECT * FROM history WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? null : toHistory(row);
  }

  async enqueue(item: NewOutbox, historyId: number | null): Promise<OutboxRecord> {
    const result = this.db
      .prepare(
        `INSERT INTO outbox (ticket_id, kind, payload_json, history_id, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', 0, ?)`,
      )
      // Due at once: 0 rather than createdAt, so a domain clock set apart from the worker's never delays it.
      .run(item.ticketId, item.kind, JSON.stringify(item.payload), historyId, item.createdAt);
    const id = Number(result.lastInsertRowid);
    if (historyId !== null) {
      this.db
        .prepare(
          "UPDATE history SET outbox_id = ?, delivery_status = 'pending', delivered_at = NULL, error = NULL WHERE id = ?",
        )
        .run(id, historyId);
    }
    return (await this.getOutbox(id))!;
  }

  async getOutbox(id: number): Promise<OutboxRecord | null> {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row === undefined ? null : toOutbox(row);
  }

  async claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxRecord[]> {
    // The head of each ticket's pending queue (one queue per kind, so a notification receiver that is down never
    // holds back the ticket's comments); a later item waits for it even when it is due sooner.
    const rows = this.db
      .prepare(
        `SELECT o.* FROM outbox o
         WHERE o.status = 'pending'
           AND o.id = (SELECT MIN(p.id) FROM outbox p
                     WHERE p.ticket_id = o.ticket_id AND p.kind = o.kind AND p.status = 'pending')
           AND o.next_attempt_at <= ?
           AND (o.locked_until IS NULL OR o.locked_until <= ?)
         ORDER BY o.id LIMIT ?`,
      )
      .all(now, now, limit) as Row[];
    const lease = this.db.prepare('UPDATE outbox SET locked_until = ? WHERE id = ?');
    for (const row of rows) lease.run(now + leaseMs, row.id);
    return rows.map((row) => ({ ...toOutbox(row), lockedUntil: now + leaseMs }));
  }

  async recordSend(id: number, sent: unknown, _now: number): Promise<void> {
    this.db.prepare('UPDATE outbox SET sends = sends + 1, sent_json = ? WHERE id = ?').run(JSON.stringify(sent), id);
  }

  async markDelivered(id: number, now: number): Promise<void> {
    this.db
      .prepare(
        "UPDATE outbox SET status = 'delivered', delivered_at = ?, locked_until = NULL, last_error = NULL WHERE id = ?",
      )
      .run(now, id);
    this.db
      .prepare("UPDATE history SET delivery_status = 'delivered', delivered_at = ?, error = NULL WHERE outbox_id = ?")
      .run(now, id);
  }

  async retryLater(id: number, at: number, error: string, countFailure: boolean): Promise<void> {
    this.db
      .prepare(
        'UPDATE outbox SET next_attempt_at = ?, last_error = ?, locked_until = NULL, failures = failures + ? WHERE id = ?',
      )
      .run(at, error, countFailure ? 1 : 0, id);
    // The history shows when a pending delivery will go next.
    this.db
      .prepare("UPDATE history SET delivered_at = ? WHERE outbox_id = ? AND delivery_status = 'pending'")
      .run(at, id);
  }

  async markFailed(id: number, error: string, now: number): Promise<void> {
    this.db
      .prepare("UPDATE outbox SET status = 'failed', last_error = ?, locked_until = NULL WHERE id = ?")
      .run(error, id);
    this.db
      .prepare("UPDATE history SET delivery_status = 'failed', delivered_at = ?, error = ? WHERE outbox_id = ?")
      .run(now, error, id);
  }

  async requeue(id: number, _now: number): Promise<boolean> {
    const result = this.db
      .prepare(
        "UPDATE outbox SET status = 'pending', failures = 0, next_attempt_at = 0, locked_until = NULL WHERE id = ? AND status = 'failed'",
      )
      .run(id);
    if (result.changes === 0) return false;
    this.db
      .prepare("UPDATE history SET delivery_status = 'pending', delivered_at = NULL, error = NULL WHERE outbox_id = ?")
      .run(id);
    return true;
  }

  async releaseLeases(): Promise<number> {
    return this.db.prepare('UPDATE outbox SET locked_until = NULL WHERE locked_until IS NOT NULL').run().changes;
  }

  async countFailedDeliveries(): Promise<number> {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'").get() as Row).n);
  }

  async countPendingDeliveries(): Promise<number> {
    return Number((this.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as Row).n);
  }

  async getIdempotency(ticketId: number, key: string): Promise<IdempotencyRecord | null> {
    const row = this.db.prepare('SELECT * FROM idempotency_keys WHERE ticket_id = ? AND key = ?').get(ticketId, key) as
      Row | undefined;
    return row === undefined ? null : toIdempotency(row);
  }

  async putIdempotency(record: IdempotencyRecord): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO idempotency_keys (ticket_id, key, request_hash, status, body_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (ticket_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
           body_json = excluded.body_json, created_at = excluded.created_at`,
      )
      .run(
        record.ticketId,
        record.key,
        record.requestHash,
        record.status,
        JSON.stringify(record.body),
        record.createdAt,
      );
  }

  async purgeIdempotency(before: number): Promise<number> {
    return this.db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
  }

  async putInbox(record: Omit<InboxRecord, 'processedAt'>): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO inbox (id, received_at, body_json) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(record.id, record.receivedAt, JSON.stringify(record.body));
    return result.changes === 1;
  }

  async markInboxProcessed(id: string, now: number): Promise<void> {
    this.db.prepare('UPDATE inbox SET processed_at = ? WHERE id = ?').run(now, id);
  }

  async listUnprocessedInbox(limit: number): Promise<InboxRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM inbox WHERE processed_at IS NULL ORDER BY received_at, id LIMIT ?')
      .all(limit) as Row[];
    return rows.map(toInbox);
  }

  /** No lease to take: the data directory's lock already makes this process the only worker. */
  async claimInbox(_now: number, _leaseMs: number, limit: number): Promise<InboxRecord[]> {
    return this.listUnprocessedInbox(limit);
  }

  async markCommentProcessed(record: ProcessedComment): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO processed_comments (ticket_id, comment_id, outcome, detail, processed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(record.ticketId, record.commentId, record.outcome, record.detail, record.processedAt);
    return result.changes === 1;
  }

  async processedCommentIds(ticketId: number): Promise<Set<number>> {
    const rows = this.db
      .prepare('SELECT comment_id FROM processed_comments WHERE ticket_id = ?')
      .all(ticketId) as Row[];
    return new Set(rows.map((row) => Number(row.comment_id)));
  }

  async listProcessedComments(ticketId: number): Promise<ProcessedComment[]> {
    const rows = this.db
      .prepare('SELECT * FROM processed_comments WHERE ticket_id = ? ORDER BY processed_at, comment_id')
      .all(ticketId) as Row[];
    return rows.map(toProcessedComment);
  }

  async putWatchMark(ticketId: number, mark: string, now: number): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO watch_marks (ticket_id, mark, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .run(ticketId, mark, now);
    return result.changes === 1;
  }

  async listUpgradesInStates(states: readonly string[]): Promise<UpgradeRecord[]> {
    if (states.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM upgrades WHERE json_extract(state_json, '$.state') IN (${states.map(() => '?').join(', ')})
         ORDER BY ticket_id`,
      )
      .all(...states) as Row[];
    return rows.map(toUpgrade);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as Row | undefined;
  const current = row === undefined ? 0 : Number(row.version);
  if (current > LATEST_VERSION) {
    throw new Error(`the data directory's schema is version ${current}, newer than this program's ${LATEST_VERSION}`);
  }
  for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    }).immediate();
  }
}

function readOrCreateStoreId(db: Database.Database): string {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'store_id'").get() as Row | undefined;
  if (row !== undefined) return String(row.value);
  const id = randomBytes(6).toString('hex');
  db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', ?)").run(id);
  return id;
}

/** SQLite I/O and lock errors, and a closed database, mean the store is unavailable; others pass through. */
function asUnavailable(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown }).code;
  const message = (error as Error)?.message ?? '';
  const isIo =
    typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|CORRUPT|NOTADB|PROTOCOL)/.test(code);
  if (isIo || /database connection is not open/i.test(message)) {
    return new StoreUnavailableError(`store unavailable: ${message}`, { cause: error });
  }
  return error;
}
