import type { Instant } from '../types.js';
import type { CalendarDuration } from '../time/duration.js';
import type { Weekday } from '../time/calendar.js';

export type { Weekday };

/** How a rule repeats: on weekdays, on the nth (or last, -1) weekday of each month, or on explicit local dates. */
export type Recurrence =
  | { kind: 'weekly'; weekdays: Weekday[] }
  /** `months` (1-12): the months it occurs in; absent: every month. */
  | { kind: 'monthly'; weekday: Weekday; week: 1 | 2 | 3 | 4 | -1; months?: number[] }
  | { kind: 'dates'; dates: string[] };

/**
 * One schedule rule, normalised. `end` is an elapsed duration or a wall-clock time, the latter on the next
 * day when it is not after `start` (a policy's "24:00" is normalised to "00:00", which means the same).
 */
export interface Rule {
  id: string;
  /** Always set: the rule's own zone or the policy's. */
  timeZone: string;
  recurrence: Recurrence;
  start: string;
  end: { durationMinutes: number } | { wallClock: string };
  /** How many tickets one occurrence takes; null is unlimited. */
  capacity: number | null;
  /**
   * The ids of the products the rule serves (docs/POLICY.md); absent: every product. The three keys below are
   * present only when the policy gives them, so a policy without products normalises exactly as before.
   */
  products?: string[];
  /** `routine`: published, never offered or booked; absent or `maintenance`: a bookable window. */
  class?: RuleClass;
  /** Users are locked out during the rule's windows. */
  lockout?: boolean;
}

export type RuleClass = 'maintenance' | 'routine';

/** A product of the vendor (docs/POLICY.md): `names` maps a locale (`fr`, `fr-CA`) to the product's name in it. */
export interface Product {
  id: string;
  name: string;
  names: Record<string, string>;
}

export interface Blackout {
  start: Instant;
  end: Instant;
  reason: string | null;
}

/** The normalised schedule policy (docs/POLICY.md), defaults filled, durations in minutes. */
export interface Policy {
  timeZone: string;
  leadTime: CalendarDuration;
  /** The vendor's products in the policy's order; empty when the policy has none (one implicit product). */
  products: Product[];
  rules: Rule[];
  blackouts: Blackout[];
  hotfix: { defaultDurationMinutes: number };
  decision: { deadlineMinutes: number; onTimeout: 'wait' | 'no_go'; approvers: 'requester' | 'organization' };
  overrunWarningMinutes: number;
  /** `locale`: the language of internal notes for agents (`en` by default); public comments use the requester's. */
  vendor: { name: string; email: string; locale: string };
  /** docs/POLICY.md, Offers and self-service: how long an offer of windows stands; customer-driven moves and their budget. */
  offer: { expiresMinutes: number };
  selfService: { reschedule: boolean; maxDeferrals: number };
  /** The policy as JSON with defaults filled, for GET /api/policy. */
  json: unknown;
}

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; errors: string[] };
