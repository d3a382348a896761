import fc from 'fast-check';
import {
  REPORTED_EVENTS,
  applyDecision,
  applyEvent,
  book,
  cancel,
  type LifecycleResult,
  type Upgrade,
} from '../../../src/core/lifecycle/index.js';
import { NEXT_WINDOW, WINDOW, context, deepFreeze, fixtures } from './helpers.js';

type Step =
  | { kind: 'event'; type: string; instance: string; key: number }
  | { kind: 'decision'; value: 'GO' | 'NO_GO'; comment: number }
  | { kind: 'book' }
  | { kind: 'cancel' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      // The steps that move an upgrade forward come twice as often, so long runs reach validation and completion.
      type: fc.constantFrom(
        ...REPORTED_EVENTS,
        'instance_upgrade_completed',
        'validation_started',
        'validation_completed',
        'upgrade_completed',
      ),
      instance: fc.constantFrom('eu-1', 'eu-1', 'us-1'),
      key: fc.integer({ min: 0, max: 40 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('decision' as const),
      value: fc.constantFrom('GO' as const, 'NO_GO' as const),
      comment: fc.integer({ min: 0, max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'book' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
);

// During the window, so upgrade_started is always on time.
const NOW = Date.parse('2026-12-01T18:05:00-06:00');

function apply(upgrade: Upgrade, next: Step): LifecycleResult {
  const ctx = context(NOW, () => NEXT_WINDOW);
  switch (next.kind) {
    case 'event':
      return applyEvent(
        upgrade,
        {
          type: next.type,
          instance: next.type.startsWith('instance_') ? next.instance : null,
          reason: 'slow',
          anticipatedEnd: NOW + 3_600_000,
          key: `${next.type}-${next.instance}-${next.key}`,
        },
        ctx,
      );
    case 'decision':
      return applyDecision(
        upgrade,
        {
          value: next.value,
          at: NOW,
          by: '7 Dana',
          evidence: next.value,
          commentId: `c${next.comment}`,
          source: 'customer',
        },
        ctx,
      );
    case 'book':
      return book(upgrade, { window: WINDOW, class: 'maintenance', requestedAt: NOW }, ctx);
    case 'cancel':
      return cancel(upgrade, ctx);
  }
}

/** What must hold in every reachable upgrade, whatever the order of the calls. */
function checkInvariants(upgrade: Upgrade): void {
  const booked = ['scheduled', 'in_progress', 'awaiting_decision', 'rolling_back', 'completed'].includes(upgrade.state);
  expect(upgrade.booking !== null).toBe(booked);
  if (upgrade.state === 'completed') expect(upgrade.validation).toBe('completed');
  if (upgrade.validation !== 'none') {
    expect(upgrade.instances.length).toBeGreaterThan(0);
    expect(upgrade.instances.every((instance) => instance.status === 'completed')).toBe(true);
  }
  expect(upgrade.decisionRequest !== null).toBe(upgrade.state === 'awaiting_decision');
  if (['unscheduled', 'scheduled', 'cancelled'].includes(upgrade.state)) {
    expect([upgrade.instances, upgrade.validation]).toEqual([[], 'none']);
  }
}

describe('any sequence of calls', () => {
  it('keeps the invariants, changes nothing on refusal, and posts a public comment for every accepted change', () => {
    const starts = fixtures();
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(starts)),
        fc.array(step, { minLength: 10, maxLength: 60, size: 'max' }),
        (start, steps) => {
          let upgrade = starts[start]!;
          checkInvariants(upgrade);
          for (const next of steps) {
            const result = apply(upgrade, next);
            if (!result.ok) {
              expect(result.reason).not.toBe('');
              continue;
            }
            if (!result.replayed) {
              expect(result.effects.some((effect) => effect.kind === 'comment' && effect.public)).toBe(true);
            } else {
              expect([result.effects, result.upgrade]).toEqual([[], upgrade]);
            }
            upgrade = deepFreeze(result.upgrade);
            checkInvariants(upgrade);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
