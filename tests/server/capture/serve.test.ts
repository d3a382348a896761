import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../../src/server/config.js';
import { startFromConfig, type Serving } from '../../../src/server/main.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, call, eventually, policyOf } from '../helpers.js';

// `serve` in sandbox mode: setup makes the webhook (at the backend's real port) and the trigger, so a reply
// through the sandbox reaches the real server.

describe('serve in sandbox mode', () => {
  let dataDir: string;
  let serving: Serving;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-serve-'));
    const config = loadConfig({
      PORT: '0',
      SANDBOX_PORT: '0',
      DATA_DIR: dataDir,
      AGENT_API_TOKEN: AGENT_TOKEN,
      AUTOMATION_API_TOKEN: AUTOMATION_TOKEN,
    });
    serving = await startFromConfig(config, {
      policy: policyOf({
        timeZone: 'America/Chicago',
        rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
      }),
      logger: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await serving.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the webhook at the backend and the trigger, and stores the signing secret', async () => {
    const file = JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'));
    const webhooks = await call(serving.sandbox!.url, 'GET', '/api/v2/webhooks', { token: 'sandbox' });
    expect(
      webhooks.body.webhooks.map((webhook: { id: string; endpoint: string }) => [webhook.id, webhook.endpoint]),
    ).toEqual([[file.webhook.id, `${serving.server.url}/webhooks/zendesk`]]);
    expect(typeof file.webhook.secret).toBe('string');
    expect(typeof file.trigger.id).toBe('number');
  });

  it("delivers a customer's reply through the sandbox's trigger to the real server, which reads it back", async () => {
    const sandboxUrl = serving.sandbox!.url;
    const created = await call(sandboxUrl, 'POST', '/_sandbox/tickets', {
      token: null,
      body: { subject: 'Upgrade please', requester: { name: 'Dana Scully', email: 'dana@customer.example' } },
    });
    const ticketId = created.body.ticket.id as number;
    const windows = await call(serving.server.url, 'GET', '/api/windows?count=1');
    await call(serving.server.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: windows.body[0].start, class: 'maintenance' },
    });
    await eventually('booking delivered', async () => {
      const view = await call(serving.server.url, 'GET', `/api/tickets/${ticketId}`);
      return view.body.history.every(
        (entry: { delivery: { status: string } }) => entry.delivery.status === 'delivered',
      );
    });
    const replied = await call(sandboxUrl, 'POST', `/_sandbox/tickets/${ticketId}/replies`, {
      token: null,
      body: { email: 'dana@customer.example', body: 'Go ahead', channel: 'email' },
    });
    expect(
      replied.body.invocations.map((invocation: { delivered: boolean; attempts: { status: number }[] }) => [
        invocation.delivered,
        invocation.attempts.map((attempt) => attempt.status),
      ]),
    ).toEqual([[true, [200]]]);
    // A GO before any request: an internal note for the agent (docs/REPLIES.md), posted by the product.
    await eventually('the note for the agent', async () => {
      const view = await call(serving.server.url, 'GET', `/api/tickets/${ticketId}`);
      return view.body.history.some(
        (entry: { type: string; delivery: { status: string } }) =>
          entry.type === 'reply_not_acted_on' && entry.delivery.status === 'delivered',
      );
    });
  });
});
