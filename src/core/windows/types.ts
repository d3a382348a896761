import type { Instant, Window } from '../types.js';

export type ReasonCode = 'IN_PAST' | 'NOT_A_WINDOW' | 'LEAD_TIME' | 'BLACKOUT' | 'FULL';

/**
 * Why a window cannot be booked: `message` in words a person reads, with instants as ISO strings with offsets,
 * and the facts behind it, so a screen can word it for its reader (the sidebar's "Too soon: needs 7 days' notice").
 */
export interface Reason {
  code: ReasonCode;
  message: string;
  /** LEAD_TIME: the earliest allowed start (ISO with offset) and the policy's lead time (`P7D`). */
  earliest?: string;
  leadTime?: string;
  /** BLACKOUT: the blackout period (ISO with offsets) and its label. */
  blackout?: { start: string; end: string; reason: string | null };
  /** FULL: places booked of the capacity. */
  booked?: number;
  capacity?: number;
}

/** How many tickets are already booked into the occurrence starting at `start`. */
export type Booked = (start: Instant) => number;

export type WindowOffer = Window & {
  capacity: number | null;
  /** Places left; null when the rule has no capacity. */
  remaining: number | null;
  bookable: boolean;
  reasons: Reason[];
};

export interface ListWindowsOptions {
  requestAt: Instant;
  count: number;
  booked?: Booked;
  /** Also return occurrences that cannot be booked (from `requestAt` on), each with its reasons. */
  all?: boolean;
  /** Only windows of rules serving this product (docs/POLICY.md); absent: every bookable rule. */
  product?: string;
}

export type WorkClass = 'maintenance' | 'hotfix';

export interface CheckStartOptions {
  start: Instant;
  requestAt: Instant;
  class: WorkClass;
  /** The window's length; defaults to the rule's (maintenance) or `hotfix.defaultDuration`. */
  durationMinutes?: number;
  overrideBlackout?: boolean;
  booked?: Booked;
  /** Only rules serving this product (docs/POLICY.md): on a start two rules share, the one serving it is taken. */
  product?: string;
}

export interface CheckResult {
  ok: boolean;
  /** The window that would be booked; null when START is no occurrence of any rule (maintenance). */
  window: Window | null;
  capacity: number | null;
  reasons: Reason[];
}
