import {
  applyDecision,
  applyEvent,
  book,
  cancel,
  newUpgrade,
  offerWindows,
  type LifecycleContext,
  type LifecyclePolicy,
  type LifecycleResult,
  type Upgrade,
} from '../../../src/core/lifecycle/index.js';
import type { Window } from '../../../src/core/types.js';

export const POLICY: LifecyclePolicy = {
  timeZone: 'America/Chicago',
  decision: { deadlineMinutes: 120, onTimeout: 'wait', approvers: 'requester' },
  vendor: { name: 'Acme Cloud', email: 'upgrades@acme.example' },
};

export const at = (iso: string): number => Date.parse(iso);

/** The policy defaults of docs/POLICY.md: offers lapse after P3D, no automatic move, two deferrals. */
export const SELF_SERVICE = {
  offer: { expiresMinutes: 3 * 24 * 60 },
  selfService: { reschedule: false, maxDeferrals: 2 },
};

export function window(start: string, end: string): Window {
  return { rule: 'standard', start: at(start), end: at(end), timeZone: 'America/Chicago' };
}

/** The booked window of the fixtures: Tuesday 2026-12-01 18:00–24:00 Chicago. */
export const WINDOW = window('2026-12-01T18:00:00-06:00', '2026-12-02T00:00:00-06:00');
export const NEXT_WINDOW = window('2026-12-08T18:00:00-06:00', '2026-12-09T00:00:00-06:00');

export function context(
  now: number,
  nextWindow: (requestAt: number) => Window | null = () => NEXT_WINDOW,
): LifecycleContext {
  return { now, policy: POLICY, nextWindow };
}

/** The upgrade of an accepted result; fails the test with the refusal otherwise. */
export function accepted(result: LifecycleResult): Upgrade {
  if (!result.ok) throw new Error(`expected acceptance, got ${result.code}: ${result.reason}`);
  return result.upgrade;
}

/** Freezes a value deeply, so a function that mutated its input would throw. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

let keys = 0;
const key = (): string => `k${(keys += 1)}`;

export const DURING = at('2026-12-01T18:30:00-06:00');

/** Fixtures: one upgrade in each state, reached through the public API only. */
export function fixtures(): Record<string, Upgrade> {
  const unscheduled = newUpgrade('42');
  const scheduled = accepted(
    book(
      unscheduled,
      { window: WINDOW, class: 'maintenance', requestedAt: at('2026-11-22T12:00:00Z') },
      context(at('2026-11-22T12:00:00Z')),
    ),
  );
  const started = accepted(
    applyEvent(scheduled, { type: 'upgrade_started', key: key() }, context(at('2026-12-01T18:00:00-06:00'))),
  );
  const inProgress = accepted(
    applyEvent(started, { type: 'instance_upgrade_started', instance: 'eu-1', key: key() }, context(DURING)),
  );
  const awaiting = accepted(
    applyEvent(
      inProgress,
      {
        type: 'decision_requested',
        reason: 'migration is slow',
        anticipatedEnd: at('2026-12-02T02:00:00-06:00'),
        key: key(),
      },
      context(DURING),
    ),
  );
  const rollingBack = accepted(
    applyDecision(
      awaiting,
      { value: 'NO_GO', at: DURING, by: '7 Dana', evidence: 'no-go', commentId: 'c1', source: 'customer' },
      context(DURING),
    ),
  );
  let completed = accepted(
    applyEvent(inProgress, { type: 'instance_upgrade_completed', instance: 'eu-1', key: key() }, context(DURING)),
  );
  for (const type of ['validation_started', 'validation_completed', 'upgrade_completed']) {
    completed = accepted(applyEvent(completed, { type, key: key() }, context(DURING)));
  }
  const cancelled = accepted(cancel(scheduled, context(at('2026-11-23T12:00:00Z'))));
  const offered = accepted(
    offerWindows(unscheduled, [WINDOW, NEXT_WINDOW], {
      now: at('2026-11-22T12:00:00Z'),
      policy: { ...POLICY, ...SELF_SERVICE },
    }),
  );
  return deepFreeze({
    unscheduled,
    offered,
    scheduled,
    in_progress: inProgress,
    awaiting_decision: awaiting,
    rolling_back: rollingBack,
    completed,
    cancelled,
  });
}
