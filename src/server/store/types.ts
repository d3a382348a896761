import type { Upgrade } from '../../core/lifecycle/types.js';
import type { BookingKey } from '../../contract/bookings.js';

/**
 * The backend's persistence, as one interface: SQLite (`SqliteStore`, one process) and Postgres
 * (`PostgresStore`, several replicas on one database). Every method is async so that a networked database can
 * implement it; a transaction's work must do no I/O of its own (no Zendesk call inside), only reads and writes
 * through `tx`, because a store may run it again (Postgres retries a transaction that lost a serialisation race).
 */
export interface Store extends StoreOps {
  /**
   * Runs `work` in one transaction that behaves as if it ran alone: SQLite takes the write lock first
   * (`BEGIN IMMEDIATE`), Postgres runs it SERIALIZABLE and retries it when another replica's commit conflicts.
   * On Postgres, transactions that may touch bookings (the default) first wait for their turn, one at a time across
   * replicas, so they never conflict with each other (docs/DECISIONS.md, 48).
   */
  transaction<T>(work: (tx: StoreOps) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Whether this process leads `role` (the overrun watch) until `now + ttlMs`: true while it holds or renews the
   * lease, false while another live replica does. One process per SQLite store, so always true there.
   */
  holdLeadership(role: string, now: number, ttlMs: number): Promise<boolean>;
  /** A random id of this data directory, part of every delivery marker (ids restart with a new directory). */
  readonly storeId: string;
  close(): Promise<void>;
}

export interface AgentRef {
  id: string | null;
  name: string | null;
}

export interface UpgradeRecord {
  ticketId: number;
  /** The lifecycle's upgrade (stored as JSON through `upgrade-codec.ts`). */
  upgrade: Upgrade;
  /** Grows by one with each write; the first write is version 1. */
  version: number;
  updatedAt: number;
}

export type BookingClass = 'maintenance' | 'hotfix';

export interface BookingRecord {
  id: number;
  ticketId: number;
  start: number;
  end: number;
  rule: string;
  class: BookingClass;
  reason: string | null;
  timeZone: string;
  active: boolean;
  createdAt: number;
}

export type NewBooking = Omit<BookingRecord, 'id' | 'active' | 'createdAt'>;

/** One page of a period's bookings. */
export interface BookingPage {
  from?: number;
  to?: number;
  /** The last booking of the previous page (by start, then ticket id: one active booking per ticket, no ties). */
  after?: BookingKey;
  limit: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface HistoryRecord {
  id: number;
  ticketId: number;
  type: string;
  createdAt: number;
  public: boolean;
  agent: AgentRef | null;
  /** The outbox item that delivers it; null for entries nothing delivers. */
  outboxId: number | null;
  delivery: { status: DeliveryStatus; at: number | null; error: string | null };
  detail: unknown;
}

export type NewHistory = Pick<HistoryRecord, 'ticketId' | 'type' | 'createdAt' | 'public' | 'agent' | 'detail'>;

export type OutboxKind = 'zendesk' | 'notify';

export interface OutboxRecord {
  id: number;
  ticketId: number;
  kind: OutboxKind;
  payload: unknown;
  historyId: number | null;
  status: DeliveryStatus;
  /** Sends that may have reached Zendesk: more than 0 means "reconcile before sending again". */
  sends: number;
  /** Failed attempts counted against the retry budget (429s are not counted). */
  failures: number;
  nextAttemptAt: number;
  lockedUntil: number | null;
  lastError: string | null;
  /** What was last sent (the rendered update), so a reconciliation can recognise it among the comments. */
  sent: unknown;
  createdAt: number;
  deliveredAt: number | null;
}

/**
 * Updates one outbox item may have made on its ticket, counted conservatively: each send counts (a send that timed
 * out may have been applied), a failed item one more (the "needs review" flag), and every item at least one; all at
 * `at`, the item's last update, which is never earlier than the update itself.
 */
export interface TicketUpdateRecord {
  ticketId: number;
  at: number;
  count: number;
}

export interface NewOutbox {
  ticketId: number;
  kind: OutboxKind;
  payload: unknown;
  createdAt: number;
}

export interface IdempotencyRecord {
  ticketId: number;
  key: string;
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: number;
}

export interface InboxRecord {
  id: string;
  receivedAt: number;
  body: unknown;
  processedAt: number | null;
}

/** What one batch of the inbox's purge did (`StoreOps.purgeInbox`). */
export interface InboxPurgeBatch {
  forgotten: number;
  /** Where the next batch starts; null when none is left to look at. */
  next: number | null;
}

export interface StoreOps {
  getUpgrade(ticketId: number): Promise<UpgradeRecord | null>;
  /**
   * Writes the upgrade if its stored version is still `expectedVersion` (0 for a new ticket).
   * Returns false, writing nothing, when another write came first.
   */
  putUpgrade(ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number): Promise<boolean>;

  activeBooking(ticketId: number): Promise<BookingRecord | null>;
  /**
   * How many active bookings start at each instant, leaving out `excludeTicket`'s own; only the windows starting at
   * or after `from` when given (bookings stay active once their window is over, so without it the count reads
   * every booking ever made), and at or before `until` when given.
   */
  activeBookingCounts(excludeTicket?: number, from?: number, until?: number): Promise<Map<number, number>>;
  /** Replaces the ticket's active booking (releasing the old one in the same transaction). */
  replaceBooking(booking: NewBooking, now: number): Promise<BookingRecord>;
  releaseBooking(ticketId: number, now: number): Promise<BookingRecord | null>;
  /**
   * Active bookings whose window overlaps [from, to), by start then ticket id: at most `limit` of them, those after
   * the key `after` when given (keyset paging on the index bookings_active_counts, docs/DECISIONS.md, 52).
   */
  listBookings(page: BookingPage): Promise<BookingRecord[]>;

  addHistory(entry: NewHistory): Promise<HistoryRecord>;
  listHistory(ticketId: number): Promise<HistoryRecord[]>;
  getHistory(id: number): Promise<HistoryRecord | null>;

  /** Queues an item; with `historyId` its delivery status is mirrored into that history entry. */
  enqueue(item: NewOutbox, historyId: number | null): Promise<OutboxRecord>;
  getOutbox(id: number): Promise<OutboxRecord | null>;
  /**
   * Leases the head item of each ticket's queue that is due and not leased, oldest tickets first, so one
   * delivery per ticket is ever in flight and a ticket's items go in order.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<OutboxRecord[]>;
  /** Records, before the request leaves, that a send may reach Zendesk (the recovery point). */
  recordSend(id: number, sent: unknown, now: number): Promise<void>;
  markDelivered(id: number, now: number): Promise<void>;
  /** Gives the lease back and schedules the next attempt; `countFailure` spends the retry budget. */
  retryLater(id: number, at: number, error: string, countFailure: boolean): Promise<void>;
  markFailed(id: number, error: string, now: number): Promise<void>;
  /** Puts a failed item back in its queue (the agent's retry). */
  requeue(id: number, now: number): Promise<boolean>;
  /**
   * Frees the leases a dead process left. SQLite: every lease, at start (one process owns the directory).
   * Postgres: none, since a lease may be a live replica's; a dead replica's leases expire instead.
   */
  releaseLeases(): Promise<number>;
  countFailedDeliveries(): Promise<number>;
  countPendingDeliveries(): Promise<number>;
  /**
   * The Zendesk updates the outbox's items may have made since `since`, one record per item, each at the item's
   * last update (a send, or the review flag after a failure): what a restarted process restores its per-ticket
   * budget from (docs/DECISIONS.md, 51). Read through an index on that instant, never over the whole outbox.
   */
  recentTicketUpdates(since: number): Promise<TicketUpdateRecord[]>;

  getIdempotency(ticketId: number, key: string): Promise<IdempotencyRecord | null>;
  putIdempotency(record: IdempotencyRecord): Promise<void>;
  /** Forgets keys older than `before`; returns how many. */
  purgeIdempotency(before: number): Promise<number>;

  /** Stores a webhook invocation once; false when that id was already stored. */
  putInbox(record: Omit<InboxRecord, 'processedAt'>): Promise<boolean>;
  markInboxProcessed(id: string, now: number): Promise<void>;
  /**
   * One batch of the inbox's purge: forgets invocations processed before `before`, at most `limit`, with work
   * bounded by `limit`, never by the inbox's size. The first batch starts `from` 0, each next one from the `next`
   * the last returned, until that is null. SQLite walks the inbox in the order it was received, `limit` invocations
   * a batch, past those still unprocessed or processed since (so a backlog of work at the front holds nothing up),
   * and ends at the first received at or after `before`; Postgres takes them through an index of the processed.
   */
  purgeInbox(before: number, limit: number, from: number): Promise<InboxPurgeBatch>;
  listUnprocessedInbox(limit: number): Promise<InboxRecord[]>;
  /**
   * The unprocessed invocations this process may work on, oldest first, leased to it until `now + leaseMs`: those
   * no other live replica holds. A process renews its own leases with each claim, so its retries stay its own.
   */
  claimInbox(now: number, leaseMs: number, limit: number): Promise<InboxRecord[]>;

  /**
   * Records that a Zendesk comment was judged (decision capture), with its outcome; false, writing nothing,
   * when it already was. Called in the transaction that applies the outcome, so a comment acts once.
   */
  markCommentProcessed(record: ProcessedComment): Promise<boolean>;
  /** The comment ids of the ticket already judged. */
  processedCommentIds(ticketId: number): Promise<Set<number>>;
  listProcessedComments(ticketId: number): Promise<ProcessedComment[]>;

  /** Records a watch action (`overrun:<end>`, `missed_start:<start>`, `timeout:<requestedAt>`) once; false when done before. */
  putWatchMark(ticketId: number, mark: string, now: number): Promise<boolean>;
  /**
   * Upgrades whose lifecycle state is one of `states`, by ticket id. With `startedBy`, a `scheduled` upgrade only
   * once its active booking starts at or before that instant (the overrun watch owes a scheduled upgrade nothing
   * before its window, and the weeks of booked upgrades ahead are then left unread). With `ticketIds`, only those
   * tickets' upgrades (reconciliation's batch of tickets Zendesk says changed: one read for the batch).
   */
  listUpgradesInStates(states: readonly string[], options?: UpgradeListOptions): Promise<UpgradeRecord[]>;

  /**
   * A value kept in the store's `meta` table (both stores have had it since their first migration), by key; null
   * when never written. Reconciliation keeps its place in Zendesk's incremental export there (`reconcile_export`),
   * so a restart or another replica goes on from it (docs/DECISIONS.md, 53).
   */
  getMeta(key: string): Promise<string | null>;
  putMeta(key: string, value: string): Promise<void>;

  /** A trivial query that fails when the database cannot be reached. */
  ping(): Promise<void>;
  /** False while writes fail (a full or read-only disk); optional for stores that cannot tell. */
  writable?(): Promise<boolean>;
}

export interface UpgradeListOptions {
  startedBy?: number;
  ticketIds?: readonly number[];
}

export interface ProcessedComment {
  ticketId: number;
  commentId: number;
  /** What capture did: `captured`, `review`, `note`, `ignored`, `refused`. */
  outcome: string;
  detail: string | null;
  processedAt: number;
}

export interface TransactionOptions {
  /**
   * Whether `work` may read or write bookings or upgrades (default true). False only for work that touches neither
   * (the webhook inbox's batches): on Postgres it then runs beside the bookings' turn instead of waiting for it.
   */
  bookings?: boolean;
}

/** The store cannot be reached (disk, lock, closed database): HTTP 503, never a client's fault. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Another process owns the data directory. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}
