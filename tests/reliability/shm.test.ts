import { execFileSync } from 'node:child_process';
import { closeSync, openSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/server/store/sqlite.js';
import { ServerProcess, call, newTicket, prepareWorld, storeCounts, type World } from './harness.js';

/**
 * SQLite maps the WAL index (`-shm`) into memory: truncated under a running server, or made immutable, the next
 * access used to be SIGBUS, a death with no log line (docs/DECISIONS.md). The real `serve` runs in a child process
 * here, so a SIGBUS shows as its exit signal instead of taking the test runner down.
 */
describe("SQLite's -shm file tampered with, under a running serve and at its start", () => {
  let world: World;
  let server: ServerProcess | null = null;
  let shm: string;

  const firstWindow = async () =>
    ((await call(server!.url, 'GET', '/api/windows?count=1')).body as { start: string }[])[0]!.start;
  const book = async (ticket: number, start?: string) =>
    call(server!.url, 'POST', `/api/tickets/${ticket}/window`, {
      body: { start: start ?? (await firstWindow()), class: 'maintenance' },
    });
  const health = async () => (await call(server!.url, 'GET', '/healthz', { token: null })).body;
  const immutable = (on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', shm]);

  beforeAll(async () => {
    world = await prepareWorld();
    shm = join(world.dataDir, `${DATABASE_FILE}-shm`);
  });

  afterEach(async () => {
    try {
      immutable(false);
    } catch {
      // No file to clear.
    }
    await server?.stop();
    server = null;
  });

  afterAll(async () => {
    await ServerProcess.stopAll();
    await world.close();
  });

  it('keeps serving, and keeps the data, when the -shm file is truncated or garbled while it runs', async () => {
    server = await ServerProcess.start(world.env);
    expect((await book(await newTicket(world, { name: 'A', email: 'a@globex.example' }))).status).toBe(201);
    truncateSync(shm, 0);
    expect((await book(await newTicket(world, { name: 'B', email: 'b@globex.example' }))).status).toBe(201);
    truncateSync(shm, 1000);
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });
    const garble = openSync(shm, 'r+');
    writeSync(garble, Buffer.alloc(4096, 0xab), 0, 4096, 0);
    closeSync(garble);
    expect((await book(await newTicket(world, { name: 'C', email: 'c@globex.example' }))).status).toBe(201);
    expect(server.alive).toBe(true);
    expect(await server.stop()).toBe(0);
    expect(storeCounts(world.dataDir).bookings).toBe(3);
  });

  it('answers 503 and reports degraded while the -shm file is not writable, then recovers', async () => {
    server = await ServerProcess.start(world.env);
    const ticket = await newTicket(world, { name: 'D', email: 'd@globex.example' });
    const start = await firstWindow();
    immutable(true);
    const refused = await book(ticket, start);
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([
      503,
      'STORE_UNAVAILABLE',
    ]);
    expect(await health()).toMatchObject({ status: 'degraded', store: 'unwritable' });
    immutable(false);
    expect((await book(ticket, start)).status).toBe(201);
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });
    expect(server.alive).toBe(true);
  });

  it('starts on a garbled or truncated -shm file left by a previous run, and refuses an immutable one by name', async () => {
    server = await ServerProcess.start(world.env);
    await book(await newTicket(world, { name: 'E', email: 'e@globex.example' }));
    // A crash leaves the index behind; whatever state it is in, the next start rebuilds it from the WAL.
    expect(await server.kill()).toBe('SIGKILL');
    const before = storeCounts(world.dataDir).bookings;
    const garble = openSync(shm, 'r+');
    writeSync(garble, Buffer.alloc(statSync(shm).size, 0x5a));
    closeSync(garble);
    truncateSync(shm, 100);
    server = await ServerProcess.start(world.env);
    expect(await health()).toMatchObject({ status: 'ok' });
    expect((await book(await newTicket(world, { name: 'F', email: 'f@globex.example' }))).status).toBe(201);
    expect(await server.stop()).toBe(0);
    expect(storeCounts(world.dataDir).bookings).toBe(before + 1);

    // A clean stop removes the index; one left immutable by someone else:
    writeFileSync(shm, '');
    immutable(true);
    await expect(ServerProcess.start(world.env)).rejects.toThrow(/serve exited before listening \(2\).*-shm/s);
  });
});
