// Attacks (issue 9): the webhook matrix of docs/API.md, replayed and altered signatures, tokens of the wrong
// scope, path and header tricks, oversized and deeply nested JSON, and 10,000 generated malformed requests across
// every route, signed and unsigned, against the real server: no 5xx, no crash, nothing stored.
import { request as httpRequest, Agent } from 'node:http';
import { randomUUID } from 'node:crypto';
import { signWebhook } from '../../src/zendesk/signing.js';
import { eventually } from '../server/helpers.js';
import {
  AGENT_TOKEN,
  AUTOMATION_TOKEN,
  call,
  describeFailure,
  newTicket,
  OTHER_SECRET,
  prepareWorld,
  REQUEST_TIMEOUT_MS,
  ServerProcess,
  signedHeaders,
  storeCounts,
  WEBHOOK_SECRET,
  VENDOR_POLICY,
  withStore,
  type World,
} from './harness.js';
import { seededRandom } from '../support/random.js';

const FUZZ_REQUESTS = 10_000;
const FUZZ_CONCURRENCY = 16;
const MIB = 1024 * 1024;

interface RawAnswer {
  /** -1 when the connection failed instead of answering. */
  status: number;
  body: string;
  error?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: FUZZ_CONCURRENCY });

/**
 * One request as written (on a new connection, or on `agent`'s kept-alive ones when `shared`), bypassing fetch's URL normalisation (dot segments, case) and header merging: an
 * array header value is sent as repeated header lines. It never waits longer than REQUEST_TIMEOUT_MS: a request
 * without a full answer by then comes back as status -1 with an error naming it.
 */
function raw(
  base: string,
  options: { method: string; path: string; headers?: Record<string, string | string[]>; body?: string | Buffer },
  connection: 'fresh' | 'shared' = 'fresh',
): Promise<RawAnswer> {
  const url = new URL(base);
  const named = `${options.method} ${options.path.slice(0, 120)}`;
  return new Promise((resolve) => {
    const fail = (error: unknown) => resolve({ status: -1, body: '', error: `${named}: ${describeFailure(error)}` });
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: {
          ...options.headers,
          ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}),
        },
        // A fresh connection by default: a refusal at the HTTP layer (431, a framing error) closes the socket, and
        // a request sent on a kept-alive socket the server is closing fails with ECONNRESET instead of an answer.
        agent: connection === 'shared' ? agent : false,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? -1, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', fail);
        // A connection closed before the answer's end (no 'end', and on some versions no 'error' either).
        response.on('close', () => {
          if (!response.complete) fail(new Error('connection closed before the answer ended'));
        });
      },
    );
    req.on('error', fail);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = (headers: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const webhook = (base: string, body: string, headers: Record<string, string | string[]>) =>
  raw(base, { method: 'POST', path: '/webhooks/zendesk', headers, body });

describe('attacks on the real server', () => {
  let world: World;
  let server: ServerProcess;

  beforeAll(async () => {
    world = await prepareWorld(VENDOR_POLICY);
    server = await ServerProcess.start({ ...world.env, ZENDESK_WEBHOOK_SECRET: `${OTHER_SECRET}x` });
  }, 120_000);

  afterAll(async () => {
    // Every server this file started, even when a test failed half-way (test 14 starts a second one).
    await ServerProcess.stopAll();
    agent.destroy();
    await world?.close();
  });

  const inboxRows = () => storeCounts(world.dataDir).inbox;
  const healthy = async () => (await call(server.url, 'GET', '/healthz', { token: null })).status === 200;

  describe('the webhook matrix of docs/API.md', () => {
    const body = '{"ticket_id":"424242","note":"matrix"}';
    const accepted = async (headers: Record<string, string | string[]>, sent = body) => {
      const before = inboxRows();
      const answer = await webhook(server.url, sent, headers);
      return { status: answer.status, stored: inboxRows() - before };
    };

    it('1. a valid signature is 200 and stores exactly one inbox row', async () => {
      expect(await accepted(signedHeaders(body, { invocationId: randomUUID() }))).toEqual({ status: 200, stored: 1 });
    });

    it('2-4. a missing signature, a missing timestamp, an empty or truncated signature are 401 and store nothing', async () => {
      const good = signedHeaders(body);
      const without = (name: string) => Object.fromEntries(Object.entries(good).filter(([key]) => key !== name));
      const cases = [
        without('x-zendesk-webhook-signature'),
        without('x-zendesk-webhook-signature-timestamp'),
        { ...good, 'x-zendesk-webhook-signature': '' },
        { ...good, 'x-zendesk-webhook-signature': good['x-zendesk-webhook-signature']!.slice(0, 8) },
        { ...good, 'x-zendesk-webhook-signature': '=' },
      ];
      const results = [];
      for (const headers of cases) results.push(await accepted(headers));
      expect(results).toEqual(cases.map(() => ({ status: 401, stored: 0 })));
    });

    it('5-7, 9, 12. a wrong secret, a flipped byte, a re-serialised body, CRLF for LF, another timestamp are 401', async () => {
      const multiline = '{\n"ticket_id": "424242"\n}';
      const good = signedHeaders(multiline);
      const flipped = Buffer.from(body);
      flipped[5] = flipped[5]! ^ 0x01;
      const cases: [Record<string, string>, string][] = [
        [signedHeaders(body, { secret: 'not-the-secret' }), body],
        [signedHeaders(body), flipped.toString('latin1')],
        [good, JSON.stringify(JSON.parse(multiline))],
        [good, multiline.replace(/\n/g, '\r\n')],
        [
          {
            ...signedHeaders(body),
            'x-zendesk-webhook-signature-timestamp': signedHeaders(body, { at: Date.now() - 5_000 })[
              'x-zendesk-webhook-signature-timestamp'
            ]!,
          },
          body,
        ],
      ];
      const results = [];
      for (const [headers, sent] of cases) results.push(await accepted(headers, sent));
      expect(results).toEqual(cases.map(() => ({ status: 401, stored: 0 })));
    });

    it('8. unicode, emoji, U+2028 and ANSI escapes in a correctly signed body are accepted', async () => {
      const exotic = JSON.stringify({ ticket_id: 424243, note: 'café 🚀 \u2028 \u001b[31mred\u001b[0m ＮＯ-ＧＯ' });
      expect(await accepted(signedHeaders(exotic, { invocationId: randomUUID() }), exotic)).toEqual({
        status: 200,
        stored: 1,
      });
    });

    it('10-11. stamps older or newer than 5 minutes, in unix seconds or garbage are 401; 4m50s old is 200', async () => {
      const at = (offsetMs: number) => signedHeaders(body, { at: Date.now() + offsetMs, invocationId: randomUUID() });
      const unix = String(Math.floor(Date.now() / 1000));
      // A stamp that is not ISO 8601, signed correctly with that very stamp: the format itself is refused.
      const garbage = (stamp: string) => ({
        ...signedHeaders(body),
        'x-zendesk-webhook-signature-timestamp': stamp,
        'x-zendesk-webhook-signature': signWebhook(WEBHOOK_SECRET, stamp, body),
      });
      const results = [
        await accepted(at(-310_000)),
        await accepted(at(310_000)),
        await accepted(garbage(unix)),
        await accepted(garbage('yesterday')),
        await accepted(at(-290_000)),
      ];
      expect(results).toEqual([
        { status: 401, stored: 0 },
        { status: 401, stored: 0 },
        { status: 401, stored: 0 },
        { status: 401, stored: 0 },
        { status: 200, stored: 1 },
      ]);
    });

    it('13. during a rotation both secrets are accepted; one that is not configured is refused', async () => {
      const rotated = signedHeaders(body, { secret: `${OTHER_SECRET}x`, invocationId: randomUUID() });
      const unknown = signedHeaders(body, { secret: OTHER_SECRET, invocationId: randomUUID() });
      expect([await accepted(rotated), await accepted(unknown)]).toEqual([
        { status: 200, stored: 1 },
        { status: 401, stored: 0 },
      ]);
    });

    it('15. a repeated signature, timestamp or invocation header is 400', async () => {
      const good = signedHeaders(body, { invocationId: randomUUID() });
      const twice = (name: string): Record<string, string | string[]> => ({
        ...good,
        [name]: [good[name]!, good[name]!],
      });
      const results = [];
      for (const name of [
        'x-zendesk-webhook-signature',
        'x-zendesk-webhook-signature-timestamp',
        'x-zendesk-webhook-invocation-id',
      ]) {
        results.push(await accepted(twice(name)));
      }
      expect(results).toEqual([0, 1, 2].map(() => ({ status: 400, stored: 0 })));
    });

    it('16. a body over 1 MiB is 413, signed or not', async () => {
      const huge = `{"ticket_id":1,"pad":"${'a'.repeat(MIB)}"}`;
      expect([await accepted(signedHeaders(huge), huge), await accepted(json(), huge)]).toEqual([
        { status: 413, stored: 0 },
        { status: 413, stored: 0 },
      ]);
    });

    it('17. invalid JSON, deeply nested JSON and malformed ids, correctly signed, are 400', async () => {
      const bodies = ['{"ticket_id": 1', '['.repeat(200_000) + ']'.repeat(200_000), '[]', '{"ticket_id":"1x"}'];
      const results = [];
      for (const sent of bodies) results.push(await accepted(signedHeaders(sent), sent));
      expect(results).toEqual(bodies.map(() => ({ status: 400, stored: 0 })));
    });

    it('18. an empty body is verified against "" and, naming no ticket, answered as a test: 200, nothing stored', async () => {
      expect(await accepted(signedHeaders(''), '')).toEqual({ status: 200, stored: 0 });
      expect((await accepted(json(), '')).status).toBe(401);
    });

    it('19. the same invocation twice is 200 both times and stored once; a replayed signature with it too', async () => {
      const headers = signedHeaders(body, { invocationId: randomUUID() });
      const first = await accepted(headers);
      const replay = await accepted(headers);
      expect([first, replay]).toEqual([
        { status: 200, stored: 1 },
        { status: 200, stored: 0 },
      ]);
    });

    it('20. two invocations announcing the same comment lead to one judgement of it', async () => {
      const ticketId = await newTicket(world, { name: 'Matrix', email: 'matrix@customer.example' });
      const reply = await call(world.served.url, 'POST', `/_sandbox/tickets/${ticketId}/replies`, {
        token: null,
        body: { email: 'matrix@customer.example', body: 'GO', channel: 'email' },
      });
      const commentId = (reply.body as { comment: { id: number } }).comment.id;
      const event = JSON.stringify({
        type: 'zen:event-type:ticket.comment_added',
        detail: { id: String(ticketId) },
        event: { comment: { id: String(commentId) } },
      });
      const ids = [randomUUID(), randomUUID()];
      const first = await accepted(signedHeaders(event, { invocationId: ids[0]! }), event);
      const second = await accepted(signedHeaders(event, { invocationId: ids[1]! }), event);
      expect([first, second]).toEqual([
        { status: 200, stored: 1 },
        { status: 200, stored: 1 },
      ]);
      const judged = () =>
        withStore(world.dataDir, (db) => ({
          unprocessed: Number(
            (
              db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL AND id IN (?, ?)').get(...ids) as {
                n: number;
              }
            ).n,
          ),
          judgements: Number(
            (
              db.prepare('SELECT COUNT(*) AS n FROM processed_comments WHERE comment_id = ?').get(commentId) as {
                n: number;
              }
            ).n,
          ),
        }));
      await eventually('both invocations processed', () => judged().unprocessed === 0);
      expect(judged().judgements).toBe(1);
    });

    it('14. a secret configured with a trailing newline stops start-up with a message naming the variable', async () => {
      const started = ServerProcess.start({ ...world.env, PORT: '0', ZENDESK_WEBHOOK_SECRET: 'secret-with-newline\n' });
      await expect(started).rejects.toThrow(/ZENDESK_WEBHOOK_SECRET/);
    });
  });

  describe('tokens, paths and headers', () => {
    it('refuses each token outside its scope with 403 and a missing or wrong token with 401', async () => {
      const agentOnly: [string, string, unknown?][] = [
        ['GET', '/api/windows'],
        ['GET', '/api/policy'],
        ['POST', '/api/tickets/7/window', { start: '2030-01-01T00:00:00Z', class: 'maintenance' }],
        ['DELETE', '/api/tickets/7/window', {}],
        ['POST', '/api/tickets/7/preview', { event: 'upgrade_started' }],
        ['POST', '/api/tickets/7/decision', { decision: 'GO', note: 'phone' }],
      ];
      const before = storeCounts(world.dataDir);
      const statuses = [];
      for (const [method, path, body] of agentOnly) {
        for (const token of [AUTOMATION_TOKEN, null, `${AGENT_TOKEN}x`, AGENT_TOKEN.toUpperCase()]) {
          const answer = await call(server.url, method, path, { token, ...(body !== undefined ? { body } : {}) });
          statuses.push(answer.status);
        }
      }
      expect(statuses).toEqual(agentOnly.flatMap(() => [403, 401, 401, 401]));
      const webhookWithToken = await call(server.url, 'POST', '/webhooks/zendesk', { body: { ticket_id: 7 } });
      expect(webhookWithToken.status).toBe(401);
      expect(storeCounts(world.dataDir)).toEqual(before);
    });

    it('answers path tricks with 4xx and stores nothing', async () => {
      const before = storeCounts(world.dataDir);
      const paths: [string, string][] = [
        ['POST', '/api/tickets/1%2F../window'],
        ['GET', '/api/tickets/1%2F..'],
        ['GET', '/api/tickets/1%2f..%2f..%2fpolicy'],
        ['POST', '/API/tickets/1/window'],
        ['POST', '/api/Tickets/1/events'],
        ['POST', '//api/tickets/1/window'],
        ['POST', '/api//tickets/1/window'],
        ['POST', '/api/tickets/1/../2/window'],
        ['POST', '/api/tickets/1%00/window'],
        ['POST', '/api/tickets/%2e%2e/window'],
        ['POST', '/api/tickets/1;2/window'],
        ['POST', '/api/tickets/0x10/window'],
        ['POST', '/api/tickets/１２/window'.normalize('NFC').replace('１２', '%EF%BC%91%EF%BC%92')],
        ['POST', '/WEBHOOKS/zendesk'],
        ['POST', '/webhooks/zendesk/'],
        ['POST', '/webhooks//zendesk'],
        ['GET', '/%'],
        ['GET', '/api/windows?count=%'],
      ];
      const results = [];
      for (const [method, path] of paths) {
        const answer = await raw(server.url, {
          method,
          path,
          headers: { ...bearer(AGENT_TOKEN), ...json({ 'idempotency-key': randomUUID() }) },
          body: '{"start":"2030-01-01T00:00:00Z","class":"maintenance","type":"upgrade_started"}',
        });
        results.push({ path, clientError: answer.status >= 400 && answer.status < 500 });
      }
      expect(results).toEqual(paths.map(([, path]) => ({ path, clientError: true })));
      expect(storeCounts(world.dataDir)).toEqual(before);
      expect(await healthy()).toBe(true);
    });

    it('answers header tricks with 4xx: huge headers, repeated and conflicting auth, smuggling framing', async () => {
      const before = storeCounts(world.dataDir);
      const body = '{"type":"upgrade_started"}';
      const events = '/api/tickets/3/events';
      const window = '/api/tickets/3/window';
      const booking = '{"start":"2030-01-01T00:00:00Z","class":"maintenance"}';
      // Node keeps the first of repeated Authorization lines: a good second one must never rescue a bad first.
      const cases: { path: string; headers: Record<string, string | string[]>; sent?: string }[] = [
        { path: events, headers: { ...bearer(AGENT_TOKEN), ...json({ 'x-pad': 'a'.repeat(64 * 1024) }) } },
        {
          path: events,
          headers: {
            authorization: [`Bearer ${AGENT_TOKEN}x`, `Bearer ${AGENT_TOKEN}`],
            ...json({ 'idempotency-key': 'k1' }),
          },
        },
        {
          path: window,
          headers: { authorization: [`Bearer ${AUTOMATION_TOKEN}`, `Bearer ${AGENT_TOKEN}`], ...json() },
          sent: booking,
        },
        {
          path: events,
          headers: { authorization: [`Bearer ${AUTOMATION_TOKEN}`, `Bearer ${AGENT_TOKEN}`], ...json() },
        },
        {
          path: events,
          headers: {
            authorization: `Bearer ${AGENT_TOKEN}, Bearer ${AGENT_TOKEN}`,
            ...json({ 'idempotency-key': 'k2' }),
          },
        },
        {
          path: events,
          headers: { authorization: `Basic ${Buffer.from(`x:${AGENT_TOKEN}`).toString('base64')}`, ...json() },
        },
        { path: events, headers: { authorization: `Bearer  ${AGENT_TOKEN}`, ...json() } },
        { path: events, headers: { ...bearer(AGENT_TOKEN), 'content-type': ['application/json', 'text/plain'] } },
        { path: events, headers: { ...bearer(AGENT_TOKEN), 'content-type': 'text/plain', 'idempotency-key': 'k3' } },
        // Node joins repeated Idempotency-Key lines into one key ("k4, k5"): with an event no ticket accepts, the
        // request is refused before any replay record is kept.
        {
          path: events,
          headers: { ...bearer(AGENT_TOKEN), ...json({ 'idempotency-key': ['k4', 'k5'] as unknown as string }) },
          sent: '{"type":"upgrade_exploded"}',
        },
        { path: events, headers: { ...bearer(AGENT_TOKEN), ...json({ 'idempotency-key': 'k'.repeat(10_000) }) } },
      ];
      const results = [];
      for (const { path, headers, sent } of cases) {
        const answer = await raw(server.url, { method: 'POST', path, headers, body: sent ?? body });
        results.push(
          answer.status >= 400 && answer.status < 500 ? 'refused' : `${answer.status} ${answer.error ?? ''}`,
        );
      }
      expect(results).toEqual(cases.map(() => 'refused'));
      const rescued = [];
      for (const index of [1, 2]) {
        const { path, headers, sent } = cases[index]!;
        rescued.push((await raw(server.url, { method: 'POST', path, headers, body: sent ?? body })).status);
      }
      expect(rescued).toEqual([401, 403]);
      const smuggled = await raw(server.url, {
        method: 'POST',
        path: '/api/tickets/3/events',
        headers: { ...bearer(AGENT_TOKEN), ...json(), 'transfer-encoding': 'chunked' },
        body: `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      });
      expect(smuggled.status).toBeGreaterThanOrEqual(400);
      expect(smuggled.status).toBeLessThan(500);
      expect(storeCounts(world.dataDir)).toEqual(before);
      expect(await healthy()).toBe(true);
    });

    it('refuses oversized and deeply nested JSON on every JSON route with 413 or 400', async () => {
      const before = storeCounts(world.dataDir);
      const huge = `{"pad":"${'a'.repeat(MIB + 10)}"}`;
      const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      const routes = [
        '/api/tickets/5/window',
        '/api/tickets/5/events',
        '/api/tickets/5/preview',
        '/api/tickets/5/decision',
      ];
      const results = [];
      for (const path of routes) {
        const headers = { ...bearer(AGENT_TOKEN), ...json({ 'idempotency-key': randomUUID() }) };
        // A connection that failed shows its error, so a failure names its cause rather than -1.
        for (const body of [huge, deep]) {
          const answer = await raw(server.url, { method: 'POST', path, headers, body });
          results.push(answer.status === -1 ? (answer.error ?? 'no answer') : answer.status);
        }
      }
      expect(results).toEqual(routes.flatMap(() => [413, 400]));
      expect(storeCounts(world.dataDir)).toEqual(before);
    });
  });

  describe('10,000 generated malformed requests', () => {
    it('never answers 5xx, never crashes and stores nothing', async () => {
      const before = storeCounts(world.dataDir);
      const random = seededRandom(0x5eed_2026);
      const answers = new Map<number, number>();
      const failures: { request: string; status: number; error?: string }[] = [];
      let next = 0;
      const worker = async () => {
        while (next < FUZZ_REQUESTS) {
          const index = next++;
          const request = malformedRequest(random, index);
          const answer = await raw(server.url, request, 'shared');
          answers.set(answer.status, (answers.get(answer.status) ?? 0) + 1);
          if (answer.status < 400 || answer.status >= 500) {
            // A 2xx is only allowed for requests that store nothing by nature (the GETs) or ignored webhooks.
            const harmless = request.method === 'GET' || /"ignored"/.test(answer.body);
            if (!(harmless && answer.status >= 200 && answer.status < 300)) {
              failures.push({
                request: `${request.method} ${request.path} ${String(request.body ?? '').slice(0, 120)}`,
                status: answer.status,
                ...(answer.error !== undefined ? { error: answer.error } : {}),
              });
            }
          }
        }
      };
      await Promise.all(Array.from({ length: FUZZ_CONCURRENCY }, worker));
      expect(failures.slice(0, 10)).toEqual([]);
      expect([...answers.values()].reduce((sum, count) => sum + count, 0)).toBe(FUZZ_REQUESTS);
      expect(storeCounts(world.dataDir)).toEqual(before);
      expect(server.alive).toBe(true);
      expect(await healthy()).toBe(true);
    });
  });
});

type Raw = { method: string; path: string; headers: Record<string, string | string[]>; body?: string };

const ROUTES: { method: string; path: (id: string) => string; json: boolean }[] = [
  { method: 'POST', path: (id) => `/api/tickets/${id}/window`, json: true },
  { method: 'DELETE', path: (id) => `/api/tickets/${id}/window`, json: true },
  { method: 'POST', path: (id) => `/api/tickets/${id}/events`, json: true },
  { method: 'POST', path: (id) => `/api/tickets/${id}/decision`, json: true },
  { method: 'POST', path: (id) => `/api/tickets/${id}/preview`, json: true },
  { method: 'POST', path: (id) => `/api/tickets/${id}/deliveries/1/retry`, json: true },
  { method: 'GET', path: (id) => `/api/tickets/${id}`, json: false },
  { method: 'GET', path: () => '/api/windows', json: false },
  { method: 'GET', path: () => '/api/bookings', json: false },
  { method: 'GET', path: () => '/api/policy', json: false },
  { method: 'GET', path: () => '/schedule', json: false },
  { method: 'GET', path: () => '/schedule.ics', json: false },
  { method: 'GET', path: () => '/healthz', json: false },
];

const BAD_IDS = ['0', '-1', 'abc', '1.5', '99999999999999999999', '1e3', '%20', '1%2F..', '%00', '0x1f', ''];
const BAD_QUERIES = [
  'from=yesterday',
  'count=-1',
  'count=1e9',
  'count=abc',
  'from=2026-13-45T99:00:00Z&count=1',
  'tz=Mars/Base',
  'months=999',
  'to=never&from=2026-01-01',
  'conflicts=maybe',
  'all=perhaps',
  'ticket=-3',
  '%E0%A4%A',
  'count=1&count=2',
];
const GARBAGE_BODIES = [
  '',
  ' ',
  'null',
  '[]',
  '"text"',
  '42',
  'true',
  '{',
  '{"a":}',
  "{'single':'quotes'}",
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '\u0000\u0001',
  '{"start":123,"class":["hotfix"]}',
  '{"type":"upgrade_exploded"}',
  '{"type":"upgrade_started","extra":"field"}',
  '{"decision":"MAYBE","note":""}',
  '{"start":"2030-01-01T00:00:00","class":"maintenance"}',
  '{"start":"not a date","class":"maintenance"}',
];

/** A request with at least one defect that must make it refused (or, for a GET, harmless), never stored. */
function malformedRequest(random: () => number, index: number): Raw {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  if (index % 3 === 0) return malformedWebhook(random, pick);
  const route = pick(ROUTES);
  const headers: Record<string, string | string[]> = {};
  // Defects are drawn so that every mutating request carries at least one that refuses it.
  const badToken = random() < 0.3;
  const badId = random() < 0.5;
  headers.authorization = badToken
    ? pick([
        '',
        'Bearer',
        `Bearer ${AGENT_TOKEN}x`,
        `Basic ${AGENT_TOKEN}`,
        `bearer ${headerText(random, 30)}`,
        `Bearer ${AUTOMATION_TOKEN}`,
      ])
    : `Bearer ${pick([AGENT_TOKEN, AUTOMATION_TOKEN])}`;
  if (headers.authorization === '') delete headers.authorization;
  if (random() < 0.5) headers['idempotency-key'] = headerText(random, 1 + Math.floor(random() * 40));
  let path = route.path(badId ? pick(BAD_IDS) : String(1 + Math.floor(random() * 1_000)));
  if (!route.json) {
    if (random() < 0.7) path += `?${pick(BAD_QUERIES)}`;
    return { method: route.method, path, headers };
  }
  // A JSON route with a good token and id: the body or its framing is what is wrong.
  const bodyKind = random();
  let body: string;
  if (bodyKind < 0.4) body = pick(GARBAGE_BODIES);
  else if (bodyKind < 0.7) body = randomText(random, Math.floor(random() * 200));
  else if (bodyKind < 0.85) body = nested(random);
  else body = mutatedJson(random);
  headers['content-type'] =
    random() < 0.8
      ? 'application/json'
      : pick(['text/plain', 'application/xml', 'application/jsonx', 'multipart/form-data']);
  const mustRefuse = badToken || badId || headers['content-type'] !== 'application/json';
  if (!mustRefuse && !isRefusedBody(body)) {
    // The body might be valid by chance (a random mutation of a valid one): break its framing instead.
    headers['content-type'] = 'text/plain';
  }
  if (route.method === 'DELETE' && !badToken && !badId) headers.authorization = `Bearer ${AGENT_TOKEN}x`;
  return { method: route.method, path, headers, body };
}

/** Bodies the server can never accept whatever the route: not a JSON object, or with a value no route allows. */
function isRefusedBody(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || '__never__' in parsed;
  } catch {
    return true;
  }
}

function malformedWebhook(random: () => number, pick: <T>(items: readonly T[]) => T): Raw {
  const kind = random();
  const body =
    kind < 0.3
      ? pick(GARBAGE_BODIES)
      : kind < 0.5
        ? randomText(random, Math.floor(random() * 300))
        : kind < 0.7
          ? nested(random)
          : pick([
              '{"ticket_id":0}',
              '{"ticket_id":-5}',
              '{"ticket_id":"12a"}',
              '{"ticket_id":1.5}',
              '{"ticket_id":9007199254740993}',
              '{"type":"zen:event-type:ticket.comment_added"}',
              '{"type":"zen:event-type:ticket.comment_added","detail":{"id":"7"},"event":{"comment":{"id":"x"}}}',
              '{"type":"zen:event-type:ticket.status_changed","detail":{"id":"7"}}',
              '{"ticket":"7"}',
            ]);
  const signing = random();
  // Signed correctly (the payload is what is wrong), or signed wrongly with any payload, even a valid one.
  const validPayload = '{"ticket_id":"31337"}';
  let headers: Record<string, string | string[]>;
  let sent = body;
  if (signing < 0.5) headers = signedHeaders(body, { invocationId: `fuzz-${Math.floor(random() * 1e9)}` });
  else {
    sent = random() < 0.5 ? validPayload : body;
    const good = signedHeaders(sent);
    const variant = Math.floor(random() * 6);
    headers =
      variant === 0
        ? signedHeaders(sent, { secret: randomText(random, 20) || 'x' })
        : variant === 1
          ? { ...good, 'x-zendesk-webhook-signature': headerText(random, 44) }
          : variant === 2
            ? signedHeaders(sent, { at: Date.now() - 3_600_000 })
            : variant === 3
              ? { 'content-type': 'application/json' }
              : variant === 4
                ? { ...good, 'x-zendesk-webhook-signature': [good['x-zendesk-webhook-signature']!, 'AAAA'] }
                : { ...good, 'x-zendesk-webhook-signature-timestamp': headerText(random, 20) };
  }
  if (random() < 0.1) headers['content-type'] = pick(['text/plain', 'application/x-www-form-urlencoded']);
  return { method: 'POST', path: '/webhooks/zendesk', headers, body: sent };
}

const ALPHABET = 'abcXYZ019{}[]":,\\/ \n\t\u00e9\u2028\u0000\ud83d\ude80<>&%\'';

function randomText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return text;
}

/** Printable ASCII only: what an HTTP client can put in a header line at all. */
function headerText(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) text += String.fromCharCode(33 + Math.floor(random() * 94));
  return text;
}

function nested(random: () => number): string {
  const depth = 1 + Math.floor(random() * 5_000);
  return random() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + 'null' + '}'.repeat(depth);
}

/** A plausible body with one random character changed, dropped or inserted. */
function mutatedJson(random: () => number): string {
  const base = JSON.stringify({
    start: '2030-01-01T18:00:00-06:00',
    class: 'maintenance',
    type: 'upgrade_started',
    decision: 'GO',
    note: 'n',
  });
  const at = Math.floor(random() * base.length);
  const op = random();
  const char = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  return op < 0.33
    ? base.slice(0, at) + base.slice(at + 1)
    : op < 0.66
      ? base.slice(0, at) + char + base.slice(at)
      : base.slice(0, at) + char + base.slice(at + 1);
}
