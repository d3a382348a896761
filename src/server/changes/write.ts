import type { Accepted, Effect, Upgrade } from '../../core/lifecycle/index.js';
import type { Policy } from '../../core/schedule.js';
import type { DeliveryComment, ZendeskDelivery } from '../delivery/worker.js';
import type { PartLogger } from '../logger.js';
import type { AgentRef, Store, StoreOps } from '../store/types.js';
import { Refused } from '../errors.js';
import { apiInstant } from '../views/instant.js';
import { fieldsFromEffects, fieldsFromStates } from './field-values.js';

/** What a background part that changes upgrades needs (decision capture, the overrun watch). */
export interface ChangingPartDeps {
  store: Store;
  changes: ChangeWriter;
  policy: Policy;
  /** The domain clock (tests pin it). */
  now: () => number;
  logger: PartLogger;
  /** Called after a commit that queued deliveries (wakes the delivery worker). */
  onEnqueued?: () => void;
}

/** One accepted change to a ticket's upgrade, as the use cases, decision capture and the overrun watch make them. */
export interface Change {
  ticketId: number;
  /** The stored version the change was computed from (0 for a ticket seen for the first time). */
  version: number;
  before: Upgrade;
  result: Accepted;
  agent: AgentRef | null;
  now: number;
  /** The history entry's type when the change posts no comment (`booking`, `decision_recorded`, …). */
  cause: string;
  /** Kept with the first history entry (the event's input, the captured comment's id, …). */
  detail?: unknown;
}

/**
 * Writes accepted lifecycle changes in the caller's transaction: the new upgrade, the booking it holds, for each
 * comment a history entry and an outbox item (the first carrying the field updates), and the notifications for
 * NOTIFY_URL. One writer serves every path, so a change reaches Zendesk the same way whoever made it.
 */
export class ChangeWriter {
  constructor(
    private readonly policy: Policy,
    /** NOTIFY_URL is set: state changes and captured decisions are queued for it (outbox kind `notify`). */
    private readonly notify: boolean,
  ) {}

  /** Throws `Refused` (CONCURRENT_UPDATE), writing nothing, when another write to the ticket came first. */
  async write(tx: StoreOps, change: Change): Promise<Upgrade> {
    const { ticketId, before, result, agent, now, cause } = change;
    const detail = change.detail ?? null;
    const next = result.upgrade;
    if (!(await tx.putUpgrade(ticketId, next, change.version, now))) {
      throw new Refused('CONCURRENT_UPDATE', `ticket ${ticketId} changed meanwhile; try again`);
    }
    await syncBooking(tx, ticketId, next, now);
    const fields = {
      ...fieldsFromStates(before, next, this.policy),
      ...fieldsFromEffects(result.effects, this.policy),
    };
    if (this.notify) await this.queueNotifications(tx, ticketId, result.effects, now);
    const comments = result.effects.filter(
      (effect): effect is Extract<Effect, { kind: 'comment' }> => effect.kind === 'comment',
    );
    if (comments.length === 0) {
      const entry = await tx.addHistory({ ticketId, type: cause, createdAt: now, public: false, agent, detail });
      if (Object.keys(fields).length > 0) {
        const payload: ZendeskDelivery = { comment: null, fields };
        await tx.enqueue({ ticketId, kind: 'zendesk', payload, createdAt: now }, entry.id);
      }
      return next;
    }
    for (const [index, comment] of comments.entries()) {
      const entry = await tx.addHistory({
        ticketId,
        type: comment.template,
        createdAt: now,
        public: comment.public,
        agent,
        detail: index === 0 ? detail : null,
      });
      const payload: ZendeskDelivery = { comment: deliveryComment(comment), fields: index === 0 ? fields : {} };
      await tx.enqueue({ ticketId, kind: 'zendesk', payload, createdAt: now }, entry.id);
    }
    return next;
  }

  /** State changes and captured decisions, as the JSON POSTed to NOTIFY_URL (instants in the policy zone). */
  private async queueNotifications(tx: StoreOps, ticketId: number, effects: Effect[], now: number): Promise<void> {
    const zone = this.policy.timeZone;
    for (const effect of effects) {
      if (effect.kind !== 'notify') continue;
      const payload =
        effect.type === 'state_changed'
          ? { type: 'state_changed', ticketId, from: effect.from, to: effect.to, at: apiInstant(effect.at, zone) }
          : effect.type === 'escalation'
            ? {
                type: 'escalation',
                ticketId,
                reason: effect.reason,
                deferrals: effect.deferrals,
                maxDeferrals: effect.maxDeferrals,
                at: apiInstant(effect.at, zone),
              }
            : {
                type: 'decision',
                ticketId,
                decision: { ...effect.decision, at: apiInstant(effect.decision.at, zone) },
                at: apiInstant(now, zone),
              };
      await tx.enqueue({ ticketId, kind: 'notify', payload, createdAt: now }, null);
    }
  }
}

/** A comment effect as the outbox keeps it, rendered only at delivery time. */
export function deliveryComment(effect: Extract<Effect, { kind: 'comment' }>): DeliveryComment {
  return {
    template: effect.template,
    public: effect.public,
    vars: effect.vars,
    ...(effect.invite !== undefined ? { invite: effect.invite } : {}),
  };
}

/** The bookings table mirrors the upgrade's booking (a No-Go or rollback may move it without the booking route). */
async function syncBooking(tx: StoreOps, ticketId: number, next: Upgrade, now: number): Promise<void> {
  const current = await tx.activeBooking(ticketId);
  const booking = next.booking;
  if (booking === null) {
    if (current !== null) await tx.releaseBooking(ticketId, now);
    return;
  }
  const same =
    current !== null &&
    current.start === booking.start &&
    current.end === booking.end &&
    current.rule === booking.rule &&
    current.class === booking.class;
  if (same) return;
  const { start, end, rule, reason, timeZone } = booking;
  await tx.replaceBooking({ ticketId, start, end, rule, class: booking.class, reason, timeZone }, now);
}
