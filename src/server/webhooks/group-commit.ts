import type { InboxRecord, Store } from '../store/types.js';

/** At most this many invocations share one commit, so one slow batch never holds many answers back. */
const MAX_BATCH = 256;

/**
 * Group commit for the webhook inbox: invocations that arrive while a commit is being written share the next
 * one (one transaction, one fsync with synchronous=FULL), and each caller's promise settles only after that
 * commit, so a 200 still means "on disk". When the transaction fails, every caller in it gets the error (503,
 * Zendesk retries) and nothing of the batch was acknowledged.
 *
 * Example: 40 webhooks arrive during one 4 ms fsync; they are answered together after the next commit instead
 * of queueing for 40 fsyncs (160 ms for the last one).
 */
export function groupCommitInbox(store: Store): (record: Omit<InboxRecord, 'processedAt'>) => Promise<boolean> {
  type Waiting = {
    record: Omit<InboxRecord, 'processedAt'>;
    resolve: (stored: boolean) => void;
    reject: (error: unknown) => void;
  };
  let waiting: Waiting[] = [];
  let draining = false;

  const commit = async (batch: Waiting[]) => {
    try {
      // Alone, an invocation is one insert, which is its own transaction: no BEGIN/COMMIT around it.
      const stored =
        batch.length === 1
          ? [await store.putInbox(batch[0]!.record)]
          : await store.transaction(
              async (tx) => {
                const results: boolean[] = [];
                // Sequential on purpose: the same id twice in one batch must store once (the second sees the first).
                for (const item of batch) results.push(await tx.putInbox(item.record));
                return results;
              },
              // Touches the inbox only: it need not wait for the bookings' turn (Postgres).
              { bookings: false },
            );
      batch.forEach((item, index) => item.resolve(stored[index]!));
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  };

  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_BATCH);
      waiting = waiting.slice(batch.length);
      await commit(batch);
    }
    draining = false;
  };

  return (record) =>
    new Promise<boolean>((resolve, reject) => {
      waiting.push({ record, resolve, reject });
      if (!draining) {
        draining = true;
        // After the requests already read from the sockets have joined the batch.
        setImmediate(() => void drain());
      }
    });
}
