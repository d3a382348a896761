import type { PartLogger } from '../logger.js';
import { PollingWorker } from '../polling-loop.js';
import type { Store } from '../store/types.js';

/** The states in which a customer's reply can decide something, so a lost webhook must not lose it. */
export const RECONCILED_STATES = ['offered', 'scheduled', 'awaiting_decision', 'rolling_back'] as const;

export const DEFAULT_RECONCILE_INTERVAL_MS = 5 * 60_000;

/** The lease role: with several replicas on one database, one of them reconciles (docs/DECISIONS.md §36). */
export const RECONCILE_ROLE = 'reconcile';

export interface ReconcilerDeps {
  store: Pick<Store, 'listUpgradesInStates' | 'holdLeadership'>;
  /** The clock the lease is held on (the wall clock). */
  now: () => number;
  /** The capture path: reads the ticket's comments not yet judged and acts on each once. */
  processTicket: (ticketId: number) => Promise<unknown>;
  intervalMs: number;
  logger: Pick<PartLogger, 'error' | 'warn'>;
}

/**
 * Zendesk's webhooks are best-effort (dropped while a circuit breaker is open, or late): every interval this
 * reads, through the same capture path as the webhook inbox, the comments of the tickets whose replies matter.
 * Capture records each judged comment in the transaction that acts on it, so reading one through both paths
 * acts once; a lost webhook delays a decision by at most one interval.
 */
export class Reconciler extends PollingWorker {
  constructor(private readonly deps: ReconcilerDeps) {
    super('reconcile', deps.intervalMs, deps.logger);
  }

  /** Starts the timer; the first pass runs one interval from now (start-up already has enough to do). */
  override start(): void {
    this.loop.start(this.deps.intervalMs);
  }

  /**
   * One pass over the tickets, on the replica that leads reconciliation only (others would read the same comments
   * again for nothing); its lease lasts three intervals, and a killed leader's is free once its heartbeat stops.
   * One ticket's failure (Zendesk down, a deleted ticket) does not stop the others.
   */
  async runOnce(): Promise<number> {
    const { store, now, intervalMs } = this.deps;
    if (!(await store.holdLeadership(RECONCILE_ROLE, now(), 3 * intervalMs))) return 0;
    const upgrades = await store.listUpgradesInStates(RECONCILED_STATES);
    for (const { ticketId } of upgrades) {
      try {
        await this.deps.processTicket(ticketId);
      } catch (error) {
        this.deps.logger.warn({ ticketId, error: (error as Error)?.message ?? String(error) }, 'reconcile failed');
      }
    }
    // 0: the loop then waits a full interval instead of passing again at once.
    return 0;
  }
}
