import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import postgres from 'postgres';
import { PgOps } from '../../../src/server/store/postgres/ops.js';
import { PostgresStore } from '../../../src/server/store/postgres/store.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';
import { postgresRequired, postgresUnavailableReason } from '../../helpers/postgres.js';
import { postgresKind, storeKinds } from './stores.js';

/**
 * The hot queries must not scan a table that grows with history (docs/DECISIONS.md, 49): every SELECT the
 * store prepares during an operation is explained by SQLite, and a full `SCAN` of a growing table fails the test.
 * The statements are caught as the store prepares them, so the test follows the store's real SQL.
 */
describe('SqliteStore query plans', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-plans-'));
    store = SqliteStore.open(dir);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The plan lines of every SELECT (and UPDATE, DELETE) prepared on a connection (the main file's, or the inbox's) while `operation` runs. */
  async function plansOf(operation: () => Promise<unknown>, on: 'db' | 'inboxDb' = 'db'): Promise<string[]> {
    const db = (store as unknown as Record<typeof on, Database.Database>)[on];
    const statements: string[] = [];
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => {
      statements.push(sql);
      return prepare(sql);
    }) as typeof db.prepare;
    try {
      await operation();
    } finally {
      db.prepare = prepare;
    }
    const selects = statements.filter((sql) => /^\s*(WITH|SELECT|UPDATE|DELETE)\b/i.test(sql));
    if (selects.length === 0) throw new Error('the operation prepared no SELECT or UPDATE');
    return selects.flatMap((sql) => {
      const parameters = (sql.match(/\?/g) ?? []).map(() => null);
      const rows = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[];
      return rows.map((row) => `${row.detail}    ← ${sql.replace(/\s+/g, ' ').trim()}`);
    });
  }

  /** Plan lines that read a whole growing table: `SCAN inbox` without an index. */
  const scans = (plans: string[], tables: string[]) =>
    plans.filter((line) =>
      tables.some((table) => new RegExp(`^SCAN ${table}\\b(?! USING (COVERING )?INDEX)`).test(line)),
    );

  it("claims the inbox's unprocessed invocations through an index, not a scan of every invocation ever received", async () => {
    const plans = await plansOf(() => store.claimInbox(0, 30_000, 100), 'inboxDb');
    expect(scans(plans, ['inbox'])).toEqual([]);
    expect(plans.join('\n')).toContain('inbox_unprocessed');
  });

  it("purges a range of the inbox's rows a batch, never a scan of every invocation, past work still to do", async () => {
    for (let n = 0; n < 6; n += 1) await store.putInbox({ id: `inv-${n}`, receivedAt: n, body: { ticketId: n } });
    for (const n of [3, 4, 5]) await store.markInboxProcessed(`inv-${n}`, 10);
    const plans = await plansOf(() => store.purgeInbox(11, 3, 0), 'inboxDb');
    expect(scans(plans, ['inbox'])).toEqual([]);
    expect(plans.filter((line) => line.includes('DELETE'))).toEqual([
      expect.stringMatching(/^SEARCH inbox USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/),
    ]);
    // That batch looked at the three oldest, still work, and forgot none of them; the next one starts after them.
    const next = (await store.purgeInbox(11, 3, 0)).next;
    expect(next).not.toBeNull();
    expect((await store.purgeInbox(11, 3, next!)).forgotten).toBe(3);
    expect((await store.listUnprocessedInbox(10)).map((row) => row.id)).toEqual(['inv-0', 'inv-1', 'inv-2']);
  });

  const booking = (ticketId: number, start: number) => ({
    ticketId,
    start,
    end: start + 3_600_000,
    rule: 'standard',
    class: 'maintenance' as const,
    reason: null,
    timeZone: 'UTC',
  });

  it('counts the bookings per window from the window starts kept by the triggers, reading no booking but its own', async () => {
    await store.replaceBooking(booking(7, 5_000), 0);
    const plans = await plansOf(() => store.activeBookingCounts(7, 1_000));
    expect(scans(plans, ['bookings', 'booking_counts'])).toEqual([]);
    const text = plans.join('\n');
    expect(text).toMatch(/SEARCH booking_counts USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/);
    // The bookings table only for the left-out ticket's own booking, by its ticket.
    expect(text.match(/SEARCH bookings USING INDEX \w+ \(ticket_id=\?\)/g)).toHaveLength(1);
  });

  it("lists a period's bookings from the period's start less the longest booking, not from the first booking", async () => {
    await store.replaceBooking(booking(1, 5_000), 0);
    const plans = await plansOf(() => store.listBookings({ from: 1_000, to: 9_000, limit: 101 }));
    expect(scans(plans, ['bookings'])).toEqual([]);
    expect(plans.join('\n')).toMatch(/bookings_active_counts \(\(start_at,ticket_id\)>\(\?,\?\) AND start_at<\?\)/);
    expect(plans.join('\n')).toContain('bookings_active_length');
  });

  it('seeks a later page at its cursor in index order, reading no booking before it and sorting nothing', async () => {
    await store.replaceBooking(booking(1, 5_000), 0);
    const plans = await plansOf(() =>
      store.listBookings({ from: 1_000, to: 9_000, after: { start: 5_000, ticketId: 1 }, limit: 101 }),
    );
    expect(scans(plans, ['bookings'])).toEqual([]);
    // The cursor and the period's floor are one row-value bound on (start_at, ticket_id): the range starts there.
    expect(plans.join('\n')).toMatch(/bookings_active_counts \(\(start_at,ticket_id\)>\(\?,\?\) AND start_at<\?\)/);
    // In index order, so LIMIT stops the read after the page rather than after sorting the whole range.
    expect(plans.join('\n')).not.toContain('TEMP B-TREE');
  });

  it('finds the upgrades in the watched states through an index, not by decoding every upgrade', async () => {
    for (const options of [undefined, { startedBy: 1_000 }]) {
      const plans = await plansOf(() => store.listUpgradesInStates(['scheduled', 'in_progress'], options));
      expect(scans(plans, ['upgrades', 'u', 'bookings', 'b'])).toEqual([]);
      expect(plans.join('\n')).toContain('upgrades_state');
    }
  });

  it("records a delivery's outcome in its history entry through an index, not a scan of the history", async () => {
    const entry = await store.addHistory({
      ticketId: 1,
      type: 'window_scheduled',
      createdAt: 0,
      public: true,
      agent: null,
      detail: null,
    });
    const item = await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: {}, createdAt: 0 }, entry.id);
    for (const operation of [
      () => store.retryLater(item.id, 1, 'later', true),
      () => store.markFailed(item.id, 'failed', 2),
      () => store.requeue(item.id, 3),
      () => store.markDelivered(item.id, 4),
    ]) {
      const plans = await plansOf(operation);
      expect(scans(plans, ['history', 'outbox'])).toEqual([]);
      expect(plans.join('\n')).toContain('history_outbox');
    }
  });

  it("claims the due deliveries through the pending items' index, not a walk through every delivery ever made", async () => {
    const plans = await plansOf(() => store.claimDue(0, 30_000, 10));
    // The query names the outbox `o`.
    expect(scans(plans, ['outbox', 'o'])).toEqual([]);
    expect(plans.join('\n')).toContain('outbox_pending');
  });

  it('counts failed deliveries for /healthz and frees old leases at start-up without scanning the outbox', async () => {
    const failed = await plansOf(() => store.countFailedDeliveries());
    expect(scans(failed, ['outbox'])).toEqual([]);
    expect(failed.join('\n')).toContain('outbox_failed');
    const leases = await plansOf(() => store.releaseLeases());
    expect(scans(leases, ['outbox'])).toEqual([]);
    expect(leases.join('\n')).toContain('outbox_leased');
  });

  it("reads the last window's ticket updates at start through an index on their instant, not the whole outbox", async () => {
    const plans = await plansOf(() => store.recentTicketUpdates(0));
    expect(scans(plans, ['outbox'])).toEqual([]);
    expect(plans.join('\n')).toMatch(/outbox_last_update \(last_update_at>\?\)/);
  });
});

/**
 * The same read on Postgres, whose planner chooses by the table's statistics: with sequential scans discouraged, a
 * plan still without the index means the index cannot serve the query (a predicate it does not imply, a missing
 * index). The statement is the one the store runs, caught through postgres.js's `debug` hook.
 */
describe.each(storeKinds().flatMap((kind) => (kind.name === 'Postgres' ? [[kind.name, kind] as const] : [])))(
  '%s store query plans',
  (_name, kind) => {
    let url: string;
    beforeAll(async () => {
      await kind.setUp();
      url = (await kind.databaseUrl())!;
      await (await PostgresStore.open(url)).close();
    }, 60_000);
    afterAll(() => kind.tearDown(), 60_000);

    it("reads the last window's ticket updates at start through an index on their instant", async () => {
      const statements: { query: string; parameters: unknown[] }[] = [];
      const sql = postgres(url, {
        max: 1,
        onnotice: () => undefined,
        debug: (_connection, query, parameters) => statements.push({ query, parameters }),
      });
      try {
        await sql`SET enable_seqscan = off`;
        await new PgOps(sql, 'plans').recentTicketUpdates(0);
        const read = statements.find((statement) => /FROM outbox/.test(statement.query))!;
        const plan = await sql.unsafe(`EXPLAIN ${read.query}`, read.parameters as never[]);
        const lines = plan.map((row) => String(row['QUERY PLAN'])).join('\n');
        expect(lines).toMatch(
          /Index (Only )?Scan (using|on) outbox_last_update\b[^\n]*\n\s*Index Cond: \(last_update_at > /,
        );
        expect(lines).not.toMatch(/Seq Scan on outbox/);
      } finally {
        await sql.end();
      }
    });
  },
);

/**
 * The page query on Postgres (docs/DECISIONS.md, 52), on a table of 20,000 active bookings with statistics
 * (ANALYZE), so the planner chooses as it would on a grown store. The statement is caught as the store sends it
 * (postgres.js `debug`) and explained with the same parameters.
 */
const postgresReason = postgresUnavailableReason();
// As the store contract tests (./stores.ts): left out with a warning where no Postgres can run, never in CI.
if (postgresReason !== null && !postgresRequired()) console.warn(`Postgres query plans left out: ${postgresReason}`);
else
  describe('PostgresStore query plans', () => {
    const kind = postgresKind();
    let url: string;
    let store: PostgresStore;
    let sql: postgres.Sql;
    beforeAll(async () => {
      await kind.setUp();
      url = (await kind.databaseUrl())!;
      store = await PostgresStore.open(url); // migrates
      sql = postgres(url, { max: 1, onnotice: () => undefined });
      await sql`INSERT INTO bookings (ticket_id, start_at, end_at, rule, class, time_zone, active, created_at)
      SELECT n, (n / 50) * 86400000, (n / 50) * 86400000 + 21600000, 'standard', 'maintenance', 'UTC', true, 0
      FROM generate_series(1::bigint, 20000) AS n`;
      await sql`ANALYZE bookings`;
      await sql`INSERT INTO inbox (id, received_at, body_json, processed_at)
      SELECT 'inv-' || n, n, '{}', CASE WHEN n % 10 = 0 THEN NULL ELSE n + 5 END
      FROM generate_series(1::bigint, 20000) AS n`;
      await sql`ANALYZE inbox`;
    }, 60_000);
    afterAll(async () => {
      await sql?.end();
      await store?.close();
      await kind.tearDown();
    }, 60_000);

    /** The plans of the statements on `table` that `operation` sends, through a connection of its own. */
    async function plansOf(operation: (ops: PgOps) => Promise<unknown>, table = 'bookings'): Promise<string> {
      const sent: { query: string; parameters: unknown[] }[] = [];
      const watched = postgres(url, {
        max: 1,
        onnotice: () => undefined,
        debug: (_connection, query, parameters) => sent.push({ query, parameters }),
      });
      try {
        await operation(new PgOps(watched, 'plans'));
        const plans: string[] = [];
        // postgres.js also sends its own look-up of the array types on a new connection.
        for (const { query, parameters } of sent.filter(({ query }) => new RegExp(`\\bFROM ${table}\\b`).test(query))) {
          const rows = await sql.unsafe(`EXPLAIN ${query}`, parameters as postgres.ParameterOrJSON<never>[]);
          plans.push(...rows.map((row) => String(row['QUERY PLAN'])));
        }
        if (plans.length === 0) throw new Error(`the operation sent no statement on ${table}`);
        return plans.join('\n');
      } finally {
        await watched.end();
      }
    }

    it('reads a page as one index range of (start_at, ticket_id) from its cursor, in index order', async () => {
      for (const after of [undefined, { start: 200 * 86_400_000, ticketId: 10_020 }]) {
        const plan = await plansOf((ops) =>
          ops.listBookings({ from: 100 * 86_400_000, to: 300 * 86_400_000, limit: 101, ...(after ? { after } : {}) }),
        );
        expect(plan).toMatch(/Index Scan using bookings_active_counts on bookings /);
        expect(plan).toMatch(/Index Cond: .*ROW\(start_at, ticket_id\) > ROW\(/);
        expect(plan).toContain('bookings_active_length');
        expect(plan).not.toMatch(/Seq Scan on bookings|Sort\b/);
      }
    });

    it("purges the inbox's processed invocations through their own index, in its order, not by scanning the inbox", async () => {
      // EXPLAIN alone: the purge is planned, not run.
      const plan = await plansOf((ops) => ops.purgeInbox(1_000, 200, 0), 'inbox');
      expect(plan).toMatch(/Index (Only )?Scan using inbox_processed on inbox/);
      expect(plan).not.toMatch(/Seq Scan on inbox|Sort\b/);
    });
  });
