// Three `serve` replicas on one Postgres database (issue 18), behind a round-robin in the test: bookings racing for
// the same windows, lifecycle events, customer decisions announced by signed webhooks, Zendesk faults, and two
// replicas killed with SIGKILL and restarted during the load. Nothing acknowledged may be lost, no comment posted
// twice, no window booked over its capacity, each decision applied once, and the outbox and inbox end empty.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { eventually, productComments } from '../server/helpers.js';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.js';
import {
  AGENT_TOKEN,
  appliedCommentWrites,
  AUTOMATION_TOKEN,
  call,
  hotfixStartSoon,
  inFlightRequests,
  injectFaults,
  isAlreadyBooked,
  newTicket,
  prepareWorld,
  roundRobin,
  sendUntilAnswered,
  ServerProcess,
  signedHeaders,
  sleep,
  type LoadTicket,
  type World,
} from './harness.js';

const REPLICAS = 3;
/** The load runs until every ticket went through every step, or this long at most. */
const LOAD_MS = 200_000;
const TICK_MS = 60;
const TICKETS = 10;
/** Windows raced for, each by CONTENDERS tickets; BUSY_POLICY gives each window a capacity of 3. */
const RACED_WINDOWS = 4;
const CONTENDERS = 6;
const CAPACITY = 3;
const RETRY_FOR_MS = 60_000;
const RETRY_EVERY_MS = 100;
/**
 * A replica is killed when this share of all lifecycle steps was acknowledged: by progress rather than by the clock,
 * so the kills land in the middle of the load however fast this machine runs it.
 */
const KILLS_AT = [0.3, 0.6];

const STEPS = [
  'window_scheduled',
  'upgrade_started',
  'instance_upgrade_started',
  'decision_requested',
  'decision_received',
  'instance_upgrade_completed',
  'validation_started',
  'validation_completed',
  'upgrade_completed',
] as const;
type Step = (typeof STEPS)[number];

const FAULTS: { at: number; fault: Record<string, unknown> }[] = [
  { at: 2_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', status: 429, retryAfter: 1, times: 6 } },
  { at: 5_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', status: 500, applyThenFail: true, times: 6 } },
  { at: 9_000, fault: { method: 'GET', path: '/api/v2/tickets/*/comments', status: 500, times: 4 } },
  { at: 12_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', delayMs: 2_000, times: 4 } },
];

interface Answer {
  status: number;
  body: unknown;
}

type Ticket = LoadTicket<Step>;

describe('three replicas on one Postgres database, two of them killed during the load', () => {
  let pg: TestPostgres;
  let databaseUrl: string;
  let sql: postgres.Sql;
  let world: World;
  let env: Record<string, string>;
  const servers: ServerProcess[] = [];
  let turn = 0;

  beforeAll(async () => {
    pg = await startTestPostgres();
    databaseUrl = await pg.createDatabase();
    sql = postgres(databaseUrl, { max: 2, onnotice: () => undefined });
    world = await prepareWorld();
    env = { ...world.env, DATABASE_URL: databaseUrl };
    servers.push(...(await Promise.all(Array.from({ length: REPLICAS }, () => ServerProcess.start(env)))));
  }, 180_000);

  afterAll(async () => {
    await ServerProcess.stopAll();
    await sql?.end();
    await world?.close();
    await pg?.stop();
  });

  /** The round-robin: the next replica; a request it cannot answer goes to the one after, as a balancer retries. */
  async function send(
    method: string,
    path: string,
    make: () => { headers: Record<string, string>; body?: string },
  ): Promise<Answer | null> {
    const next = () => servers[(turn += 1) % servers.length]!.url;
    const answer = await sendUntilAnswered(next, method, path, make, { forMs: RETRY_FOR_MS, everyMs: RETRY_EVERY_MS });
    // A booking whose answer was lost (replica killed, time-out) is found booked when sent again: it was made.
    if (answer !== null && answer.attempts > 1 && isAlreadyBooked(answer)) return { ...answer, status: 200 };
    return answer;
  }

  const asAgent = (body: unknown) => () => ({
    headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  function event(ticket: Ticket, type: string, extra: Record<string, unknown> = {}) {
    return send('POST', `/api/tickets/${ticket.id}/events`, () => ({
      headers: {
        authorization: `Bearer ${AUTOMATION_TOKEN}`,
        'content-type': 'application/json',
        'idempotency-key': `replicas-${ticket.id}-${type}`,
      },
      body: JSON.stringify({ type, ...extra }),
    }));
  }

  /** A webhook as Zendesk sends it, to whichever replica is next; Zendesk retries on anything but a 200. */
  function webhook(ticketId: number, invocationId = randomUUID()) {
    const body = JSON.stringify({ ticket_id: String(ticketId) });
    return send('POST', '/webhooks/zendesk', () => ({
      headers: signedHeaders(body, { invocationId }),
      body,
    }));
  }

  /** The customer answers GO; Zendesk announces it twice (two invocations), each possibly to another replica. */
  async function decide(ticket: Ticket): Promise<Answer | null> {
    const reply = await call(world.served.url, 'POST', `/_sandbox/tickets/${ticket.id}/replies`, {
      token: null,
      body: { email: ticket.email, body: 'Go ahead, please proceed.', channel: 'email' },
    });
    if (reply.status !== 201 && reply.status !== 200) return { status: reply.status, body: reply.body };
    const replyId = (reply.body as { comment: { id: number } }).comment.id;
    const invocations = [randomUUID(), randomUUID()];
    const announced = await Promise.all(invocations.map((id) => webhook(ticket.id, id)));
    if (announced.some((answer) => answer?.status !== 200)) return announced.find((a) => a?.status !== 200) ?? null;
    // Capture may wait for a killed replica's claim to be freed (its heartbeat goes stale) and for Zendesk faults.
    const deadline = Date.now() + 2 * RETRY_FOR_MS;
    let state: string | undefined;
    while (Date.now() < deadline) {
      const view = await send('GET', `/api/tickets/${ticket.id}`, () => ({
        headers: { authorization: `Bearer ${AGENT_TOKEN}` },
      }));
      state = (view?.body as { state?: string } | null)?.state;
      if (state === 'in_progress') return { status: 200, body: null };
      await sleep(200);
    }
    return { status: 0, body: { state, ...(await whyNotApplied(ticket.id, replyId, invocations)) } };
  }

  /**
   * Not applied in time: what capture made of the reply and of the ticket's other comments (the reply's row
   * named apart, so it is not lost among the product's own), every inbox row of the ticket, processed or not (the
   * reply's two invocations named), the ticket's history with its deliveries (the booking's instant first), and the
   * ticket's comments as Zendesk holds them, in creation order. The rows are read in one snapshot, instants in ISO.
   */
  async function whyNotApplied(ticketId: number, replyId: number, invocations: string[]) {
    const { judged, inbox, history } = await sql.begin('isolation level repeatable read read only', async (tx) => ({
      judged: await tx`SELECT comment_id, outcome, detail, processed_at FROM processed_comments
        WHERE ticket_id = ${ticketId} ORDER BY comment_id`,
      inbox: await tx`SELECT id, received_at, processed_at, locked_by, locked_until FROM inbox
        WHERE (body_json::jsonb ->> 'ticketId') = ${String(ticketId)} ORDER BY received_at, id`,
      history: await tx`SELECT id, type, created_at, delivery_status, delivered_at FROM history
        WHERE ticket_id = ${ticketId} ORDER BY id`,
    }));
    const readable = (rows: readonly Record<string, unknown>[]) =>
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [
            key,
            /_(at|until)$/.test(key) && value !== null ? new Date(Number(value)).toISOString() : value,
          ]),
        ),
      );
    const comments = world.sandbox.state.tickets.find((candidate) => candidate.id === ticketId)?.comments ?? [];
    return {
      reply: {
        commentId: replyId,
        judged: readable(judged).find((row) => Number(row.comment_id) === replyId) ?? 'never judged',
        invocations: invocations.map((id) => readable(inbox).find((row) => row.id === id) ?? `${id}: not stored`),
      },
      judged: readable(judged),
      inbox: readable(inbox),
      history: readable(history),
      comments: comments.map((comment) => ({
        id: comment.id,
        by: comment.author_id === world.sandbox.apiUserId ? 'product' : comment.author_id,
        public: comment.public,
        createdAt: comment.created_at,
        text: String(comment.plain_body ?? comment.body)
          .split('\n')[0]!
          .slice(0, 60),
      })),
    };
  }

  function runStep(ticket: Ticket, step: Step, hotfixStart: string): Promise<Answer | null> {
    switch (step) {
      case 'window_scheduled':
        return send(
          'POST',
          `/api/tickets/${ticket.id}/window`,
          asAgent({ start: hotfixStart, class: 'hotfix', reason: 'replica load', duration: 'PT2H' }),
        );
      case 'decision_requested':
        return event(ticket, step, {
          reason: 'the data migration is slower than planned',
          anticipatedEnd: new Date(Date.now() + 4 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        });
      case 'decision_received':
        return decide(ticket);
      case 'instance_upgrade_started':
      case 'instance_upgrade_completed':
        return event(ticket, step, { instance: 'db-1' });
      default:
        return event(ticket, step);
    }
  }

  it('loses nothing, doubles nothing, never overbooks, and leaves no work behind', async () => {
    const tickets: Ticket[] = [];
    for (let index = 0; index < TICKETS; index += 1) {
      const email = `replica-${index}@customer.example`;
      const id = await newTicket(world, { name: `Customer ${index}`, email, locale: 'en-US', timeZone: 'UTC' });
      tickets.push({ id, email, next: 0, inFlight: false, acknowledged: [], refused: [] });
    }
    const racers: number[] = [];
    for (let index = 0; index < RACED_WINDOWS * CONTENDERS; index += 1) {
      racers.push(await newTicket(world, { name: `Racer ${index}`, email: `racer-${index}@customer.example` }));
    }
    const offered = await call(servers[0]!.url, 'GET', '/api/windows?count=40');
    // Windows some hours ahead, so no lifecycle rule but capacity refuses them.
    const raced = (offered.body as { start: string }[]).slice(20, 20 + RACED_WINDOWS).map((window) => window.start);
    const hotfixStart = hotfixStartSoon();

    const { track, settle } = inFlightRequests();
    const webhooks = { acknowledged: new Set<string>(), refused: [] as Answer[], lost: 0 };
    const bookings = new Map<number, { start: string; status: number }>();
    const kills: (NodeJS.Signals | number | null)[] = [];
    const started = Date.now();
    const faults = injectFaults(world, FAULTS);
    // The races: every contender asks at once, spread over the replicas; half of them as the first kill comes.
    const race = (from: number, to: number) =>
      racers.slice(from, to).map((ticketId, index) => {
        const start = raced[Math.floor((from + index) / CONTENDERS)]!;
        return send('POST', `/api/tickets/${ticketId}/window`, asAgent({ start, class: 'maintenance' })).then(
          (answer) => {
            bookings.set(ticketId, { start, status: answer?.status ?? 0 });
          },
        );
      });
    const half = (RACED_WINDOWS / 2) * CONTENDERS;
    const progress = () =>
      tickets.reduce((sum, ticket) => sum + ticket.acknowledged.length, 0) / (TICKETS * STEPS.length);
    let racedAgain: Promise<unknown> | null = null;
    const restarts = (async () => {
      for (const [index, share] of KILLS_AT.entries()) {
        while (progress() < share && Date.now() - started < LOAD_MS) await sleep(50);
        // The second half of the races starts as the first replica dies.
        if (index === 0) racedAgain = Promise.all(race(half, racers.length));
        const victim = index % REPLICAS;
        kills.push(await servers[victim]!.kill());
        servers[victim] = await ServerProcess.start(env);
      }
    })();
    track(Promise.all(race(0, half)).then(() => undefined));

    const nextTicket = roundRobin(tickets, STEPS.length);
    const done = () => tickets.every((ticket) => ticket.next >= STEPS.length);
    for (let tick = 0; !done() && Date.now() - started < LOAD_MS; tick += 1) {
      const ticket = nextTicket();
      if (ticket !== undefined) {
        const step = STEPS[ticket.next]!;
        ticket.inFlight = true;
        track(
          runStep(ticket, step, hotfixStart).then((answer) => {
            ticket.inFlight = false;
            if (answer !== null && answer.status >= 200 && answer.status < 300) {
              ticket.acknowledged.push(step);
              ticket.next += 1;
            } else {
              ticket.refused.push({ step, status: answer?.status ?? 0, body: answer?.body ?? null });
              ticket.next = STEPS.length;
            }
          }),
        );
      }
      // Webhooks that announce nothing new (Zendesk fires for every public comment): capture reads and ignores.
      if (tick % 3 === 0) {
        const id = randomUUID();
        track(
          webhook(tickets[tick % tickets.length]!.id, id).then((answer) => {
            if (answer === null) webhooks.lost += 1;
            else if (answer.status !== 200) webhooks.refused.push(answer);
            else webhooks.acknowledged.add(id);
          }),
        );
      }
      await sleep(started + (tick + 1) * TICK_MS - Date.now());
    }
    await restarts;
    await racedAgain;
    await faults;
    await settle();

    expect(kills).toEqual(['SIGKILL', 'SIGKILL']);
    expect(webhooks).toMatchObject({ refused: [], lost: 0 });
    expect(tickets.flatMap((ticket) => ticket.refused)).toEqual([]);
    expect(tickets.map((ticket) => ticket.acknowledged.length)).toEqual(tickets.map(() => STEPS.length));

    const left = async () => {
      const [row] = await sql`SELECT
          (SELECT COUNT(*) FROM outbox WHERE status <> 'delivered') AS outbox,
          (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) AS inbox`;
      return { outbox: Number(row!.outbox), inbox: Number(row!.inbox) };
    };
    await eventually(
      'the outbox delivered and the inbox processed',
      async () => {
        const work = await left();
        return work.outbox === 0 && work.inbox === 0;
      },
      120_000,
    );
    await Promise.all(servers.map((server) => server.stop()));
    expect(await left()).toEqual({ outbox: 0, inbox: 0 });

    // Capacity: each raced window holds exactly its capacity, and exactly the tickets told they had it.
    const active = await sql`SELECT ticket_id, start_at FROM bookings WHERE active`;
    for (const start of raced) {
      const at = Date.parse(start);
      const holders = active.filter((row) => Number(row.start_at) === at).map((row) => Number(row.ticket_id));
      const told = [...bookings].filter(([, b]) => b.start === start && (b.status === 201 || b.status === 200));
      expect({ start, held: holders.length }).toEqual({ start, held: CAPACITY });
      expect(told.map(([ticketId]) => ticketId).sort()).toEqual(holders.sort());
    }
    expect([...bookings.values()].filter((b) => ![200, 201, 409].includes(b.status))).toEqual([]);

    // Every acknowledged step has its history entry and its comment; every outbox item was posted once.
    const history = await sql`SELECT ticket_id, type FROM history`;
    const items = await sql`SELECT ticket_id FROM outbox WHERE kind = 'zendesk'`;
    const commentWrites = (ticketId: number) => appliedCommentWrites(world, ticketId);
    const mismatches = tickets.flatMap((ticket) => {
      const types = history.filter((row) => Number(row.ticket_id) === ticket.id).map((row) => String(row.type));
      const outbox = items.filter((row) => Number(row.ticket_id) === ticket.id).length;
      const comments = productComments(world, ticket.id).length;
      const lost = ticket.acknowledged.filter((step) => !types.includes(step));
      // A decision is applied once, however many webhooks announced it and whichever replicas read them.
      const decisions = types.filter((type) => type === 'decision_received').length;
      const expectedDecisions = ticket.acknowledged.includes('decision_received') ? 1 : 0;
      return lost.length > 0 ||
        comments !== outbox ||
        commentWrites(ticket.id) !== outbox ||
        decisions !== expectedDecisions
        ? [{ ticket: ticket.id, lost, comments, outbox, writes: commentWrites(ticket.id), decisions }]
        : [];
    });
    expect(mismatches).toEqual([]);
    const captured = await sql`SELECT ticket_id FROM processed_comments WHERE outcome = 'captured'`;
    const decided = tickets.filter((ticket) => ticket.acknowledged.includes('decision_received'));
    expect(decided.length).toBeGreaterThan(0);
    expect(captured.map((row) => Number(row.ticket_id)).sort()).toEqual(decided.map((ticket) => ticket.id).sort());
    const faulted = world.sandbox.ledger().filter((entry) => entry.fault !== null);
    expect(faulted.length).toBeGreaterThan(0);
  });
});
