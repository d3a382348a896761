import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';
import { verifyWebhookSignature } from '../../../src/zendesk/signing.js';
import { installReplyWebhook, manualClock, sandboxCaller, startReceiver } from '../helpers.js';

// Zendesk's webhooks are best-effort: `POST /_sandbox/faults { webhook }` drops, delays, duplicates an invocation
// or redelivers it late with its original signature timestamp.

let sandbox: Sandbox;
let served: ServedSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let clock: ReturnType<typeof manualClock>;
let webhookId: string;
const sleeps: number[] = [];
const call = sandboxCaller(() => served.url);

beforeEach(async () => {
  sleeps.length = 0;
  clock = manualClock('2026-11-20T15:00:00Z');
  sandbox = createSandbox({
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  served = await serveSandbox(sandbox, { port: 0 });
  receiver = await startReceiver();
  webhookId = await installReplyWebhook(call, receiver.url);
});

afterEach(async () => {
  await served.close();
  await receiver.close();
});

const reply = (body = 'Go') =>
  call('POST', '/_sandbox/tickets/10231/replies', { email: 'jane.cooper@initech.example', body });
const invocationIds = () => receiver.received.map((request) => request.headers['x-zendesk-webhook-invocation-id']);

describe('webhook delivery faults', () => {
  it('drops an invocation: nothing is sent, and the ledger says so', async () => {
    expect((await call('POST', '/_sandbox/faults', { webhook: 'drop' })).status).toBe(201);
    const dropped = await reply();
    expect(dropped.body.invocations).toEqual([
      expect.objectContaining({ fault: 'drop', delivered: false, attempts: [] }),
    ]);
    await reply('Second');
    await sandbox.idle();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body.toString('utf8'))).toEqual({ ticket_id: '10231' });
  });

  it('delivers one invocation twice with the same invocation id', async () => {
    await call('POST', '/_sandbox/faults', { webhook: 'duplicate', webhookId });
    await reply();
    await sandbox.idle();
    expect(receiver.received).toHaveLength(2);
    expect(new Set(invocationIds()).size).toBe(1);
  });

  it('delays an invocation by delayMs before sending it', async () => {
    await call('POST', '/_sandbox/faults', { webhook: 'delay', delayMs: 45_000 });
    const delayed = await reply();
    expect(sleeps).toContain(45_000);
    expect(delayed.body.invocations[0]).toMatchObject({ fault: 'delay', delivered: true });
    expect(receiver.received).toHaveLength(1);
  });

  it('redelivers late, once the clock has moved on, still signed with the original timestamp', async () => {
    await call('POST', '/_sandbox/faults', { webhook: 'late', delayMs: 3_600_000 });
    const late = await reply();
    expect(late.body.invocations[0]).toMatchObject({ fault: 'late', delivered: false });
    await sandbox.idle();
    expect(receiver.received).toHaveLength(0);

    await call('POST', '/_sandbox/clock', { advanceMs: 3_600_000 });
    await sandbox.idle();
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(headers['x-zendesk-webhook-signature-timestamp']).toBe('2026-11-20T15:00:00Z');
    expect(headers['x-zendesk-webhook-invocation-id']).toBe(late.body.invocations[0].invocationId);
    const secret = (await call('GET', `/api/v2/webhooks/${webhookId}/signing_secret`)).body.signing_secret.secret;
    const signed = {
      body,
      signature: String(headers['x-zendesk-webhook-signature']),
      timestamp: String(headers['x-zendesk-webhook-signature-timestamp']),
    };
    // Valid for its own timestamp, and an hour old by the sandbox's clock: a replay window must refuse it.
    const original = Date.parse('2026-11-20T15:00:00Z');
    expect(verifyWebhookSignature({ ...signed, secrets: [secret], now: original })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...signed, secrets: [secret], now: sandbox.now() })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('lists and clears webhook faults with the request faults', async () => {
    await call('POST', '/_sandbox/faults', { webhook: 'drop', times: 2 });
    expect((await call('GET', '/_sandbox/faults')).body.webhookFaults).toEqual([{ webhook: 'drop', times: 2 }]);
    await call('DELETE', '/_sandbox/faults');
    expect((await call('GET', '/_sandbox/faults')).body).toEqual({ faults: [], webhookFaults: [] });
  });

  it('refuses a webhook fault it cannot apply, naming the problem', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ webhook: 'lose' }, /webhook must be one of drop, delay, duplicate, late/],
      [{ webhook: 'late' }, /a late fault needs delayMs/],
      [{ webhook: 'delay', delayMs: -5 }, /delayMs must be an integer/],
      [{ webhook: 'drop', status: 500 }, /status does not apply to a webhook fault/],
      [{ webhook: 'drop', times: 0 }, /times must be an integer of at least 1/],
    ];
    for (const [fault, message] of cases) {
      const refused = await call('POST', '/_sandbox/faults', fault);
      expect(refused.status).toBe(400);
      expect(refused.body.description).toMatch(message);
    }
  });
});
