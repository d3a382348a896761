import type postgres from 'postgres';
import type { Upgrade } from '../../../core/lifecycle/types.js';
import { encodeUpgrade } from '../upgrade-codec.js';
import {
  toBooking,
  toHistory,
  toIdempotency,
  toInbox,
  toOutbox,
  toProcessedComment,
  toTicketUpdate,
  toUpgrade,
  withoutOne,
  type Row,
} from '../rows.js';
import type {
  BookingPage,
  BookingRecord,
  HistoryRecord,
  IdempotencyRecord,
  InboxPurgeBatch,
  InboxRecord,
  NewBooking,
  NewHistory,
  NewOutbox,
  OutboxRecord,
  ProcessedComment,
  StoreOps,
  TicketUpdateRecord,
  UpgradeListOptions,
  UpgradeRecord,
} from '../types.js';

/**
 * A lease is free once its holder's heartbeat (every HEARTBEAT_MS, on the database's clock) is older than this,
 * whatever its own length: a killed replica's work is taken over within seconds, not after a delivery lease.
 */
export const HEARTBEAT_MS = 2_000;
export const STALE_MS = 10_000;

/**
 * The store's statements on Postgres, run on the pool (each statement its own transaction) or inside a
 * transaction (`tx`). Every operation but `replaceBooking` is one statement (CTEs write the history mirror with
 * its outbox row), so it is atomic on its own. `replica` names this process in the leases it takes.
 */
export class PgOps implements StoreOps {
  constructor(
    private readonly sql: postgres.Sql | postgres.TransactionSql,
    private readonly replica: string,
  ) {}

  private async rows(query: Promise<readonly object[]>): Promise<Row[]> {
    return [...(await query)] as Row[];
  }

  private async first(query: Promise<readonly object[]>): Promise<Row | null> {
    return ((await query)[0] as Row | undefined) ?? null;
  }

  async getUpgrade(ticketId: number): Promise<UpgradeRecord | null> {
    const row = await this.first(this.sql`SELECT * FROM upgrades WHERE ticket_id = ${ticketId}`);
    return row === null ? null : toUpgrade(row);
  }

  async putUpgrade(ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number): Promise<boolean> {
    const json = encodeUpgrade(upgrade);
    const result =
      expectedVersion === 0
        ? await this.sql`INSERT INTO upgrades (ticket_id, state_json, version, updated_at)
            VALUES (${ticketId}, ${json}, 1, ${now}) ON CONFLICT DO NOTHING`
        : await this.sql`UPDATE upgrades SET state_json = ${json}, version = version + 1, updated_at = ${now}
            WHERE ticket_id = ${ticketId} AND version = ${expectedVersion}`;
    return result.count === 1;
  }

  async activeBooking(ticketId: number): Promise<BookingRecord | null> {
    const row = await this.first(this.sql`SELECT * FROM bookings WHERE ticket_id = ${ticketId} AND active`);
    return row === null ? null : toBooking(row);
  }

  async activeBookingCounts(excludeTicket?: number, from?: number, until?: number): Promise<Map<number, number>> {
    // As in SQLite: the window starts' counts (booking_counts, kept by a trigger: migration 6), then the left-out
    // ticket's own booking taken off its start.
    const rows = await this.rows(
      this.sql`SELECT start_at, n FROM booking_counts
        WHERE start_at >= ${from ?? Number.MIN_SAFE_INTEGER} AND start_at <= ${until ?? Number.MAX_SAFE_INTEGER} AND n > 0`,
    );
    const counts = new Map(rows.map((row) => [Number(row.start_at), Number(row.n)]));
    if (excludeTicket !== undefined) {
      const own = await this.first(
        this.sql`SELECT start_at FROM bookings WHERE ticket_id = ${excludeTicket} AND active`,
      );
      if (own !== null) withoutOne(counts, Number(own.start_at));
    }
    return counts;
  }

  async replaceBooking(booking: NewBooking, now: number): Promise<BookingRecord> {
    await this.releaseBooking(booking.ticketId, now);
    const row = await this.first(
      this.sql`INSERT INTO bookings (ticket_id, start_at, end_at, rule, class, reason, time_zone, active, created_at)
        VALUES (${booking.ticketId}, ${booking.start}, ${booking.end}, ${booking.rule}, ${booking.class},
          ${booking.reason}, ${booking.timeZone}, true, ${now})
        RETURNING *`,
    );
    return toBooking(row!);
  }

  async releaseBooking(ticketId: number, now: number): Promise<BookingRecord | null> {
    const row = await this.first(
      this.sql`UPDATE bookings SET active = false, released_at = ${now} WHERE ticket_id = ${ticketId} AND active
        RETURNING *`,
    );
    return row === null ? null : toBooking(row);
  }

  async listBookings(page: BookingPage): Promise<BookingRecord[]> {
    // As in SQLite (docs/DECISIONS.md, 52): one row-value range of bookings_active_counts from the later of the cursor
    // and the period's start less the longest active booking (bookings_active_length). The two scalar subqueries
    // keep the bound a row of values Postgres can use as the index condition.
    const from = page.from ?? Number.MIN_SAFE_INTEGER;
    const lowest = page.after ?? { start: Number.MIN_SAFE_INTEGER, ticketId: Number.MIN_SAFE_INTEGER };
    const rows = await this.rows(
      this.sql`WITH floor AS (
          SELECT ${from}::bigint - 1 - COALESCE(MAX(end_at - start_at), 0) AS start_at FROM bookings WHERE active)
        SELECT * FROM bookings
        WHERE active AND end_at > ${from} AND start_at < ${page.to ?? Number.MAX_SAFE_INTEGER}
          AND (start_at, ticket_id) > (
            (SELECT GREATEST(${lowest.start}::bigint, floor.start_at) FROM floor),
            (SELECT CASE WHEN ${lowest.start}::bigint > floor.start_at THEN ${lowest.ticketId}::bigint
              ELSE ${Number.MAX_SAFE_INTEGER}::bigint END FROM floor))
        ORDER BY start_at, ticket_id
        LIMIT ${page.limit}`,
    );
    return rows.map(toBooking);
  }

  async addHistory(entry: NewHistory): Promise<HistoryRecord> {
    const row = await this.first(
      this.sql`INSERT INTO history
          (ticket_id, type, created_at, public, agent_id, agent_name, delivery_status, delivered_at, detail_json)
        VALUES (${entry.ticketId}, ${entry.type}, ${entry.createdAt}, ${entry.public}, ${entry.agent?.id ?? null},
          ${entry.agent?.name ?? null}, 'delivered', ${entry.createdAt}, ${JSON.stringify(entry.detail ?? null)})
        RETURNING *`,
    );
    return toHistory(row!);
  }

  async listHistory(ticketId: number): Promise<HistoryRecord[]> {
    return (await this.rows(this.sql`SELECT * FROM history WHERE ticket_id = ${ticketId} ORDER BY id`)).map(toHistory);
  }

  async getHistory(id: number): Promise<HistoryRecord | null> {
    const row = await this.first(this.sql`SELECT * FROM history WHERE id = ${id}`);
    return row === null ? null : toHistory(row);
  }

  async enqueue(item: NewOutbox, historyId: number | null): Promise<OutboxRecord> {
    // Due at once (0), as in SQLite: a domain clock set apart from the worker's never delays it.
    const row = await this.first(
      this.sql`WITH item AS (
          INSERT INTO outbox (ticket_id, kind, payload_json, history_id, status, next_attempt_at, created_at)
          VALUES (${item.ticketId}, ${item.kind}, ${JSON.stringify(item.payload)}, ${historyId}, 'pending', 0,
            ${item.createdAt})
          RETURNING *
        ), mirror AS (
          UPDATE history SET outbox_id = (SELECT id FROM item), delivery_status = 'pending', delivered_at = NULL,
            error = NULL
          WHERE id = ${historyId}
        )
        SELECT * FROM item`,
    );
    return toOutbox(row!);
  }

  async getOutbox(id: number): Promise<OutboxRecord | null> {
    const row = await this.first(this.sql`SELECT * FROM outbox WHERE id = ${id}`);
    return row === null ? null : toOutbox(row);
  }

  async claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxRecord[]> {
    // The head of each ticket's queue per kind, as in SQLite. SKIP LOCKED: a row another replica is leasing in this
    // instant is left to it; once it committed, its lease (locked_until) keeps it out of this claim.
    const rows = await this.rows(
      this.sql`UPDATE outbox SET locked_until = ${now + leaseMs}, locked_by = ${this.replica}
        WHERE id IN (
          SELECT o.id FROM outbox o
          WHERE o.status = 'pending'
            AND o.id = (SELECT MIN(p.id) FROM outbox p
                        WHERE p.ticket_id = o.ticket_id AND p.kind = o.kind AND p.status = 'pending')
            AND o.next_attempt_at <= ${now}
            AND (o.locked_until IS NULL OR o.locked_until <= ${now} OR uw_holder_gone(o.locked_by, ${STALE_MS}))
          ORDER BY o.id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING *`,
    );
    return rows.map(toOutbox).sort((a, b) => a.id - b.id);
  }

  async recordSend(id: number, sent: unknown, now: number): Promise<void> {
    await this.sql`UPDATE outbox SET sends = sends + 1, sent_json = ${JSON.stringify(sent)}, last_update_at = ${now}
      WHERE id = ${id}`;
  }

  async markDelivered(id: number, now: number): Promise<void> {
    await this.sql`WITH item AS (
        UPDATE outbox SET status = 'delivered', delivered_at = ${now}, locked_until = NULL, locked_by = NULL,
          last_error = NULL
        WHERE id = ${id} RETURNING id
      )
      UPDATE history SET delivery_status = 'delivered', delivered_at = ${now}, error = NULL
      WHERE outbox_id IN (SELECT id FROM item)`;
  }

  async retryLater(id: number, at: number, error: string, countFailure: boolean): Promise<void> {
    await this.sql`UPDATE outbox SET next_attempt_at = ${at}, last_error = ${error}, locked_until = NULL,
        locked_by = NULL, failures = failures + ${countFailure ? 1 : 0}
      WHERE id = ${id}`;
  }

  async markFailed(id: number, error: string, now: number): Promise<void> {
    await this.sql`WITH item AS (
        UPDATE outbox SET status = 'failed', last_error = ${error}, locked_until = NULL, locked_by = NULL,
          last_update_at = CASE WHEN kind = 'zendesk' THEN ${now}::bigint ELSE last_update_at END
        WHERE id = ${id} RETURNING id
      )
      UPDATE history SET delivery_status = 'failed', delivered_at = ${now}, error = ${error}
      WHERE outbox_id IN (SELECT id FROM item)`;
  }

  async requeue(id: number, _now: number): Promise<boolean> {
    const row = await this.first(
      this.sql`WITH item AS (
          UPDATE outbox SET status = 'pending', failures = 0, next_attempt_at = 0, locked_until = NULL, locked_by = NULL
          WHERE id = ${id} AND status = 'failed' RETURNING id
        ), mirror AS (
          UPDATE history SET delivery_status = 'pending', delivered_at = NULL, error = NULL
          WHERE outbox_id IN (SELECT id FROM item)
        )
        SELECT COUNT(*) AS n FROM item`,
    );
    return Number(row!.n) === 1;
  }

  /** None: with several replicas a lease may be a live one's; leases of a dead replica expire. */
  async releaseLeases(): Promise<number> {
    return 0;
  }

  async countFailedDeliveries(): Promise<number> {
    return Number((await this.first(this.sql`SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'`))!.n);
  }

  async countPendingDeliveries(): Promise<number> {
    return Number((await this.first(this.sql`SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'`))!.n);
  }

  async recentTicketUpdates(since: number): Promise<TicketUpdateRecord[]> {
    const rows = await this.rows(
      this.sql`SELECT ticket_id, last_update_at, sends, status FROM outbox
        WHERE last_update_at > ${since} AND kind = 'zendesk'`,
    );
    return rows.map(toTicketUpdate);
  }

  async getIdempotency(ticketId: number, key: string): Promise<IdempotencyRecord | null> {
    const row = await this.first(
      this.sql`SELECT * FROM idempotency_keys WHERE ticket_id = ${ticketId} AND key = ${key}`,
    );
    return row === null ? null : toIdempotency(row);
  }

  async putIdempotency(record: IdempotencyRecord): Promise<void> {
    await this.sql`INSERT INTO idempotency_keys (ticket_id, key, request_hash, status, body_json, created_at)
      VALUES (${record.ticketId}, ${record.key}, ${record.requestHash}, ${record.status},
        ${JSON.stringify(record.body)}, ${record.createdAt})
      ON CONFLICT (ticket_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
        body_json = excluded.body_json, created_at = excluded.created_at`;
  }

  async purgeIdempotency(before: number): Promise<number> {
    return (await this.sql`DELETE FROM idempotency_keys WHERE created_at < ${before}`).count;
  }

  async putInbox(record: Omit<InboxRecord, 'processedAt'>): Promise<boolean> {
    const result = await this.sql`INSERT INTO inbox (id, received_at, body_json)
      VALUES (${record.id}, ${record.receivedAt}, ${JSON.stringify(record.body)}) ON CONFLICT DO NOTHING`;
    return result.count === 1;
  }

  async markInboxProcessed(id: string, now: number): Promise<void> {
    await this.sql`UPDATE inbox SET processed_at = ${now}, locked_by = NULL, locked_until = NULL WHERE id = ${id}`;
  }

  async purgeInbox(before: number, limit: number, from: number): Promise<InboxPurgeBatch> {
    // Through inbox_processed (migration 7), in the order they were processed, so no position is needed: each
    // batch takes the oldest left. The ids as an array, so each row is found by its key (with `IN (SELECT ...)`
    // the planner may join against a scan of the whole inbox). Past the rows another replica's purge holds:
    // replicas purging at once share the work, none waits for another.
    const forgotten = (
      await this.sql`DELETE FROM inbox WHERE id = ANY (ARRAY(
        SELECT id FROM inbox WHERE processed_at < ${before} ORDER BY processed_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED))`
    ).count;
    return { forgotten, next: forgotten < limit ? null : from };
  }

  async listUnprocessedInbox(limit: number): Promise<InboxRecord[]> {
    const rows = await this.rows(
      this.sql`SELECT * FROM inbox WHERE processed_at IS NULL ORDER BY received_at, id LIMIT ${limit}`,
    );
    return rows.map(toInbox);
  }

  async claimInbox(now: number, leaseMs: number, limit: number): Promise<InboxRecord[]> {
    const rows = await this.rows(
      this.sql`UPDATE inbox SET locked_by = ${this.replica}, locked_until = ${now + leaseMs}
        WHERE id IN (
          SELECT id FROM inbox
          WHERE processed_at IS NULL
            AND (locked_by IS NULL OR locked_by = ${this.replica} OR locked_until <= ${now}
              OR uw_holder_gone(locked_by, ${STALE_MS}))
          ORDER BY received_at, id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING *`,
    );
    return rows.map(toInbox).sort((a, b) => a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async markCommentProcessed(record: ProcessedComment): Promise<boolean> {
    const result = await this.sql`INSERT INTO processed_comments (ticket_id, comment_id, outcome, detail, processed_at)
      VALUES (${record.ticketId}, ${record.commentId}, ${record.outcome}, ${record.detail}, ${record.processedAt})
      ON CONFLICT DO NOTHING`;
    return result.count === 1;
  }

  async processedCommentIds(ticketId: number): Promise<Set<number>> {
    const rows = await this.rows(this.sql`SELECT comment_id FROM processed_comments WHERE ticket_id = ${ticketId}`);
    return new Set(rows.map((row) => Number(row.comment_id)));
  }

  async listProcessedComments(ticketId: number): Promise<ProcessedComment[]> {
    const rows = await this.rows(
      this.sql`SELECT * FROM processed_comments WHERE ticket_id = ${ticketId} ORDER BY processed_at, comment_id`,
    );
    return rows.map(toProcessedComment);
  }

  async putWatchMark(ticketId: number, mark: string, now: number): Promise<boolean> {
    const result = await this.sql`INSERT INTO watch_marks (ticket_id, mark, created_at)
      VALUES (${ticketId}, ${mark}, ${now}) ON CONFLICT DO NOTHING`;
    return result.count === 1;
  }

  async listUpgradesInStates(states: readonly string[], options: UpgradeListOptions = {}): Promise<UpgradeRecord[]> {
    if (states.length === 0) return [];
    if (options.ticketIds !== undefined) {
      const ids = await this.rows(
        this.sql`SELECT * FROM upgrades WHERE ticket_id = ANY(${[...options.ticketIds]}::bigint[])
            AND uw_upgrade_state(state_json) = ANY(${[...states]}::text[])
          ORDER BY ticket_id`,
      );
      return ids.map(toUpgrade);
    }
    const startedBy = options.startedBy ?? null;
    const rows = await this.rows(
      this.sql`SELECT * FROM upgrades u WHERE uw_upgrade_state(state_json) = ANY(${[...states]}::text[])
          AND (${startedBy}::bigint IS NULL OR uw_upgrade_state(state_json) <> 'scheduled' OR EXISTS (SELECT 1
            FROM bookings b WHERE b.ticket_id = u.ticket_id AND b.active AND b.start_at <= ${startedBy}::bigint))
        ORDER BY ticket_id`,
    );
    return rows.map(toUpgrade);
  }

  async getMeta(key: string): Promise<string | null> {
    const row = await this.first(this.sql`SELECT value FROM meta WHERE key = ${key}`);
    return row === null ? null : String(row.value);
  }

  async putMeta(key: string, value: string): Promise<void> {
    await this.sql`INSERT INTO meta (key, value) VALUES (${key}, ${value})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
  }

  async ping(): Promise<void> {
    await this.sql`SELECT 1`;
  }
}
