import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { PostgresStore } from '../../../src/server/store/postgres/store.js';
import { SqliteStore } from '../../../src/server/store/sqlite.js';
import type { Store } from '../../../src/server/store/types.js';
import {
  postgresRequired,
  postgresUnavailableReason,
  startTestPostgres,
  type TestPostgres,
} from '../../helpers/postgres.js';

/** One store on a fresh database, and how to reach that database as another process would. */
export interface OpenedStore {
  store: Store;
  /**
   * The store of another replica on the same database (Postgres), or this store again where one process owns the
   * database (SQLite refuses a second opening of its data directory).
   */
  peer(): Promise<Store>;
  /** A plain connection to the database, for what no store operation does (Postgres only). */
  sql: postgres.Sql | null;
  close(): Promise<void>;
}

export interface StoreKind {
  name: 'SQLite' | 'Postgres';
  /** Whether several processes may share one database (each then claims only its own share of the work). */
  replicas: boolean;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  open(): Promise<OpenedStore>;
  /** `serve`'s DATABASE_URL for a fresh database, or null where the store lives in DATA_DIR. */
  databaseUrl(): Promise<string | null>;
}

const sqlite: StoreKind = {
  name: 'SQLite',
  replicas: false,
  setUp: async () => undefined,
  tearDown: async () => undefined,
  databaseUrl: async () => null,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'uw-store-'));
    const store = SqliteStore.open(dir);
    return {
      store,
      sql: null,
      peer: async () => store,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Postgres: one throwaway server per test file (or TEST_DATABASE_URL), one database per opened store. */
export function postgresKind(): StoreKind {
  let server: TestPostgres | null = null;
  const createDatabase = () => {
    if (server === null) throw new Error('the Postgres server is not running (setUp failed?)');
    return server.createDatabase();
  };
  return {
    name: 'Postgres',
    replicas: true,
    async setUp() {
      server = await startTestPostgres();
    },
    async tearDown() {
      await server?.stop();
      server = null;
    },
    databaseUrl: createDatabase,
    async open() {
      const url = await createDatabase();
      const opened: PostgresStore[] = [await PostgresStore.open(url)];
      const sql = postgres(url, { max: 1, onnotice: () => undefined });
      return {
        store: opened[0]!,
        sql,
        peer: async () => {
          const peer = await PostgresStore.open(url);
          opened.push(peer);
          return peer;
        },
        close: async () => {
          for (const store of opened) await store.close();
          await sql.end();
        },
      };
    },
  };
}

/**
 * The stores a contract test runs against: SQLite always; Postgres when a server is available, and in CI (CI=true)
 * also when it is not, so that its suite fails with the reason instead of passing without it.
 */
export function storeKinds(): StoreKind[] {
  const reason = postgresUnavailableReason();
  if (reason !== null && !postgresRequired()) {
    console.warn(`Postgres store tests left out: ${reason}`);
    return [sqlite];
  }
  return [sqlite, postgresKind()];
}
