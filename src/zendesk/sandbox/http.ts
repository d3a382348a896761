import { createServer, type IncomingMessage } from 'node:http';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Sandbox } from './index.js';

export interface ServeSandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Where the state is saved after every change and on close (load it beforehand with `sandbox.restore`). */
  stateFile?: string;
}

export interface ServedSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the sandbox over node:http, e.g. on SANDBOX_PORT for `npm start`. */
export async function serveSandbox(sandbox: Sandbox, options: ServeSandboxOptions): Promise<ServedSandbox> {
  const host = options.host ?? '127.0.0.1';
  const save = options.stateFile ? createSaver(sandbox, options.stateFile) : null;
  const unsubscribe = save ? sandbox.onChange(() => save.commit()) : () => undefined;
  let origin = '';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (isUnaskedSandboxWrite(request)) {
        const refusal = JSON.stringify({
          error: 'SandboxError',
          description: 'the /_sandbox/ routes take Content-Type: application/json',
        });
        response.writeHead(415, { 'content-type': 'application/json; charset=utf-8' });
        response.end(refusal);
        return;
      }
      const answer = await sandbox.handle({
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: request.headers,
        body,
        origin,
      });
      if (answer.status === 0) {
        // An injected network error: drop the connection without an answer.
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      response.end(answer.body);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'SandboxFailure', description: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    port,
    async close() {
      unsubscribe();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.idle();
      if (save) await save.commit();
    },
  };
}

/**
 * Restores the sandbox from a state file written by `serveSandbox`: true when loaded, false when there is no file yet
 * (the sandbox keeps its seed). A file that is not a snapshot throws, naming the file.
 */
export async function loadSandboxState(sandbox: Sandbox, stateFile: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    sandbox.restore(text);
  } catch (error) {
    throw new Error(`${stateFile} is not a sandbox state file: ${(error as Error).message}`, { cause: error });
  }
  return true;
}

/**
 * Any web page may make a browser send a form or text/plain to 127.0.0.1 without asking (no CORS preflight), but
 * never JSON: so the sandbox's own writes (replies, resets, faults) require JSON, and no page can drive them.
 */
function isUnaskedSandboxWrite(request: IncomingMessage): boolean {
  if (!(request.url ?? '').startsWith('/_sandbox/')) return false;
  // Only POST: other writing methods need a CORS preflight, which the sandbox never grants.
  if (request.method !== 'POST') return false;
  return !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '');
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Saves the state as a database commits: every change waits for a write that contains it (group commit: the
 * changes made while one write runs share the next), the file is synced before it replaces the old one, and it is
 * readable by its owner only (it holds the webhooks' signing secrets). A failed write rolls the state back to the
 * last one saved, and every change it carried is refused, so nothing is confirmed that a restart would lose.
 */
function createSaver(sandbox: Sandbox, file: string) {
  let saved = JSON.stringify(sandbox.snapshot());
  let waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let writing = false;

  async function write(text: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Rename over the old file, so a crash mid-write leaves the previous state whole.
    await rename(temporary, file);
  }

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const text = JSON.stringify(sandbox.state);
      try {
        await write(text);
        saved = text;
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        // The changes of this batch and of those queued behind it are in memory only: undo them all.
        const refused = [...batch, ...waiting];
        waiting = [];
        sandbox.restore(saved);
        const failure = new Error(`cannot write ${file}: ${(error as Error).message}`, { cause: error });
        for (const waiter of refused) waiter.reject(failure);
      }
    }
    writing = false;
  }

  return {
    /** Resolves once the state as it is now is on disk. */
    commit(): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
