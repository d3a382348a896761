import { loadConfig, ConfigError } from '../../../src/server/config.js';
import { startServer } from '../../../src/server/start.js';
import { writeZendeskFile } from '../../../src/server/setup/fields.js';
import { signWebhook } from '../../../src/zendesk/signing.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ZendeskClient } from '../../../src/zendesk/client/index.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN } from '../helpers.js';
import {
  FIELD_IDS,
  SECRET,
  TEST_POLICY,
  isoSeconds,
  post,
  signedHeaders,
  startReceiver,
  type Receiver,
} from './receiver-helpers.js';

// The webhook rules of docs/API.md, case by case, against the real server on a free port, signed by the production signWebhook.

const NOW = Date.parse('2026-11-22T12:00:00Z');
const STAMP = isoSeconds(NOW);
const TRIGGER_BODY = '{"ticket_id": "10231"}';

let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver([SECRET], NOW);
});

afterEach(async () => {
  await receiver.close();
});

const send = (body: Buffer | string, headers: Record<string, string | string[]>) =>
  post(receiver.backend.url, body, headers);

describe('POST /webhooks/zendesk: the receiver matrix of docs/API.md', () => {
  it('1. accepts the known vector secret and stores exactly one inbox row', async () => {
    // The vector itself: the production signing function gives the published signature.
    expect(signWebhook(SECRET, '2021-03-25T05:09:27Z', '{"event":"ticket.updated","id":123}')).toBe(
      'S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=',
    );
    receiver.clock.now = Date.parse('2021-03-25T05:09:27Z');
    const answer = await send(TRIGGER_BODY, signedHeaders(SECRET, '2021-03-25T05:09:27Z', TRIGGER_BODY));
    expect(answer).toEqual({
      status: 200,
      body: { received: true, duplicate: false, invocationId: 'inv-0001' },
    });
    expect(receiver.inboxRows()).toEqual([
      { id: 'inv-0001', body: { ticketId: 10231, commentId: null, webhookId: '01HWEBHOOK0000000000000000' } },
    ]);
  });

  it("1b. the vector's own body is verified, then answered as Zendesk's Test webhook: 200, nothing stored", async () => {
    receiver.clock.now = Date.parse('2021-03-25T05:09:27Z');
    const body = '{"event":"ticket.updated","id":123}';
    const answer = await send(body, signedHeaders(SECRET, '2021-03-25T05:09:27Z', body));
    expect([answer.status, answer.body.test]).toEqual([200, true]);
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('2. refuses a request without the signature header with 401', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    delete headers['x-zendesk-webhook-signature'];
    const answer = await send(TRIGGER_BODY, headers);
    expect([answer.status, answer.body.error]).toEqual([
      401,
      { code: 'INVALID_SIGNATURE', message: 'the X-Zendesk-Webhook-Signature header is missing' },
    ]);
  });

  it('3. refuses a request without the timestamp header with 401', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    delete headers['x-zendesk-webhook-signature-timestamp'];
    const answer = await send(TRIGGER_BODY, headers);
    expect([answer.status, answer.body.error?.message]).toEqual([
      401,
      'the X-Zendesk-Webhook-Signature-Timestamp header is missing',
    ]);
  });

  it('4. refuses an empty or truncated signature with 401, without failing', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    const full = headers['x-zendesk-webhook-signature']!;
    for (const signature of ['', full.slice(0, 8), full.slice(0, -1), '====']) {
      const answer = await send(TRIGGER_BODY, { ...headers, 'x-zendesk-webhook-signature': signature });
      expect(answer.status).toBe(401);
    }
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('5. refuses a body signed with another secret with 401', async () => {
    const answer = await send(TRIGGER_BODY, signedHeaders('another-secret-entirely', STAMP, TRIGGER_BODY));
    expect([answer.status, answer.body.error?.message]).toEqual([401, 'the signature does not match']);
  });

  it('6. refuses a body with one byte flipped with 401', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    const flipped = Buffer.from(TRIGGER_BODY);
    flipped[15] = flipped[15]! ^ 0x01;
    expect((await send(flipped, headers)).status).toBe(401);
  });

  it('7. refuses the same JSON re-serialised (key order, whitespace): the raw bytes are what is signed', async () => {
    const original = '{"ticket_id": "10231", "note": "x"}';
    const headers = signedHeaders(SECRET, STAMP, original);
    const reordered = JSON.stringify({ note: 'x', ticket_id: '10231' });
    const compact = JSON.stringify(JSON.parse(original));
    expect((await send(reordered, headers)).status).toBe(401);
    expect((await send(compact, headers)).status).toBe(401);
    expect((await send(original, headers)).status).toBe(200);
  });

  it('8. accepts Unicode, emoji, U+2028 and ANSI escapes in a correctly signed body', async () => {
    // U+2028 may stand raw in a JSON string; ESC may not, so the ANSI escapes are JSON escapes (\\u001b, \\u001B).
    const body = `{"ticket_id": 10231, "comment": "Élodie: GO ✅ 🚀 \u2028 \\u001b[31mred\\u001B[0m \\\\u001b é"}`;
    const answer = await send(body, signedHeaders(SECRET, STAMP, body));
    expect(answer.status).toBe(200);
    expect(receiver.inboxRows()).toHaveLength(1);
  });

  it('9. refuses a body whose line ends were rewritten (LF to CRLF) with 401', async () => {
    const body = '{\n  "ticket_id": "10231"\n}\n';
    const headers = signedHeaders(SECRET, STAMP, body);
    expect((await send(body.replace(/\n/g, '\r\n'), headers)).status).toBe(401);
    expect((await send(body, headers)).status).toBe(200);
  });

  it('10. accepts a timestamp 299 s old, refuses 301 s old and 301 s ahead', async () => {
    const at = (offsetSeconds: number) => isoSeconds(NOW + offsetSeconds * 1000);
    const answers = [];
    for (const offset of [-301, -299, 301, 299]) {
      const headers = signedHeaders(SECRET, at(offset), TRIGGER_BODY, `inv-${offset}`);
      const answer = await send(TRIGGER_BODY, headers);
      answers.push([offset, answer.status, answer.body.error?.message ?? null]);
    }
    expect(answers).toEqual([
      [-301, 401, 'the signature timestamp is more than 5 minutes old'],
      [-299, 200, null],
      [301, 401, 'the signature timestamp is more than 5 minutes ahead'],
      [299, 200, null],
    ]);
  });

  it('11. refuses a timestamp in unix seconds or garbage with 401', async () => {
    for (const stamp of [String(Math.floor(NOW / 1000)), 'hello', '2026-11-22', '2026-02-30T12:00:00Z']) {
      const answer = await send(TRIGGER_BODY, signedHeaders(SECRET, stamp, TRIGGER_BODY));
      expect([stamp, answer.status, answer.body.error?.message]).toEqual([
        stamp,
        401,
        'the signature timestamp is not an ISO 8601 instant',
      ]);
    }
  });

  it('12. refuses a changed timestamp with the body kept (the timestamp is signed) with 401', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    const answer = await send(TRIGGER_BODY, {
      ...headers,
      'x-zendesk-webhook-signature-timestamp': isoSeconds(NOW - 1000),
    });
    expect(answer.status).toBe(401);
  });

  it('13. accepts the old secret during a rotation and refuses it once it is removed', async () => {
    // Not Zendesk's public test secret: a request signed with that one is a test, answered 200 and never stored.
    const OLD = 'old-secret-0123456789';
    await receiver.restart(['new-secret-0123456789', OLD]);
    const oldSigned = signedHeaders(OLD, STAMP, TRIGGER_BODY);
    const newSigned = signedHeaders('new-secret-0123456789', STAMP, TRIGGER_BODY, 'inv-new');
    expect((await send(TRIGGER_BODY, oldSigned)).status).toBe(200);
    expect((await send(TRIGGER_BODY, newSigned)).status).toBe(200);
    await receiver.restart(['new-secret-0123456789']);
    expect((await send(TRIGGER_BODY, { ...oldSigned, 'x-zendesk-webhook-invocation-id': 'inv-2' })).status).toBe(401);
  });

  it('13b. accepts the signing secret setup stored in DATA_DIR/zendesk.json besides the configured ones', async () => {
    await receiver.backend.close();
    writeZendeskFile(receiver.dataDir, {
      fields: FIELD_IDS,
      webhook: { id: '01HSTORED', secret: 'stored-secret-abcdef' },
    });
    await receiver.restart([]);
    const answer = await send(TRIGGER_BODY, signedHeaders('stored-secret-abcdef', STAMP, TRIGGER_BODY));
    expect(answer.status).toBe(200);
  });

  it('14. refuses to boot with a configured secret that ends with a newline, naming the variable', () => {
    let serial = 0;
    const tokens = () => `generated-token-0123456789-${(serial += 1)}`;
    expect(() => loadConfig({ ZENDESK_WEBHOOK_SECRET: `${SECRET}\n` }, tokens)).toThrow(
      new ConfigError(
        'ZENDESK_WEBHOOK_SECRET',
        'secret 1 of 1 has leading or trailing whitespace (a newline from a file?); remove it',
      ),
    );
    expect(() => loadConfig({ ZENDESK_WEBHOOK_SECRET: `new,${SECRET} ` }, tokens)).toThrow(
      'ZENDESK_WEBHOOK_SECRET: secret 2 of 2 has leading or trailing whitespace',
    );
    expect(loadConfig({ ZENDESK_WEBHOOK_SECRET: `new, ${SECRET}` }, tokens).webhookSecrets).toEqual(['new', SECRET]);
  });

  it('14b. refuses to boot with a stored signing secret that ends with a newline, naming the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'uw-secret-'));
    try {
      writeZendeskFile(dataDir, {
        fields: FIELD_IDS,
        webhook: { id: '01HSTORED', secret: 'stored-secret\n' },
      });
      await expect(
        startServer({
          dataDir,
          port: 0,
          tokens: { agent: AGENT_TOKEN, automation: AUTOMATION_TOKEN },
          policy: TEST_POLICY,
          zendesk: {} as ZendeskClient,
          fieldIds: {} as never,
          logger: false,
        }),
      ).rejects.toThrow(`${dataDir}/zendesk.json: webhook.secret has leading or trailing whitespace; run setup again`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('15. refuses a repeated signature, timestamp or invocation-id header with 400', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    for (const name of [
      'x-zendesk-webhook-signature',
      'x-zendesk-webhook-signature-timestamp',
      'x-zendesk-webhook-invocation-id',
    ]) {
      const answer = await send(TRIGGER_BODY, { ...headers, [name]: [headers[name]!, headers[name]!] });
      expect([name, answer.status, answer.body.error]).toEqual([
        name,
        400,
        { code: 'DUPLICATE_HEADER', message: `the ${name} header must be sent once` },
      ]);
    }
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('16. refuses a body over 1 MiB with 413, storing nothing', async () => {
    const body = `{"ticket_id": "10231", "pad": "${'x'.repeat(1024 * 1024)}"}`;
    const answer = await send(body, signedHeaders(SECRET, STAMP, body));
    expect([answer.status, answer.body.error?.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('16b. refuses a body that is not JSON with 415', async () => {
    const headers = { ...signedHeaders(SECRET, STAMP, 'ticket_id=10231'), 'content-type': 'text/plain' };
    const answer = await send('ticket_id=10231', headers);
    expect([answer.status, answer.body.error?.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('17. refuses invalid JSON with a valid signature with 400, after verifying', async () => {
    const body = '{"ticket_id": "10231",';
    const unsigned = await send(body, { ...signedHeaders(SECRET, STAMP, body), 'x-zendesk-webhook-signature': 'AAAA' });
    const signed = await send(body, signedHeaders(SECRET, STAMP, body));
    expect([unsigned.status, signed.status, signed.body.error?.code]).toEqual([401, 400, 'MALFORMED_JSON']);
  });

  it('18. verifies an empty body against "": unsigned 401, signed 200 as a test that stores nothing', async () => {
    const unsigned = await send('', { ...signedHeaders(SECRET, STAMP, 'x'), 'x-zendesk-webhook-signature': 'AAAA' });
    const signed = await send('', signedHeaders(SECRET, STAMP, ''));
    expect([unsigned.status, signed.status, signed.body.test]).toEqual([401, 200, true]);
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('19. answers 200 twice to the same invocation id and stores it once', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY, 'inv-dup');
    const first = await send(TRIGGER_BODY, headers);
    const second = await send(TRIGGER_BODY, headers);
    expect([first.status, first.body.duplicate, second.status, second.body.duplicate]).toEqual([200, false, 200, true]);
    expect(receiver.inboxRows().map((row) => row.id)).toEqual(['inv-dup']);
  });

  it('21. answers 503 when the store cannot be reached, never 200', async () => {
    receiver.storeDown.value = true;
    const answer = await send(TRIGGER_BODY, signedHeaders(SECRET, STAMP, TRIGGER_BODY));
    expect([answer.status, answer.body.error?.code]).toEqual([503, 'STORE_UNAVAILABLE']);
    receiver.storeDown.value = false;
    expect(receiver.inboxRows()).toEqual([]);
  });
});

describe('POST /webhooks/zendesk: payload shapes', () => {
  const sendSigned = (body: string, id = 'inv-shape') => send(body, signedHeaders(SECRET, STAMP, body, id));

  it('takes the ticket id of the trigger form as a string or a number, ignoring extra keys', async () => {
    await sendSigned('{"ticket_id": 7, "subject": "x", "latest": {"a": 1}}', 'inv-a');
    await sendSigned('{"ticket_id": " 8 "}', 'inv-b');
    expect(receiver.inboxRows().map((row) => row.body)).toEqual([
      { ticketId: 7, commentId: null, webhookId: '01HWEBHOOK0000000000000000' },
      { ticketId: 8, commentId: null, webhookId: '01HWEBHOOK0000000000000000' },
    ]);
  });

  it('takes the ticket from detail.id or subject and the comment from event.comment.id of a comment_added event', async () => {
    const event = (detail: unknown, subject: string) =>
      JSON.stringify({
        type: 'zen:event-type:ticket.comment_added',
        account_id: 1,
        id: 'c3a8d8f0',
        time: '2026-11-22T12:00:00Z',
        zendesk_event_version: '2022-11-06',
        subject,
        detail,
        event: { comment: { id: '9001', body: 'GO', is_public: true, author: { id: '55' } } },
      });
    await sendSigned(event({ id: '35436' }, 'zen:ticket:35436'), 'inv-e1');
    await sendSigned(event({}, 'zen:ticket:35437'), 'inv-e2');
    expect(receiver.inboxRows().map((row) => row.body)).toEqual([
      { ticketId: 35436, commentId: 9001, webhookId: '01HWEBHOOK0000000000000000' },
      { ticketId: 35437, commentId: 9001, webhookId: '01HWEBHOOK0000000000000000' },
    ]);
  });

  it('acknowledges other Zendesk event types with 200 and stores nothing', async () => {
    const answer = await sendSigned('{"type": "zen:event-type:ticket.priority_changed", "detail": {"id": "1"}}');
    expect(answer).toEqual({
      status: 200,
      body: { received: true, ignored: 'event type zen:event-type:ticket.priority_changed is not ours' },
    });
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('refuses signed bodies that are not an object, or name a ticket or comment wrongly, with 400', async () => {
    const bodies = [
      '[1, 2]',
      'null',
      '"ticket"',
      '{"ticket_id": "abc"}',
      '{"ticket_id": 0}',
      '{"ticket_id": 1.5}',
      '{"ticket_id": null}',
      '{"type": "zen:event-type:ticket.comment_added", "detail": {}}',
      '{"type": "zen:event-type:ticket.comment_added", "detail": {"id": "1"}, "event": {"comment": {"id": "x"}}}',
    ];
    const statuses = [];
    for (const [index, body] of bodies.entries()) statuses.push((await sendSigned(body, `inv-${index}`)).status);
    expect(statuses).toEqual(bodies.map(() => 400));
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('names the invocation by the signed content when Zendesk sends no invocation id', async () => {
    const headers = signedHeaders(SECRET, STAMP, TRIGGER_BODY);
    delete headers['x-zendesk-webhook-invocation-id'];
    const first = await send(TRIGGER_BODY, headers);
    const again = await send(TRIGGER_BODY, headers);
    expect([first.status, again.body.duplicate]).toEqual([200, true]);
    expect(String(first.body.invocationId)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe("POST /webhooks/zendesk: Zendesk's Test webhook (admin centre or POST /api/v2/webhooks/test)", () => {
  const OURS = 'our-webhook-signing-secret-0123456789abcdef';

  beforeEach(async () => {
    await receiver.restart([OURS]);
  });

  it('answers a sample body signed with our secret with 200 and stores nothing', async () => {
    const body = '{"name": "test webhook"}';
    const answer = await send(body, signedHeaders(OURS, STAMP, body, 'inv-test'));
    expect(answer).toEqual({
      status: 200,
      body: { received: true, test: true, ignored: 'a test invocation (the body names no ticket): nothing stored' },
    });
    expect(receiver.inboxRows()).toEqual([]);
  });

  it("answers the trigger's own body with its placeholder unfilled (a test renders none) and stores nothing", async () => {
    const body = '{"ticket_id": "{{ticket.id}}"}';
    const answer = await send(body, signedHeaders(OURS, STAMP, body));
    expect([answer.status, answer.body.test, answer.body.ignored]).toEqual([
      200,
      true,
      'a test invocation (ticket_id is the unfilled placeholder {{ticket.id}}): nothing stored',
    ]);
    expect(receiver.inboxRows()).toEqual([]);
  });

  it("answers a body signed with Zendesk's public test secret with 200 and stores nothing, even naming a ticket", async () => {
    const answer = await send(TRIGGER_BODY, signedHeaders(SECRET, STAMP, TRIGGER_BODY));
    expect([answer.status, answer.body.test]).toEqual([200, true]);
    expect(String(answer.body.ignored)).toContain("Zendesk's test secret");
    expect(receiver.inboxRows()).toEqual([]);
  });

  it('still refuses the test secret outside the 5-minute window, and any other secret, with 401', async () => {
    const stale = isoSeconds(NOW - 301_000);
    const late = await send(TRIGGER_BODY, signedHeaders(SECRET, stale, TRIGGER_BODY));
    const other = await send(TRIGGER_BODY, signedHeaders('someone-elses-secret', STAMP, TRIGGER_BODY));
    expect([late.status, other.status]).toEqual([401, 401]);
  });

  it('still stores a real invocation signed with our secret', async () => {
    const answer = await send(TRIGGER_BODY, signedHeaders(OURS, STAMP, TRIGGER_BODY, 'inv-real'));
    expect([answer.status, answer.body.test]).toEqual([200, undefined]);
    expect(receiver.inboxRows().map((row) => row.id)).toEqual(['inv-real']);
  });
});
