import { INBOX_PURGE_BATCH, INBOX_RETENTION_MS, purgeExpired } from '../../../src/server/use-cases/retention.js';
import { eventually } from '../helpers.js';
import { SECRET, isoSeconds, post, signedHeaders, startReceiver, type Receiver } from './receiver-helpers.js';

/**
 * The inbox forgets what it no longer needs: a processed invocation past its retention (Zendesk's retries of an
 * invocation come within minutes; comments are judged once through their own record), so the inbox, and its
 * writer's cost, stop growing with every webhook ever received (docs/DECISIONS.md, 61).
 */
const NOW = Date.parse('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver([SECRET], NOW);
});
afterEach(() => receiver.close());

/** A signed webhook for ticket 10231, stamped at the receiver's clock. */
async function deliver(invocationId: string): Promise<void> {
  const body = '{"ticket_id": "10231"}';
  const answer = await post(
    receiver.backend.url,
    body,
    signedHeaders(SECRET, isoSeconds(receiver.clock.now), body, invocationId),
  );
  expect([invocationId, answer.status, answer.body.duplicate]).toEqual([invocationId, 200, false]);
}

const ids = () => receiver.inboxRows().map((row) => row.id);

describe('the inbox retention', () => {
  it('forgets processed invocations once past their retention, and keeps the recent and the unprocessed', async () => {
    const { store } = receiver.backend;
    // Each stored webhook wakes the inbox worker, which marks it processed.
    const processed = async () => (await store.listUnprocessedInbox(10)).length === 0;
    await deliver('inv-old-1');
    await deliver('inv-old-2');
    await eventually('the first two processed', processed);
    receiver.clock.now = NOW + 2 * DAY;
    await deliver('inv-recent');
    await eventually('the third processed', processed);
    // Stored without waking the worker: still to be processed. A pass still running could claim it; the restart
    // waits for that pass, and the new server's first pass reads the inbox before it is stored.
    await receiver.restart([SECRET]);
    await receiver.firstPassRead();
    await receiver.backend.store.putInbox({
      id: 'inv-waiting',
      receivedAt: receiver.clock.now,
      body: { ticketId: 10231 },
    });

    receiver.clock.now = NOW + INBOX_RETENTION_MS;
    // Processed exactly a retention ago: kept until it is older than that.
    expect(await receiver.backend.purgeExpired()).toEqual({ keys: 0, invocations: 0 });
    receiver.clock.now = NOW + INBOX_RETENTION_MS + 1;
    expect(await receiver.backend.purgeExpired()).toEqual({ keys: 0, invocations: 2 });
    expect(ids()).toEqual(['inv-recent', 'inv-waiting']);
    // Still work to do, whatever its age: the worker finds it.
    receiver.clock.now = NOW + 30 * DAY;
    expect(await receiver.backend.purgeExpired()).toEqual({ keys: 0, invocations: 1 });
    expect((await receiver.backend.store.listUnprocessedInbox(10)).map((row) => row.id)).toEqual(['inv-waiting']);
  });

  it('purges in the background once the server listens, in batches, until none is left', async () => {
    const count = 2 * INBOX_PURGE_BATCH + 50;
    const { store } = receiver.backend;
    await receiver.firstPassRead();
    await Promise.all(
      Array.from({ length: count }, (_, n) =>
        store.putInbox({ id: `inv-${n}`, receivedAt: NOW, body: { ticketId: n } }),
      ),
    );
    await Promise.all(Array.from({ length: count }, (_, n) => store.markInboxProcessed(`inv-${n}`, NOW)));
    receiver.clock.now = NOW + INBOX_RETENTION_MS + 1;
    // Received (and processed, if the worker gets to it first) now: kept either way.
    await deliver('inv-after');
    await receiver.restart([SECRET]);
    await eventually('the start-up purge', () => ids().length === 1);
    expect(ids()).toEqual(['inv-after']);
  });

  it('stops between batches when asked: a server that stops waits for the batch in hand only', async () => {
    const { store } = receiver.backend;
    await receiver.firstPassRead();
    for (let n = 0; n < INBOX_PURGE_BATCH + 1; n += 1) {
      await store.putInbox({ id: `inv-${n}`, receivedAt: NOW, body: { ticketId: n } });
    }
    await Promise.all(
      Array.from({ length: INBOX_PURGE_BATCH + 1 }, (_, n) => store.markInboxProcessed(`inv-${n}`, NOW)),
    );
    receiver.clock.now = NOW + INBOX_RETENTION_MS + 1;
    let asked = 0;
    const clock = () => receiver.clock.now;
    expect(await purgeExpired({ store, now: clock, workNow: clock }, () => asked++ > 0)).toEqual({
      keys: 0,
      invocations: INBOX_PURGE_BATCH,
    });
    expect(ids()).toEqual([`inv-${INBOX_PURGE_BATCH}`]);
  });

  it('forgets what is past its retention behind a backlog of invocations still to be processed', async () => {
    const { store } = receiver.backend;
    await receiver.firstPassRead();
    // More than a batch of work the worker has not done (tickets Zendesk keeps refusing), stored first.
    const stuck = Array.from({ length: 2 * INBOX_PURGE_BATCH + 3 }, (_, n) => `stuck-${n}`);
    for (const id of stuck) await store.putInbox({ id, receivedAt: NOW, body: { ticketId: 10231 } });
    for (let n = 0; n < 5; n += 1) {
      await store.putInbox({ id: `done-${n}`, receivedAt: NOW, body: { ticketId: 10231 } });
      await store.markInboxProcessed(`done-${n}`, NOW);
    }
    receiver.clock.now = NOW + INBOX_RETENTION_MS + 1;
    expect(await receiver.backend.purgeExpired()).toEqual({ keys: 0, invocations: 5 });
    expect(ids()).toEqual(stuck);
  });
});
