import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';
import { DelegatingStore } from '../delegating.js';
import {
  StoreUnavailableError,
  type NewBooking,
  type Store,
  type StoreOps,
  type TransactionOptions,
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
 * - those that may touch bookings (every booking reads every window's count) first lock `booking_turn`, which takes
 *   no snapshot, so they run one after another, each seeing the last one's commit, and never conflict with each
 *   other: racing bookings answer booked or full, never 503 after the retries ran out (docs/DECISIONS.md, 48);
 * - outbox items and webhook invocations are leased with `FOR UPDATE SKIP LOCKED`, naming the holder; each replica
 *   beats a heartbeat row, and the leases of one whose heartbeat stopped (killed) are free within STALE_MS; a
 *   closing one gives its own back;
 * - a role one replica plays (the overrun watch) is a lease row renewed by its holder (`holdLeadership`);
 * - migrations run at start under an advisory lock, so replicas starting together migrate once.
 * Leases use the callers' clocks (the workers' `now`), so replicas need synchronised clocks (NTP), as usual.
 */
export class PostgresStore extends DelegatingStore implements Store {
  private readonly ops: PgOps;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly sql: postgres.Sql,
    readonly storeId: string,
    /** This process, in the leases it holds and its heartbeat row. */
    readonly replica: string,
  ) {
    super();
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

  async transaction<T>(work: (tx: StoreOps) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const turn = options.bookings !== false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await this.sql.begin('isolation level serializable', async (tx) => {
          // First: LOCK takes no snapshot, so the work's snapshot follows the previous holder's commit. (An advisory
          // lock is a SELECT, whose snapshot is taken before it waits: the work would still read stale counts.)
          if (turn) await tx`LOCK TABLE booking_turn IN EXCLUSIVE MODE`;
          return work(new PgOps(tx, this.replica));
        })) as T;
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
  protected runOp<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.run(() => op(this.ops));
  }

  replaceBooking = (booking: NewBooking, now: number) => this.transaction((tx) => tx.replaceBooking(booking, now));
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
