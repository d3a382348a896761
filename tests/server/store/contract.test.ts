import { newUpgrade, type UpgradeState } from '../../../src/core/lifecycle/index.js';
import type { NewBooking, Store } from '../../../src/server/store/types.js';
import { OverrunWatch } from '../../../src/server/watch/watch.js';
import { Reconciler } from '../../../src/server/capture/reconcile.js';
import { STALE_MS } from '../../../src/server/store/postgres/ops.js';
import { PostgresStore } from '../../../src/server/store/postgres/store.js';
import { storeKinds, type OpenedStore } from './stores.js';
import { seededRandom } from '../../support/random.js';

/** Every batch of a purge until the store has none left to look at: how many each forgot. */
async function purgeAll(store: Store, before: number, limit: number): Promise<number[]> {
  const batches: number[] = [];
  for (let from: number | null = 0; from !== null;) {
    if (batches.length === 1_000) throw new Error('the purge did not end');
    const batch = await store.purgeInbox(before, limit, from);
    batches.push(batch.forgotten);
    from = batch.next;
  }
  return batches;
}

/** The store contract: every test here runs unchanged against SQLite and Postgres. */
const T0 = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const upgradeIn = (state: UpgradeState) => ({ ...newUpgrade('7'), state });
const booking = (ticketId: number, start: number): NewBooking => ({
  ticketId,
  start,
  end: start + 6 * 3_600_000,
  rule: 'standard',
  class: 'maintenance',
  reason: null,
  timeZone: 'America/Chicago',
});

describe.each(storeKinds().map((kind) => [kind.name, kind] as const))('%s store', (_name, kind) => {
  let opened: OpenedStore;
  let store: Store;
  beforeAll(() => kind.setUp(), 60_000);
  afterAll(() => kind.tearDown(), 60_000);
  beforeEach(async () => {
    opened = await kind.open();
    store = opened.store;
  });
  afterEach(() => opened.close());

  it('writes an upgrade only at the expected version', async () => {
    expect(await store.putUpgrade(7, upgradeIn('scheduled'), 0, T0)).toBe(true);
    expect(await store.putUpgrade(7, upgradeIn('cancelled'), 0, T0)).toBe(false);
    expect(await store.putUpgrade(7, upgradeIn('in_progress'), 1, T0)).toBe(true);
    expect(await store.putUpgrade(7, upgradeIn('completed'), 1, T0)).toBe(false);
    expect(await store.getUpgrade(7)).toEqual({
      ticketId: 7,
      upgrade: upgradeIn('in_progress'),
      version: 2,
      updatedAt: T0,
    });
    expect(await store.getUpgrade(8)).toBeNull();
  });

  it("keeps an upgrade's open offer, deferrals and product as written", async () => {
    const window = {
      rule: 'standard',
      start: T0 + 7 * DAY,
      end: T0 + 7 * DAY + 6 * 3_600_000,
      timeZone: 'America/Chicago',
    };
    const offered = {
      ...upgradeIn('offered'),
      offer: { windows: [window], offeredAt: T0, expiresAt: T0 + 3 * DAY },
      deferrals: 2,
      product: 'community',
    };
    expect(await store.putUpgrade(7, offered, 0, T0)).toBe(true);
    expect((await store.getUpgrade(7))?.upgrade).toEqual(offered);
  });

  it('lists the upgrades in the given lifecycle states, by ticket id', async () => {
    await store.putUpgrade(3, upgradeIn('in_progress'), 0, T0);
    await store.putUpgrade(1, upgradeIn('scheduled'), 0, T0);
    await store.putUpgrade(2, upgradeIn('completed'), 0, T0);
    const found = await store.listUpgradesInStates(['scheduled', 'in_progress']);
    expect(found.map((record) => record.ticketId)).toEqual([1, 3]);
    expect(await store.listUpgradesInStates([])).toEqual([]);
  });

  it("lists, when asked, only the given tickets' upgrades in the given states", async () => {
    await store.putUpgrade(1, upgradeIn('scheduled'), 0, T0);
    await store.putUpgrade(2, upgradeIn('completed'), 0, T0);
    await store.putUpgrade(3, upgradeIn('awaiting_decision'), 0, T0);
    await store.putUpgrade(4, upgradeIn('scheduled'), 0, T0);
    const ids = async (ticketIds: number[]) =>
      (await store.listUpgradesInStates(['scheduled', 'awaiting_decision'], { ticketIds })).map(
        (record) => record.ticketId,
      );
    expect(await ids([3, 2, 1, 99])).toEqual([1, 3]);
    expect(await ids([])).toEqual([]);
    // More ids than SQLite takes parameters in one statement.
    expect(await ids(Array.from({ length: 40_000 }, (_, i) => i + 1))).toEqual([1, 3, 4]);
  });

  it('keeps a value in meta by key, replaced by the next write', async () => {
    expect(await store.getMeta('reconcile_export')).toBeNull();
    await store.putMeta('reconcile_export', '{"from":{"startTime":1}}');
    await store.putMeta('reconcile_export', '{"from":{"cursor":"c"}}');
    expect(await store.getMeta('reconcile_export')).toBe('{"from":{"cursor":"c"}}');
    const peer = await opened.peer();
    expect(await peer.getMeta('reconcile_export')).toBe('{"from":{"cursor":"c"}}');
    expect(await store.transaction((tx) => tx.getMeta('reconcile_export'))).toBe('{"from":{"cursor":"c"}}');
  });

  it('leaves out, when asked, the scheduled upgrades whose window has not begun', async () => {
    await store.putUpgrade(1, upgradeIn('scheduled'), 0, T0);
    await store.replaceBooking(booking(1, T0 - DAY), T0);
    await store.putUpgrade(2, upgradeIn('scheduled'), 0, T0);
    await store.replaceBooking(booking(2, T0 + DAY), T0);
    await store.putUpgrade(3, upgradeIn('in_progress'), 0, T0);
    await store.replaceBooking(booking(3, T0 + DAY), T0);
    const states = ['scheduled', 'in_progress'];
    const ids = async (options?: { startedBy?: number }) =>
      (await store.listUpgradesInStates(states, options)).map((record) => record.ticketId);
    expect(await ids({ startedBy: T0 })).toEqual([1, 3]);
    expect(await ids({ startedBy: T0 + DAY })).toEqual([1, 2, 3]);
    expect(await ids()).toEqual([1, 2, 3]);
  });

  it('keeps one active booking per ticket and releases the old place on a reschedule', async () => {
    await store.replaceBooking(booking(1, T0), T0);
    await store.replaceBooking(booking(2, T0), T0);
    const moved = await store.replaceBooking(booking(1, T0 + DAY), T0);
    expect(moved).toMatchObject({ ticketId: 1, start: T0 + DAY, active: true, class: 'maintenance', reason: null });
    expect(await store.activeBookingCounts()).toEqual(
      new Map([
        [T0, 1],
        [T0 + DAY, 1],
      ]),
    );
    expect(await store.activeBookingCounts(2)).toEqual(new Map([[T0 + DAY, 1]]));
    expect((await store.listBookings({ limit: 10 })).map((b) => [b.ticketId, b.start])).toEqual([
      [2, T0],
      [1, T0 + DAY],
    ]);
    expect((await store.listBookings({ from: T0 + DAY, limit: 10 })).map((b) => b.ticketId)).toEqual([1]);
    expect(await store.releaseBooking(2, T0)).toMatchObject({ ticketId: 2, active: false });
    expect(await store.releaseBooking(2, T0)).toBeNull();
    expect(await store.activeBooking(2)).toBeNull();
  });

  it('keeps the per-window counts equal to the active bookings through bookings, moves, releases and rollbacks', async () => {
    const starts = [T0, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY];
    const active = new Map<number, number>();
    const next = seededRandom(19);
    for (let step = 0; step < 60; step += 1) {
      const ticketId = 1 + Math.floor(next() * 10);
      const start = starts[Math.floor(next() * starts.length)]!;
      const roll = next();
      if (roll < 0.55) {
        await store.replaceBooking(booking(ticketId, start), T0);
        active.set(ticketId, start);
      } else if (roll < 0.8) {
        await store.releaseBooking(ticketId, T0);
        active.delete(ticketId);
      } else {
        // Undone: the counts go back with the booking.
        await expect(
          store.transaction(async (tx) => {
            await tx.replaceBooking(booking(ticketId, start), T0);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
      }
      const exclude = 1 + Math.floor(next() * 10);
      const [from, until] = [starts[1]!, starts[2]!];
      const expected = new Map<number, number>();
      for (const [ticket, at] of active) {
        if (ticket !== exclude && at >= from && at <= until) expected.set(at, (expected.get(at) ?? 0) + 1);
      }
      const counts = await store.activeBookingCounts(exclude, from, until);
      expect([step, new Map([...counts].sort())]).toEqual([step, new Map([...expected].sort())]);
    }
  });

  it('counts only the windows from the instant asked, however many past bookings stay active', async () => {
    await store.replaceBooking(booking(1, T0 - 30 * DAY), T0);
    await store.replaceBooking(booking(2, T0), T0);
    await store.replaceBooking(booking(3, T0), T0);
    await store.replaceBooking(booking(4, T0 + DAY), T0);
    expect(await store.activeBookingCounts(undefined, T0)).toEqual(
      new Map([
        [T0, 2],
        [T0 + DAY, 1],
      ]),
    );
    expect(await store.activeBookingCounts(3, T0 + 1)).toEqual(new Map([[T0 + DAY, 1]]));
    expect((await store.activeBookingCounts()).get(T0 - 30 * DAY)).toBe(1);
  });

  it("lists a period's bookings, a long one that began before the period among them", async () => {
    const long = { ...booking(1, T0 - 20 * DAY), end: T0 + DAY };
    await store.replaceBooking(long, T0);
    await store.replaceBooking(booking(2, T0 - 10 * DAY), T0);
    await store.replaceBooking(booking(3, T0 + 2 * DAY), T0);
    await store.replaceBooking(booking(4, T0 + 9 * DAY), T0);
    const listed = await store.listBookings({ from: T0, to: T0 + 7 * DAY, limit: 10 });
    expect(listed.map((b) => b.ticketId)).toEqual([1, 3]);
    // Once released, the long booking no longer widens the period read, and is not listed.
    await store.releaseBooking(1, T0);
    expect((await store.listBookings({ from: T0, to: T0 + 7 * DAY, limit: 10 })).map((b) => b.ticketId)).toEqual([3]);
  });

  it('pages through a period by start then ticket id, each page after the last key of the one before', async () => {
    // Ticket ids out of booking order, several at one start: the order is start, then ticket id, not insertion.
    const long = { ...booking(9, T0 - 5 * DAY), end: T0 + DAY };
    await store.replaceBooking(long, T0);
    for (const ticketId of [7, 3, 5, 1]) await store.replaceBooking(booking(ticketId, T0 + DAY), T0);
    await store.replaceBooking(booking(2, T0 + 2 * DAY), T0);
    await store.replaceBooking(booking(4, T0 - 9 * DAY), T0); // before the period, not listed
    await store.replaceBooking(booking(6, T0 + 8 * DAY), T0); // after it
    const period = { from: T0, to: T0 + 7 * DAY };
    const pages: number[][] = [];
    let after: { start: number; ticketId: number } | undefined;
    for (;;) {
      const page = await store.listBookings({ ...period, limit: 2, ...(after !== undefined ? { after } : {}) });
      pages.push(page.map((b) => b.ticketId));
      if (page.length < 2) break;
      after = { start: page.at(-1)!.start, ticketId: page.at(-1)!.ticketId };
    }
    expect(pages).toEqual([[9, 1], [3, 5], [7, 2], []]);
    // A cursor before the period's floor starts at the floor; the long booking that began earlier still counts.
    expect(
      (await store.listBookings({ ...period, limit: 3, after: { start: T0 - 30 * DAY, ticketId: 1 } })).map(
        (b) => b.ticketId,
      ),
    ).toEqual([9, 1, 3]);
    // The key is exclusive on the ticket id at the same start; a lower ticket id at a later start still follows.
    expect(
      (await store.listBookings({ limit: 10, after: { start: T0 + DAY, ticketId: 5 } })).map((b) => b.ticketId),
    ).toEqual([7, 2, 6]);
    // A booking moved behind the cursor is not listed again; one moved ahead is.
    await store.replaceBooking(booking(1, T0 + 3 * DAY), T0);
    expect(
      (await store.listBookings({ ...period, limit: 10, after: { start: T0 + DAY, ticketId: 3 } })).map(
        (b) => b.ticketId,
      ),
    ).toEqual([5, 7, 2, 1]);
  });

  it('counts only the windows between the instants asked when both bounds are given', async () => {
    for (const [ticketId, start] of [
      [1, T0 - DAY],
      [2, T0],
      [3, T0],
      [4, T0 + DAY],
      [5, T0 + 2 * DAY],
    ] as const)
      await store.replaceBooking(booking(ticketId, start), T0);
    expect(await store.activeBookingCounts(undefined, T0, T0 + DAY)).toEqual(
      new Map([
        [T0, 2],
        [T0 + DAY, 1],
      ]),
    );
  });

  it('rolls a transaction back as a whole when its work throws, passing the error through', async () => {
    const refusal = new Error('refused');
    await expect(
      store.transaction(async (tx) => {
        await tx.putUpgrade(9, upgradeIn('scheduled'), 0, T0);
        await tx.replaceBooking(booking(9, T0), T0);
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await store.getUpgrade(9)).toBeNull();
    expect(await store.activeBooking(9)).toBeNull();
  });

  it('hands out only the head of each ticket queue, one lease at a time, and again once the lease expired', async () => {
    const a1 = await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: { n: 1 }, createdAt: T0 }, null);
    await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: { n: 2 }, createdAt: T0 }, null);
    const b1 = await store.enqueue({ ticketId: 2, kind: 'zendesk', payload: { n: 3 }, createdAt: T0 }, null);
    const n1 = await store.enqueue({ ticketId: 1, kind: 'notify', payload: { n: 4 }, createdAt: T0 }, null);
    const claimed = await store.claimDue(T0, 60_000, 10);
    expect(claimed.map((item) => item.id)).toEqual([a1.id, b1.id, n1.id]);
    expect(claimed[0]).toMatchObject({ status: 'pending', lockedUntil: T0 + 60_000, payload: { n: 1 } });
    expect(await store.claimDue(T0 + 1, 60_000, 10)).toEqual([]);
    expect((await store.claimDue(T0 + 60_000, 60_000, 10)).map((item) => item.id)).toEqual([a1.id, b1.id, n1.id]);
    await store.markDelivered(a1.id, T0 + 60_001);
    const next = await store.claimDue(T0 + 60_002, 60_000, 10);
    expect(next.map((item) => item.payload)).toEqual([{ n: 2 }]);
  });

  it('waits for an item to come due, and counts only failures it was told to count', async () => {
    const item = await store.enqueue({ ticketId: 4, kind: 'zendesk', payload: {}, createdAt: T0 }, null);
    await store.claimDue(T0, 60_000, 10);
    await store.recordSend(item.id, { text: 'hello' }, T0);
    await store.retryLater(item.id, T0 + 5_000, 'HTTP 503', true);
    await store.retryLater(item.id, T0 + 5_000, 'HTTP 429', false);
    expect(await store.claimDue(T0 + 4_999, 60_000, 10)).toEqual([]);
    const [again] = await store.claimDue(T0 + 5_000, 60_000, 10);
    expect(again).toMatchObject({ sends: 1, failures: 1, lastError: 'HTTP 429', sent: { text: 'hello' } });
    expect(await store.countPendingDeliveries()).toBe(1);
  });

  it("lists the last window's updates of tickets, counting every send, a failure's flag, and each item at least once", async () => {
    const item = (ticketId: number, kind: 'zendesk' | 'notify' = 'zendesk') =>
      store.enqueue({ ticketId, kind, payload: {}, createdAt: T0 }, null);
    const delivered = await item(1);
    await store.recordSend(delivered.id, null, T0 + 1_000);
    await store.markDelivered(delivered.id, T0 + 1_500);
    // Sent twice without an answer (time-outs): both may have been applied.
    const ambiguous = await item(1);
    await store.recordSend(ambiguous.id, null, T0 + 2_000);
    await store.retryLater(ambiguous.id, T0 + 9_000, 'timed out', true);
    await store.recordSend(ambiguous.id, null, T0 + 3_000);
    // Refused without a send (a closed ticket read first): the review flag may still have gone.
    const refused = await item(2);
    await store.markFailed(refused.id, 'HTTP 422', T0 + 4_000);
    const sentThenFailed = await item(2);
    await store.recordSend(sentThenFailed.id, null, T0 + 5_000);
    await store.markFailed(sentThenFailed.id, 'HTTP 400', T0 + 6_000);
    // Not updates of a ticket in the window: an item never sent, a notification, and a send before `since`.
    await item(3);
    const notification = await item(3, 'notify');
    await store.recordSend(notification.id, null, T0 + 7_000);
    await store.markFailed(notification.id, 'HTTP 500', T0 + 7_000);
    const old = await item(4);
    await store.recordSend(old.id, null, T0 - 1);
    await store.markDelivered(old.id, T0);

    const updates = await store.recentTicketUpdates(T0);
    expect([...updates].sort((a, b) => a.at - b.at)).toEqual([
      { ticketId: 1, at: T0 + 1_000, count: 1 },
      { ticketId: 1, at: T0 + 3_000, count: 2 },
      { ticketId: 2, at: T0 + 4_000, count: 1 },
      { ticketId: 2, at: T0 + 6_000, count: 2 },
    ]);
    expect(await store.recentTicketUpdates(T0 + 4_000)).toEqual([{ ticketId: 2, at: T0 + 6_000, count: 2 }]);
  });

  it('mirrors delivery status into the history entry of an outbox item', async () => {
    const entry = await store.addHistory({
      ticketId: 3,
      type: 'upgrade_started',
      createdAt: T0,
      public: true,
      agent: { id: '42', name: 'Ada' },
      detail: { why: 'test' },
    });
    expect(entry).toMatchObject({
      public: true,
      outboxId: null,
      delivery: { status: 'delivered', at: T0, error: null },
    });
    const item = await store.enqueue({ ticketId: 3, kind: 'zendesk', payload: {}, createdAt: T0 }, entry.id);
    expect(await store.getHistory(entry.id)).toMatchObject({
      outboxId: item.id,
      delivery: { status: 'pending', at: null, error: null },
    });
    await store.markFailed(item.id, 'HTTP 422: closed ticket', T0 + 5);
    expect((await store.getHistory(entry.id))?.delivery).toEqual({
      status: 'failed',
      at: T0 + 5,
      error: 'HTTP 422: closed ticket',
    });
    expect(await store.countFailedDeliveries()).toBe(1);
    expect(await store.requeue(item.id, T0 + 6)).toBe(true);
    expect(await store.requeue(item.id, T0 + 6)).toBe(false);
    expect((await store.getHistory(entry.id))?.delivery.status).toBe('pending');
    await store.markDelivered(item.id, T0 + 7);
    const [history] = await store.listHistory(3);
    expect(history).toMatchObject({ agent: { id: '42', name: 'Ada' }, detail: { why: 'test' } });
    expect(history!.delivery).toEqual({ status: 'delivered', at: T0 + 7, error: null });
    expect(await store.getOutbox(item.id)).toMatchObject({
      status: 'delivered',
      deliveredAt: T0 + 7,
      lockedUntil: null,
    });
  });

  it('replaces an idempotency key in place and forgets keys older than the given instant only', async () => {
    const record = { ticketId: 1, key: 'k', requestHash: 'h', status: 202, body: { ok: true }, createdAt: T0 };
    await store.putIdempotency({ ...record, status: 409 });
    await store.putIdempotency(record);
    await store.putIdempotency({ ...record, key: 'old', createdAt: T0 - 8 * DAY });
    expect(await store.purgeIdempotency(T0 - 7 * DAY)).toBe(1);
    expect(await store.getIdempotency(1, 'k')).toEqual(record);
    expect(await store.getIdempotency(1, 'old')).toBeNull();
  });

  it('stores a webhook invocation once, and claims unprocessed ones oldest first', async () => {
    expect(await store.putInbox({ id: 'inv-2', receivedAt: T0 + 1, body: { ticketId: 6 } })).toBe(true);
    expect(await store.putInbox({ id: 'inv-1', receivedAt: T0, body: { ticket_id: '5' } })).toBe(true);
    expect(await store.putInbox({ id: 'inv-1', receivedAt: T0, body: { ticket_id: '5' } })).toBe(false);
    expect(await store.listUnprocessedInbox(10)).toEqual([
      { id: 'inv-1', receivedAt: T0, body: { ticket_id: '5' }, processedAt: null },
      { id: 'inv-2', receivedAt: T0 + 1, body: { ticketId: 6 }, processedAt: null },
    ]);
    await store.markInboxProcessed('inv-1', T0 + 2);
    expect((await store.claimInbox(T0 + 3, 30_000, 10)).map((row) => row.id)).toEqual(['inv-2']);
    // This process's own claims are its own again (its retries are its own business).
    expect((await store.claimInbox(T0 + 4, 30_000, 10)).map((row) => row.id)).toEqual(['inv-2']);
  });

  it('forgets processed invocations before the given instant only, oldest first, at most the limit per call', async () => {
    for (let n = 1; n <= 5; n += 1) await store.putInbox({ id: `inv-${n}`, receivedAt: T0 + n, body: { ticketId: n } });
    for (const n of [1, 2, 3]) await store.markInboxProcessed(`inv-${n}`, T0 + 10 + n);
    await store.markInboxProcessed('inv-4', T0 + 20);
    const batches = await purgeAll(store, T0 + 20, 2);
    expect(batches.reduce((sum, forgotten) => sum + forgotten, 0)).toBe(3);
    expect(Math.max(...batches)).toBe(2);
    // inv-4 was processed at the instant itself, inv-5 not at all: both still there, and still taken.
    expect(await store.putInbox({ id: 'inv-4', receivedAt: T0 + 30, body: {} })).toBe(false);
    expect((await store.listUnprocessedInbox(10)).map((row) => row.id)).toEqual(['inv-5']);
    expect(await store.putInbox({ id: 'inv-1', receivedAt: T0 + 30, body: { ticketId: 1 } })).toBe(true);
  });

  it('purges past a backlog of work at the front of the inbox, and looks no further than the instant', async () => {
    // Tickets Zendesk keeps refusing: their invocations stay unprocessed, retried for good, ahead of everything.
    for (let n = 0; n < 6; n += 1)
      await store.putInbox({ id: `stuck-${n}`, receivedAt: T0 + n, body: { ticketId: 1 } });
    for (let n = 0; n < 4; n += 1) {
      await store.putInbox({ id: `done-${n}`, receivedAt: T0 + 10 + n, body: { ticketId: 2 } });
      await store.markInboxProcessed(`done-${n}`, T0 + 20);
    }
    // Received after the instant: a hundred that could not have been processed before it.
    for (let n = 0; n < 100; n += 1) {
      await store.putInbox({ id: `later-${n}`, receivedAt: T0 + 30 + n, body: { ticketId: 3 } });
      await store.markInboxProcessed(`later-${n}`, T0 + 30 + n);
    }
    const batches = await purgeAll(store, T0 + 30, 2);
    expect(batches.reduce((sum, forgotten) => sum + forgotten, 0)).toBe(4);
    // The six at the front and the four behind them take five batches of two at most; one more reaches the later.
    expect(batches.length).toBeLessThanOrEqual(6);
    expect((await store.listUnprocessedInbox(10)).map((row) => row.id)).toEqual(
      Array.from({ length: 6 }, (_, n) => `stuck-${n}`),
    );
    expect(await store.putInbox({ id: 'later-99', receivedAt: T0 + 200, body: {} })).toBe(false);
    expect(await store.putInbox({ id: 'done-0', receivedAt: T0 + 200, body: {} })).toBe(true);
  });

  it('judges a comment once and records each watch action once', async () => {
    const comment = { ticketId: 5, commentId: 900, outcome: 'captured', detail: 'GO', processedAt: T0 };
    expect(await store.markCommentProcessed(comment)).toBe(true);
    expect(await store.markCommentProcessed({ ...comment, outcome: 'ignored' })).toBe(false);
    expect(await store.processedCommentIds(5)).toEqual(new Set([900]));
    expect(await store.listProcessedComments(5)).toEqual([comment]);
    expect(await store.putWatchMark(5, 'overrun:1:2', T0)).toBe(true);
    expect(await store.putWatchMark(5, 'overrun:1:2', T0)).toBe(false);
  });

  it('lets its own process lead, and renew the lead', async () => {
    expect(await store.holdLeadership('overrun-watch', T0, 60_000)).toBe(true);
    expect(await store.holdLeadership('overrun-watch', T0 + 30_000, 60_000)).toBe(true);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('with two stores on one database', () => {
    it('never books a window over its capacity when bookings race', async () => {
      const peer = await opened.peer();
      const capacity = 3;
      const attempt = (on: Store, ticketId: number) =>
        on.transaction(async (tx) => {
          const counts = await tx.activeBookingCounts(ticketId);
          // Another statement between the check and the write, as the service does: a race has room to happen.
          await tx.getUpgrade(ticketId);
          if ((counts.get(T0) ?? 0) >= capacity) return false;
          await tx.replaceBooking(booking(ticketId, T0), T0);
          return true;
        });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) => attempt(index % 2 === 0 ? store : peer, 100 + index)),
      );
      expect(results.filter(Boolean)).toHaveLength(capacity);
      expect((await store.activeBookingCounts()).get(T0)).toBe(capacity);
    });

    it('applies an idempotency key once when two stores receive it at once', async () => {
      const peer = await opened.peer();
      const apply = (on: Store) =>
        on.transaction(async (tx) => {
          if ((await tx.getIdempotency(7, 'key-1')) !== null) return 'replayed';
          const record = await tx.getUpgrade(7);
          await tx.putUpgrade(7, upgradeIn('in_progress'), record?.version ?? 0, T0);
          await tx.addHistory({
            ticketId: 7,
            type: 'upgrade_started',
            createdAt: T0,
            public: true,
            agent: null,
            detail: null,
          });
          await tx.putIdempotency({
            ticketId: 7,
            key: 'key-1',
            requestHash: 'h',
            status: 202,
            body: {},
            createdAt: T0,
          });
          return 'applied';
        });
      const results = await Promise.all([store, peer, store, peer].map(apply));
      expect(results.sort()).toEqual(['applied', 'replayed', 'replayed', 'replayed']);
      expect(await store.listHistory(7)).toHaveLength(1);
      expect((await store.getUpgrade(7))?.version).toBe(1);
    });

    it('hands each due outbox item to one claimer only', async () => {
      const peer = await opened.peer();
      const ids: number[] = [];
      for (let ticketId = 1; ticketId <= 60; ticketId += 1) {
        ids.push((await store.enqueue({ ticketId, kind: 'zendesk', payload: {}, createdAt: T0 }, null)).id);
      }
      // Twelve claims of five at once, alternating between the stores: each item goes to exactly one of them.
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          (index % 2 === 0 ? store : peer).claimDue(T0, 60_000, 5).then((items) => items.map((item) => item.id)),
        ),
      );
      expect(claims.flat().sort((a, b) => a - b)).toEqual(ids);
    });
  });

  if (kind.replicas) {
    describe('between replicas', () => {
      it('migrates once when replicas start at once, and they agree on one store id', async () => {
        const url = (await kind.databaseUrl())!;
        const replicas = await Promise.all([1, 2, 3, 4].map(() => PostgresStore.open(url)));
        try {
          expect(new Set(replicas.map((replica) => replica.storeId)).size).toBe(1);
          expect(new Set(replicas.map((replica) => replica.replica)).size).toBe(4);
        } finally {
          for (const replica of replicas) await replica.close();
        }
      });

      it('answers every racing booking from three replicas booked or full, with no transaction run twice', async () => {
        // Bookings for several windows at once, as the service writes them: each reads every window's count, checks
        // its own window and writes the booking, the upgrade, a history entry and its outbox item. Run SERIALIZABLE
        // alone, any two of them conflict (each read what the other wrote) and one is run again, so under enough
        // load some ran out of attempts and the client got 503 (docs/DECISIONS.md, 48).
        const replicas: Store[] = [store, await opened.peer(), await opened.peer()];
        const capacity = 3;
        const windows = Array.from({ length: 8 }, (_, index) => T0 + index * DAY);
        const tries = windows.flatMap((start, w) =>
          Array.from({ length: capacity + 2 }, (_, n) => ({ ticketId: 1000 + w * 10 + n, start })),
        );
        let runs = 0;
        const answers = await Promise.all(
          tries.map(({ ticketId, start }, index) =>
            replicas[index % replicas.length]!.transaction(async (tx) => {
              runs += 1;
              const counts = await tx.activeBookingCounts(ticketId);
              const record = await tx.getUpgrade(ticketId);
              if ((counts.get(start) ?? 0) >= capacity) return 'full';
              await tx.putUpgrade(ticketId, upgradeIn('scheduled'), record?.version ?? 0, T0);
              await tx.replaceBooking(booking(ticketId, start), T0);
              const entry = await tx.addHistory({
                ticketId,
                type: 'booking',
                createdAt: T0,
                public: true,
                agent: null,
                detail: null,
              });
              await tx.enqueue({ ticketId, kind: 'zendesk', payload: {}, createdAt: T0 }, entry.id);
              return 'booked';
            }).catch((error: unknown) => (error as Error).name),
          ),
        );
        const tally = (values: string[]) =>
          Object.fromEntries([...new Set(values)].sort().map((v) => [v, values.filter((x) => x === v).length]));
        expect(tally(answers)).toEqual({ booked: capacity * windows.length, full: 2 * windows.length });
        const counts = await store.activeBookingCounts();
        expect(windows.map((start) => counts.get(start))).toEqual(windows.map(() => capacity));
        // None lost a serialisation race, so no amount of load can exhaust the retries.
        expect(runs).toBe(tries.length);
      });

      it('commits a webhook batch while the bookings are held by another replica', async () => {
        const peer = await opened.peer();
        let release!: () => void;
        let holding!: () => void;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const holder = store.transaction(async (tx) => {
          await tx.activeBookingCounts();
          holding();
          await new Promise<void>((resolve) => (release = resolve));
          return 'booked';
        });
        await held;
        const stored = await peer.transaction(
          async (tx) => [
            await tx.putInbox({ id: 'a', receivedAt: T0, body: { ticketId: 1 } }),
            await tx.putInbox({ id: 'b', receivedAt: T0, body: { ticketId: 2 } }),
          ],
          { bookings: false },
        );
        release();
        expect([stored, await holder]).toEqual([[true, true], 'booked']);
      });

      it('leaves a webhook invocation claimed by one replica to it until its lease expires', async () => {
        const peer = await opened.peer();
        await store.putInbox({ id: 'a', receivedAt: T0, body: { ticketId: 1 } });
        await store.putInbox({ id: 'b', receivedAt: T0 + 1, body: { ticketId: 2 } });
        const [mine, theirs] = await Promise.all([store.claimInbox(T0, 30_000, 1), peer.claimInbox(T0, 30_000, 1)]);
        expect([...mine, ...theirs].map((row) => row.id).sort()).toEqual(['a', 'b']);
        expect(await peer.claimInbox(T0 + 29_999, 30_000, 10)).toEqual(theirs);
        expect((await peer.claimInbox(T0 + 30_000, 30_000, 10)).map((row) => row.id)).toEqual(['a', 'b']);
        await peer.markInboxProcessed('a', T0 + 30_001);
        expect(await store.claimInbox(T0 + 90_000, 30_000, 10)).toEqual([
          { id: 'b', receivedAt: T0 + 1, body: { ticketId: 2 }, processedAt: null },
        ]);
      });

      it("purges past the invocations another replica's purge holds, instead of waiting for them", async () => {
        for (let n = 0; n < 4; n += 1) {
          await store.putInbox({ id: `inv-${n}`, receivedAt: T0 + n, body: { ticketId: n } });
          await store.markInboxProcessed(`inv-${n}`, T0 + 10 + n);
        }
        // Another replica's batch, mid-way: the two oldest locked.
        let release!: () => void;
        let holding!: () => void;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const holder = opened.sql!.begin(async (tx) => {
          await tx`SELECT id FROM inbox WHERE id IN ('inv-0', 'inv-1') FOR UPDATE`;
          holding();
          await new Promise<void>((resolve) => (release = resolve));
        });
        await held;
        const peer = await opened.peer();
        let timer: NodeJS.Timeout | undefined;
        try {
          const waited = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('the purge waited for the held invocations')), 5_000);
          });
          expect((await Promise.race([peer.purgeInbox(T0 + 100, 2, 0), waited])).forgotten).toBe(2);
        } finally {
          clearTimeout(timer);
          release();
          await holder;
        }
        const left = await opened.sql!`SELECT id FROM inbox ORDER BY id`;
        expect(left.map((row) => row.id)).toEqual(['inv-0', 'inv-1']);
      });

      it('lets one replica lead at a time, another after the lease expired or was given back', async () => {
        const peer = await opened.peer();
        const results = await Promise.all([
          store.holdLeadership('overrun-watch', T0, 60_000),
          peer.holdLeadership('overrun-watch', T0, 60_000),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const [leader, follower] = results[0] ? [store, peer] : [peer, store];
        expect(await follower.holdLeadership('overrun-watch', T0 + 59_999, 60_000)).toBe(false);
        expect(await follower.holdLeadership('other-role', T0, 60_000)).toBe(true);
        expect(await follower.holdLeadership('overrun-watch', T0 + 60_000, 60_000)).toBe(true);
        expect(await leader.holdLeadership('overrun-watch', T0 + 60_001, 60_000)).toBe(false);
        await follower.close();
        expect(await leader.holdLeadership('overrun-watch', T0 + 60_002, 60_000)).toBe(true);
      });

      it('frees the leases of a replica whose heartbeat stopped, long before they expire', async () => {
        const dying = (await opened.peer()) as PostgresStore;
        const item = await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: {}, createdAt: T0 }, null);
        await store.putInbox({ id: 'a', receivedAt: T0, body: { ticketId: 1 } });
        expect(await dying.claimDue(T0, 120_000, 10)).toHaveLength(1);
        expect(await dying.claimInbox(T0, 120_000, 10)).toHaveLength(1);
        expect(await dying.holdLeadership('overrun-watch', T0, 120_000)).toBe(true);
        expect(await store.claimDue(T0 + 1, 120_000, 10)).toEqual([]);
        // As after a SIGKILL: its heartbeat row is no longer renewed (here: older than the staleness limit).
        await opened.sql!`UPDATE replicas SET seen_at = seen_at - ${STALE_MS + 1} WHERE id = ${dying.replica}`;
        (dying as unknown as { heartbeat: NodeJS.Timeout }).heartbeat.close();
        expect((await store.claimDue(T0 + 2, 120_000, 10)).map((claimed) => claimed.id)).toEqual([item.id]);
        expect((await store.claimInbox(T0 + 2, 120_000, 10)).map((row) => row.id)).toEqual(['a']);
        expect(await store.holdLeadership('overrun-watch', T0 + 2, 120_000)).toBe(true);
      });

      it('runs the overrun watch on the leading replica only', async () => {
        const peer = await opened.peer();
        const looked: string[] = [];
        const watchOn = (on: Store, name: string) =>
          new OverrunWatch({
            store: {
              ...on,
              holdLeadership: (role, now, ttl) => on.holdLeadership(role, now, ttl),
              listUpgradesInStates: (states) => {
                looked.push(name);
                return on.listUpgradesInStates(states);
              },
            } as Store,
            changes: null as never,
            policy: null as never,
            now: () => T0,
            logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
          });
        const first = watchOn(store, 'first');
        const second = watchOn(peer, 'second');
        expect([await first.tick(), await second.tick(), await first.tick()]).toEqual([[], [], []]);
        expect(looked).toEqual(['first', 'first']);
      });

      it('runs reconciliation on the leading replica only, and on another once the leader closed', async () => {
        const peer = await opened.peer();
        const passes: string[] = [];
        const reconcilerOn = (on: Store, name: string) =>
          new Reconciler({
            store: {
              holdLeadership: (role, now, ttl) => on.holdLeadership(role, now, ttl),
              listUpgradesInStates: (states) => {
                passes.push(name);
                return on.listUpgradesInStates(states);
              },
              getMeta: (key) => on.getMeta(key),
              putMeta: (key, value) => on.putMeta(key, value),
            },
            // The first pass on the shared store is a full one; those after it read the export from its place.
            zendesk: {
              exportTickets: async () => {
                passes.push(name);
                return { tickets: [], after_cursor: null, after_url: null, end_of_stream: true };
              },
            },
            processTicket: async () => undefined,
            now: () => T0,
            zendeskNow: () => T0,
            intervalMs: 60_000,
            logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
          });
        const first = reconcilerOn(store, 'first');
        const second = reconcilerOn(peer, 'second');
        await first.runOnce();
        await second.runOnce();
        await first.runOnce();
        expect(passes).toEqual(['first', 'first']);
        await store.close();
        await second.runOnce();
        expect(passes).toEqual(['first', 'first', 'second']);
      });

      it('gives back the work a closing replica had claimed but not finished', async () => {
        const peer = await opened.peer();
        const item = await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: {}, createdAt: T0 }, null);
        await store.putInbox({ id: 'a', receivedAt: T0, body: { ticketId: 1 } });
        expect(await peer.claimDue(T0, 120_000, 10)).toHaveLength(1);
        expect(await peer.claimInbox(T0, 120_000, 10)).toHaveLength(1);
        expect(await store.claimDue(T0 + 1, 120_000, 10)).toEqual([]);
        await peer.close();
        expect((await store.claimDue(T0 + 2, 120_000, 10)).map((i) => i.id)).toEqual([item.id]);
        expect((await store.claimInbox(T0 + 2, 120_000, 10)).map((row) => row.id)).toEqual(['a']);
      });

      it("leaves a live replica's lease alone until it expires: starting replicas release nothing", async () => {
        const peer = await opened.peer();
        await store.enqueue({ ticketId: 1, kind: 'zendesk', payload: {}, createdAt: T0 }, null);
        expect(await store.claimDue(T0, 120_000, 10)).toHaveLength(1);
        expect(await peer.releaseLeases()).toBe(0);
        expect(await peer.claimDue(T0 + 1, 120_000, 10)).toEqual([]);
        expect(await peer.claimDue(T0 + 120_000, 120_000, 10)).toHaveLength(1);
      });
    });
  }
});
