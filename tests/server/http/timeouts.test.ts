import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createHttpApp, TIMEOUTS } from '../../../src/server/http/app.js';

const TOKENS = { agent: 'agent-token-0123456789', automation: 'automation-token-0123456789' };

/** Resolves with the milliseconds until the server closed `socket`, or rejects after `limitMs`. */
function closedWithin(socket: Socket, limitMs: number): Promise<number> {
  const began = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server kept the connection over ${limitMs} ms`)), limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - began);
    });
  });
}

describe('connection time-outs', () => {
  let app: FastifyInstance;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = createHttpApp({
      tokens: TOKENS,
      logger: false,
      timeouts: { headersMs: 400, requestMs: 800, keepAliveMs: 300, checkEveryMs: 100 },
    });
    app.get('/ok', async () => ({ ok: true }));
    app.post('/ok', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await app.close();
  });

  function open(): Promise<Socket> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => undefined);
      sockets.push(socket);
    });
  }

  it('are set deliberately by default', () => {
    const defaults = createHttpApp({ tokens: TOKENS, logger: false });
    expect({
      headers: defaults.server.headersTimeout,
      request: defaults.server.requestTimeout,
      keepAlive: defaults.server.keepAliveTimeout,
    }).toEqual({ headers: TIMEOUTS.headersMs, request: TIMEOUTS.requestMs, keepAlive: TIMEOUTS.keepAliveMs });
  });

  /** Sends `opening`, then `drip` every 50 ms until the server closes the connection (or 3 s pass). */
  async function dribbled(opening: string, drip: string): Promise<number> {
    const socket = await open();
    socket.write(opening);
    const dribble = setInterval(() => socket.write(drip), 50);
    try {
      return await closedWithin(socket, 3_000);
    } finally {
      clearInterval(dribble);
    }
  }

  it('drop a client that dribbles its headers one line at a time', async () => {
    expect(await dribbled('GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: a\r\n')).toBeLessThan(3_000);
  });

  it('drop a client that dribbles its body', async () => {
    const opening =
      'POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n';
    expect(await dribbled(opening, ' ')).toBeLessThan(3_000);
  });

  it('close an idle keep-alive connection, and still serve a prompt client', async () => {
    const socket = await open();
    const answered = new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(String(chunk))));
    socket.write('GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await answered).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await closedWithin(socket, 3_000)).toBeLessThan(3_000);
  });
});
