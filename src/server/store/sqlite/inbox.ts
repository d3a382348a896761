import type Database from 'better-sqlite3';
import { toInbox, toProcessedComment, type Row } from '../rows.js';
import type { InboxPurgeBatch, InboxRecord, ProcessedComment, StoreOps } from '../types.js';

/**
 * The webhook inbox's own database file (`INBOX_FILE` beside the main one): written only by the inbox writer thread
 * once serving, so that the main connection's commits never meet its lock nor empty its page cache
 * (docs/DECISIONS.md, 60). Created when missing; the same schema the main file's migrations 1 and 3 gave the table.
 */
export const INBOX_SCHEMA = `
  CREATE TABLE IF NOT EXISTS inbox (
    id TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL,
    body_json TEXT NOT NULL,
    processed_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS inbox_unprocessed ON inbox (received_at, id) WHERE processed_at IS NULL;
  CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
`;

/**
 * The health probe's write to the inbox's file (`SqliteStore.writable`): one row, rewritten each time, so that the
 * file's health is known again with no webhook arriving. Parameter: the time of the probe.
 */
export const INBOX_PROBE_SQL =
  'INSERT INTO write_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at';

/**
 * One batch of the inbox's purge, as two statements on the inbox's connection (the writer thread runs the same:
 * src/server/store/off-thread.ts). The batch looks at the `limit` invocations stored after rowid `from` (rowid
 * order is the order they were received in, so this reads a range of the table, never an index of all rows) and
 * forgets those of them processed before `before`. Those still unprocessed or processed since stay, and the next
 * batch starts after them, so a backlog of work at the front never holds the purge up; it ends once a batch reaches
 * the inbox's end or an invocation received at or after `before`, which cannot have been processed before it (the
 * server stamps both on the same clock; a test that moves one alone only delays a purge). With no row after `from`,
 * `last` is null and the DELETE matches nothing. PURGE_INBOX_RANGE_SQL: from, limit. PURGE_INBOX_SQL: from, last,
 * before.
 */
export const PURGE_INBOX_RANGE_SQL = `SELECT count(*) AS seen, max(rowid) AS last, max(received_at) AS newest
  FROM (SELECT rowid, received_at FROM inbox WHERE rowid > ? ORDER BY rowid LIMIT ?)`;
export const PURGE_INBOX_SQL = 'DELETE FROM inbox WHERE rowid > ? AND rowid <= ? AND processed_at < ?';

/** What the two statements of a batch found and did, on either thread. */
export interface PurgeRange {
  range: { seen: number; last: number | null; newest: number | null };
  forgotten: number;
}

/** A batch's answer (see above): how many it forgot, and where the next starts, if another follows. */
export function purgeBatchOf({ range, forgotten }: PurgeRange, limit: number, before: number): InboxPurgeBatch {
  // Fewer rows than the limit (none: `last` and `newest` null) is the table's end.
  const ended = range.seen < limit || range.newest! >= before;
  return { forgotten, next: ended ? null : range.last };
}

/** The webhook inbox (on its own file's connection) and the customer comments already read (on the main one). */
export type InboxStatements = Pick<
  StoreOps,
  | 'putInbox'
  | 'markInboxProcessed'
  | 'purgeInbox'
  | 'listUnprocessedInbox'
  | 'claimInbox'
  | 'markCommentProcessed'
  | 'processedCommentIds'
  | 'listProcessedComments'
>;

export function inboxStatements(db: Database.Database, inboxDb: Database.Database): InboxStatements {
  return {
    async putInbox(record: Omit<InboxRecord, 'processedAt'>): Promise<boolean> {
      const result = inboxDb
        .prepare('INSERT INTO inbox (id, received_at, body_json) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(record.id, record.receivedAt, JSON.stringify(record.body));
      return result.changes === 1;
    },

    async markInboxProcessed(id: string, now: number): Promise<void> {
      inboxDb.prepare('UPDATE inbox SET processed_at = ? WHERE id = ?').run(now, id);
    },

    async purgeInbox(before: number, limit: number, from: number): Promise<InboxPurgeBatch> {
      const range = inboxDb.prepare(PURGE_INBOX_RANGE_SQL).get(from, limit) as PurgeRange['range'];
      const forgotten = inboxDb.prepare(PURGE_INBOX_SQL).run(from, range.last, before).changes;
      return purgeBatchOf({ range, forgotten }, limit, before);
    },

    async listUnprocessedInbox(limit: number): Promise<InboxRecord[]> {
      const rows = inboxDb
        .prepare('SELECT * FROM inbox WHERE processed_at IS NULL ORDER BY received_at, id LIMIT ?')
        .all(limit) as Row[];
      return rows.map(toInbox);
    },

    /** No lease to take: the data directory's lock already makes this process the only worker. */
    async claimInbox(_now: number, _leaseMs: number, limit: number): Promise<InboxRecord[]> {
      return this.listUnprocessedInbox(limit);
    },

    async markCommentProcessed(record: ProcessedComment): Promise<boolean> {
      const result = db
        .prepare(
          `INSERT INTO processed_comments (ticket_id, comment_id, outcome, detail, processed_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(record.ticketId, record.commentId, record.outcome, record.detail, record.processedAt);
      return result.changes === 1;
    },

    async processedCommentIds(ticketId: number): Promise<Set<number>> {
      const rows = db.prepare('SELECT comment_id FROM processed_comments WHERE ticket_id = ?').all(ticketId) as Row[];
      return new Set(rows.map((row) => Number(row.comment_id)));
    },

    async listProcessedComments(ticketId: number): Promise<ProcessedComment[]> {
      const rows = db
        .prepare('SELECT * FROM processed_comments WHERE ticket_id = ? ORDER BY processed_at, comment_id')
        .all(ticketId) as Row[];
      return rows.map(toProcessedComment);
    },
  };
}
