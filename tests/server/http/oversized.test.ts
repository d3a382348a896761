import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { BODY_LIMIT, createHttpApp, DRAIN_LIMIT } from '../../../src/server/http/app.js';

const TOKENS = { agent: 'agent-token-0123456789', automation: 'automation-token-0123456789' };

/**
 * A body declared over the limit is refused with 413 while the client may still be sending it. The server must let
 * it finish (read and drop the declared rest) rather than close under it: a client whose next write meets a reset
 * never reads the 413. Driven on a raw socket, so each step waits for what the server sent, not for time.
 */
describe('a body declared over the limit', () => {
  let app: FastifyInstance;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = createHttpApp({ tokens: TOKENS, logger: false });
    app.get('/ok', async () => ({ ok: true }));
    app.post('/ok', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await app.close();
  });

  /** A raw connection and a reader that resolves once the text received so far matches `until`. */
  async function connection() {
    const socket = await new Promise<Socket>((resolve) => {
      const opened = connect(port, '127.0.0.1', () => resolve(opened));
      sockets.push(opened);
    });
    let received = '';
    let closed = false;
    const waiters: (() => void)[] = [];
    const wake = () => waiters.splice(0).forEach((waiter) => waiter());
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      wake();
    });
    const read = async (until: RegExp): Promise<string> => {
      while (!until.test(received)) {
        if (closed) throw new Error(`the server closed the connection; it had sent: ${received.slice(0, 200)}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      const text = received;
      received = '';
      return text;
    };
    const write = (data: string | Buffer) =>
      new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
    return { read, write };
  }

  const head = (length: number, extra = '') =>
    `POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

  it('is answered 413, and the client may send the rest and go on using the connection', async () => {
    const length = BODY_LIMIT + 10;
    const { read, write } = await connection();
    await write(head(length) + 'a'.repeat(65_536));
    // The answer comes before the body is all sent, as a client that writes in chunks meets it.
    expect(await read(/\r\n\r\n\{[^}]*\}\}/)).toMatch(/^HTTP\/1\.1 413 [\s\S]*"code":"PAYLOAD_TOO_LARGE"/);
    await write('a'.repeat(length - 65_536));
    await write('GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await read(/\{"ok":true\}/)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('from a client that asked to close, is read to its end, then answered 413 and the connection closed', async () => {
    const { read, write } = await connection();
    await write(head(DRAIN_LIMIT, 'Connection: close\r\n'));
    // More than the kernel's buffers hold: the write completes only if the server reads the body rather than
    // closing under it (the reset would fail it with EPIPE or ECONNRESET).
    await write(Buffer.alloc(DRAIN_LIMIT, 'a'));
    const answer = await read(/\r\n\r\n\{[^}]*\}\}/);
    expect(answer).toMatch(/^HTTP\/1\.1 413 [\s\S]*"code":"PAYLOAD_TOO_LARGE"/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });

  it('beyond what the server will read and drop, is answered 413 and the connection closed', async () => {
    const { read, write } = await connection();
    await write(head(DRAIN_LIMIT + 1) + 'a'.repeat(1_024));
    const answer = await read(/\r\n\r\n\{[^}]*\}\}/);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });
});
