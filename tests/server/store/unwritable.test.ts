import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, INBOX_FILE, SqliteStore } from '../../../src/server/store/sqlite.js';
import { StoreUnavailableError } from '../../../src/server/store/types.js';
import { call, eventually, newTicket, startStack, type Stack } from '../helpers.js';
import { isoSeconds, post, SECRET, signedHeaders, startReceiver, type Receiver } from '../webhooks/receiver-helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');
const FIRST_WINDOW = '2026-12-01T18:00:00-06:00';

/**
 * Makes a file refuse every write, even through descriptors already open and even for root: the immutable
 * attribute (chmod does not stop root, which this suite may run as). Needs CAP_LINUX_IMMUTABLE and chattr.
 */
function setImmutable(file: string, on: boolean): void {
  execFileSync('chattr', [on ? '+i' : '-i', file]);
}

describe('a store that stops taking writes', () => {
  let stack: Stack;
  let wal: string;

  beforeEach(async () => {
    stack = await startStack({ now: () => NOW });
    wal = join(stack.dataDir, `${DATABASE_FILE}-wal`);
  });

  afterEach(async () => {
    try {
      setImmutable(wal, false);
    } finally {
      await stack.close();
    }
  });

  it('answers 503 to writes, reports degraded health, and recovers once writable again', async () => {
    const ticket = await newTicket(stack);
    expect((await call(stack.backend.url, 'GET', '/healthz', { token: null })).body.status).toBe('ok');
    setImmutable(wal, true);

    const refused = await call(stack.backend.url, 'POST', `/api/tickets/${ticket}/window`, {
      body: { start: FIRST_WINDOW, class: 'maintenance' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([503, 'STORE_UNAVAILABLE']);
    const health = await call(stack.backend.url, 'GET', '/healthz', { token: null });
    expect([health.status, health.body.status, health.body.store]).toEqual([200, 'degraded', 'unwritable']);

    setImmutable(wal, false);
    await eventually('health recovered', async () => {
      const again = await call(stack.backend.url, 'GET', '/healthz', { token: null });
      return again.body.status === 'ok' && again.body.store === 'ok';
    });
    const booked = await call(stack.backend.url, 'POST', `/api/tickets/${ticket}/window`, {
      body: { start: FIRST_WINDOW, class: 'maintenance' },
    });
    expect(booked.status).toBe(201);
    expect(await stack.backend.store.listBookings({ limit: 10 })).toHaveLength(1);
  });
});

describe.each([
  { writer: 'its writer thread', offload: true },
  { writer: 'the main thread (no writer thread: the CLI)', offload: false },
])('an inbox file that stops taking writes, written by $writer', ({ offload }) => {
  let dir: string;
  let store: SqliteStore;
  let wal: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'uw-inbox-down-'));
    store = SqliteStore.open(dir);
    if (offload) store.offloadInboxWrites();
    expect(await store.putInbox({ id: 'before', receivedAt: 1, body: { ticketId: 1 } })).toBe(true);
    wal = join(dir, `${INBOX_FILE}-wal`);
  });

  afterEach(async () => {
    try {
      setImmutable(wal, false);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses invocations, reports the store unwritable though the main file takes writes, and recovers', async () => {
    setImmutable(wal, true);
    const refused = store.putInbox({ id: 'during', receivedAt: 2, body: { ticketId: 2 } });
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailableError);
    // The probe writes the main file, which still takes it: the inbox's own failure keeps the store unwritable.
    expect(await store.writable(NOW)).toBe(false);
    // Commits that change nothing prove nothing: a purge with nothing to forget, a webhook already stored.
    expect(await store.purgeInbox(0, 10, 0)).toEqual({ forgotten: 0, next: null });
    expect(await store.putInbox({ id: 'before', receivedAt: 2, body: { ticketId: 1 } })).toBe(false);
    expect(await store.writable(NOW + 1_000)).toBe(false);

    setImmutable(wal, false);
    // With no webhook arriving: the probe's own write to the inbox's file tells.
    expect(await store.writable(NOW + 2_000)).toBe(true);
    expect(await store.putInbox({ id: 'during', receivedAt: 3, body: { ticketId: 2 } })).toBe(true);
    expect((await store.listUnprocessedInbox(10)).map((record) => record.id)).toEqual(['before', 'during']);
  });

  it('is probed at most once a second, and a probe that fails keeps the store unwritable', async () => {
    setImmutable(wal, true);
    await expect(store.putInbox({ id: 'during', receivedAt: 2, body: { ticketId: 2 } })).rejects.toThrow();
    expect(await store.writable(NOW)).toBe(false);
    setImmutable(wal, false);
    // Within the second the last probe's answer stands; after it, a new probe writes.
    expect(await store.writable(NOW + 999)).toBe(false);
    expect(await store.writable(NOW + 1_000)).toBe(true);
  });
});

describe("the server's health when the inbox file stops taking writes", () => {
  let receiver: Receiver;
  let wal: string;

  beforeEach(async () => {
    receiver = await startReceiver([SECRET], Date.now());
    wal = join(receiver.dataDir, `${INBOX_FILE}-wal`);
  });

  afterEach(async () => {
    try {
      setImmutable(wal, false);
    } finally {
      await receiver.close();
    }
  });

  it('reports the store unwritable after a refused webhook, and ok again with no webhook arriving', async () => {
    const health = async () => (await call(receiver.backend.url, 'GET', '/healthz', { token: null })).body.store;
    const body = '{"ticket_id":"7"}';
    const webhook = (id: string) =>
      post(receiver.backend.url, body, signedHeaders(SECRET, isoSeconds(Date.now()), body, id));
    expect((await webhook('inv-before')).status).toBe(200);
    setImmutable(wal, true);
    expect((await webhook('inv-during')).status).toBe(503);
    expect(await health()).toBe('unwritable');

    setImmutable(wal, false);
    await eventually('health recovered without a webhook', async () => (await health()) === 'ok');
    expect(receiver.inboxRows().map((row) => row.id)).toEqual(['inv-before']);
  });
});
