// Concurrency (issue 9): many agents booking the same windows at once, over HTTP against the real server, never
// book more tickets into a window than its capacity.
import {
  AGENT_TOKEN,
  BUSY_POLICY,
  call,
  newTicket,
  prepareWorld,
  ServerProcess,
  withStore,
  type World,
} from './harness.js';

const CAPACITY = BUSY_POLICY.rules[0]!.capacity;
const WINDOWS = 4;
const AGENTS = 40;

describe('many agents booking the same windows at once', () => {
  let world: World;
  let server: ServerProcess;
  const tickets: number[] = [];

  beforeAll(async () => {
    world = await prepareWorld();
    server = await ServerProcess.start(world.env);
    for (let index = 0; index < AGENTS; index += 1) {
      tickets.push(await newTicket(world, { name: `Rush ${index}`, email: `rush-${index}@customer.example` }));
    }
  }, 120_000);

  afterAll(async () => {
    await ServerProcess.stopAll();
    await world?.close();
  });

  const activeByStart = () =>
    withStore(world.dataDir, (db) =>
      (
        db.prepare('SELECT start_at, COUNT(*) AS n FROM bookings WHERE active = 1 GROUP BY start_at').all() as {
          start_at: number;
          n: number;
        }[]
      ).map((row) => Number(row.n)),
    );

  it('fills each window to its capacity exactly, refuses the rest as full, and keeps it so through reschedules', async () => {
    // Windows at least half an hour ahead, so none starts while the agents rush.
    const offers = await call(server.url, 'GET', '/api/windows?count=8');
    const starts = (offers.body as { start: string }[]).slice(2, 2 + WINDOWS).map((window) => window.start);

    const book = (ticketId: number, start: string) =>
      call(server.url, 'POST', `/api/tickets/${ticketId}/window`, {
        token: AGENT_TOKEN,
        headers: { 'x-agent-id': String(ticketId) },
        body: { start, class: 'maintenance' },
      });
    // Round 1: ten agents per window, all at once.
    const first = await Promise.all(tickets.map((ticketId, index) => book(ticketId, starts[index % WINDOWS]!)));
    const perWindow = starts.map(
      (_, window) => first.filter((answer, index) => index % WINDOWS === window && answer.status === 201).length,
    );
    expect(perWindow).toEqual(starts.map(() => CAPACITY));
    const refused = first.filter((answer) => answer.status !== 201);
    expect(new Set(refused.map((answer) => `${answer.status} ${answer.body.error.code}`))).toEqual(
      new Set(['409 WINDOW_UNAVAILABLE']),
    );
    expect(
      refused.every((answer) => answer.body.error.reasons.some((reason: { code: string }) => reason.code === 'FULL')),
    ).toBe(true);

    // Round 2: every booked agent moves to the next window while every refused one tries every window again.
    const booked = tickets.filter((_, index) => first[index]!.status === 201);
    const waiting = tickets.filter((_, index) => first[index]!.status !== 201);
    const second = await Promise.all([
      ...booked.map((ticketId, index) => book(ticketId, starts[(index + 1) % WINDOWS]!)),
      ...waiting.flatMap((ticketId) => starts.map((start) => book(ticketId, start))),
    ]);
    expect(second.filter((answer) => answer.status >= 500)).toEqual([]);
    const counts = activeByStart();
    expect(counts.every((count) => count <= CAPACITY)).toBe(true);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(WINDOWS * CAPACITY);

    // What the server says agrees with the store: every one of these windows is full, none over.
    const all = await call(server.url, 'GET', '/api/windows?count=8&all=true');
    const shown = (all.body as { start: string; remaining: number | null }[]).filter((window) =>
      starts.includes(window.start),
    );
    expect(shown.map((window) => window.remaining)).toEqual(starts.map(() => 0));
  });
});
