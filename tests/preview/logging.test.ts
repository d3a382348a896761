import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createHttpApp } from '../../src/server/http/app.js';
import { registerPreview } from '../../src/preview/routes.js';
import { createSandbox, serveSandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';

describe("the preview's polling in the server log", () => {
  let app: FastifyInstance;
  let served: ServedSandbox;
  const lines: { level: number; url?: string }[] = [];

  beforeAll(async () => {
    served = await serveSandbox(createSandbox(), { port: 0 });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    app = createHttpApp({ tokens: { agent: 'agent-token-0123456789', automation: 'automation-0123456789' }, logger });
    registerPreview(app, { sandboxUrl: served.url, agentToken: 'agent-token-0123456789' });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await served.close();
  });

  it('logs the page polls at debug, so they stay out of an info log, and the API calls at info', async () => {
    for (let i = 0; i < 3; i += 1) {
      const polled = await app.inject({ url: '/preview/api/tickets', headers: { host: '127.0.0.1' } });
      expect(polled.statusCode).toBe(200);
    }
    await app.inject({ url: '/api/policy', headers: { host: '127.0.0.1' } });
    expect(lines.filter((line) => line.url?.startsWith('/preview/'))).toEqual([]);
    expect(lines.filter((line) => line.url === '/api/policy')).toHaveLength(1);
  });
});
