import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestPostgres } from '../helpers/postgres.js';

/**
 * `npm start` as a user runs it: `node build/src/cli/main.js serve` in a child process, PORT=0 and SANDBOX_PORT=0,
 * a fresh DATA_DIR. The ports and tokens are read from what it prints. CI builds on `npm install`; the
 * `UW_E2E_BUILD_DIR` variable points at another build (a scratch one while others use build/).
 */
export interface Served {
  backendUrl: string;
  sandboxUrl: string;
  /** The `Open http://localhost:PORT/` line's address. */
  previewUrl: string;
  agentToken: string;
  automationToken: string;
  stdout: () => string;
  /** The backend's log lines (pino JSON), for a failing test's message. */
  stderr: () => string;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');

export async function startServe(options: { policy?: unknown; env?: Record<string, string> } = {}): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-e2e-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dataDir,
    PORT: '0',
    SANDBOX_PORT: '0',
    DATA_DIR: join(dataDir, 'data'),
    ...options.env,
  };
  // UW_E2E_POSTGRES=1: the store on Postgres (a throwaway cluster per serve, or a database on TEST_DATABASE_URL).
  const postgres = process.env.UW_E2E_POSTGRES === '1' ? await startTestPostgres() : null;
  if (postgres !== null) env.DATABASE_URL = await postgres.createDatabase();
  if (options.policy !== undefined) {
    const file = join(dataDir, 'policy.json');
    writeFileSync(file, JSON.stringify(options.policy));
    env.POLICY_FILE = file;
  }
  const main = join(process.env.UW_E2E_BUILD_DIR ?? join(ROOT, 'build'), 'src/cli/main.js');
  const child = spawn(process.execPath, [main, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  try {
    await Promise.race([
      waitFor(() => /^Open http:\/\/\S+/m.test(out)),
      exited.then((code) => {
        throw new Error(`serve exited with ${code} before it was ready:\n${out}\n${lastLines(err)}`);
      }),
    ]);
  } catch (error) {
    await stop(child, exited, dataDir);
    await postgres?.stop();
    throw error;
  }
  const pick = (pattern: RegExp) => {
    const match = pattern.exec(out);
    if (!match) throw new Error(`serve did not print ${pattern}:\n${out}`);
    return match[1]!;
  };
  return {
    backendUrl: pick(/^BACKEND_URL=(\S+)$/m),
    sandboxUrl: pick(/^Zendesk sandbox on (\S+) /m),
    previewUrl: pick(/^Open (\S+) /m),
    agentToken: pick(/^AGENT_API_TOKEN=(\S+) /m),
    automationToken: pick(/^AUTOMATION_API_TOKEN=(\S+) /m),
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      await stop(child, exited, dataDir);
      await postgres?.stop();
    },
  };
}

async function stop(child: ChildProcess, exited: Promise<number | null>, dataDir: string): Promise<void> {
  if (child.exitCode === null) child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
}

function lastLines(text: string): string {
  return text.split('\n').slice(-15).join('\n');
}

/** Polls until `check` holds (every 50 ms, at most `limitMs`); throws naming what did not happen. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  limitMs = 20_000,
  what: () => string = () => 'condition',
): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Polls `read` until `accept` holds for its value, and returns that value. */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  limitMs = 20_000,
): Promise<T> {
  let last: T | undefined;
  await waitFor(
    async () => {
      last = await read();
      return accept(last);
    },
    limitMs,
    () => `${what} (last: ${JSON.stringify(last)?.slice(0, 600)})`,
  );
  return last as T;
}

/** A small JSON client for one base URL and bearer token. */
export function jsonClient(baseUrl: string, token?: string) {
  return async function call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  };
}
