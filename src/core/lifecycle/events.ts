/** The events the pipeline or an agent reports (docs/LIFECYCLE.md, Events): the instance and validation steps. */
import { accepted, consequences, inviteOf, lockoutOf } from './effects.js';
import { replayOf, withAppliedKey } from './keys.js';
import { scheduledAgain } from './booking.js';
import { refusalOf } from './rules.js';
import type { Accepted, EventInput, LifecycleContext, LifecycleResult, Upgrade } from './types.js';

/**
 * Applies an event reported by the pipeline or an agent (the `events` route). The same key again answers as the
 * first time did, with no effects; a refusal changes nothing and keeps the key free.
 */
export function applyEvent(upgrade: Upgrade, event: EventInput, ctx: LifecycleContext): LifecycleResult {
  const instance = event.instance?.trim() || null;
  const replay = replayOf(upgrade, event.key, event.type, instance);
  if (replay !== null) return replay;
  const refusal = refusalOf(upgrade, event, ctx.now, ctx.policy);
  if (refusal !== null) return refusal;
  const result = transition(upgrade, { ...event, instance }, ctx);
  return withAppliedKey(result, event.key, event.type, instance, ctx.now);
}

function setInstance(upgrade: Upgrade, name: string, status: 'upgrading' | 'completed' | 'failed'): Upgrade {
  const others = upgrade.instances.filter((instance) => instance.name !== name);
  const exists = others.length !== upgrade.instances.length;
  const instances = exists
    ? upgrade.instances.map((instance) => (instance.name === name ? { name, status } : instance))
    : [...others, { name, status }];
  return { ...upgrade, instances };
}

/** The accepted event's new upgrade and effects; `refusalOf` has already said yes. */
function transition(
  upgrade: Upgrade,
  event: EventInput & { instance: string | null },
  ctx: LifecycleContext,
): Accepted {
  const { now, policy } = ctx;
  const instance = event.instance ?? '';
  const reason = event.reason?.trim() || null;
  const step = (next: Upgrade, vars: Record<string, unknown>): Accepted =>
    accepted(next, [
      { kind: 'comment', template: event.type as never, public: true, vars },
      ...consequences(upgrade, next, now, policy),
    ]);
  switch (event.type) {
    case 'upgrade_started': {
      const next: Upgrade = {
        ...upgrade,
        state: 'in_progress',
        instances: [],
        validation: 'none',
        startedAt: now,
        decisionRequest: null,
      };
      return step(next, { windowEnd: upgrade.booking!.end, ...lockoutOf(upgrade.booking!, policy) });
    }
    case 'instance_upgrade_started':
    case 'instance_upgrade_retry_started':
      return step(setInstance(upgrade, instance, 'upgrading'), { instance });
    case 'instance_upgrade_completed':
      return step(setInstance(upgrade, instance, 'completed'), { instance });
    case 'instance_upgrade_failed':
      return step(setInstance(upgrade, instance, 'failed'), { instance, reason });
    case 'validation_started':
    case 'validation_retry_started':
      return step({ ...upgrade, validation: 'running' }, {});
    case 'validation_completed':
      return step({ ...upgrade, validation: 'completed' }, {});
    case 'validation_failed':
      return step({ ...upgrade, validation: 'failed' }, { reason });
    case 'decision_requested': {
      const request = {
        requestedAt: now,
        deadline: now + policy.decision.deadlineMinutes * 60_000,
        anticipatedEnd: event.anticipatedEnd!,
        reason: reason!,
        onTimeout: policy.decision.onTimeout,
      };
      return step(
        { ...upgrade, state: 'awaiting_decision', decisionRequest: request },
        {
          reason: request.reason,
          anticipatedEnd: request.anticipatedEnd,
          deadline: request.deadline,
          onTimeout: request.onTimeout,
        },
      );
    }
    case 'upgrade_completed':
      return step({ ...upgrade, state: 'completed', decisionRequest: null }, {});
    case 'rolled_back':
      return rebookAfterRollback(upgrade, ctx);
    default:
      throw new RangeError(`transition: unexpected event ${event.type}`);
  }
}

/**
 * After a rollback: the environment is back; the booking moves to the next window, or the ticket waits for a date
 * (none within a year, or a No-Go past the deferral budget: an agent agrees one with the customer).
 */
function rebookAfterRollback(upgrade: Upgrade, ctx: LifecycleContext): Accepted {
  const { now, policy } = ctx;
  const reset = { instances: [], validation: 'none' as const, decisionRequest: null, startedAt: null };
  if (upgrade.agreeDate === true) {
    const next: Upgrade = { ...upgrade, ...reset, state: 'unscheduled', booking: null };
    return accepted(next, [
      {
        kind: 'comment',
        template: 'rolled_back',
        public: true,
        vars: { nextStart: null, nextEnd: null, agreeDate: true },
      },
      ...consequences(upgrade, next, now, policy),
    ]);
  }
  const window = ctx.nextWindow(now);
  if (window === null || upgrade.booking === null) {
    const next: Upgrade = { ...upgrade, ...reset, state: 'unscheduled', booking: null, flaggedNoWindow: true };
    return accepted(next, [
      { kind: 'comment', template: 'rolled_back', public: true, vars: { nextStart: null, nextEnd: null } },
      { kind: 'comment', template: 'no_window_available', public: false, vars: { requestedAt: now } },
      ...consequences(upgrade, next, now, policy),
    ]);
  }
  const booking = scheduledAgain(upgrade.booking, window);
  const next: Upgrade = { ...upgrade, ...reset, state: 'scheduled', booking, decision: null };
  return accepted(next, [
    {
      kind: 'comment',
      template: 'rolled_back',
      public: true,
      vars: { nextStart: booking.start, nextEnd: booking.end },
      invite: inviteOf(booking, 'REQUEST', policy),
    },
    ...consequences(upgrade, next, now, policy),
  ]);
}
