import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StoreUnavailableError, type InboxRecord } from './types.js';

/**
 * The store's fsyncs off the event loop. better-sqlite3 is synchronous, so with `synchronous=FULL` every commit
 * on the main connection stalls every request for an fsync, and SQLite's automatic checkpoint (every 1,000 WAL
 * pages) stalls it for a write-back and an fsync of the database file (measured here: p50 0.2 ms per commit but
 * p99 14-20 ms, up to 75 ms when the disk is busy). Two worker threads, each with its own connection to the same
 * file (WAL allows one writer at a time and readers alongside; `busy_timeout` makes the others wait):
 *
 * - the inbox writer: webhook invocations that arrive while it is committing share its next transaction (group
 *   commit, at most MAX_BATCH), committed with `synchronous=FULL`; each caller's promise settles only after that
 *   commit returned, so an acknowledged webhook is on disk exactly as it was when the main thread wrote it;
 * - the checkpointer: automatic checkpoints are off on the main connection and on this thread's
 *   (`wal_autocheckpoint=0`), and this thread runs a PASSIVE checkpoint every CHECKPOINT_MS, which copies committed
 *   pages into the database file without blocking any writer or reader. Durability does not depend on checkpoints:
 *   a committed WAL frame is already fsynced, and recovery replays the WAL after a crash.
 * - the WAL starts over from its beginning only when a writer begins after a checkpoint that copied every frame,
 *   and while webhooks keep coming the inbox writer commits during each of this thread's checkpoints: the WAL then
 *   never starts over and grows with every commit (840 MB in 30 s of the backend bench, for a 30 MB database). So the
 *   inbox writer checkpoints too once the WAL holds WAL_RESTART_PAGES (SQLite's own automatic checkpoint, on its
 *   connection only): by then this thread has copied all but the last second's frames, and no other write can
 *   begin meanwhile (the main connection writes in the writer's turn), so that checkpoint completes and the writer's
 *   next commit starts the WAL over (docs/DECISIONS.md, 58).
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
/** Values per item in a message to the inbox writer: id, a time, the body's JSON (null for a processed mark). */
const FIELDS = 3;

const THREAD_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');

// The WAL index is the one the main connection mapped (this thread shares it: src/server/store/shm.ts).

if (workerData.role === 'checkpoint') {
  const timer = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      // Busy or failing: the next period tries again; the WAL only grows meanwhile.
    }
  }, workerData.periodMs);
  parentPort.on('message', () => {
    clearInterval(timer);
    db.close();
    parentPort.close();
  });
} else {
  db.pragma('wal_autocheckpoint = ' + workerData.restartPages);
  const insert = db.prepare('INSERT INTO inbox (id, received_at, body_json) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const processed = db.prepare('UPDATE inbox SET processed_at = ? WHERE id = ?');
  // Items arrive flat, FIELDS values each (see InboxWriter.send): [id, receivedAt, bodyJson] for an invocation,
  // [id, processedAt, null] for a processed mark. One transaction per batch: one fsync. In order: the same id twice
  // in a batch stores once (the second sees the first), and a processed mark always follows its own insert. Answers
  // go in the order the items came, so they name no item: the first answer is for the first items.
  const FIELDS = workerData.fields;
  const commit = db.transaction((batch) => {
    const stored = [];
    for (let at = 0; at < batch.length; at += FIELDS) {
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
  // The main connection's turn: while it writes, this thread holds its batches (see InboxWriter.turn).
  let paused = false;
  const flush = () => {
    scheduled = false;
    if (paused && !closing) return;
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
    if (message === 'pause') {
      paused = true;
      parentPort.postMessage({ paused: true });
      return;
    }
    if (message === 'resume') paused = false;
    else if (message === 'close') closing = true;
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

type Settle = { resolve: (stored: boolean) => void; reject: (error: unknown) => void };

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

  /** Callers waiting for the thread to acknowledge a pause, in order. */
  private readonly pauses: (() => void)[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on(
      'message',
      (message: { stored?: boolean[]; count?: number; error?: { code?: string; message: string }; paused?: true }) => {
        if (message.paused === true) {
          this.pauses.shift()?.();
          return;
        }
        const { stored, error } = message;
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
        // A turn asked of a thread that is gone is simply the main connection's.
        for (const paused of this.pauses.splice(0)) paused();
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
        },
      }),
    );
  }

  put(record: Omit<InboxRecord, 'processedAt'>): Promise<boolean> {
    return this.send(record.id, record.receivedAt, JSON.stringify(record.body));
  }

  async markProcessed(id: string, now: number): Promise<void> {
    await this.send(id, now, null);
  }

  /**
   * Runs `work` in the main connection's turn: the thread first finishes the commit it is in, then holds the
   * invocations that arrive (they join its next batch) until `work` settles. A write on the main connection then
   * never meets the thread's lock, so it never waits in SQLite's busy handler, which sleeps the event loop (1, 2,
   * 5, 10 ms ...) while webhooks wait to be answered; the event loop waits for the acknowledgement instead, free.
   */
  async turn<T>(work: () => Promise<T>): Promise<T> {
    if (this.failure === null) {
      // Batches handed over before the turn go first (their callers are already waiting).
      this.post({ now: true });
      await new Promise<void>((resolve) => {
        this.pauses.push(resolve);
        this.worker.postMessage('pause');
      });
    }
    try {
      return await work();
    } finally {
      if (this.failure === null) this.worker.postMessage('resume');
    }
  }

  /** An invocation to insert (`bodyJson` set, `at` its receipt) or a processed mark (`bodyJson` null, `at` its time). */
  private send(id: string, at: number, bodyJson: string | null): Promise<boolean> {
    if (this.failure !== null) return Promise.reject(new StoreUnavailableError(this.failure.message));
    return new Promise<boolean>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.outgoing.push(id, at, bodyJson);
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

  static start(file: string, periodMs = CHECKPOINT_MS): Checkpointer {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { role: 'checkpoint', file, driver: driverPath(), periodMs },
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
