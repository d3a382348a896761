// Load with faults (issue 9): 30 s of signed webhooks and lifecycle events at a steady rate against the real
// server, while the sandbox injects 429s, 500s, slow and applied-but-failed answers and the server is killed
// with SIGKILL and restarted twice. Nothing acknowledged may be lost, nothing may be posted twice.
import { randomUUID } from 'node:crypto';
import { eventually, productComments } from '../server/helpers.js';
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
  STEPS,
  withStore,
  type LoadTicket,
  type RetriedAnswer,
  type World,
} from './harness.js';

const LOAD_MS = 30_000;
/** One lifecycle step and one webhook leave every tick: 40 requests a second in all. */
const TICK_MS = 50;
const TICKETS = 90;
/** A request refused while the server is down is retried, as Zendesk retries, for at most this long. */
const RETRY_FOR_MS = 60_000;
const RETRY_EVERY_MS = 200;

/** The faults injected during the load, at these offsets from its start (ms). */
const FAULTS: { at: number; fault: Record<string, unknown> }[] = [
  { at: 2_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', status: 429, retryAfter: 1, times: 6 } },
  { at: 5_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', status: 500, times: 6 } },
  { at: 7_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', delayMs: 2_500, times: 4 } },
  { at: 8_000, fault: { method: 'GET', path: '/api/v2/tickets/*/comments', status: 500, times: 4 } },
  { at: 13_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', status: 500, applyThenFail: true, times: 6 } },
  { at: 16_000, fault: { method: 'PUT', path: '/api/v2/tickets/*', status: 0, applyThenFail: true, times: 3 } },
  { at: 18_000, fault: { method: 'GET', path: '/api/v2/tickets/*', status: 429, retryAfter: 1, times: 4 } },
  { at: 23_000, fault: { method: 'GET', path: '/api/v2/tickets/*/comments', delayMs: 2_000, times: 3 } },
];
const KILLS_AT = [10_000, 20_000];

interface Ticket extends LoadTicket {
  replied: boolean;
}

const isSuccess = (answer: RetriedAnswer) => answer.status >= 200 && answer.status < 300;

/**
 * Bookings are not keyed (docs/API.md): when an attempt was cut after the server committed it, the resend meets
 * the booking it made, 409 ALREADY_BOOKED. Any other 409 is a refusal.
 */
const isBookedByTheCutAttempt = (answer: RetriedAnswer) => answer.afterCut && isAlreadyBooked(answer);

describe('under a steady load with Zendesk faults and two SIGKILLs', () => {
  let world: World;
  let server: ServerProcess;

  beforeAll(async () => {
    world = await prepareWorld();
    server = await ServerProcess.start(world.env);
  }, 120_000);

  afterAll(async () => {
    await ServerProcess.stopAll();
    await world?.close();
  });

  /** Sends until an answer other than "server down" (no connection, 5xx) comes back, as Zendesk (and a pipeline) would. */
  const send = (method: string, path: string, make: () => { headers: Record<string, string>; body?: string }) =>
    sendUntilAnswered(() => server.url, method, path, make, { forMs: RETRY_FOR_MS, everyMs: RETRY_EVERY_MS });

  function stepRequest(ticket: Ticket, step: (typeof STEPS)[number], hotfixStart: string) {
    if (step.event === null) {
      return send('POST', `/api/tickets/${ticket.id}/window`, () => ({
        headers: { authorization: `Bearer ${AGENT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ start: hotfixStart, class: 'hotfix', reason: 'load test', duration: 'PT2H' }),
      }));
    }
    return send('POST', `/api/tickets/${ticket.id}/events`, () => ({
      headers: {
        authorization: `Bearer ${AUTOMATION_TOKEN}`,
        'content-type': 'application/json',
        'idempotency-key': `load-${ticket.id}-${step.event}`,
      },
      body: JSON.stringify({ type: step.event, ...(step.instance !== null ? { instance: step.instance } : {}) }),
    }));
  }

  it('acknowledges every step, loses none, posts each comment once and empties the outbox', async () => {
    const tickets: Ticket[] = [];
    for (let index = 0; index < TICKETS; index += 1) {
      const email = `load-${index}@customer.example`;
      const id = await newTicket(world, {
        name: `Customer ${index}`,
        email,
        locale: 'en-US',
        timeZone: 'Europe/Paris',
      });
      tickets.push({ id, email, next: 0, inFlight: false, acknowledged: [], refused: [], replied: false });
    }
    // `upgrade_started` is allowed 15 minutes before a window.
    const hotfixStart = hotfixStartSoon();

    const { track, settle } = inFlightRequests();
    const webhooks = { acknowledged: new Set<string>(), duplicates: 0, refused: [] as RetriedAnswer[], lost: 0 };
    const sentInvocations: { id: string; body: string }[] = [];
    const kills: (NodeJS.Signals | number | null)[] = [];

    const started = Date.now();
    const faults = injectFaults(world, FAULTS);
    const restarts = (async () => {
      for (const at of KILLS_AT) {
        await sleep(started + at - Date.now());
        kills.push(await server.kill());
        server = await ServerProcess.start(world.env);
      }
    })();

    const nextTicket = roundRobin(tickets, STEPS.length);
    for (let tick = 0; Date.now() - started < LOAD_MS; tick += 1) {
      // One lifecycle step for the next ticket whose previous step was acknowledged.
      const ticket = nextTicket();
      if (ticket !== undefined) {
        const step = STEPS[ticket.next]!;
        ticket.inFlight = true;
        track(
          stepRequest(ticket, step, hotfixStart).then(async (answer) => {
            ticket.inFlight = false;
            if (answer !== null && (isSuccess(answer) || isBookedByTheCutAttempt(answer))) {
              ticket.acknowledged.push(step.posts);
              ticket.next += 1;
              // Every tenth ticket's customer answers without deciding: capture must note it for an agent.
              if (step.posts === 'upgrade_started' && ticket.id % 10 === 0) {
                const reply = await call(world.served.url, 'POST', `/_sandbox/tickets/${ticket.id}/replies`, {
                  token: null,
                  body: { email: ticket.email, body: 'Thanks for the update, we are watching.', channel: 'email' },
                });
                ticket.replied = reply.status === 201 || reply.status === 200;
              }
            } else {
              ticket.refused.push({ step: step.posts, status: answer?.status ?? 0, body: answer?.body ?? null });
              ticket.next = STEPS.length;
            }
          }),
        );
      }
      // One webhook; one in ten is a resend of an earlier invocation (same id and body), as Zendesk retries.
      const resend = tick % 10 === 9 && sentInvocations.length > 0;
      const invocation = resend
        ? sentInvocations[tick % sentInvocations.length]!
        : {
            id: randomUUID(),
            body: JSON.stringify({ ticket_id: String(tickets[tick % tickets.length]!.id) }),
          };
      if (!resend) sentInvocations.push(invocation);
      track(
        send('POST', '/webhooks/zendesk', () => ({
          headers: signedHeaders(invocation.body, { invocationId: invocation.id }),
          body: invocation.body,
        })).then((answer) => {
          if (answer === null) webhooks.lost += 1;
          else if (answer.status !== 200) webhooks.refused.push(answer);
          else if ((answer.body as { duplicate: boolean }).duplicate) webhooks.duplicates += 1;
          else webhooks.acknowledged.add(invocation.id);
        }),
      );
      await sleep(started + (tick + 1) * TICK_MS - Date.now());
    }
    await restarts;
    await faults;
    await settle();

    expect(kills).toEqual(['SIGKILL', 'SIGKILL']);
    expect(webhooks.refused).toEqual([]);
    expect(webhooks.lost).toBe(0);
    expect(tickets.flatMap((ticket) => ticket.refused)).toEqual([]);
    const finished = tickets.filter((ticket) => ticket.next === STEPS.length);
    // The load really ran: most tickets went through every step within the 30 s.
    expect(finished.length).toBeGreaterThan(TICKETS / 2);

    const pendingWork = () =>
      withStore(world.dataDir, (db) => ({
        outbox: Number(
          (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE status != 'delivered'").get() as { n: number }).n,
        ),
        inbox: Number(
          (db.prepare('SELECT COUNT(*) AS n FROM inbox WHERE processed_at IS NULL').get() as { n: number }).n,
        ),
      }));
    await eventually(
      'the outbox delivered and the inbox processed',
      () => {
        const left = pendingWork();
        return left.outbox === 0 && left.inbox === 0;
      },
      120_000,
    );
    await server.stop();

    const stored = withStore(world.dataDir, (db) => ({
      history: db.prepare('SELECT ticket_id, type, outbox_id FROM history ORDER BY id').all() as {
        ticket_id: number;
        type: string;
        outbox_id: number | null;
      }[],
      outbox: db.prepare('SELECT id, ticket_id, kind, status FROM outbox').all() as {
        id: number;
        ticket_id: number;
        kind: string;
        status: string;
      }[],
      inbox: new Set((db.prepare('SELECT id FROM inbox').all() as { id: string }[]).map((row) => row.id)),
      processed: db.prepare('SELECT ticket_id, outcome, detail FROM processed_comments').all() as {
        ticket_id: number;
        outcome: string;
        detail: string;
      }[],
    }));

    // The outbox is empty: every item delivered, none failed.
    expect(stored.outbox.filter((item) => item.status !== 'delivered')).toEqual([]);
    // Every webhook acknowledged as new is stored, and every stored one was processed (pendingWork above).
    expect([...webhooks.acknowledged].filter((id) => !stored.inbox.has(id))).toEqual([]);

    const commentWrites = (ticketId: number) => appliedCommentWrites(world, ticketId);
    const mismatches = tickets.flatMap((ticket) => {
      const history = stored.history.filter((entry) => entry.ticket_id === ticket.id);
      const items = stored.outbox.filter((item) => item.ticket_id === ticket.id && item.kind === 'zendesk');
      const comments = productComments(world, ticket.id).length;
      const postedTypes = history.map((entry) => entry.type);
      // No work acknowledged with a 2xx is lost: each acknowledged step has its history entry and its comment.
      const lost = ticket.acknowledged.filter((type) => !postedTypes.includes(type));
      // Nothing posted twice: one comment (and one applied write) per outbox item.
      const twice = comments !== items.length || commentWrites(ticket.id) !== items.length;
      return lost.length > 0 || twice
        ? [{ ticket: ticket.id, lost, comments, items: items.length, writes: commentWrites(ticket.id) }]
        : [];
    });
    expect(mismatches).toEqual([]);

    // Capture ran under the faults: each customer who answered without deciding got one note for an agent.
    const replied = tickets.filter((ticket) => ticket.replied);
    expect(replied.length).toBeGreaterThan(0);
    // The reply is judged once (a review), and each review has exactly one note, whatever the kills and resends.
    const judgements = replied.map((ticket) => {
      const judged = stored.processed.filter((row) => row.ticket_id === ticket.id);
      const reviews = judged.filter((row) => row.outcome === 'review');
      return {
        replyJudged: reviews.filter((row) => row.detail.includes('Thanks for the update')).length,
        notesPerReview:
          stored.history.filter((entry) => entry.ticket_id === ticket.id && entry.type === 'unclear_reply').length /
          reviews.length,
      };
    });
    expect(judgements).toEqual(replied.map(() => ({ replyJudged: 1, notesPerReview: 1 })));
    // At Zendesk's real limits. A restarted process sends its first request alone and paces the rest from that
    // answer (tests/server/pacing.test.ts: 7 × 429 before, none after); here real 429s went from about 7 a run
    // to 0 and 1 in the two runs since. One can still come: requests the killed process sent just before SIGKILL
    // are still counted by Zendesk after the new process read its budget, as are other API clients of the account
    // in production. Each is honoured, and the assertions above show that nothing was lost or doubled.
    // The faults were really met: the sandbox answered errors that the server had to recover from.
    const faulted = world.sandbox.ledger().filter((entry) => entry.fault !== null);
    expect(new Set(faulted.map((entry) => entry.fault!.status ?? 'slow'))).toEqual(new Set([429, 500, 0, 'slow']));
  });
});
