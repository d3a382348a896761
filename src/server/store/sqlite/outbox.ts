import type Database from 'better-sqlite3';
import { toOutbox, toTicketUpdate, type Row } from '../rows.js';
import type { NewOutbox, OutboxRecord, StoreOps, TicketUpdateRecord } from '../types.js';

/** The outbox: what is to be delivered to Zendesk, leased per ticket, with its history entry's delivery status mirrored. */
export type OutboxStatements = Pick<
  StoreOps,
  | 'enqueue'
  | 'getOutbox'
  | 'claimDue'
  | 'recordSend'
  | 'markDelivered'
  | 'retryLater'
  | 'markFailed'
  | 'requeue'
  | 'releaseLeases'
  | 'countFailedDeliveries'
  | 'countPendingDeliveries'
  | 'recentTicketUpdates'
>;

export function outboxStatements(db: Database.Database): OutboxStatements {
  return {
    async enqueue(item: NewOutbox, historyId: number | null): Promise<OutboxRecord> {
      const result = db
        .prepare(
          `INSERT INTO outbox (ticket_id, kind, payload_json, history_id, status, next_attempt_at, created_at)
           VALUES (?, ?, ?, ?, 'pending', 0, ?)`,
        )
        // Due at once: 0 rather than createdAt, so a domain clock set apart from the worker's never delays it.
        .run(item.ticketId, item.kind, JSON.stringify(item.payload), historyId, item.createdAt);
      const id = Number(result.lastInsertRowid);
      if (historyId !== null) {
        db.prepare(
          "UPDATE history SET outbox_id = ?, delivery_status = 'pending', delivered_at = NULL, error = NULL WHERE id = ?",
        ).run(id, historyId);
      }
      return (await this.getOutbox(id))!;
    },

    async getOutbox(id: number): Promise<OutboxRecord | null> {
      const row = db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
      return row === undefined ? null : toOutbox(row);
    },

    async claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxRecord[]> {
      // The head of each ticket's pending queue (one queue per kind, so a notification receiver that is down never
      // holds back the ticket's comments); a later item waits for it even when it is due sooner. Read through the
      // pending items' index: left to itself SQLite walks the whole outbox in id order for the LIMIT, every delivered
      // item ever made included, on each pass of the delivery worker.
      const rows = db
        .prepare(
          `SELECT o.* FROM outbox o INDEXED BY outbox_pending
           WHERE o.status = 'pending'
             AND o.id = (SELECT MIN(p.id) FROM outbox p
                       WHERE p.ticket_id = o.ticket_id AND p.kind = o.kind AND p.status = 'pending')
             AND o.next_attempt_at <= ?
             AND (o.locked_until IS NULL OR o.locked_until <= ?)
           ORDER BY o.id LIMIT ?`,
        )
        .all(now, now, limit) as Row[];
      const lease = db.prepare('UPDATE outbox SET locked_until = ? WHERE id = ?');
      for (const row of rows) lease.run(now + leaseMs, row.id);
      return rows.map((row) => ({ ...toOutbox(row), lockedUntil: now + leaseMs }));
    },

    async recordSend(id: number, sent: unknown, now: number): Promise<void> {
      db.prepare('UPDATE outbox SET sends = sends + 1, sent_json = ?, last_update_at = ? WHERE id = ?').run(
        JSON.stringify(sent),
        now,
        id,
      );
    },

    async markDelivered(id: number, now: number): Promise<void> {
      db.prepare(
        "UPDATE outbox SET status = 'delivered', delivered_at = ?, locked_until = NULL, last_error = NULL WHERE id = ?",
      ).run(now, id);
      db.prepare(
        "UPDATE history SET delivery_status = 'delivered', delivered_at = ?, error = NULL WHERE outbox_id = ?",
      ).run(now, id);
    },

    async retryLater(id: number, at: number, error: string, countFailure: boolean): Promise<void> {
      db.prepare(
        'UPDATE outbox SET next_attempt_at = ?, last_error = ?, locked_until = NULL, failures = failures + ? WHERE id = ?',
      ).run(at, error, countFailure ? 1 : 0, id);
      // The history shows when a pending delivery will go next.
      db.prepare("UPDATE history SET delivered_at = ? WHERE outbox_id = ? AND delivery_status = 'pending'").run(at, id);
    },

    async markFailed(id: number, error: string, now: number): Promise<void> {
      // A failed Zendesk item is followed by the "needs review" flag, one more update of its ticket.
      db.prepare(
        `UPDATE outbox SET status = 'failed', last_error = ?, locked_until = NULL,
           last_update_at = CASE WHEN kind = 'zendesk' THEN ? ELSE last_update_at END
         WHERE id = ?`,
      ).run(error, now, id);
      db.prepare("UPDATE history SET delivery_status = 'failed', delivered_at = ?, error = ? WHERE outbox_id = ?").run(
        now,
        error,
        id,
      );
    },

    async requeue(id: number, _now: number): Promise<boolean> {
      const result = db
        .prepare(
          "UPDATE outbox SET status = 'pending', failures = 0, next_attempt_at = 0, locked_until = NULL WHERE id = ? AND status = 'failed'",
        )
        .run(id);
      if (result.changes === 0) return false;
      db.prepare(
        "UPDATE history SET delivery_status = 'pending', delivered_at = NULL, error = NULL WHERE outbox_id = ?",
      ).run(id);
      return true;
    },

    async releaseLeases(): Promise<number> {
      return db.prepare('UPDATE outbox SET locked_until = NULL WHERE locked_until IS NOT NULL').run().changes;
    },

    async countFailedDeliveries(): Promise<number> {
      return Number((db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'failed'").get() as Row).n);
    },

    async countPendingDeliveries(): Promise<number> {
      return Number((db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status = 'pending'").get() as Row).n);
    },

    async recentTicketUpdates(since: number): Promise<TicketUpdateRecord[]> {
      const rows = db
        .prepare(
          `SELECT ticket_id, last_update_at, sends, status FROM outbox INDEXED BY outbox_last_update
           WHERE last_update_at > ? AND kind = 'zendesk'`,
        )
        .all(since) as Row[];
      return rows.map(toTicketUpdate);
    },
  };
}
