import { decodeUpgrade } from './upgrade-codec.js';
import type {
  BookingRecord,
  HistoryRecord,
  IdempotencyRecord,
  InboxRecord,
  OutboxRecord,
  ProcessedComment,
  TicketUpdateRecord,
  UpgradeRecord,
} from './types.js';

/**
 * Rows as both stores read them back, into records. The two schemas use the same column names; SQLite gives
 * integers and 0/1, Postgres gives BIGINTs as strings and booleans, so every value goes through Number(),
 * `flag()` or String() here, and JSON columns are text in both.
 */
export type Row = Record<string, unknown>;

const flag = (value: unknown): boolean => value === true || value === 1 || value === '1';
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const jsonOrNull = (value: unknown): unknown =>
  value === null || value === undefined ? null : JSON.parse(String(value));

export function toUpgrade(row: Row): UpgradeRecord {
  return {
    ticketId: Number(row.ticket_id),
    upgrade: decodeUpgrade(String(row.state_json), Number(row.ticket_id)),
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  };
}

export function toBooking(row: Row): BookingRecord {
  return {
    id: Number(row.id),
    ticketId: Number(row.ticket_id),
    start: Number(row.start_at),
    end: Number(row.end_at),
    rule: String(row.rule),
    class: row.class === 'hotfix' ? 'hotfix' : 'maintenance',
    reason: textOrNull(row.reason),
    timeZone: String(row.time_zone),
    active: flag(row.active),
    createdAt: Number(row.created_at),
  };
}

export function toHistory(row: Row): HistoryRecord {
  const agent =
    row.agent_id === null && row.agent_name === null
      ? null
      : { id: textOrNull(row.agent_id), name: textOrNull(row.agent_name) };
  return {
    id: Number(row.id),
    ticketId: Number(row.ticket_id),
    type: String(row.type),
    createdAt: Number(row.created_at),
    public: flag(row.public),
    agent,
    outboxId: numberOrNull(row.outbox_id),
    delivery: {
      status: row.delivery_status as HistoryRecord['delivery']['status'],
      at: numberOrNull(row.delivered_at),
      error: textOrNull(row.error),
    },
    detail: jsonOrNull(row.detail_json),
  };
}

export function toOutbox(row: Row): OutboxRecord {
  return {
    id: Number(row.id),
    ticketId: Number(row.ticket_id),
    kind: row.kind === 'notify' ? 'notify' : 'zendesk',
    payload: JSON.parse(String(row.payload_json)),
    historyId: numberOrNull(row.history_id),
    status: row.status as OutboxRecord['status'],
    sends: Number(row.sends),
    failures: Number(row.failures),
    nextAttemptAt: Number(row.next_attempt_at),
    lockedUntil: numberOrNull(row.locked_until),
    lastError: textOrNull(row.last_error),
    sent: jsonOrNull(row.sent_json),
    createdAt: Number(row.created_at),
    deliveredAt: numberOrNull(row.delivered_at),
  };
}

/** An outbox item's updates of its ticket (see `TicketUpdateRecord`): its sends, the review flag, at least one. */
export function toTicketUpdate(row: Row): TicketUpdateRecord {
  const count = Number(row.sends) + (row.status === 'failed' ? 1 : 0);
  return { ticketId: Number(row.ticket_id), at: Number(row.last_update_at), count: Math.max(1, count) };
}

export function toIdempotency(row: Row): IdempotencyRecord {
  return {
    ticketId: Number(row.ticket_id),
    key: String(row.key),
    requestHash: String(row.request_hash),
    status: Number(row.status),
    body: JSON.parse(String(row.body_json)),
    createdAt: Number(row.created_at),
  };
}

export function toInbox(row: Row): InboxRecord {
  return {
    id: String(row.id),
    receivedAt: Number(row.received_at),
    body: JSON.parse(String(row.body_json)),
    processedAt: numberOrNull(row.processed_at),
  };
}

export function toProcessedComment(row: Row): ProcessedComment {
  return {
    ticketId: Number(row.ticket_id),
    commentId: Number(row.comment_id),
    outcome: String(row.outcome),
    detail: textOrNull(row.detail),
    processedAt: Number(row.processed_at),
  };
}

/** Takes one booking off a start's count (a ticket's own booking, left out of the counts it is checked against). */
export function withoutOne(counts: Map<number, number>, start: number): void {
  const n = counts.get(start);
  if (n === undefined) return;
  if (n > 1) counts.set(start, n - 1);
  else counts.delete(start);
}
