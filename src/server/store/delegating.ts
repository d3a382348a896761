import type { Upgrade } from '../../core/lifecycle/types.js';
import type {
  BookingPage,
  IdempotencyRecord,
  InboxRecord,
  NewHistory,
  NewOutbox,
  ProcessedComment,
  StoreOps,
  UpgradeListOptions,
} from './types.js';

/**
 * The operations a store offers outside a transaction, each handed to `runOp` (a read) or `runWrite` (a write),
 * which say how one runs alone: SQLite queues it behind the others on its one connection, Postgres runs it as one
 * statement on its pool. A store overrides the ones it runs otherwise (in a transaction of its own, or on another
 * thread). `replaceBooking` is each store's own: it checks capacity and writes, so it always runs in a transaction.
 */
export abstract class DelegatingStore implements Omit<StoreOps, 'replaceBooking' | 'writable'> {
  /** Runs one operation outside a transaction, on the store's own operations. */
  protected abstract runOp<T>(op: (ops: StoreOps) => Promise<T>): Promise<T>;

  /** Runs one operation that writes, outside a transaction: as `runOp` unless the store says otherwise. */
  protected runWrite<T>(op: (ops: StoreOps) => Promise<T>): Promise<T> {
    return this.runOp(op);
  }

  getUpgrade = (ticketId: number) => this.runOp((ops) => ops.getUpgrade(ticketId));
  putUpgrade = (ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number) =>
    this.runWrite((ops) => ops.putUpgrade(ticketId, upgrade, expectedVersion, now));
  activeBooking = (ticketId: number) => this.runOp((ops) => ops.activeBooking(ticketId));
  activeBookingCounts = (excludeTicket?: number, from?: number, until?: number) =>
    this.runOp((ops) => ops.activeBookingCounts(excludeTicket, from, until));
  releaseBooking = (ticketId: number, now: number) => this.runWrite((ops) => ops.releaseBooking(ticketId, now));
  listBookings = (page: BookingPage) => this.runOp((ops) => ops.listBookings(page));
  addHistory = (entry: NewHistory) => this.runWrite((ops) => ops.addHistory(entry));
  listHistory = (ticketId: number) => this.runOp((ops) => ops.listHistory(ticketId));
  getHistory = (id: number) => this.runOp((ops) => ops.getHistory(id));
  enqueue = (item: NewOutbox, historyId: number | null) => this.runWrite((ops) => ops.enqueue(item, historyId));
  getOutbox = (id: number) => this.runOp((ops) => ops.getOutbox(id));
  claimDue = (now: number, leaseMs: number, limit: number) => this.runWrite((ops) => ops.claimDue(now, leaseMs, limit));
  recordSend = (id: number, sent: unknown, now: number) => this.runWrite((ops) => ops.recordSend(id, sent, now));
  markDelivered = (id: number, now: number) => this.runWrite((ops) => ops.markDelivered(id, now));
  retryLater = (id: number, at: number, error: string, countFailure: boolean) =>
    this.runWrite((ops) => ops.retryLater(id, at, error, countFailure));
  markFailed = (id: number, error: string, now: number) => this.runWrite((ops) => ops.markFailed(id, error, now));
  requeue = (id: number, now: number) => this.runWrite((ops) => ops.requeue(id, now));
  releaseLeases = () => this.runWrite((ops) => ops.releaseLeases());
  countFailedDeliveries = () => this.runOp((ops) => ops.countFailedDeliveries());
  countPendingDeliveries = () => this.runOp((ops) => ops.countPendingDeliveries());
  recentTicketUpdates = (since: number) => this.runOp((ops) => ops.recentTicketUpdates(since));
  getIdempotency = (ticketId: number, key: string) => this.runOp((ops) => ops.getIdempotency(ticketId, key));
  putIdempotency = (record: IdempotencyRecord) => this.runWrite((ops) => ops.putIdempotency(record));
  purgeIdempotency = (before: number) => this.runWrite((ops) => ops.purgeIdempotency(before));
  putInbox = (record: Omit<InboxRecord, 'processedAt'>) => this.runWrite((ops) => ops.putInbox(record));
  markInboxProcessed = (id: string, now: number) => this.runWrite((ops) => ops.markInboxProcessed(id, now));
  purgeInbox = (before: number, limit: number, from: number) =>
    this.runWrite((ops) => ops.purgeInbox(before, limit, from));
  listUnprocessedInbox = (limit: number) => this.runOp((ops) => ops.listUnprocessedInbox(limit));
  claimInbox = (now: number, leaseMs: number, limit: number) =>
    this.runWrite((ops) => ops.claimInbox(now, leaseMs, limit));
  markCommentProcessed = (record: ProcessedComment) => this.runWrite((ops) => ops.markCommentProcessed(record));
  processedCommentIds = (ticketId: number) => this.runOp((ops) => ops.processedCommentIds(ticketId));
  listProcessedComments = (ticketId: number) => this.runOp((ops) => ops.listProcessedComments(ticketId));
  putWatchMark = (ticketId: number, mark: string, now: number) =>
    this.runWrite((ops) => ops.putWatchMark(ticketId, mark, now));
  listUpgradesInStates = (states: readonly string[], options?: UpgradeListOptions) =>
    this.runOp((ops) => ops.listUpgradesInStates(states, options));
  getMeta = (key: string) => this.runOp((ops) => ops.getMeta(key));
  putMeta = (key: string, value: string) => this.runWrite((ops) => ops.putMeta(key, value));
  ping = () => this.runOp((ops) => ops.ping());
}
