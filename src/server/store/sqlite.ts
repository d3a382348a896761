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
import { INBOX_PROBE_SQL, INBOX_SCHEMA, inboxStatements } from './sqlite/inbox.js';
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
/** The webhook inbox, in a file of its own beside the database (docs/DECISIONS.md, 60). */
export const INBOX_FILE = 'upgrade-windows-inbox.sqlite';

/**
 * The embedded store: two SQLite files in WAL mode (the webhook inbox in one of its own, the rest in the other),
 * every write answered only once it is fsynced (`synchronous=FULL`; once serving, the WAL fsynced off the event
 * loop: `durable`), owned by one process (a lock the kernel releases when that process ends:
 * src/server/store/lock.ts). better-sqlite3 is synchronous; the async interface exists for a future Postgres store.
 * Every call goes through one queue, so a transaction's awaits cannot let another caller's statements slip into it.
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
    private readonly inboxDb: Database.Database,
    private readonly unlock: () => void,
    private readonly file: string,
    private readonly inboxFile: string,
  ) {
    super();
    const ops = sqliteOps(db, inboxDb);
    const onInboxFile = this.onInboxFile.bind(this);
    this.ops = {
      ...ops,
      putInbox: (record) =>
        onInboxFile(
          () => ops.putInbox(record),
          (writer) => writer.put(record),
        ),
      markInboxProcessed: (id, now) =>
        onInboxFile(
          () => ops.markInboxProcessed(id, now),
          (writer) => writer.markProcessed(id, now),
        ),
      purgeInbox: (before, limit, from) =>
        onInboxFile(
          () => ops.purgeInbox(before, limit, from),
          (writer) => writer.purge(before, limit, from),
        ),
    };
    this.storeId = readOrCreateStoreId(db);
  }

  /** Opens (creating and migrating as needed) the store in `dataDir`; throws DataDirLockedError if taken. */
  static open(dataDir: string): SqliteStore {
    // It holds tickets, requesters and webhook payloads: for this user only (SQLite's -wal and -shm files take
    // the database file's mode).
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const unlock = lockDataDir(dataDir);
    const opened: Database.Database[] = [];
    try {
      const file = join(dataDir, DATABASE_FILE);
      const inboxFile = join(dataDir, INBOX_FILE);
      createPrivate(file);
      createPrivate(inboxFile);
      // We hold the lock, so no other process of ours has the databases open: each index is rebuilt from its WAL.
      try {
        removeStaleShm(`${file}-shm`);
        removeStaleShm(`${inboxFile}-shm`);
      } catch (error) {
        throw new StoreUnavailableError((error as Error).message, { cause: error });
      }
      const inboxDb = openFile(inboxFile);
      opened.push(inboxDb);
      inboxDb.exec(INBOX_SCHEMA);
      const db = openFile(file);
      opened.push(db);
      db.pragma('foreign_keys = ON');
      moveInboxRows(db, inboxFile);
      migrate(db);
      // The indexes are mapped now, and every later connection of this process shares those mappings
      // (src/server/store/shm.ts).
      detachShm(`${file}-shm`);
      detachShm(`${inboxFile}-shm`);
      return new SqliteStore(db, inboxDb, unlock, file, inboxFile);
    } catch (error) {
      for (const db of opened) db.close();
      unlock();
      throw error;
    }
  }

  transaction<T>(work: (tx: StoreOps) => Promise<T>): Promise<T> {
    // The inbox is another file, so a transaction here never waits for the inbox writer thread's lock. The inbox
    // statements a transaction calls are not part of it: they read, or write one row each, durably on their own.
    return this.durable(
      this.serialize(async () => {
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
    );
  }

  /**
   * A write's result once it is on disk. Once the writes are offloaded this connection commits with
   * `synchronous=NORMAL` (no fsync on the event loop), and the WAL is fsynced here, on libuv's thread pool, before
   * the caller hears of the write: the WAL is appended in commit order, so that fsync also covers every commit
   * before it (docs/DECISIONS.md, 57).
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
   * (src/server/store/off-thread.ts): from now on a worker thread group-commits them into the inbox's file, in call
   * order, with synchronous=FULL and each promise settles after its commit; another thread runs both files' WAL
   * checkpoints, which this connection then no longer runs itself.
   * Idempotent; `close` ends both threads. `checkpointMs` is the checkpointer's period (tests lengthen it).
   */
  offloadInboxWrites({ checkpointMs = CHECKPOINT_MS }: { checkpointMs?: number } = {}): void {
    if (this.offloaded !== null) return;
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.db.pragma('wal_autocheckpoint = 0');
    const wal = FileSync.open(`${this.file}-wal`);
    this.db.pragma('synchronous = NORMAL');
    this.offloaded = {
      inbox: InboxWriter.start(this.inboxFile),
      checkpointer: Checkpointer.start([this.file, this.inboxFile], checkpointMs),
      wal,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.offloaded !== null) {
      // The writer commits what it was handed before it ends; these connections, the last ones, then checkpoint.
      await this.offloaded.inbox.close();
      await this.offloaded.checkpointer.close();
    }
    await this.queue.catch(() => undefined);
    await this.offloaded?.wal.close();
    this.db.close();
    this.inboxDb.close();
    this.unlock();
  }

  /**
   * Whether the store takes writes (GET /healthz reports `degraded` when not). After a failure it writes a row to each
   * file, at most once a second, so health recovers as soon as the disk does, with or without traffic.
   */
  async writable(now: number = Date.now()): Promise<boolean> {
    // The inbox's file is written by its thread alone once offloaded: its last commit tells, and a write to the main
    // file (this probe's own, a booking's) clears `failedAt` but says nothing of the inbox's.
    const inboxFailing = () => this.offloaded?.inbox.failing ?? false;
    if (this.failedAt === null && !inboxFailing()) return true;
    if (this.lastProbe !== null && now - this.lastProbe.at < 1_000) return this.lastProbe.writable;
    const mainWritable = await this.transaction(async (tx) => {
      await tx.putMeta('write_probe', String(now));
      return true;
    }).catch(() => false);
    const inboxWritable = await this.probeInboxFile(now).then(
      () => true,
      () => false,
    );
    const writable = mainWritable && inboxWritable && !inboxFailing();
    this.lastProbe = { at: now, writable };
    // Only a write that reached the disk clears the failure (a transaction that changed nothing commits anyway).
    if (writable) this.failedAt = null;
    return writable;
  }

  /** The probe's write to the inbox's file, routed as the inbox's other writes are. */
  private probeInboxFile(now: number): Promise<void> {
    return this.inboxWrite(() =>
      this.onInboxFile(
        async () => void this.inboxDb.prepare(INBOX_PROBE_SQL).run(now),
        (writer) => writer.probe(now),
      ),
    );
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

  // Each operation outside a transaction runs alone on the queue.
  protected runOp<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.serialize(() => op(this.ops));
  }

  protected override runWrite<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.durable(this.serialize(() => op(this.ops)));
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
  // Off the queue once offloaded: the writer thread keeps their order, and nothing of the main connection's holds them.
  override putInbox = (record: Omit<InboxRecord, 'processedAt'>) => this.inboxWrite((ops) => ops.putInbox(record));
  override markInboxProcessed = (id: string, now: number) => this.inboxWrite((ops) => ops.markInboxProcessed(id, now));
  override purgeInbox = (before: number, limit: number, from: number) =>
    this.inboxWrite((ops) => ops.purgeInbox(before, limit, from));

  private inboxWrite<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.offloaded !== null ? op(this.ops) : this.serialize(() => op(this.ops));
  }

  /**
   * Once offloaded, the inbox's file is the writer thread's: its writes go there whoever makes them, a transaction's
   * included, so the main thread never waits for that thread's lock (nor sleeps in the busy handler).
   */
  private onInboxFile<T>(here: () => Promise<T>, onWriter: (writer: InboxWriter) => Promise<T>): Promise<T> {
    return this.offloaded === null ? here() : this.offThread(() => onWriter(this.offloaded!.inbox));
  }

  // One process owns the data directory: it leads every role.
  holdLeadership = async (_role: string, _now: number, _ttlMs: number) => true;
}

/** The statements, run on the caller's connection (inside a transaction or alone), one module per kind of record. */
function sqliteOps(db: Database.Database, inboxDb: Database.Database): StoreOps {
  return {
    ...upgradesStatements(db),
    ...bookingsStatements(db),
    ...outboxStatements(db),
    ...inboxStatements(db, inboxDb),
    async ping(): Promise<void> {
      db.prepare('SELECT 1').get();
    },
  };
}

/** One of the store's files: WAL, every commit fsynced before it returns (docs/DECISIONS.md for what that survives). */
function openFile(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * A data directory from before the inbox had its own file (schema version 6 and older): its inbox rows are copied
 * into the inbox's file, in a commit of that file alone, before migration 7 drops them from the main file. After a
 * crash between the two the copy runs again, and rows already there stay as they are.
 */
function moveInboxRows(db: Database.Database, inboxFile: string): void {
  const hasInbox = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inbox'").get();
  if (hasInbox === undefined) return;
  db.prepare('ATTACH ? AS inbox_file').run(inboxFile);
  try {
    db.exec(`INSERT INTO inbox_file.inbox (id, received_at, body_json, processed_at)
      SELECT id, received_at, body_json, processed_at FROM main.inbox WHERE true ON CONFLICT DO NOTHING`);
  } finally {
    db.exec('DETACH inbox_file');
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
