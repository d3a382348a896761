import { applyEvent, type EventInput, type Upgrade } from '../../../src/core/lifecycle/index.js';
import { DURING, WINDOW, accepted, at, context, deepFreeze, fixtures } from './helpers.js';

let serial = 0;
function apply(upgrade: Upgrade, event: Omit<EventInput, 'key'> & { key?: string }, now = DURING) {
  return applyEvent(upgrade, { key: `r${(serial += 1)}`, ...event }, context(now));
}
function run(upgrade: Upgrade, ...events: (Omit<EventInput, 'key'> & { key?: string })[]): Upgrade {
  return events.reduce((current, event) => deepFreeze(accepted(apply(current, event))), upgrade);
}

const { scheduled, in_progress: inProgress } = fixtures();

describe('upgrade_started', () => {
  it('is accepted from 15 minutes before the window and moves to in_progress', () => {
    const result = apply(scheduled!, { type: 'upgrade_started' }, at('2026-12-01T17:45:00-06:00'));
    expect(accepted(result).state).toBe('in_progress');
    expect(accepted(result).startedAt).toBe(at('2026-12-01T17:45:00-06:00'));
  });

  it('is refused earlier, naming the earliest start', () => {
    expect(apply(scheduled!, { type: 'upgrade_started' }, at('2026-12-01T17:44:59-06:00'))).toEqual({
      ok: false,
      code: 'TOO_EARLY',
      reason:
        'the upgrade cannot start before 2026-12-01T17:45:00-06:00, 15 minutes before its window (2026-12-01T18:00:00-06:00)',
    });
  });

  it('is refused once the window is over', () => {
    const result = apply(scheduled!, { type: 'upgrade_started' }, at('2026-12-02T00:00:00-06:00'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('WINDOW_OVER');
  });
});

describe('instances', () => {
  it('needs an instance name on instance events', () => {
    expect(apply(inProgress!, { type: 'instance_upgrade_started' })).toEqual({
      ok: false,
      code: 'INSTANCE_REQUIRED',
      reason: 'instance_upgrade_started needs the instance name',
    });
  });

  it('tracks several instances independently', () => {
    const upgrade = run(
      inProgress!,
      { type: 'instance_upgrade_started', instance: 'us-1' },
      { type: 'instance_upgrade_completed', instance: 'eu-1' },
      { type: 'instance_upgrade_failed', instance: 'us-1', reason: 'disk full' },
    );
    expect(upgrade.instances).toEqual([
      { name: 'eu-1', status: 'completed' },
      { name: 'us-1', status: 'failed' },
    ]);
  });

  it('refuses to start an instance twice and points a failed one to the retry', () => {
    const failed = run(inProgress!, { type: 'instance_upgrade_failed', instance: 'eu-1' });
    expect(apply(failed, { type: 'instance_upgrade_started', instance: 'eu-1' })).toEqual({
      ok: false,
      code: 'INSTANCE_ALREADY_STARTED',
      reason:
        'instance `eu-1` cannot start: it was already started (it is failed); report instance_upgrade_retry_started to retry it',
    });
  });

  it('retries only an instance whose own upgrade failed', () => {
    const upgrade = run(
      inProgress!,
      { type: 'instance_upgrade_started', instance: 'us-1' },
      { type: 'instance_upgrade_failed', instance: 'eu-1' },
    );
    expect(apply(upgrade, { type: 'instance_upgrade_retry_started', instance: 'us-1' })).toEqual({
      ok: false,
      code: 'NOT_FAILED',
      reason: 'instance `us-1` cannot be retried: only a failed instance upgrade is retried (it is upgrading)',
    });
    const retried = accepted(apply(upgrade, { type: 'instance_upgrade_retry_started', instance: 'eu-1' }));
    expect(retried.instances).toEqual([
      { name: 'eu-1', status: 'upgrading' },
      { name: 'us-1', status: 'upgrading' },
    ]);
  });

  it('refuses the outcome of an instance that never started', () => {
    const result = apply(inProgress!, { type: 'instance_upgrade_completed', instance: 'ap-9' });
    expect(result).toEqual({
      ok: false,
      code: 'INSTANCE_NOT_STARTED',
      reason: 'instance `ap-9` cannot complete: it was never started',
    });
  });
});

describe('validation', () => {
  it('cannot start while an instance is still upgrading', () => {
    expect(apply(inProgress!, { type: 'validation_started' })).toEqual({
      ok: false,
      code: 'INSTANCES_NOT_COMPLETED',
      reason: 'validation cannot start: instance `eu-1` is still upgrading',
    });
  });

  it('cannot start while a failed instance was not retried', () => {
    const upgrade = run(inProgress!, { type: 'instance_upgrade_failed', instance: 'eu-1' });
    const result = apply(upgrade, { type: 'validation_started' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe('validation cannot start: instance `eu-1` failed and was not retried');
  });

  it('cannot start before any instance was reported', () => {
    const started = accepted(apply(scheduled!, { type: 'upgrade_started' }, at('2026-12-01T18:00:00-06:00')));
    expect(apply(started, { type: 'validation_started' })).toEqual({
      ok: false,
      code: 'NO_INSTANCE',
      reason: 'validation cannot start: no instance upgrade was reported yet',
    });
  });

  it('starts once every started instance completed, and closes instance upgrades', () => {
    const upgrade = run(
      inProgress!,
      { type: 'instance_upgrade_started', instance: 'us-1' },
      { type: 'instance_upgrade_completed', instance: 'eu-1' },
      { type: 'instance_upgrade_completed', instance: 'us-1' },
      { type: 'validation_started' },
    );
    expect(upgrade.validation).toBe('running');
    const late = apply(upgrade, { type: 'instance_upgrade_started', instance: 'ap-1' });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.code).toBe('VALIDATION_STARTED');
  });

  it('retries only after a validation failure, and completes the upgrade only once validation passed', () => {
    const running = run(
      inProgress!,
      { type: 'instance_upgrade_completed', instance: 'eu-1' },
      { type: 'validation_started' },
    );
    expect(apply(running, { type: 'validation_retry_started' })).toEqual({
      ok: false,
      code: 'NOT_FAILED',
      reason: 'validation cannot be retried: only a failed validation is retried (it is running)',
    });
    expect(apply(running, { type: 'upgrade_completed' })).toEqual({
      ok: false,
      code: 'NOT_VALIDATED',
      reason: 'the upgrade cannot complete: validation has not completed (it is running)',
    });
    const done = run(
      running,
      { type: 'validation_failed', reason: 'smoke test' },
      { type: 'validation_retry_started' },
      { type: 'validation_completed' },
      { type: 'upgrade_completed' },
    );
    expect(done.state).toBe('completed');
  });
});

describe('decision_requested', () => {
  it('needs a reason and an anticipated end in the future', () => {
    const missing = apply(inProgress!, { type: 'decision_requested', reason: 'slow' });
    expect(missing.ok === false && missing.code).toBe('ANTICIPATED_END_REQUIRED');
    const past = apply(inProgress!, { type: 'decision_requested', reason: 'slow', anticipatedEnd: DURING });
    expect(past).toEqual({
      ok: false,
      code: 'ANTICIPATED_END_PAST',
      reason: 'a GO/NO-GO request cannot be sent: the anticipated end 2026-12-01T18:30:00-06:00 is not in the future',
    });
    const noReason = apply(inProgress!, {
      type: 'decision_requested',
      anticipatedEnd: at('2026-12-02T02:00:00-06:00'),
    });
    expect(noReason.ok === false && noReason.code).toBe('REASON_REQUIRED');
  });

  it('is refused with a reason when the anticipated end is not after the end of the window', () => {
    const inside = apply(inProgress!, {
      type: 'decision_requested',
      reason: 'slow',
      anticipatedEnd: at('2026-12-01T23:00:00-06:00'),
    });
    expect(inside).toEqual({
      ok: false,
      code: 'ANTICIPATED_END_IN_WINDOW',
      reason:
        'a GO/NO-GO request cannot be sent: the anticipated end 2026-12-01T23:00:00-06:00 is within the window, ' +
        'which ends at 2026-12-02T00:00:00-06:00; ask for a GO or NO-GO only when the upgrade will run past it',
    });
    const atTheEnd = apply(inProgress!, { type: 'decision_requested', reason: 'slow', anticipatedEnd: WINDOW.end });
    expect(atTheEnd.ok === false && atTheEnd.code).toBe('ANTICIPATED_END_IN_WINDOW');
  });

  it('sets the deadline from the policy and posts why, the new end, the deadline and what happens on timeout', () => {
    const result = apply(inProgress!, {
      type: 'decision_requested',
      reason: 'migration of eu-1 is slow',
      anticipatedEnd: at('2026-12-02T02:00:00-06:00'),
    });
    const upgrade = accepted(result);
    expect(upgrade.state).toBe('awaiting_decision');
    expect(upgrade.decisionRequest).toEqual({
      requestedAt: DURING,
      deadline: at('2026-12-01T20:30:00-06:00'),
      anticipatedEnd: at('2026-12-02T02:00:00-06:00'),
      reason: 'migration of eu-1 is slow',
      onTimeout: 'wait',
    });
    expect(result.ok && result.effects[0]).toEqual({
      kind: 'comment',
      template: 'decision_requested',
      public: true,
      vars: {
        reason: 'migration of eu-1 is slow',
        anticipatedEnd: at('2026-12-02T02:00:00-06:00'),
        deadline: at('2026-12-01T20:30:00-06:00'),
        onTimeout: 'wait',
      },
    });
  });
});

describe('idempotency', () => {
  it('answers the same key with the first result and no effects', () => {
    const event = { type: 'instance_upgrade_started', instance: 'us-1', key: 'step-17' };
    const first = applyEvent(inProgress!, event, context(DURING));
    const upgrade = accepted(first);
    expect(first.ok && first.effects.length).toBe(1);
    const again = applyEvent(upgrade, event, context(DURING + 60_000));
    expect(again).toEqual({ ok: true, upgrade, effects: [], replayed: true });
  });

  it('refuses a key reused for another event, naming its first use', () => {
    const upgrade = accepted(
      applyEvent(inProgress!, { type: 'instance_upgrade_failed', instance: 'eu-1', key: 'step-18' }, context(DURING)),
    );
    const reused = applyEvent(
      upgrade,
      { type: 'instance_upgrade_retry_started', instance: 'eu-1', key: 'step-18' },
      context(DURING),
    );
    expect(reused).toEqual({
      ok: false,
      code: 'KEY_REUSED',
      reason: 'the key "step-18" was already used for instance_upgrade_failed of instance `eu-1`',
    });
  });

  it('lets a second failure of the same instance through with its own key', () => {
    const upgrade = run(
      inProgress!,
      { type: 'instance_upgrade_failed', instance: 'eu-1', key: 'fail-1' },
      { type: 'instance_upgrade_retry_started', instance: 'eu-1' },
      { type: 'instance_upgrade_failed', instance: 'eu-1', key: 'fail-2' },
    );
    expect(upgrade.instances).toEqual([{ name: 'eu-1', status: 'failed' }]);
  });

  it('keeps a refused key free for a later, valid use', () => {
    const refused = applyEvent(inProgress!, { type: 'validation_started', key: 'v-1' }, context(DURING));
    expect(refused.ok).toBe(false);
    const ready = run(inProgress!, { type: 'instance_upgrade_completed', instance: 'eu-1' });
    expect(accepted(applyEvent(ready, { type: 'validation_started', key: 'v-1' }, context(DURING))).validation).toBe(
      'running',
    );
  });
});
