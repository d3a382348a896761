import { expireOffer, isOfferExpired } from '../../core/lifecycle/index.js';
import type { ChangingPartDeps } from '../changes/write.js';
import { PeriodicWatch } from '../polling-loop.js';

export interface OfferWatchDeps extends ChangingPartDeps {
  /** How often the watch looks (default 60 s). */
  intervalMs?: number;
}

const DEFAULT_INTERVAL_MS = 60_000;

/**
 * Closes offers whose time passed (policy `offer.expires`, docs/REPLIES.md): the ticket returns to `unscheduled`,
 * where an agent can offer again, and a late choice is an unclear reply. Runs on the same polling loop as the
 * overrun watch; only the replica that leads it looks, and each expiry is re-checked in its transaction.
 */
export class OfferWatch extends PeriodicWatch {
  constructor(private readonly deps: OfferWatchDeps) {
    super('offer watch', deps.intervalMs ?? DEFAULT_INTERVAL_MS, deps.logger);
  }

  /** One pass at `now()`: the tickets whose offer lapsed, closed now. */
  async tick(): Promise<number[]> {
    const { store } = this.deps;
    if (!(await store.holdLeadership('offer-watch', this.deps.now(), 3 * this.intervalMs))) return [];
    const expired: number[] = [];
    for (const record of await store.listUpgradesInStates(['offered'])) {
      if (!isOfferExpired(record.upgrade, this.deps.now())) continue;
      try {
        if (await this.expire(record.ticketId)) expired.push(record.ticketId);
      } catch (error) {
        this.deps.logger.warn({ ticketId: record.ticketId, err: error }, 'offer expiry failed');
      }
    }
    if (expired.length > 0) this.deps.onEnqueued?.();
    return expired;
  }

  private async expire(ticketId: number): Promise<boolean> {
    const { store, changes, policy, logger } = this.deps;
    const now = this.deps.now();
    const done = await store.transaction(async (tx) => {
      const record = await tx.getUpgrade(ticketId);
      // A reply or an agent may have answered the offer meanwhile.
      if (record === null || !isOfferExpired(record.upgrade, now)) return false;
      const result = expireOffer(record.upgrade, { now, policy });
      if (!result.ok) return false;
      const { version, upgrade: before } = record;
      const detail = { expiresAt: before.offer?.expiresAt ?? null };
      await changes.write(tx, { ticketId, version, before, result, agent: null, now, cause: 'offer_expired', detail });
      return true;
    });
    if (done) logger.info({ ticketId }, 'offer expired');
    return done;
  }
}
