import type { Policy } from '../policy/types.js';
import type { InviteEvent } from '../invites/build.js';
import type { TemplateName } from '../templates/spec.js';
import type { TemplatePolicy } from '../templates/render.js';
import type { Instant, Window } from '../types.js';

export const STATES = [
  'unscheduled',
  'offered',
  'scheduled',
  'in_progress',
  'awaiting_decision',
  'rolling_back',
  'completed',
  'cancelled',
] as const;
export type UpgradeState = (typeof STATES)[number];

/** The events the `events` route accepts (docs/LIFECYCLE.md, Events), in the order of the table. */
export const REPORTED_EVENTS = [
  'upgrade_started',
  'instance_upgrade_started',
  'instance_upgrade_completed',
  'instance_upgrade_failed',
  'instance_upgrade_retry_started',
  'validation_started',
  'validation_completed',
  'validation_failed',
  'validation_retry_started',
  'decision_requested',
  'rolled_back',
  'upgrade_completed',
] as const;
export type ReportedEvent = (typeof REPORTED_EVENTS)[number];

/** The events that only booking (`book`, `cancel`) and decision capture (`applyDecision`) produce. */
export const INTERNAL_EVENTS = [
  'window_scheduled',
  'window_rescheduled',
  'window_cancelled',
  'decision_received',
] as const;

export const INSTANCE_EVENTS: readonly ReportedEvent[] = [
  'instance_upgrade_started',
  'instance_upgrade_completed',
  'instance_upgrade_failed',
  'instance_upgrade_retry_started',
];

export interface Booking {
  start: Instant;
  end: Instant;
  /** The rule id of the window, `hotfix` for a hot fix. */
  rule: string;
  class: 'maintenance' | 'hotfix';
  reason: string | null;
  /** The invite's SEQUENCE: 0 when booked, +1 at each move and at the cancellation. */
  sequence: number;
  /** The invite's UID, kept while the booking moves; a booking made after a cancellation gets a new one. */
  uid: string;
  timeZone: string;
}

export interface InstanceProgress {
  name: string;
  status: 'upgrading' | 'completed' | 'failed';
}

export interface Decision {
  value: 'GO' | 'NO_GO';
  at: Instant;
  /** Who decided: the Zendesk user (id and name) of the reply, or the agent who recorded it. */
  by: string;
  evidence: string;
  commentId: string;
  source: 'customer' | 'agent';
}

export interface DecisionRequest {
  requestedAt: Instant;
  deadline: Instant;
  anticipatedEnd: Instant;
  reason: string;
  onTimeout: 'wait' | 'no_go';
}

/** What an idempotency key was first used for, so a replay answers the same and a reuse is named. */
export interface AppliedKey {
  type: string;
  instance: string | null;
  at: Instant;
  /** The state the upgrade reached with that event. */
  state: UpgradeState;
}

/** One ticket's upgrade: everything the state machine needs, as a plain value the store keeps. */
export interface Upgrade {
  ticketId: string;
  state: UpgradeState;
  booking: Booking | null;
  instances: InstanceProgress[];
  validation: 'none' | 'running' | 'completed' | 'failed';
  decision: Decision | null;
  /** An unclear reply waiting for an agent (docs/REPLIES.md). */
  review: { commentId?: string; evidence: string } | null;
  decisionRequest: DecisionRequest | null;
  /** Set when a No-Go or a rollback found no window within a year; cleared by the next booking. */
  flaggedNoWindow: boolean;
  startedAt: Instant | null;
  /** How many bookings were made from scratch (each gets its own invite UID). */
  bookingsMade: number;
  appliedKeys: Record<string, AppliedKey>;
  /** The windows offered to the customer (state `offered`, docs/REPLIES.md); absent or null when none is open. */
  offer?: Offer | null;
  /** Customer-driven moves and No-Gos so far, counted against `selfService.maxDeferrals` (absent: none). */
  deferrals?: number;
  /**
   * A customer's No-Go came past the deferral budget (docs/REPLIES.md): nothing moves by itself, not even after
   * the rollback; an agent agrees a date with the customer and books it, which clears this.
   */
  agreeDate?: boolean;
  /** The ticket's product, set by a booking that names it; absent when none was given. */
  product?: string;
}

/** An open offer: the windows numbered 1..N in this order, and when the offer lapses. */
export interface Offer {
  windows: Window[];
  offeredAt: Instant;
  expiresAt: Instant;
}

/** The part of the policy (src/core/policy/types.ts) the lifecycle reads. */
/** The policy's parts the lifecycle reads; `rules` tells which booked windows lock users out. */
export type LifecyclePolicy = Pick<Policy, 'timeZone' | 'decision'> &
  Pick<TemplatePolicy, 'vendor'> &
  Partial<Pick<Policy, 'rules' | 'selfService'>>;

export interface LifecycleContext {
  now: Instant;
  policy: LifecyclePolicy;
  /**
   * The first bookable window for a request made at `requestAt` (within a year), or null: the engine's answer.
   * With `except`, the first one other than that window (a No-Go's refused window).
   */
  nextWindow(requestAt: Instant, except?: Window): Window | null;
}

/** The data `buildInvite` needs besides the localized texts and the attendee, which the backend adds. */
export type InviteSpec = InviteEvent;

/** Ticket field values (docs/ZENDESK-SETUP.md) by logical name; instants as ISO strings in the policy zone. */
export interface FieldValues {
  status: UpgradeState;
  windowStart: string | null;
  windowEnd: string | null;
  /** YYYY-MM-DD in the policy zone. */
  windowDate: string | null;
  decision: 'go' | 'no_go' | null;
  decisionAt: string | null;
  decisionBy: string | null;
  decisionEvidence: string | null;
  needsReview: boolean;
}

/** What the backend must do after an accepted change, in order. */
export type Effect =
  | {
      kind: 'comment';
      template: TemplateName;
      public: boolean;
      vars: Record<string, unknown>;
      invite?: InviteSpec;
    }
  | { kind: 'fields'; values: Partial<FieldValues> }
  | { kind: 'review'; action: 'set' | 'clear'; reason: string }
  | { kind: 'notify'; type: 'state_changed'; ticketId: string; from: UpgradeState; to: UpgradeState; at: Instant }
  | { kind: 'notify'; type: 'decision'; ticketId: string; decision: Decision }
  /** The deferral budget is spent (docs/REPLIES.md): someone must talk to the customer. */
  | {
      kind: 'notify';
      type: 'escalation';
      ticketId: string;
      reason: string;
      deferrals: number;
      maxDeferrals: number;
      at: Instant;
    };

export interface Refusal {
  ok: false;
  /** A stable code for programs (HTTP 409 body). */
  code: string;
  /** The reason in words an agent understands. */
  reason: string;
}

export interface Accepted {
  ok: true;
  upgrade: Upgrade;
  effects: Effect[];
  /** True when the idempotency key was already applied: the upgrade is unchanged and there are no effects. */
  replayed: boolean;
}

export type LifecycleResult = Accepted | Refusal;

export interface EventInput {
  type: string;
  instance?: string | null;
  reason?: string | null;
  anticipatedEnd?: Instant | null;
  key: string;
}

export interface BookingInput {
  window: Window;
  class: 'maintenance' | 'hotfix';
  reason?: string | null;
  requestedAt: Instant;
}

export interface DecisionInput {
  value: 'GO' | 'NO_GO';
  at: Instant;
  by: string;
  evidence: string;
  commentId: string;
  source: 'customer' | 'agent';
}
