// The backend's answers, shaped as docs/API.md says. The sidebar reads them; it never computes them.

// The names come from the core's lifecycle (constants and types only: no engine reaches the bundle).
import type { ReportedEvent, UpgradeState } from '../../core/lifecycle/types.js';

export { REPORTED_EVENTS as REPORTABLE_EVENTS } from '../../core/lifecycle/types.js';
export type { UpgradeState };
export type ReportableEvent = ReportedEvent;

export type BookingClass = 'maintenance' | 'hotfix';
export type DecisionValue = 'GO' | 'NO_GO';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Booking {
  start: string;
  end: string;
  rule: string | null;
  class: BookingClass;
  reason: string | null;
  sequence: number;
}

export interface HistoryEntry {
  id: string;
  type: string;
  createdAt: string;
  public: boolean;
  /** The agent who acted, when an agent did (from `X-Agent-Id` / `X-Agent-Name`). */
  agent?: { id: string | null; name: string | null };
  delivery: { status: DeliveryStatus; at?: string; error?: string };
}

export interface TicketUpgrade {
  ticketId: number | string;
  state: UpgradeState;
  booking: Booking | null;
  requester: { locale: string | null; timeZone: string | null };
  /** Instance status: `upgrading`, `completed` or `failed`. */
  instances: { name: string; status: string }[];
  /** `none`, `running`, `completed` or `failed`. */
  validation: string | null;
  decision: null | {
    value: DecisionValue;
    at: string;
    by: string | null;
    evidence: string;
    commentId: string | number | null;
    source: 'customer' | 'agent';
  };
  review: null | { commentId?: string | number; evidence: string };
  decisionDeadline: string | null;
  allowedEvents: string[];
  history: HistoryEntry[];
}

export interface Reason {
  code: string;
  message: string;
}

export interface WindowOffer {
  start: string;
  end: string;
  rule: string;
  capacity: number | null;
  remaining: number | null;
  bookable: boolean;
  reasons: Reason[];
}

/** The fields of `GET /api/policy` the sidebar reads (the policy JSON with defaults filled). */
export interface PolicyView {
  timeZone: string;
  hotfix?: { defaultDuration?: string };
  vendor?: { name?: string };
}

export interface BookingRequest {
  start: string;
  class: BookingClass;
  reason?: string;
  duration?: string;
}

export interface EventRequest {
  type: ReportableEvent;
  instance?: string;
  reason?: string;
  anticipatedEnd?: string;
}

export interface DecisionRequest {
  decision: DecisionValue;
  note: string;
}

/**
 * What `POST /api/tickets/:id/preview` renders: an event with its fields, or a booking change
 * (`window_scheduled` / `window_rescheduled` with the booking body, `window_cancelled`).
 */
export type PreviewRequest =
  EventRequest | ({ type: 'window_scheduled' | 'window_rescheduled' } & BookingRequest) | { type: 'window_cancelled' };

export interface CommentPreview {
  text: string;
  html?: string;
  locale?: string | null;
  /** False for a step that posts no comment (then `text` is empty). */
  posts?: boolean;
  public?: boolean;
  attachments?: { filename: string; contentType: string }[];
}
