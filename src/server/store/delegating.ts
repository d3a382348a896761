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
 * The operations a store offers outside a transaction, each handed to `runOp`, which says how one runs alone:
 * SQLite queues it behind the others on its one connection, Postgres runs it as one statement on its pool. A store
 * overrides the ones it runs otherwise (in a transaction of its own, or on another thread). `replaceBooking` is
 * each store's own: it checks capacity and writes, so it always runs in a transaction.
 */
export abstract class DelegatingStore implements Omit<StoreOps, 'replaceBooking' | 'writable'> {
  /** Runs one operation outside a transaction, on the store's own operations. */
  protected abstract runOp<T>(op: (ops: StoreOps) => Promise<T>): Promise<T>;

  getUpgrade = (ticketId: number) => this.runOp((ops) => ops.getUpgrade(ticketId));
  putUpgrade = (ticketId: number, upgrade: Upgrade, expectedVersion: number, now: number) =>
    this.runOp((ops) => ops.putUpgrade(ticketId, upgrade, expectedVersion, now));
  activeBooking = (ticketId: number) => this.runOp((ops) => ops.activeBooking(ticketId));
  activeBookingCounts = (excludeTicket?: number, from?: number, until?: number) =>
    this.runOp((ops) => ops.activeBookingCounts(excludeTicket, from, until));
  releaseBooking = (ticketId: number, now: number) => this.runOp((ops) => ops.releaseBooking(ticketId, now));
  listBookings = (page: BookingPage) => this.runOp((ops) => ops.listBookings(page));
  addHistory = (entry: NewHistory) => this.runOp((ops) => ops.addHistory(entry));
  listHistory = (ticketId: number) => this.runOp((ops) => ops.listHistory(ticketId));
  getHistory = (id: number) => this.runOp((ops) => ops.getHistory(id));
  enqueue = (item: NewOutbox, historyId: number | null) => this.runOp((ops) => ops.enqueue(item, historyId));
  getOutbox = (id: number) => this.runOp((ops) => ops.getOutbox(id));
  claimDue = (now: number, leaseMs: number, limit: number) => this.runOp((ops) => ops.claimDue(now, leaseMs, limit));
  recordSend = (id: number, sent: unknown, now: number) => this.runOp((ops) => ops.recordSend(id, sent, now));
  markDelivered = (id: number, now: number) => this.runOp((ops) => ops.markDelivered(id, now));
  retryLater = (id: number, at: number, error: string, countFailure: boolean) =>
    this.runOp((ops) => ops.retryLater(id, at, error, countFailure));
  markFailed = (id: number, error: string, now: number) => this.runOp((ops) => ops.markFailed(id, error, now));
  requeue = (id: number, now: number) => this.runOp((ops) => ops.requeue(id, now));
  releaseLeases = () => this.runOp((ops) => ops.releaseLeases());
  countFailedDeliveries = () => this.runOp((ops) => ops.countFailedDeliveries());
  countPendingDeliveries = () => this.runOp((ops) => ops.countPendingDeliveries());
  recentTicketUpdates = (since: number) => this.runOp((ops) => ops.recentTicketUpdates(since));
  getIdempotency = (ticketId: number, key: string) => this.runOp((ops) => ops.getIdempotency(ticketId, key));
  putIdempotency = (record: IdempotencyRecord) => this.runOp((ops) => ops.putIdempotency(record));
  purgeIdempotency = (before: number) => this.runOp((ops) => ops.purgeIdempotency(before));
  putInbox = (record: Omit<InboxRecord, 'processedAt'>) => this.runOp((ops) => ops.putInbox(record));
  markInboxProcessed = (id: string, now: number) => this.runOp((ops) => ops.markInboxProcessed(id, now));
  listUnprocessedInbox = (limit: number) => this.runOp((ops) => ops.listUnprocessedInbox(limit));
  claimInbox = (now: number, leaseMs: number, limit: number) =>
    this.runOp((ops) => ops.claimInbox(now, leaseMs, limit));
  markCommentProcessed = (record: ProcessedComment) => this.runOp((ops) => ops.markCommentProcessed(record));
  processedCommentIds = (ticketId: number) => this.runOp((ops) => ops.processedCommentIds(ticketId));
  listProcessedComments = (ticketId: number) => this.runOp((ops) => ops.listProcessedComments(ticketId));
  putWatchMark = (ticketId: number, mark: string, now: number) =>
    this.runOp((ops) => ops.putWatchMark(ticketId, mark, now));
  listUpgradesInStates = (states: readonly string[], options?: UpgradeListOptions) =>
    this.runOp((ops) => ops.listUpgradesInStates(states, options));
  getMeta = (key: string) => this.runOp((ops) => ops.getMeta(key));
  putMeta = (key: string, value: string) => this.runOp((ops) => ops.putMeta(key, value));
  ping = () => this.runOp((ops) => ops.ping());
}
