import fc from 'fast-check';
import { SECRET, isoSeconds, post, signedHeaders, startReceiver, type Receiver } from './receiver-helpers.js';

// The webhook rules of docs/API.md and the properties, over HTTP against the real server.

const NOW = Date.parse('2026-11-22T12:00:00Z');
const STAMP = isoSeconds(NOW);

let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver([SECRET], NOW);
});

afterAll(async () => {
  await receiver.close();
});

/** A trigger-form body with arbitrary extra text, as Zendesk would sign it. */
const triggerBody = fc
  .record({ ticket: fc.integer({ min: 1, max: 2 ** 40 }), note: fc.string({ maxLength: 40 }) })
  .map(({ ticket, note }) => JSON.stringify({ ticket_id: String(ticket), note }));

/** Header values must stay sendable: printable ASCII without the characters HTTP forbids there. */
const headerChar = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));

function replaceAt(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe('POST /webhooks/zendesk: properties', () => {
  it('refuses any single-byte change to the body with 401', async () => {
    await fc.assert(
      fc.asyncProperty(triggerBody, fc.nat(), fc.integer({ min: 1, max: 255 }), async (body, at, delta) => {
        const bytes = Buffer.from(body, 'utf8');
        const index = at % bytes.length;
        const changed = Buffer.from(bytes);
        changed[index] = (bytes[index]! + delta) % 256;
        const answer = await post(receiver.backend.url, changed, signedHeaders(SECRET, STAMP, bytes));
        expect(answer.status).toBe(401);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses any single-character change to the timestamp with 401', async () => {
    await fc.assert(
      fc.asyncProperty(triggerBody, fc.nat(), headerChar, async (body, at, char) => {
        const index = at % STAMP.length;
        fc.pre(STAMP[index] !== char);
        const headers = signedHeaders(SECRET, STAMP, body);
        headers['x-zendesk-webhook-signature-timestamp'] = replaceAt(STAMP, index, char);
        const answer = await post(receiver.backend.url, body, headers);
        expect(answer.status).toBe(401);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses any single-character change to the signature with 401', async () => {
    await fc.assert(
      fc.asyncProperty(triggerBody, fc.nat(), headerChar, async (body, at, char) => {
        const headers = signedHeaders(SECRET, STAMP, body);
        const signature = headers['x-zendesk-webhook-signature']!;
        const index = at % signature.length;
        fc.pre(signature[index] !== char);
        headers['x-zendesk-webhook-signature'] = replaceAt(signature, index, char);
        const answer = await post(receiver.backend.url, body, headers);
        expect(answer.status).toBe(401);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx to a correctly signed body, whatever JSON, shape or garbage it holds', async () => {
    const bodies = fc.oneof(
      fc.json(),
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.anything().map((value) => JSON.stringify({ ticket_id: value }) ?? 'undefined'),
      fc
        .record({ type: fc.string(), detail: fc.anything(), subject: fc.string(), event: fc.anything() })
        .map((value) => JSON.stringify(value)),
      fc
        .record({ detail: fc.anything(), subject: fc.string(), event: fc.anything() })
        .map((value) => JSON.stringify({ ...value, type: 'zen:event-type:ticket.comment_added' })),
    );
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        serial += 1;
        const answer = await post(receiver.backend.url, body, signedHeaders(SECRET, STAMP, body, `inv-p${serial}`));
        expect([200, 400]).toContain(answer.status);
      }),
      { numRuns: 300 },
    );
  });

  it('answers 503, never 200, to any valid invocation while the store is down', async () => {
    receiver.storeDown.value = true;
    try {
      let serial = 0;
      await fc.assert(
        fc.asyncProperty(triggerBody, async (body) => {
          serial += 1;
          const answer = await post(receiver.backend.url, body, signedHeaders(SECRET, STAMP, body, `inv-d${serial}`));
          expect(answer.status).toBe(503);
        }),
        { numRuns: 50 },
      );
    } finally {
      receiver.storeDown.value = false;
    }
  });
});
