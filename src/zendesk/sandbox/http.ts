import { createServer, type IncomingMessage } from 'node:http';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
  const unsubscribe = save ? sandbox.onChange(() => void save.request()) : () => undefined;
  let origin = '';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
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
      if (save) await save.flush();
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

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Writes are serialised and coalesced: a burst of changes costs at most one write in flight and one queued. */
function createSaver(sandbox: Sandbox, file: string) {
  let running: Promise<void> | null = null;
  let queued = false;
  async function write(): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    // Write then rename, so a crash mid-write leaves the previous state whole.
    await writeFile(temporary, JSON.stringify(sandbox.snapshot()));
    await rename(temporary, file);
  }
  function request(): Promise<void> {
    if (running) {
      queued = true;
      return running;
    }
    running = write().finally(() => {
      running = null;
      if (queued) {
        queued = false;
        void request();
      }
    });
    return running;
  }
  return {
    request,
    async flush() {
      while (running) await running;
      await request();
    },
  };
}
