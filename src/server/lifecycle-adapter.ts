import * as core from '../core/lifecycle/index.js';
import type { Effect, LifecycleContext, LifecyclePort, LifecycleResult, UpgradeSummary } from './lifecycle-port.js';

/** The core lifecycle (src/core/lifecycle) seen through the backend's port. Upgrades are stored as the core's JSON. */
export const coreLifecycle: LifecyclePort = {
  newUpgrade: (ticketId) => core.newUpgrade(String(ticketId)),

  book: (upgrade, booking, context) =>
    adapt(
      core.book(
        asUpgrade(upgrade),
        { window: booking.window, class: booking.class, reason: booking.reason, requestedAt: context.now },
        coreContext(context),
      ),
    ),

  cancel: (upgrade, context) => adapt(core.cancel(asUpgrade(upgrade), coreContext(context))),

  applyEvent: (upgrade, event, context) =>
    adapt(
      core.applyEvent(
        asUpgrade(upgrade),
        {
          type: event.type,
          instance: event.instance ?? null,
          reason: event.reason ?? null,
          anticipatedEnd: event.anticipatedEnd ?? null,
          key: event.key,
        },
        coreContext(context),
      ),
    ),

  applyDecision: (upgrade, decision, context) =>
    adapt(core.applyDecision(asUpgrade(upgrade), { ...decision }, coreContext(context))),

  setReview: (upgrade, review) => ({ ...asUpgrade(upgrade), review: review === null ? null : { ...review } }),

  allowedEvents: (upgrade, context) => core.allowedEvents(asUpgrade(upgrade), context.now, context.policy),

  summarize: (value) => {
    const upgrade = asUpgrade(value);
    const booking = upgrade.booking;
    const summary: UpgradeSummary = {
      state: upgrade.state,
      booking:
        booking === null
          ? null
          : {
              window: { rule: booking.rule, start: booking.start, end: booking.end, timeZone: booking.timeZone },
              class: booking.class,
              reason: booking.reason,
              sequence: booking.sequence,
            },
      instances: upgrade.instances.map((instance) => ({ name: instance.name, status: instance.status })),
      validation: upgrade.validation,
      decision: upgrade.decision === null ? null : { ...upgrade.decision },
      review: upgrade.review === null ? null : { ...upgrade.review },
      decisionDeadline: upgrade.decisionRequest?.deadline ?? null,
      decisionRequestedAt: upgrade.decisionRequest?.requestedAt ?? null,
      decisionOnTimeout: upgrade.decisionRequest?.onTimeout ?? null,
      startedAt: upgrade.startedAt,
    };
    return summary;
  },
};

function coreContext(context: LifecycleContext): core.LifecycleContext {
  return { now: context.now, policy: context.policy, nextWindow: context.nextWindow };
}

function asUpgrade(value: unknown): core.Upgrade {
  return value as core.Upgrade;
}

function adapt(result: core.LifecycleResult): LifecycleResult {
  if (!result.ok) return { ok: false, code: result.code, reason: result.reason };
  return { ok: true, upgrade: result.upgrade, effects: result.effects.map(adaptEffect) };
}

function adaptEffect(effect: core.Effect): Effect {
  switch (effect.kind) {
    case 'comment':
      return {
        kind: 'comment',
        template: effect.template,
        public: effect.public,
        vars: effect.vars,
        ...(effect.invite !== undefined ? { invite: effect.invite } : {}),
      };
    case 'fields':
      return { kind: 'fields', values: effect.values };
    case 'review':
      return { kind: 'review', set: effect.action === 'set' };
    case 'notify':
      return { kind: 'notify', payload: effect };
  }
}
