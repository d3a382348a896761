import { SqliteStore } from './sqlite.js';
import { StoreUnavailableError, type Store } from './types.js';

/**
 * The store `serve` runs on: Postgres when DATABASE_URL is set (several replicas may share it, so no DATA_DIR
 * lock), otherwise SQLite in DATA_DIR (one process per directory). A database that cannot be reached is a
 * StoreUnavailableError naming DATABASE_URL, never its credentials.
 */
export async function openStore(config: { databaseUrl: string | null; dataDir: string }): Promise<Store> {
  if (config.databaseUrl === null) return SqliteStore.open(config.dataDir);
  try {
    // Loaded only here, so the embedded default never pays for the Postgres driver at start.
    const { PostgresStore } = await import('./postgres/store.js');
    return await PostgresStore.open(config.databaseUrl);
  } catch (error) {
    const reason = (error as Error).message.replace(/^store unavailable: /, '');
    throw new StoreUnavailableError(`DATABASE_URL: cannot open the database (${reason})`, { cause: error });
  }
}
