import type Database from 'better-sqlite3';
import type { Upgrade } from '../../../core/lifecycle/types.js';
import { UPGRADE_STATE } from '../migrations.js';
import { encodeUpgrade } from '../upgrade-codec.js';
import { toHistory, toIdempotency, toUpgrade, type Row } from '../rows.js';
import type { HistoryRecord, IdempotencyRecord, NewHistory, StoreOps, UpgradeRecord } from '../types.js';

/** The upgrades, their history, the API's idempotency keys and the overrun watch's marks. */
export type UpgradesStatements = Pick<
  StoreOps,
  | 'getUpgrade'
  | 'putUpgrade'
  | 'listUpgradesInStates'
  | 'addHistory'
  | 'listHistory'
  | 'getHistory'
  | 'getIdempotency'
  | 'putIdempotency'
  | 'purgeIdempotency'
  | 'putWatchMark'
  | 'getMeta'
  | 'putMeta'
>;

export function upgradesStatements(db: Database.Database): UpgradesStatements {
  return {
    async getUpgrade(ticketId: number): Promise<UpgradeRecord | null> {
      const row = db.prepare('SELECT * FROM upgrades WHERE ticket_id = ?').get(ticketId) as Row | undefined;
      return row === undefined ? null : toUpgrade(row);
    },

    async putUpgrade(ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number): Promise<boolean> {
      const json = encodeUpgrade(upgrade);
      if (expectedVersion === 0) {
        const result = db
          .prepare(
            'INSERT INTO upgrades (ticket_id, state_json, version, updated_at) VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING',
          )
          .run(ticketId, json, now);
        return result.changes === 1;
      }
      const result = db
        .prepare(
          'UPDATE upgrades SET state_json = ?, version = version + 1, updated_at = ? WHERE ticket_id = ? AND version = ?',
        )
        .run(json, now, ticketId, expectedVersion);
      return result.changes === 1;
    },

    async listUpgradesInStates(states: readonly string[], options = {}): Promise<UpgradeRecord[]> {
      if (states.length === 0) return [];
      const marks = states.map(() => '?').join(', ');
      if (options.ticketIds !== undefined) {
        // By primary key: the batch is small next to the upgrades in these states. json_each takes any number of ids
        // as one parameter (SQLite caps the parameters of a statement).
        const ids = db
          .prepare(
            `SELECT * FROM upgrades WHERE ticket_id IN (SELECT value FROM json_each(?)) AND ${UPGRADE_STATE} IN (${marks})
             ORDER BY ticket_id`,
          )
          .all(JSON.stringify(options.ticketIds), ...states) as Row[];
        return ids.map(toUpgrade);
      }
      const startedBy = options.startedBy ?? null;
      const rows = db
        .prepare(
          `SELECT * FROM upgrades u WHERE ${UPGRADE_STATE} IN (${marks})
             AND (? IS NULL OR ${UPGRADE_STATE} != 'scheduled' OR EXISTS (SELECT 1 FROM bookings b
               WHERE b.ticket_id = u.ticket_id AND b.active = 1 AND b.start_at <= ?))
           ORDER BY ticket_id`,
        )
        .all(...states, startedBy, startedBy) as Row[];
      return rows.map(toUpgrade);
    },

    async addHistory(entry: NewHistory): Promise<HistoryRecord> {
      const result = db
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
    },

    async listHistory(ticketId: number): Promise<HistoryRecord[]> {
      const rows = db.prepare('SELECT * FROM history WHERE ticket_id = ? ORDER BY id').all(ticketId) as Row[];
      return rows.map(toHistory);
    },

    async getHistory(id: number): Promise<HistoryRecord | null> {
      const row = db.prepare('SELECT * FROM history WHERE id = ?').get(id) as Row | undefined;
      return row === undefined ? null : toHistory(row);
    },

    async getIdempotency(ticketId: number, key: string): Promise<IdempotencyRecord | null> {
      const row = db.prepare('SELECT * FROM idempotency_keys WHERE ticket_id = ? AND key = ?').get(ticketId, key) as
        Row | undefined;
      return row === undefined ? null : toIdempotency(row);
    },

    async putIdempotency(record: IdempotencyRecord): Promise<void> {
      db.prepare(
        `INSERT INTO idempotency_keys (ticket_id, key, request_hash, status, body_json, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (ticket_id, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
             body_json = excluded.body_json, created_at = excluded.created_at`,
      ).run(
        record.ticketId,
        record.key,
        record.requestHash,
        record.status,
        JSON.stringify(record.body),
        record.createdAt,
      );
    },

    async purgeIdempotency(before: number): Promise<number> {
      return db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes;
    },

    async getMeta(key: string): Promise<string | null> {
      const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as Row | undefined;
      return row === undefined ? null : String(row.value);
    },

    async putMeta(key: string, value: string): Promise<void> {
      db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value').run(
        key,
        value,
      );
    },

    async putWatchMark(ticketId: number, mark: string, now: number): Promise<boolean> {
      const result = db
        .prepare('INSERT INTO watch_marks (ticket_id, mark, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(ticketId, mark, now);
      return result.changes === 1;
    },
  };
}
