import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/server/store/sqlite.js';
import { ServerProcess, call, newTicket, prepareWorld, storeCounts, type World } from './harness.js';

/**
 * SQLite maps the WAL index (`-shm`) into memory: truncated under a running server, or made immutable, the next
 * access used to be SIGBUS, a death with no log line (docs/DECISIONS.md). The running store keeps the index with no
 * name, so nothing at the path can reach it. The real `serve` runs in a child process here, so a SIGBUS would show
 * as its exit signal instead of taking the test runner down.
 */
describe("SQLite's -shm file tampered with, under a running serve and at its start", () => {
  let world: World;
  let server: ServerProcess | null = null;
  let shm: string;
  let wal: string;

  const firstWindow = async () =>
    ((await call(server!.url, 'GET', '/api/windows?count=1')).body as { start: string }[])[0]!.start;
  const book = async (ticket: number, start?: string) =>
    call(server!.url, 'POST', `/api/tickets/${ticket}/window`, {
      body: { start: start ?? (await firstWindow()), class: 'maintenance' },
    });
  const health = async () => (await call(server!.url, 'GET', '/healthz', { token: null })).body;
  // chattr's complaints go into the thrown error, not the test output (clearing a file that is not there is expected).
  const immutable = (file: string, on: boolean) =>
    execFileSync('chattr', [on ? '+i' : '-i', file], { stdio: ['ignore', 'ignore', 'pipe'] });

  beforeAll(async () => {
    world = await prepareWorld();
    shm = join(world.dataDir, `${DATABASE_FILE}-shm`);
    wal = join(world.dataDir, `${DATABASE_FILE}-wal`);
  });

  afterEach(async () => {
    for (const file of [shm, wal]) {
      try {
        immutable(file, false);
      } catch {
        // No file to clear.
      }
    }
    await server?.stop();
    server = null;
  });

  afterAll(async () => {
    await ServerProcess.stopAll();
    await world.close();
  });

  it('keeps serving, and keeps the data, whatever is made of a file at the -shm path while it runs', async () => {
    server = await ServerProcess.start(world.env);
    expect((await book(await newTicket(world, { name: 'A', email: 'a@globex.example' }))).status).toBe(201);
    // The index in use has no name: the path is free while the server runs.
    expect(existsSync(shm)).toBe(false);
    writeFileSync(shm, Buffer.alloc(4 * 32_768, 0xab));
    truncateSync(shm, 0);
    expect((await book(await newTicket(world, { name: 'B', email: 'b@globex.example' }))).status).toBe(201);
    truncateSync(shm, 1000);
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });
    const garble = openSync(shm, 'r+');
    writeSync(garble, Buffer.alloc(4096, 0xab), 0, 4096, 0);
    closeSync(garble);
    immutable(shm, true);
    expect((await book(await newTicket(world, { name: 'C', email: 'c@globex.example' }))).status).toBe(201);
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });
    expect(server.alive).toBe(true);
    immutable(shm, false);
    expect(await server.stop()).toBe(0);
    expect(storeCounts(world.dataDir).bookings).toBe(3);
  });

  it('answers 503 and reports degraded while the WAL file is not writable, then recovers', async () => {
    server = await ServerProcess.start(world.env);
    const ticket = await newTicket(world, { name: 'D', email: 'd@globex.example' });
    const start = await firstWindow();
    immutable(wal, true);
    const refused = await book(ticket, start);
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([
      503,
      'STORE_UNAVAILABLE',
    ]);
    expect(await health()).toMatchObject({ status: 'degraded', store: 'unwritable' });
    immutable(wal, false);
    expect((await book(ticket, start)).status).toBe(201);
    expect(await health()).toMatchObject({ status: 'ok', store: 'ok' });
    expect(server.alive).toBe(true);
  });

  it('starts on a garbled or truncated -shm file left at its path, and refuses an immutable one by name', async () => {
    server = await ServerProcess.start(world.env);
    await book(await newTicket(world, { name: 'E', email: 'e@globex.example' }));
    expect(await server.kill()).toBe('SIGKILL');
    const before = storeCounts(world.dataDir).bookings;
    // Whatever another process left at the path (an index of its own, garbage), the next start rebuilds from the WAL.
    writeFileSync(shm, Buffer.alloc(2 * 32_768, 0x5a));
    truncateSync(shm, 100);
    server = await ServerProcess.start(world.env);
    expect(await health()).toMatchObject({ status: 'ok' });
    expect((await book(await newTicket(world, { name: 'F', email: 'f@globex.example' }))).status).toBe(201);
    expect(await server.stop()).toBe(0);
    expect(storeCounts(world.dataDir).bookings).toBe(before + 1);

    // One left immutable by someone else:
    writeFileSync(shm, '');
    immutable(shm, true);
    await expect(ServerProcess.start(world.env)).rejects.toThrow(/serve exited before listening \(2\).*-shm/s);
  });
});
