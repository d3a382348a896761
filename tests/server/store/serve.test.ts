import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PID_FILE } from '../../../src/server/store/lock.js';
import { PostgresStore } from '../../../src/server/store/postgres/store.js';
import { cli } from '../../helpers/cli.js';
import { startServe } from '../../support/serve.js';
import { setupTicketFields } from '../../../src/server/setup/run-setup.js';
import { startServer, type RunningServer } from '../../../src/server/start.js';
import { createZendeskClient } from '../../../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, call, eventually, FAST_WORKER, newTicket, policyOf } from '../helpers.js';
import { storeKinds, type StoreKind } from './stores.js';

/**
 * The service's own rules across replicas, through HTTP: two backends, each with its own PostgresStore on one
 * database, receiving the same kind of request at the same instant. (The store-level races are in contract.test.ts.)
 */
const CAPACITY = 3;
const POLICY = policyOf({
  timeZone: 'UTC',
  leadTime: 'PT0M',
  rules: [
    {
      id: 'daily',
      weekly: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
      start: '12:00',
      duration: 'PT1H',
      capacity: CAPACITY,
    },
  ],
});

interface Replicas {
  served: ServedSandbox;
  urls: string[];
  close(): Promise<void>;
}

async function startReplicas(kind: StoreKind, count: number): Promise<Replicas> {
  const databaseUrl = (await kind.databaseUrl())!;
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-replicas-http-'));
  const served = await serveSandbox(createSandbox(), { port: 0 });
  const zendesk = createZendeskClient({ baseUrl: served.url, auth: { email: 'admin@example.com', apiToken: 'x' } });
  const fieldIds = (await setupTicketFields(zendesk, dataDir)).file!.fields;
  const backends: RunningServer[] = [];
  for (let index = 0; index < count; index += 1) {
    backends.push(
      await startServer({
        dataDir,
        port: 0,
        tokens: { agent: AGENT_TOKEN, automation: AUTOMATION_TOKEN },
        policy: POLICY,
        zendesk,
        fieldIds,
        logger: false,
        worker: FAST_WORKER,
        store: await PostgresStore.open(databaseUrl),
      }),
    );
  }
  return {
    served,
    urls: backends.map((backend) => backend.url),
    async close() {
      for (const backend of backends) await backend.close();
      await served.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `serve` (what `npm start` runs) on each store: SQLite in DATA_DIR by default, Postgres with DATABASE_URL. */
describe.each(storeKinds().map((kind) => [kind.name, kind] as const))('serve on %s', (_name, kind) => {
  let dataDir: string;
  beforeAll(() => kind.setUp(), 60_000);
  afterAll(() => kind.tearDown(), 60_000);
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-serve-store-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the product: a window booked through the API is stored and its comment delivered', async () => {
    const databaseUrl = await kind.databaseUrl();
    const serve = await startServe({
      PORT: '0',
      SANDBOX_PORT: '0',
      DATA_DIR: dataDir,
      AGENT_API_TOKEN: AGENT_TOKEN,
      AUTOMATION_API_TOKEN: AUTOMATION_TOKEN,
      ...(databaseUrl !== null ? { DATABASE_URL: databaseUrl } : {}),
    });
    try {
      const { backendUrl } = serve;
      const sandboxUrl = /Zendesk sandbox on (\S+)/.exec(serve.stdout)![1]!;
      // The DATA_DIR lock is SQLite's: replicas on one Postgres database share no file.
      expect(existsSync(join(dataDir, PID_FILE))).toBe(databaseUrl === null);

      const created = await call(sandboxUrl, 'POST', '/_sandbox/tickets', {
        token: null,
        body: { subject: 'Upgrade please', requester: { name: 'Dana Scully', email: 'dana@customer.example' } },
      });
      const ticketId = created.body.ticket.id as number;
      const windows = await call(backendUrl, 'GET', '/api/windows?count=1');
      const booked = await call(backendUrl, 'POST', `/api/tickets/${ticketId}/window`, {
        body: { start: windows.body[0].start, class: 'maintenance' },
      });
      expect([booked.status, booked.body.state, booked.body.booking.start]).toEqual([
        201,
        'scheduled',
        windows.body[0].start,
      ]);
      await eventually('the booking comment delivered', async () => {
        const ticket = await call(backendUrl, 'GET', `/api/tickets/${ticketId}`);
        return ticket.body.history.some(
          (entry: { delivery: { status: string } }) => entry.delivery.status === 'delivered',
        );
      });
      const bookings = await call(backendUrl, 'GET', '/api/bookings');
      expect(bookings.body.map((entry: { ticketId: number }) => entry.ticketId)).toEqual([ticketId]);

      if (databaseUrl !== null) {
        // What the API answered is in the shared database, where another replica reads it.
        const other = await PostgresStore.open(databaseUrl);
        try {
          expect((await other.activeBooking(ticketId))?.ticketId).toBe(ticketId);
        } finally {
          await other.close();
        }
      }
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  // Several backends, each with its own PostgresStore on one database: the service's rules hold across them.
  if (kind.replicas) {
    describe('two replicas on one database, asked at the same instant', () => {
      let replicas: Replicas;
      beforeEach(async () => {
        replicas = await startReplicas(kind, 2);
      });
      afterEach(() => replicas.close());

      const on = (index: number) => replicas.urls[index % replicas.urls.length]!;
      const tickets = async (count: number) => {
        const ids: number[] = [];
        for (let index = 0; index < count; index += 1) {
          ids.push(await newTicket(replicas, { name: `Customer ${index}`, email: `c${index}@customer.example` }));
        }
        return ids;
      };

      it('books a window only up to its capacity when bookings reach both replicas at once', async () => {
        const ids = await tickets(10);
        const [window] = (await call(on(0), 'GET', '/api/windows?count=1')).body as { start: string }[];
        const answers = await Promise.all(
          ids.map((ticketId, index) =>
            call(on(index), 'POST', `/api/tickets/${ticketId}/window`, {
              body: { start: window!.start, class: 'maintenance' },
            }),
          ),
        );
        const statuses = answers.map((answer) => answer.status);
        expect(statuses.filter((status) => status === 201)).toHaveLength(CAPACITY);
        expect(statuses.filter((status) => status !== 201)).toEqual(Array(ids.length - CAPACITY).fill(409));
        const booked = ids.filter((_, index) => answers[index]!.status === 201).sort();
        for (const url of replicas.urls) {
          const bookings = (await call(url, 'GET', '/api/bookings')).body as { ticketId: number }[];
          expect(bookings.map((entry) => entry.ticketId).sort()).toEqual(booked);
        }
      });

      it('applies an event once when its idempotency key reaches both replicas at once', async () => {
        const [ticketId] = await tickets(1);
        const start = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000).toISOString();
        const booked = await call(on(0), 'POST', `/api/tickets/${ticketId}/window`, {
          body: { start, class: 'hotfix', reason: 'replica race', duration: 'PT2H' },
        });
        expect(booked.status).toBe(201);
        const answers = await Promise.all(
          [0, 1, 0, 1].map((index) =>
            call(on(index), 'POST', `/api/tickets/${ticketId}/events`, {
              token: AUTOMATION_TOKEN,
              headers: { 'idempotency-key': 'replicas-once' },
              body: { type: 'upgrade_started' },
            }),
          ),
        );
        expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
        expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
        const view = await call(on(1), 'GET', `/api/tickets/${ticketId}`);
        const started = (view.body.history as { type: string }[]).filter((entry) => entry.type === 'upgrade_started');
        expect([view.body.state, started.length]).toEqual(['in_progress', 1]);
      });
    });
  }
});

describe('serve with DATABASE_URL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-serve-url-'));
  const env = { PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, AGENT_API_TOKEN: AGENT_TOKEN };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('exits 2 naming DATABASE_URL when it is not a Postgres URL', async () => {
    expect(await cli(['serve'], { env: { ...env, DATABASE_URL: 'mysql://db.example/uw' } })).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'upgrade-windows serve: invalid configuration: DATABASE_URL: must be a postgres:// or postgresql:// URL\n',
    });
  });

  it('exits 2 naming DATABASE_URL, and no password, when the database cannot be reached', async () => {
    const result = await cli(['serve'], {
      env: { ...env, DATABASE_URL: 'postgres://uw:s3cret-password@127.0.0.1:1/uw' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^upgrade-windows serve: DATABASE_URL: cannot open the database \(.+\)\n$/);
    expect(result.stderr).not.toContain('s3cret-password');
  });
});
