import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  INBOX_PROBE_SQL,
  PURGE_INBOX_RANGE_SQL,
  PURGE_INBOX_SQL,
  purgeBatchOf,
  type PurgeRange,
} from './sqlite/inbox.js';
import { StoreUnavailableError, type InboxPurgeBatch, type InboxRecord } from './types.js';

/**
 * The store's fsyncs off the event loop. better-sqlite3 is synchronous, so with `synchronous=FULL` every commit
 * on the main connection stalls every request for an fsync, and SQLite's automatic checkpoint (every 1,000 WAL
 * pages) stalls it for a write-back and an fsync of the database file (measured here: p50 0.2 ms per commit but
 * p99 14-20 ms, up to 75 ms when the disk is busy). Two worker threads, each with connections of its own to the
 * store's files (WAL allows one writer at a time and readers alongside; `busy_timeout` makes the others wait):
 *
 * - the inbox writer, on the inbox's own file (`INBOX_FILE`), which only it writes once serving: webhook
 *   invocations that arrive while it is committing share its next transaction (group commit, at most MAX_BATCH),
 *   committed with `synchronous=FULL`; each caller's promise settles only after that commit returned, so an
 *   acknowledged webhook is on disk exactly as it was when the main thread wrote it. The main connection's writes
 *   go to the other file, so they never wait for this thread's lock nor empty its page cache (docs/DECISIONS.md,
 *   60);
 * - the checkpointer, for both files: automatic checkpoints are off on the main connection and on this thread's
 *   (`wal_autocheckpoint=0`), and this thread runs a PASSIVE checkpoint of each file every CHECKPOINT_MS, which
 *   copies committed pages into the database file without blocking any writer or reader. Durability does not depend
 *   on checkpoints: a committed WAL frame is already fsynced, and recovery replays the WAL after a crash.
 * - a WAL starts over from its beginning only when a writer begins after a checkpoint that copied every frame, and
 *   while webhooks keep coming the inbox writer commits during each of this thread's checkpoints: the inbox's WAL
 *   then never starts over and grows with every commit (840 MB in 30 s of the backend bench: 58). So the inbox
 *   writer checkpoints its file too once the WAL holds WAL_RESTART_PAGES (SQLite's automatic checkpoint, on its
 *   connection): by then this thread has copied all but the last second's frames, and no other write to that file
 *   can begin meanwhile, so the checkpoint completes and the writer's next commit starts the WAL over.
 *
 * The main connection's own commits skip their fsync meanwhile (`synchronous=NORMAL`); `SqliteStore.durable`
 * fsyncs the WAL on libuv's thread pool before any caller hears of such a write (docs/DECISIONS.md, 57).
 *
 * The threads run plain JavaScript given as text (`eval`), so the same code runs from the TypeScript sources
 * (jest, the crash tests' loader) and from the build, with no extra file to ship.
 */
export const MAX_BATCH = 256;
export const CHECKPOINT_MS = 1_000;
/** WAL pages (4 KiB each) at which the inbox writer checkpoints itself, so that the WAL starts over: 16 MiB. */
export const WAL_RESTART_PAGES = 4_096;
/** Values per item in a message to the inbox writer: id, a time, the body's JSON (null: a mark; see the thread). */
const FIELDS = 3;

const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
// The WAL indexes are the ones the main thread's connections mapped (shared: src/server/store/shm.ts).
const open = (file) => {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('wal_autocheckpoint = 0');
  return db;
};

if (workerData.role === 'checkpoint') {
  const dbs = workerData.files.map(open);
  const timer = setInterval(() => {
    for (const db of dbs) {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        // Busy or failing: the next period tries again; the WAL only grows meanwhile.
      }
    }
  }, workerData.periodMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    for (const db of dbs) db.close();
    parentPort.close();
  });
} else {
  const db = open(workerData.file);
  db.pragma('wal_autocheckpoint = ' + workerData.restartPages);
  const insert = db.prepare('INSERT INTO inbox (id, received_at, body_json) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const processed = db.prepare('UPDATE inbox SET processed_at = ? WHERE id = ?');
  const purgeRange = db.prepare(workerData.purgeRangeSql);
  const purge = db.prepare(workerData.purgeSql);
  const probe = db.prepare(workerData.probeSql);
  // Items arrive flat, FIELDS values each (see InboxWriter.send): [id, receivedAt, bodyJson] for an invocation, [id,
  // processedAt, null] for a processed mark, [from, before, limit] for a batch of the purge (a number where the others
  // have their id), [null, now, null] for the health probe's write. One transaction per batch: one fsync. In order: the
  // same id twice in a batch stores once (the second sees the first), and a processed mark always follows its own
  // insert. Answers go in the order the items came, so they name no item: the first answer is for the first items
  // (whether stored or marked; for a purge, what its statements found and did, as src/server/store/sqlite/inbox.ts's
  // own purge does).
  const FIELDS = workerData.fields;
  const commit = db.transaction((batch) => {
    const stored = [];
    for (let at = 0; at < batch.length; at += FIELDS) {
      if (batch[at] === null) {
        stored.push(probe.run(batch[at + 1]).changes === 1);
        continue;
      }
      if (typeof batch[at] === 'number') {
        const range = purgeRange.get(batch[at], batch[at + 2]);
        stored.push({ range, forgotten: purge.run(batch[at], range.last, batch[at + 1]).changes });
        continue;
      }
      const changes =
        batch[at + 2] === null
          ? processed.run(batch[at + 1], batch[at]).changes
          : insert.run(batch[at], batch[at + 1], batch[at + 2]).changes;
      stored.push(changes === 1);
    }
    return stored;
  });
  let pending = [];
  let scheduled = false;
  let closing = false;
  const flush = () => {
    scheduled = false;
    while (pending.length > 0) {
      const batch = pending.splice(0, workerData.maxBatch * FIELDS);
      try {
        parentPort.postMessage({ stored: commit(batch) });
      } catch (error) {
        parentPort.postMessage({ count: batch.length / FIELDS, error: { code: error.code, message: error.message } });
      }
    }
    if (closing) {
      db.close();
      parentPort.close();
    }
  };
  parentPort.on('message', (message) => {
    // Never mid-commit here: a flush runs to its end before the next message is read.
    if (message === 'close') closing = true;
    else for (const value of message) pending.push(value);
    // After the other messages already waiting on the port have joined the batch.
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}
`;

const driverPath = () => createRequire(import.meta.url).resolve('better-sqlite3');

/** A caller's answer: whether stored (or marked), or for a batch of the purge what it found and did. */
type Answer = boolean | PurgeRange;
type Settle = { resolve: (answer: Answer) => void; reject: (error: unknown) => void };

/**
 * The inbox writer thread: `put` resolves true when stored, false when the id was already there; `markProcessed`
 * after the mark is committed. Marks share the inserts' batches: after a webhook's answer, the inbox worker's
 * mark would otherwise be one more fsync on the event loop per invocation (measured: 17% of the main thread's
 * time under load).
 */
export class InboxWriter {
  /** Each item's caller, in the order the items were sent (the thread answers in that order). */
  private readonly waiting: Settle[] = [];
  /**
   * Items not handed to the thread yet, posted as one message: one postMessage per batch, not per webhook. Flat,
   * FIELDS values per item: an array of numbers and strings clones for the thread at a fraction of the cost of one
   * object per item (docs/DECISIONS.md, 58).
   */
  private outgoing: (string | number | null)[] = [];
  private exited: Promise<void>;

  /**
   * Items handed to the thread and not answered yet (every caller waiting whose item is not in `outgoing`). While
   * there are any, new items wait in `outgoing` and go as one message when the last is answered: each message wakes
   * the thread, and it would only hold them until its commit ends.
   */
  private get inFlight(): number {
    return this.waiting.length - this.outgoing.length / FIELDS;
  }
  private failure: Error | null = null;
  /** Whether the thread's last commit failed (it answered an error) and none that wrote followed. */
  private lastCommitFailed = false;

  private constructor(private readonly worker: Worker) {
    worker.on(
      'message',
      (message: { stored?: Answer[]; count?: number; error?: { code?: string; message: string } }) => {
        const { stored, error } = message;
        // Only a commit that wrote tells that the file takes writes again: one that changed nothing (a purge with
        // nothing to forget, a webhook already stored) wrote nothing to it.
        if (stored === undefined) this.lastCommitFailed = true;
        else if (stored.some((answer) => answer === true || (typeof answer === 'object' && answer.forgotten > 0))) {
          this.lastCommitFailed = false;
        }
        const answered = this.waiting.splice(0, stored?.length ?? message.count!);
        answered.forEach((settle, index) => {
          if (stored !== undefined) settle.resolve(stored[index]!);
          else settle.reject(new StoreUnavailableError(`store unavailable: ${error!.message}`));
        });
        if (this.inFlight === 0) this.post();
      },
    );
    this.exited = new Promise((resolve) => {
      worker.once('error', (error) => {
        this.failure = error;
      });
      worker.once('exit', () => {
        this.failure ??= new Error('the inbox writer stopped');
        // Nothing of these was acknowledged: each caller answers 503 and Zendesk retries.
        for (const settle of this.waiting.splice(0)) settle.reject(new StoreUnavailableError(this.failure.message));
        this.outgoing = [];
        resolve();
      });
    });
  }

  static start(file: string): InboxWriter {
    return new InboxWriter(
      new Worker(THREAD_SOURCE, {
        eval: true,
        workerData: {
          role: 'inbox',
          file,
          driver: driverPath(),
          maxBatch: MAX_BATCH,
          fields: FIELDS,
          restartPages: WAL_RESTART_PAGES,
          purgeRangeSql: PURGE_INBOX_RANGE_SQL,
          purgeSql: PURGE_INBOX_SQL,
          probeSql: INBOX_PROBE_SQL,
        },
      }),
    );
  }

  /** Whether the inbox's file takes writes, as far as the thread last knew: not after a failed commit, nor once it stopped. */
  get failing(): boolean {
    return this.failure !== null || this.lastCommitFailed;
  }

  put(record: Omit<InboxRecord, 'processedAt'>): Promise<boolean> {
    return this.send(record.id, record.receivedAt, JSON.stringify(record.body)) as Promise<boolean>;
  }

  async markProcessed(id: string, now: number): Promise<void> {
    await this.send(id, now, null);
  }

  /** One batch of the purge (`StoreOps.purgeInbox`), committed with the webhooks of its batch. */
  async purge(before: number, limit: number, from: number): Promise<InboxPurgeBatch> {
    return purgeBatchOf((await this.send(from, before, limit)) as PurgeRange, limit, before);
  }

  /**
   * A write to the inbox's file that always changes it (`SqliteStore.writable`): after a failed commit, the first
   * that succeeds tells that the file takes writes again, with no webhook needed.
   */
  async probe(now: number): Promise<void> {
    await this.send(null, now, null);
  }

  /**
   * An invocation to insert (`third` its body's JSON, `at` its receipt), a processed mark (`third` null, `at` its
   * time), a batch of the purge (`id` the rowid it starts after, `at` the instant before which, `third` the limit),
   * or the health probe's write (`id` and `third` null).
   */
  private send(id: string | number | null, at: number, third: string | number | null): Promise<Answer> {
    if (this.failure !== null) return Promise.reject(new StoreUnavailableError(this.failure.message));
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.outgoing.push(id, at, third);
      if (this.outgoing.length === FIELDS) setImmediate(() => this.post());
    });
  }

  /** Hands the waiting items to the thread, unless some are in flight (their answer posts these) or `now`. */
  private post({ now } = { now: false }): void {
    if (this.outgoing.length === 0 || (this.inFlight > 0 && !now)) return;
    const items = this.outgoing;
    this.outgoing = [];
    this.worker.postMessage(items);
  }

  /** Commits what was already handed over, then ends the thread. */
  async close(): Promise<void> {
    if (this.failure === null) {
      this.post({ now: true });
      this.worker.postMessage('close');
    }
    await this.exited;
  }
}

/** The checkpointer thread (see above); `close` ends it. */
export class Checkpointer {
  private constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<void>,
  ) {}

  static start(files: string[], periodMs = CHECKPOINT_MS): Checkpointer {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { role: 'checkpoint', files, driver: driverPath(), periodMs },
    });
    // A checkpointer that failed to open only means a growing WAL until the next start; never a crash.
    worker.on('error', () => undefined);
    return new Checkpointer(worker, new Promise((resolve) => worker.once('exit', () => resolve())));
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.exited;
  }
}
