import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/server/store/sqlite.js';

/**
 * The hot queries must not scan a table that grows with history (docs/DECISIONS.md, issue 19): every SELECT the
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

  /** The plan lines of every SELECT prepared while `operation` runs. */
  async function plansOf(operation: () => Promise<unknown>): Promise<string[]> {
    const db = (store as unknown as { db: Database.Database }).db;
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
    const selects = statements.filter((sql) => /^\s*(WITH|SELECT)\b/i.test(sql));
    if (selects.length === 0) throw new Error('the operation prepared no SELECT');
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
    const plans = await plansOf(() => store.claimInbox(0, 30_000, 100));
    expect(scans(plans, ['inbox'])).toEqual([]);
    expect(plans.join('\n')).toContain('inbox_unprocessed');
  });
});
