import type { Policy } from '../core/schedule.js';
import type { Instant, Window } from '../core/types.js';

/**
 * What the backend needs of the lifecycle (src/core/lifecycle), in the backend's words. One adapter
 * (`lifecycle-adapter.ts`) maps the core onto it, so the service never depends on the core's internals.
 */
export interface LifecyclePort {
  newUpgrade(ticketId: number): unknown;
  book(upgrade: unknown, booking: NewBookingInput, context: LifecycleContext): LifecycleResult;
  cancel(upgrade: unknown, context: LifecycleContext): LifecycleResult;
  applyEvent(upgrade: unknown, event: LifecycleEvent, context: LifecycleContext): LifecycleResult;
  /** A captured GO / NO-GO (a customer's reply, an agent, or the deadline's policy); the comment id is its key. */
  applyDecision(upgrade: unknown, decision: DecisionInput, context: LifecycleContext): LifecycleResult;
  /** Opens (or, with null, closes) the review an unclear reply or a missed deadline asks of an agent. */
  setReview(upgrade: unknown, review: { commentId?: string; evidence: string } | null): unknown;
  allowedEvents(upgrade: unknown, context: LifecycleContext): string[];
  summarize(upgrade: unknown): UpgradeSummary;
}

export interface LifecycleContext {
  now: Instant;
  policy: Policy;
  /** The first bookable window for a request at `requestAt`, counting the other tickets' bookings; null within a year. */
  nextWindow: (requestAt: Instant) => Window | null;
  agent: { id: string | null; name: string | null } | null;
}

export interface NewBookingInput {
  window: Window;
  class: 'maintenance' | 'hotfix';
  reason: string | null;
}

export interface DecisionInput {
  value: 'GO' | 'NO_GO';
  at: Instant;
  /** Who decided, as the "decision by" field shows it: `Jane Cooper (12345)`. */
  by: string;
  evidence: string;
  /** The Zendesk comment id, or a unique id of the agent's or the watch's action. */
  commentId: string;
  source: 'customer' | 'agent';
}

export interface LifecycleEvent {
  type: string;
  instance?: string;
  reason?: string;
  anticipatedEnd?: Instant;
  key: string;
}

export type LifecycleResult =
  { ok: true; upgrade: unknown; effects: Effect[] } | { ok: false; code: string; reason: string };

export type Effect =
  | {
      kind: 'comment';
      template: string;
      public: boolean;
      vars: Record<string, unknown>;
      invite?: unknown;
    }
  | { kind: 'fields'; values: Record<string, unknown> }
  | { kind: 'review'; set: boolean }
  | { kind: 'notify'; payload: unknown };

export interface UpgradeSummary {
  state: string;
  booking: null | {
    window: Window;
    class: 'maintenance' | 'hotfix';
    reason: string | null;
    sequence: number;
  };
  instances: { name: string; status: string }[];
  validation: string | null;
  decision: null | {
    value: 'GO' | 'NO_GO';
    at: Instant;
    by: string | null;
    evidence: string;
    commentId: string | number | null;
    source: 'customer' | 'agent';
  };
  review: null | { commentId?: string | number; evidence: string };
  decisionDeadline: Instant | null;
  /** When the open GO/NO-GO request was posted (null when none is open). */
  decisionRequestedAt: Instant | null;
  /** What the open request does at its deadline (the policy's `onTimeout` when it was posted). */
  decisionOnTimeout: 'wait' | 'no_go' | null;
  /** When this run of the upgrade started (null before the start and after a rollback). */
  startedAt: Instant | null;
}
