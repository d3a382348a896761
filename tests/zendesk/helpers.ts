import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A local webhook receiver on 127.0.0.1 and a free port. `answers` gives the status of each successive request
 * (then 200), so a test can make the first delivery fail.
 */
export async function startReceiver(answers: number[] = []) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zendesk`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock that starts at `start` and moves one second forward at every reading, so timestamps differ. */
export function steppingClock(start: string): () => number {
  let at = Date.parse(start);
  return () => {
    const now = at;
    at += 1000;
    return now;
  };
}

export const API_AUTH = {
  authorization: `Basic ${Buffer.from('ops@acme-cloud.example/token:abc123').toString('base64')}`,
};
