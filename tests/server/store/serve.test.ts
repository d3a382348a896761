import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run.js';
import { PID_FILE } from '../../../src/server/store/lock.js';
import { PostgresStore } from '../../../src/server/store/postgres/store.js';
import { cli } from '../../helpers/cli.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, call, eventually } from '../helpers.js';
import { storeKinds } from './stores.js';

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
    let stdout = '';
    const running = runCli(['serve'], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => undefined,
      readStdin: async () => '',
      env: {
        PORT: '0',
        SANDBOX_PORT: '0',
        DATA_DIR: dataDir,
        AGENT_API_TOKEN: AGENT_TOKEN,
        AUTOMATION_API_TOKEN: AUTOMATION_TOKEN,
        ...(databaseUrl !== null ? { DATABASE_URL: databaseUrl } : {}),
      },
      now: () => Date.now(),
    });
    try {
      await eventually('serve printed its URLs', () => stdout.includes('BACKEND_URL='));
      const backendUrl = /BACKEND_URL=(\S+)/.exec(stdout)![1]!;
      const sandboxUrl = /Zendesk sandbox on (\S+)/.exec(stdout)![1]!;
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
      process.emit('SIGTERM');
      expect(await running).toBe(0);
    }
  });
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
