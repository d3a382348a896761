import { allowedEvents, applyEvent, REPORTED_EVENTS, STATES } from '../../../src/core/lifecycle/index.js';
import { DURING, POLICY, at, context, fixtures } from './helpers.js';

/**
 * The process, written out by hand from docs/LIFECYCLE.md: which reported events each state accepts, for the instance
 * `eu-1` that the in-progress fixtures are upgrading. Everything else must be refused.
 */
const ACCEPTED: Record<string, string[]> = {
  unscheduled: [],
  offered: [],
  scheduled: ['upgrade_started'],
  in_progress: ['instance_upgrade_completed', 'instance_upgrade_failed', 'decision_requested'],
  awaiting_decision: ['instance_upgrade_completed', 'instance_upgrade_failed'],
  rolling_back: ['rolled_back'],
  completed: [],
  cancelled: [],
};

const ALL_EVENTS = [
  ...REPORTED_EVENTS,
  'window_scheduled',
  'window_rescheduled',
  'window_cancelled',
  'decision_received',
];

describe('the state × event table', () => {
  const upgrades = fixtures();
  const now = (state: string): number => (state === 'scheduled' ? at('2026-12-01T17:50:00-06:00') : DURING);

  it('has a fixture in every state', () => {
    expect(Object.keys(upgrades).sort()).toEqual([...STATES].sort());
    for (const [state, upgrade] of Object.entries(upgrades)) expect(upgrade.state).toBe(state);
  });

  const cases = STATES.flatMap((state) => ALL_EVENTS.map((type) => [state, type] as const));
  it.each(cases)('in %s, %s is accepted only if the process allows it', (state, type) => {
    const result = applyEvent(
      upgrades[state]!,
      {
        type,
        instance: type.startsWith('instance_') ? 'eu-1' : null,
        reason: 'slow migration',
        anticipatedEnd: at('2026-12-02T03:00:00-06:00'),
        key: `table-${state}-${type}`,
      },
      context(now(state)),
    );
    expect(result.ok).toBe(ACCEPTED[state]!.includes(type));
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
  });

  it('refuses the events that booking and capture produce, saying where they come from', () => {
    const result = applyEvent(upgrades.scheduled!, { type: 'window_cancelled', key: 'x' }, context(DURING));
    expect(result).toEqual({
      ok: false,
      code: 'NOT_REPORTABLE',
      reason: 'window_cancelled cannot be reported as an event: it is made by booking',
    });
  });

  it('refuses an unknown event by name', () => {
    const result = applyEvent(upgrades.scheduled!, { type: 'upgrade_exploded', key: 'x' }, context(DURING));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^unknown event "upgrade_exploded"/);
  });

  it('explains a refusal by the state, with instants in the policy zone', () => {
    const result = applyEvent(upgrades.scheduled!, { type: 'validation_started', key: 'x' }, context(DURING));
    expect(result).toEqual({
      ok: false,
      code: 'INVALID_STATE',
      reason: 'validation cannot start: the upgrade has not started (its window starts at 2026-12-01T18:00:00-06:00)',
    });
  });

  it('lists the allowed events of each state, counting a new instance', () => {
    expect(allowedEvents(upgrades.unscheduled!, DURING, POLICY)).toEqual([]);
    expect(allowedEvents(upgrades.scheduled!, at('2026-12-01T17:45:00-06:00'), POLICY)).toEqual(['upgrade_started']);
    expect(allowedEvents(upgrades.scheduled!, at('2026-12-01T17:44:59-06:00'), POLICY)).toEqual([]);
    expect(allowedEvents(upgrades.in_progress!, DURING, POLICY)).toEqual([
      'instance_upgrade_started',
      'instance_upgrade_completed',
      'instance_upgrade_failed',
      'decision_requested',
    ]);
    expect(allowedEvents(upgrades.awaiting_decision!, DURING, POLICY)).toEqual([
      'instance_upgrade_completed',
      'instance_upgrade_failed',
    ]);
    expect(allowedEvents(upgrades.rolling_back!, DURING)).toEqual(['rolled_back']);
    expect(allowedEvents(upgrades.completed!, DURING)).toEqual([]);
    expect(allowedEvents(upgrades.cancelled!, DURING)).toEqual([]);
  });
});
