import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivate, lockDataDir } from './lock.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { detachShm, removeStaleShm } from './shm.js';
import { FileSync } from './file-sync.js';
import { CHECKPOINT_MS, Checkpointer, InboxWriter } from './off-thread.js';
import { bookingsStatements } from './sqlite/bookings.js';
import { inboxStatements } from './sqlite/inbox.js';
import { outboxStatements } from './sqlite/outbox.js';
import { upgradesStatements } from './sqlite/upgrades.js';
import type { Row } from './rows.js';
import { DelegatingStore } from './delegating.js';
import {
  StoreUnavailableError,
  type InboxRecord,
  type NewBooking,
  type NewOutbox,
  type Store,
  type StoreOps,
} from './types.js';

export const DATABASE_FILE = 'upgrade-windows.sqlite';

/**
 * The embedded store: one SQLite file in WAL mode, every write answered only once it is fsynced (`synchronous=FULL`;
 * once serving, the WAL fsynced off the event loop: `durable`), owned by one process (a lock the
 * kernel releases when that process ends: src/server/store/lock.ts). better-sqlite3 is synchronous; the async
 * interface exists for a future Postgres store. Every call goes through one queue, so a transaction's awaits
 * cannot let another caller's statements slip into it.
 */
export class SqliteStore extends DelegatingStore implements Store {
  readonly storeId: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly ops: StoreOps;
  private closed = false;
  /** When a statement last failed for want of a writable store (null: none since the last successful write). */
  private failedAt: number | null = null;
  private lastProbe: { at: number; writable: boolean } | null = null;
  private offloaded: { inbox: InboxWriter; checkpointer: Checkpointer; wal: FileSync } | null = null;

  private constructor(
    private readonly db: Database.Database,
    private readonly unlock: () => void,
    private readonly file: string,
  ) {
    super();
    this.ops = sqliteOps(db);
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
      // We hold the lock, so no other process of ours has the database open: the index is rebuilt from the WAL.
      try {
        removeStaleShm(`${file}-shm`);
      } catch (error) {
        throw new StoreUnavailableError((error as Error).message, { cause: error });
      }
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      // FULL: a commit is fsynced to the WAL before it returns (see docs/DECISIONS.md for what that survives).
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
      // The index is mapped now, and every later connection of this process shares that mapping (src/server/store/shm.ts).
      detachShm(`${file}-shm`);
      return new SqliteStore(db, unlock, file);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  transaction<T>(work: (tx: StoreOps) => Promise<T>): Promise<T> {
    return this.durable(
      this.serialize(() =>
        this.inTurn(async () => {
          this.db.exec('BEGIN IMMEDIATE');
          try {
            const result = await work(this.ops);
            this.db.exec('COMMIT');
            return result;
          } catch (error) {
            if (this.db.inTransaction) this.db.exec('ROLLBACK');
            throw error;
          }
        }),
      ),
    );
  }

  /**
   * A write on this connection, once the inbox writer thread has let go of the database (`InboxWriter.turn`), so
   * the event loop never sleeps in SQLite's busy handler while that thread commits webhooks (docs/DECISIONS.md, 50).
   */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.offloaded === null ? work() : this.offloaded.inbox.turn(work);
  }

  /**
   * A write's result once it is on disk. Once the writes are offloaded this connection commits with
   * `synchronous=NORMAL` (no fsync on the event loop, nor in the inbox writer's turn), and the WAL is fsynced
   * here, on libuv's thread pool, before the caller hears of the write: the WAL is appended in commit order, so
   * that fsync also covers every commit before it (docs/DECISIONS.md, 57).
   */
  private async durable<T>(write: Promise<T>): Promise<T> {
    const result = await write;
    if (this.offloaded !== null) {
      await this.offloaded.wal.sync().catch((error: unknown) => {
        const message = `store unavailable: the WAL could not be synced: ${(error as Error)?.message ?? String(error)}`;
        throw this.noted(new StoreUnavailableError(message, { cause: error }));
      });
    }
    return result;
  }

  /**
   * Moves `putInbox` (the webhook route's durable write) and `markInboxProcessed` off the event loop
   * (src/server/store/off-thread.ts): from now on a worker thread group-commits them, in call order, with
   * synchronous=FULL and each promise settles after its commit; another thread runs the WAL checkpoints, which
   * this connection then no longer runs itself.
   * Idempotent; `close` ends both threads. `checkpointMs` is the checkpointer's period (tests lengthen it).
   */
  offloadInboxWrites({ checkpointMs = CHECKPOINT_MS }: { checkpointMs?: number } = {}): void {
    if (this.offloaded !== null) return;
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.db.pragma('wal_autocheckpoint = 0');
    const wal = FileSync.open(`${this.file}-wal`);
    this.db.pragma('synchronous = NORMAL');
    this.offloaded = {
      inbox: InboxWriter.start(this.file),
      checkpointer: Checkpointer.start(this.file, checkpointMs),
      wal,
    };
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
    await this.offloaded?.wal.close();
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
    const writable = await this.transaction(async (tx) => {
      await tx.putMeta('write_probe', String(now));
      return true;
    }).catch(() => false);
    this.lastProbe = { at: now, writable };
    // Only a write that reached the disk clears the failure (a transaction that changed nothing commits anyway).
    if (writable) this.failedAt = null;
    return writable;
  }

  private totalChanges(): number {
    return Number((this.db.prepare('SELECT total_changes() AS n').get() as Row).n);
  }

  /** Remembers a failure of the store itself (not a caller's mistake) for `writable`. */
  private noted(error: unknown): unknown {
    if (error instanceof StoreUnavailableError) {
      this.failedAt = Date.now();
      this.lastProbe = null;
    }
    return error;
  }

  /** A write of the inbox writer thread; its failures count for `writable` like the main connection's. */
  private offThread<T>(work: () => Promise<T>): Promise<T> {
    return work().catch((error: unknown) => Promise.reject(this.noted(error)));
  }

  private serialize<T>(work: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(async () => {
      if (!this.db.open) throw new StoreUnavailableError('the store is closed');
      // After a failure, a caller's own write that reaches the disk clears it as a probe would.
      const changesBefore = this.failedAt === null ? null : this.totalChanges();
      try {
        const result = await work();
        if (changesBefore !== null && !this.db.inTransaction && this.totalChanges() > changesBefore) {
          this.failedAt = null;
          this.lastProbe = null;
        }
        return result;
      } catch (error) {
        throw this.noted(asUnavailable(error));
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  // Each operation outside a transaction runs alone on the queue; a write also in the inbox writer's turn.
  protected runOp<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.serialize(() => op(this.ops));
  }

  protected override runWrite<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.durable(this.serialize(() => this.inTurn(() => op(this.ops))));
  }

  // These write several rows (or read, then write): each is a transaction of its own.
  replaceBooking = (booking: NewBooking, now: number) => this.transaction((tx) => tx.replaceBooking(booking, now));
  override enqueue = (item: NewOutbox, historyId: number | null) =>
    this.transaction((tx) => tx.enqueue(item, historyId));
  override claimDue = (now: number, leaseMs: number, limit: number) =>
    this.transaction((tx) => tx.claimDue(now, leaseMs, limit));
  override markDelivered = (id: number, now: number) => this.transaction((tx) => tx.markDelivered(id, now));
  override markFailed = (id: number, error: string, now: number) =>
    this.transaction((tx) => tx.markFailed(id, error, now));
  override requeue = (id: number, now: number) => this.transaction((tx) => tx.requeue(id, now));
  override putInbox = (record: Omit<InboxRecord, 'processedAt'>) =>
    this.offloaded !== null
      ? this.offThread(() => this.offloaded!.inbox.put(record))
      : this.serialize(() => this.ops.putInbox(record));
  override markInboxProcessed = (id: string, now: number) =>
    this.offloaded !== null
      ? this.offThread(() => this.offloaded!.inbox.markProcessed(id, now))
      : this.serialize(() => this.ops.markInboxProcessed(id, now));
  // One process owns the data directory: it leads every role.
  holdLeadership = async (_role: string, _now: number, _ttlMs: number) => true;
}

/** The statements, run on the caller's connection (inside a transaction or alone), one module per kind of record. */
function sqliteOps(db: Database.Database): StoreOps {
  return {
    ...upgradesStatements(db),
    ...bookingsStatements(db),
    ...outboxStatements(db),
    ...inboxStatements(db),
    async ping(): Promise<void> {
      db.prepare('SELECT 1').get();
    },
  };
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
