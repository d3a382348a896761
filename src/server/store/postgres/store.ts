import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import type { Upgrade } from '../../../core/lifecycle/types.js';
import {
  StoreUnavailableError,
  type IdempotencyRecord,
  type InboxRecord,
  type NewBooking,
  type NewHistory,
  type NewOutbox,
  type ProcessedComment,
  type Store,
  type StoreOps,
} from '../types.js';
import { PG_LATEST_VERSION, PG_MIGRATIONS } from './migrations.js';
import { HEARTBEAT_MS, PgOps, STALE_MS } from './ops.js';

/** Every replica takes this advisory lock before it looks at the schema, so only one migrates at a time. */
const MIGRATION_LOCK = 0x75770001;
/** A transaction that loses a serialisation race runs again, at most this many times in all. */
const MAX_ATTEMPTS = 12;

export interface PostgresOptions {
  /** Connections in this process's pool (default 10). */
  max?: number;
}

/**
 * The shared store (DATABASE_URL): several `serve` replicas on one database. What keeps them apart:
 * - transactions run SERIALIZABLE and are retried when Postgres reports a conflict (40001, or a deadlock), so the
 *   capacity check and the write of a booking, an idempotency key and its answer, or a version check and its write
 *   act as if each ran alone, as under SQLite's single writer;
 * - outbox items and webhook invocations are leased with `FOR UPDATE SKIP LOCKED`, naming the holder; each replica
 *   beats a heartbeat row, and the leases of one whose heartbeat stopped (killed) are free within STALE_MS; a
 *   closing one gives its own back;
 * - a role one replica plays (the overrun watch) is a lease row renewed by its holder (`holdLeadership`);
 * - migrations run at start under an advisory lock, so replicas starting together migrate once.
 * Leases use the callers' clocks (the workers' `now`), so replicas need synchronised clocks (NTP), as usual.
 */
export class PostgresStore implements Store {
  private readonly ops: PgOps;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly sql: postgres.Sql,
    readonly storeId: string,
    /** This process, in the leases it holds and its heartbeat row. */
    readonly replica: string,
  ) {
    this.ops = new PgOps(sql, this.replica);
    // A missed beat (database unreachable for a moment) is simply retried by the next one.
    this.heartbeat = setInterval(() => {
      sql`UPDATE replicas SET seen_at = uw_now_ms() WHERE id = ${this.replica}`.catch(() => undefined);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Connects, migrates (under the advisory lock) and reads the store id; StoreUnavailableError when unreachable. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const sql = postgres(url, {
      max: options.max ?? 10,
      onnotice: () => undefined,
      connect_timeout: 10,
      // Connections are reopened after this many seconds idle; none is kept open for nothing.
      idle_timeout: 60,
    });
    try {
      const storeId = await migrate(sql);
      const replica = randomBytes(8).toString('hex');
      await sql`INSERT INTO replicas (id, seen_at) VALUES (${replica}, uw_now_ms())`;
      return new PostgresStore(sql, storeId, replica);
    } catch (error) {
      await sql.end({ timeout: 1 }).catch(() => undefined);
      throw asUnavailable(error);
    }
  }

  async transaction<T>(work: (tx: StoreOps) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await this.sql.begin('isolation level serializable', (tx) => work(new PgOps(tx, this.replica)))) as T;
      } catch (error) {
        if (!isSerializationFailure(error)) throw asUnavailable(error);
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreUnavailableError(
            `store unavailable: the transaction conflicted with other replicas' ${attempt} times`,
            { cause: error },
          );
        }
        // Full jitter, so the replicas that collided do not collide again in step.
        await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  async holdLeadership(role: string, now: number, ttlMs: number): Promise<boolean> {
    return this.run(async () => {
      const rows = await this.sql`INSERT INTO leases (role, holder, expires_at)
        VALUES (${role}, ${this.replica}, ${now + ttlMs})
        ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at <= ${now}
          OR uw_holder_gone(leases.holder, ${STALE_MS})
        RETURNING holder`;
      return rows.length === 1;
    });
  }

  /** Gives back what this replica holds (roles, leases of work not finished), then closes the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    try {
      await this.sql`DELETE FROM replicas WHERE id = ${this.replica} OR seen_at < uw_now_ms() - 86400000`;
      await this.sql`DELETE FROM leases WHERE holder = ${this.replica}`;
      await this.sql`UPDATE outbox SET locked_by = NULL, locked_until = NULL
        WHERE locked_by = ${this.replica} AND status = 'pending'`;
      await this.sql`UPDATE inbox SET locked_by = NULL, locked_until = NULL
        WHERE locked_by = ${this.replica} AND processed_at IS NULL`;
    } catch {
      // Unreachable: the leases expire on their own.
    }
    await this.sql.end({ timeout: 5 });
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    try {
      return await work();
    } catch (error) {
      throw asUnavailable(error);
    }
  }

  // Each operation outside a transaction is one statement on the pool (atomic on its own, see PgOps).
  getUpgrade = (ticketId: number) => this.run(() => this.ops.getUpgrade(ticketId));
  putUpgrade = (ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number) =>
    this.run(() => this.ops.putUpgrade(ticketId, upgrade, expectedVersion, now));
  activeBooking = (ticketId: number) => this.run(() => this.ops.activeBooking(ticketId));
  activeBookingCounts = (excludeTicket?: number, from?: number) =>
    this.run(() => this.ops.activeBookingCounts(excludeTicket, from));
  replaceBooking = (booking: NewBooking, now: number) => this.transaction((tx) => tx.replaceBooking(booking, now));
  releaseBooking = (ticketId: number, now: number) => this.run(() => this.ops.releaseBooking(ticketId, now));
  listBookings = (range: { from?: number; to?: number }) => this.run(() => this.ops.listBookings(range));
  addHistory = (entry: NewHistory) => this.run(() => this.ops.addHistory(entry));
  listHistory = (ticketId: number) => this.run(() => this.ops.listHistory(ticketId));
  getHistory = (id: number) => this.run(() => this.ops.getHistory(id));
  enqueue = (item: NewOutbox, historyId: number | null) => this.run(() => this.ops.enqueue(item, historyId));
  getOutbox = (id: number) => this.run(() => this.ops.getOutbox(id));
  claimDue = (now: number, leaseMs: number, limit: number) => this.run(() => this.ops.claimDue(now, leaseMs, limit));
  recordSend = (id: number, sent: unknown, now: number) => this.run(() => this.ops.recordSend(id, sent, now));
  markDelivered = (id: number, now: number) => this.run(() => this.ops.markDelivered(id, now));
  retryLater = (id: number, at: number, error: string, countFailure: boolean) =>
    this.run(() => this.ops.retryLater(id, at, error, countFailure));
  markFailed = (id: number, error: string, now: number) => this.run(() => this.ops.markFailed(id, error, now));
  requeue = (id: number, now: number) => this.run(() => this.ops.requeue(id, now));
  releaseLeases = () => this.run(() => this.ops.releaseLeases());
  countFailedDeliveries = () => this.run(() => this.ops.countFailedDeliveries());
  countPendingDeliveries = () => this.run(() => this.ops.countPendingDeliveries());
  getIdempotency = (ticketId: number, key: string) => this.run(() => this.ops.getIdempotency(ticketId, key));
  putIdempotency = (record: IdempotencyRecord) => this.run(() => this.ops.putIdempotency(record));
  purgeIdempotency = (before: number) => this.run(() => this.ops.purgeIdempotency(before));
  putInbox = (record: Omit<InboxRecord, 'processedAt'>) => this.run(() => this.ops.putInbox(record));
  markInboxProcessed = (id: string, now: number) => this.run(() => this.ops.markInboxProcessed(id, now));
  listUnprocessedInbox = (limit: number) => this.run(() => this.ops.listUnprocessedInbox(limit));
  claimInbox = (now: number, leaseMs: number, limit: number) =>
    this.run(() => this.ops.claimInbox(now, leaseMs, limit));
  markCommentProcessed = (record: ProcessedComment) => this.run(() => this.ops.markCommentProcessed(record));
  processedCommentIds = (ticketId: number) => this.run(() => this.ops.processedCommentIds(ticketId));
  listProcessedComments = (ticketId: number) => this.run(() => this.ops.listProcessedComments(ticketId));
  putWatchMark = (ticketId: number, mark: string, now: number) =>
    this.run(() => this.ops.putWatchMark(ticketId, mark, now));
  listUpgradesInStates = (states: readonly string[], options?: { startedBy?: number }) =>
    this.run(() => this.ops.listUpgradesInStates(states, options));
  ping = () => this.run(() => this.ops.ping());
}

/**
 * Brings the schema to the latest version in one transaction under the migration lock (DDL is transactional in
 * Postgres: a failed migration leaves nothing half done), and returns the store id, made by the first replica.
 */
async function migrate(sql: postgres.Sql): Promise<string> {
  return (await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK}::bigint)`;
    await tx`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`;
    const [row] = await tx`SELECT version FROM schema_version`;
    const current = row === undefined ? 0 : Number(row.version);
    if (current > PG_LATEST_VERSION) {
      throw new Error(`the database's schema is version ${current}, newer than this program's ${PG_LATEST_VERSION}`);
    }
    for (const migration of PG_MIGRATIONS.filter((m) => m.version > current)) {
      await tx.unsafe(migration.sql);
      await tx`DELETE FROM schema_version`;
      await tx`INSERT INTO schema_version (version) VALUES (${migration.version})`;
    }
    await tx`INSERT INTO meta (key, value) VALUES ('store_id', ${randomBytes(6).toString('hex')})
      ON CONFLICT DO NOTHING`;
    const [id] = await tx`SELECT value FROM meta WHERE key = 'store_id'`;
    return String(id!.value);
  })) as string;
}

function isSerializationFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '40001' || code === '40P01';
}

/** Connection failures, a server shutting down or out of resources: HTTP 503, never a client's fault. */
const UNAVAILABLE_CODES =
  /^(08|53|57P|58|CONNECT|CONNECTION_|E(CONNREFUSED|CONNRESET|HOSTUNREACH|NOTFOUND|TIMEDOUT|PIPE)$)/;

function asUnavailable(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.test(code)) {
    return new StoreUnavailableError(`store unavailable: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
