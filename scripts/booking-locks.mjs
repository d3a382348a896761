// The measurement behind docs/DECISIONS.md 48: booking transactions racing on one Postgres from three pools (three
// replicas), under each way of keeping them apart that was considered. Each booking does what the service's does:
// read the upgrade and every window's count, refuse a full window, write the upgrade, the booking, a history entry
// and its outbox item; a serialisation failure is retried as PostgresStore does (12 attempts, full jitter).
// Prints one JSON line per scenario and way: answers, conflicts (attempts lost), fullest window, time.
// Run after `npm run build`: node scripts/booking-locks.mjs
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';

const build = new URL('../build/', import.meta.url);
const { startTestPostgres } = await import(new URL('tests/helpers/postgres.js', build).href);
const { PgOps } = await import(new URL('src/server/store/postgres/ops.js', build).href);
const { PostgresStore } = await import(new URL('src/server/store/postgres/store.js', build).href);
const { newUpgrade } = await import(new URL('src/core/lifecycle/index.js', build).href);

const T0 = Date.parse('2026-12-10T00:00:00Z');
const HOUR = 3_600_000;
const CAPACITY = 3;
const ATTEMPTS = 12;

/** How a booking transaction is begun: the isolation level and what it locks, and when. */
const WAYS = {
  'serializable (before)': { level: 'serializable' },
  'serializable + pg_advisory_xact_lock(window) first': {
    level: 'serializable',
    first: (tx, start) => tx`SELECT pg_advisory_xact_lock(${start}::bigint)`,
  },
  'serializable + pg_advisory_xact_lock(one key) first': {
    level: 'serializable',
    first: (tx) => tx`SELECT pg_advisory_xact_lock(7)`,
  },
  'serializable + session pg_advisory_lock(window) before BEGIN': { level: 'serializable', session: (start) => start },
  'serializable + session pg_advisory_lock(one key) before BEGIN': { level: 'serializable', session: () => 7 },
  'read committed + pg_advisory_xact_lock(window) first': {
    level: 'read committed',
    first: (tx, start) => tx`SELECT pg_advisory_xact_lock(${start}::bigint)`,
  },
  'serializable + LOCK TABLE booking_turn first (chosen)': {
    level: 'serializable',
    first: (tx) => tx`LOCK TABLE booking_turn IN EXCLUSIVE MODE`,
  },
};

const SCENARIOS = [
  { label: 'one window, 30 bookings, 30 in flight', tickets: 30, windows: 1, inFlight: 30 },
  {
    label: '40 windows x 3, 120 bookings, 6 in flight (as the replicas bench)',
    tickets: 120,
    windows: 40,
    inFlight: 6,
  },
  { label: '10 windows x 3, 30 bookings, 30 in flight', tickets: 30, windows: 10, inFlight: 30 },
];

async function begin(sql, way, start, work) {
  if (way.session === undefined) {
    return sql.begin(`isolation level ${way.level}`, async (tx) => {
      if (way.first !== undefined) await way.first(tx, start);
      return work(tx);
    });
  }
  const connection = await sql.reserve();
  const key = way.session(start);
  try {
    await connection`SELECT pg_advisory_lock(${key}::bigint)`;
    try {
      await connection.unsafe(`BEGIN ISOLATION LEVEL ${way.level}`);
      try {
        const result = await work(connection);
        await connection.unsafe('COMMIT');
        return result;
      } catch (error) {
        await connection.unsafe('ROLLBACK');
        throw error;
      }
    } finally {
      await connection`SELECT pg_advisory_unlock(${key}::bigint)`;
    }
  } finally {
    connection.release();
  }
}

async function measure(server, name, way, scenario) {
  const url = await server.createDatabase();
  await (await PostgresStore.open(url)).close();
  const pools = [0, 1, 2].map(() => postgres(url, { max: 10, onnotice: () => undefined }));
  let conflicts = 0;
  const book = async (sql, ticketId, start) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await begin(sql, way, start, async (tx) => {
          const ops = new PgOps(tx, 'measure');
          const record = await ops.getUpgrade(ticketId);
          const counts = await ops.activeBookingCounts(ticketId);
          if ((counts.get(start) ?? 0) >= CAPACITY) return 'full';
          await ops.activeBooking(ticketId);
          if (!(await ops.putUpgrade(ticketId, newUpgrade(String(ticketId)), record?.version ?? 0, T0))) {
            throw new Error('version conflict');
          }
          const booking = { ticketId, start, end: start + HOUR, rule: 'r', class: 'maintenance', reason: null };
          await ops.replaceBooking({ ...booking, timeZone: 'UTC' }, T0);
          const entry = { ticketId, type: 'booking', createdAt: T0, public: true, agent: null, detail: null };
          const history = await ops.addHistory(entry);
          await ops.enqueue({ ticketId, kind: 'zendesk', payload: {}, createdAt: T0 }, history.id);
          return 'booked';
        });
      } catch (error) {
        if (error.code !== '40001' && error.code !== '40P01') throw error;
        conflicts += 1;
        if (attempt >= ATTEMPTS) return 'unavailable';
        await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  };
  // As the bench sends them: consecutive tickets fill one window after another.
  const jobs = Array.from({ length: scenario.tickets }, (_, index) => ({
    ticketId: 1000 + index,
    start: T0 + Math.floor((index * scenario.windows) / scenario.tickets) * HOUR,
  }));
  const answers = {};
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: scenario.inFlight }, async (_, lane) => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const answer = await book(pools[lane % pools.length], job.ticketId, job.start);
        answers[answer] = (answers[answer] ?? 0) + 1;
      }
    }),
  );
  const ms = Date.now() - started;
  const [{ fullest }] = await pools[0]`SELECT COALESCE(MAX(n), 0) AS fullest
    FROM (SELECT COUNT(*) AS n FROM bookings WHERE active GROUP BY start_at) AS windows`;
  await Promise.all(pools.map((pool) => pool.end()));
  return { way: name, ...answers, conflicts, fullest: Number(fullest), ms };
}

const server = await startTestPostgres();
try {
  for (const scenario of SCENARIOS) {
    console.log(`## ${scenario.label}`);
    for (const [name, way] of Object.entries(WAYS)) {
      console.log(JSON.stringify(await measure(server, name, way, scenario)));
    }
  }
} finally {
  await server.stop();
}
