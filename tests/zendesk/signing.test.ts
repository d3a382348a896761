import fc from 'fast-check';
import { signWebhook, verifyWebhookSignature } from '../../src/zendesk/signing.js';

const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
const TIMESTAMP = '2021-03-25T05:09:27Z';
const BODY = '{"event":"ticket.updated","id":123}';
const SIGNED_AT = Date.parse(TIMESTAMP);
const EXPECTED = 'S/RDdU2ERmj7LHDDoWJ2onPYH+t7/f2+LTM4dL7UiLM=';

describe('signWebhook', () => {
  it("matches Zendesk's known answer, the secret used verbatim as the key", () => {
    expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  it('signs a Buffer body exactly like the same bytes as a string', () => {
    expect(signWebhook(SECRET, TIMESTAMP, Buffer.from(BODY))).toBe(EXPECTED);
  });
});

describe('verifyWebhookSignature', () => {
  const valid = {
    body: Buffer.from(BODY),
    signature: EXPECTED,
    timestamp: TIMESTAMP,
    secrets: [SECRET],
    now: SIGNED_AT,
  };

  it('accepts the known answer', () => {
    expect(verifyWebhookSignature(valid)).toEqual({ ok: true });
  });

  it('refuses a request without a signature, or with an empty one', () => {
    expect(verifyWebhookSignature({ ...valid, signature: undefined })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
    expect(verifyWebhookSignature({ ...valid, signature: '' })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('refuses a request without a timestamp', () => {
    expect(verifyWebhookSignature({ ...valid, timestamp: undefined })).toEqual({
      ok: false,
      reason: 'missing_timestamp',
    });
  });

  it.each(['1616648967', 'yesterday', '2021-03-25', '2021-02-30T05:09:27Z', '2021-03-25T05:09:27'])(
    'refuses the timestamp %s, which is not an ISO 8601 instant',
    (timestamp) => {
      expect(verifyWebhookSignature({ ...valid, timestamp })).toEqual({ ok: false, reason: 'bad_timestamp' });
    },
  );

  it.each([
    ['2024-02-29T12:00:00Z', true],
    ['2000-02-29T12:00:00Z', true],
    ['2023-02-29T12:00:00Z', false],
    ['2100-02-29T12:00:00Z', false],
    ['2021-04-31T12:00:00Z', false],
    ['2021-12-31T23:59:59Z', true],
    ['2021-13-01T12:00:00Z', false],
    ['2021-00-10T12:00:00Z', false],
    ['2021-03-00T12:00:00Z', false],
    ['2021-03-25T24:00:00Z', false],
    ['2021-03-25T05:60:00Z', false],
    ['2021-03-25T05:09:60Z', false],
    ['2021-03-25T07:09:27.5+02:00', true],
  ])('reads %s as an instant: %s (no day, hour or second rolls over)', (timestamp, instant) => {
    const signed = { ...valid, timestamp, signature: signWebhook(SECRET, timestamp, BODY) };
    const now = instant ? Date.parse(timestamp) : SIGNED_AT;
    expect(verifyWebhookSignature({ ...signed, now })).toEqual(
      instant ? { ok: true } : { ok: false, reason: 'bad_timestamp' },
    );
  });

  it('accepts a timestamp 299 s old and refuses one 301 s old', () => {
    expect(verifyWebhookSignature({ ...valid, now: SIGNED_AT + 299_000 })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...valid, now: SIGNED_AT + 301_000 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('refuses a timestamp more than the tolerance ahead of the clock', () => {
    expect(verifyWebhookSignature({ ...valid, now: SIGNED_AT - 301_000 })).toEqual({
      ok: false,
      reason: 'future_timestamp',
    });
    expect(verifyWebhookSignature({ ...valid, now: SIGNED_AT - 299_000 })).toEqual({ ok: true });
  });

  it('applies a custom tolerance', () => {
    expect(verifyWebhookSignature({ ...valid, now: SIGNED_AT + 11_000, toleranceSeconds: 10 })).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('refuses the right signature under a changed timestamp (the timestamp is signed)', () => {
    const timestamp = '2021-03-25T05:09:28Z';
    expect(verifyWebhookSignature({ ...valid, timestamp })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a body re-serialised with other whitespace, proving the raw bytes are what is checked', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY), null, 1));
    expect(verifyWebhookSignature({ ...valid, body: reserialised })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a truncated signature, a non-base64 one and one with junk appended', () => {
    for (const signature of [EXPECTED.slice(0, 8), 'not base64 at all!', `${EXPECTED}AAAA`, `${EXPECTED} `]) {
      expect(verifyWebhookSignature({ ...valid, signature })).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('refuses another text of the same bytes: a non-canonical base64 form, or a character outside ASCII', () => {
    // The last character before the padding carries two unused bits: ...LM= and ...LN= decode to the same bytes.
    const sameBytes = `${EXPECTED.slice(0, -2)}N=`;
    expect(Buffer.from(sameBytes, 'base64')).toEqual(Buffer.from(EXPECTED, 'base64'));
    // U+0153's low byte is "S": compared as Latin-1 it would pass for the first character.
    const wide = `\u0153${EXPECTED.slice(1)}`;
    for (const signature of [sameBytes, wide]) {
      expect(verifyWebhookSignature({ ...valid, signature })).toEqual({ ok: false, reason: 'bad_signature' });
    }
  });

  it('accepts a signature by any of the rotated secrets and refuses when none matches', () => {
    expect(verifyWebhookSignature({ ...valid, secrets: ['new-secret', SECRET] })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ ...valid, secrets: ['new-secret'] })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyWebhookSignature({ ...valid, secrets: [] })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('verifies what it signs, and refuses any single-byte change to body, timestamp or signature', () => {
    const instant = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') });
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 60 }),
        instant,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, secret, at, position, delta) => {
          const body = Buffer.from(bytes);
          const timestamp = new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z');
          const signature = signWebhook(secret, timestamp, body);
          const base = { body, signature, timestamp, secrets: [secret], now: Date.parse(timestamp) };
          expect(verifyWebhookSignature(base)).toEqual({ ok: true });

          if (body.length > 0) {
            const mutated = Buffer.from(body);
            const index = position % body.length;
            mutated[index] = (mutated[index]! + delta) % 256;
            expect(verifyWebhookSignature({ ...base, body: mutated }).ok).toBe(false);
          }
          const flip = (text: string) => {
            const index = position % text.length;
            const code = text.charCodeAt(index);
            const replacement = String.fromCharCode(code === 65 ? 66 : 65);
            return text.slice(0, index) + replacement + text.slice(index + 1);
          };
          expect(verifyWebhookSignature({ ...base, signature: flip(signature) }).ok).toBe(false);
          expect(verifyWebhookSignature({ ...base, timestamp: flip(timestamp) }).ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary header strings', () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), (signature, timestamp) => {
        const result = verifyWebhookSignature({
          body: Buffer.from(BODY),
          signature: signature ?? undefined,
          timestamp: timestamp ?? undefined,
          secrets: [SECRET],
          now: SIGNED_AT,
        });
        expect(result.ok).toBe(false);
      }),
    );
  });
});
