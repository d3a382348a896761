import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

/**
 * A Postgres for the tests: `TEST_DATABASE_URL` when set (CI with a managed server), otherwise a throwaway cluster
 * made with Debian's binaries (initdb + pg_ctl, 127.0.0.1 only, a free port, a temporary directory) and removed by
 * `stop`. Each caller gets its own database in it, so suites never see each other's rows.
 */
export interface TestPostgres {
  /** A fresh, empty database on the server: its connection URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed server's bin folder, or null. `PG_BIN` overrides. */
export function findPostgresBin(): string | null {
  const given = process.env.PG_BIN;
  if (given !== undefined && given !== '') return existsSync(join(given, 'initdb')) ? given : null;
  if (!existsSync(PG_ROOT)) return null;
  const versions = readdirSync(PG_ROOT)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(PG_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? null : join(PG_ROOT, versions[0]!, 'bin');
}

/** Why Postgres tests cannot run here, or null when they can. */
export function postgresUnavailableReason(): string | null {
  if (process.env.TEST_DATABASE_URL) return null;
  if (findPostgresBin() !== null) return null;
  return (
    `no Postgres for the tests: set TEST_DATABASE_URL=postgres://... or install the server ` +
    `(Debian: apt-get install -y --no-install-recommends postgresql; binaries expected under ${PG_ROOT}/<version>/bin, ` +
    `or set PG_BIN)`
  );
}

/**
 * Whether this run must have Postgres: in CI (CI=true) a missing server fails the Postgres suites with the reason;
 * on a developer's machine they are left out with a warning.
 */
export function postgresRequired(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const reason = postgresUnavailableReason();
  if (reason !== null) throw new Error(reason);
  const url = process.env.TEST_DATABASE_URL;
  if (url) return onServer(url, async () => undefined);
  const cluster = await startCluster(findPostgresBin()!);
  return onServer(cluster.url, cluster.stop);
}

function onServer(adminUrl: string, stopServer: () => Promise<void>): TestPostgres {
  const made: string[] = [];
  const admin = async <T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
    const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
    try {
      return await work(sql);
    } finally {
      await sql.end();
    }
  };
  return {
    async createDatabase() {
      const name = `uw_test_${randomBytes(6).toString('hex')}`;
      await admin((sql) => sql.unsafe(`CREATE DATABASE ${name}`));
      made.push(name);
      const target = new URL(adminUrl);
      target.pathname = `/${name}`;
      return target.toString();
    },
    async stop() {
      // On a shared server (TEST_DATABASE_URL) the databases made here are dropped; a throwaway cluster goes whole.
      if (process.env.TEST_DATABASE_URL) {
        await admin(async (sql) => {
          for (const name of made) await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      }
      await stopServer();
    },
  };
}

/** initdb + pg_ctl start in a temporary directory; as the `postgres` user when run as root (Postgres refuses root). */
async function startCluster(bin: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'uw-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const run = (args: string[]) => {
    const command = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync(asRoot ? 'su' : 'sh', asRoot ? ['postgres', '-s', '/bin/sh', '-c', command] : ['-c', command], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  };
  const port = await freePort();
  try {
    run([
      join(bin, 'initdb'),
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    // fsync off: a test cluster holds nothing worth a disk flush, and the tests kill clients, never the server.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    run([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a test Postgres with ${bin}: ${describe(error)}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function describe(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return stderr || (error as Error).message;
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
