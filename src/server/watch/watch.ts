import { applyWatchAction, watchDue, WATCHED_STATES, type WatchDue } from '../../core/lifecycle/index.js';
import { lifecycleContextIn } from '../changes/context.js';
import type { ChangingPartDeps } from '../changes/write.js';
import { PeriodicWatch } from '../polling-loop.js';
import type { UpgradeRecord } from '../store/types.js';

export interface WatchDeps extends ChangingPartDeps {
  /** How often the watch looks (default 30 s). */
  intervalMs?: number;
}

/** One thing the watch did, for logs and tests. */
export interface WatchAction {
  ticketId: number;
  kind: WatchDue['kind'];
  mark: string;
}

export { WATCH_ACTOR } from '../../core/lifecycle/index.js';

const DEFAULT_INTERVAL_MS = 30_000;

/**
 * The overrun watch: a polling pass over the upgrades that may need an agent's attention. What is owed and what
 * doing it changes are the core's rules (`watchDue`, `applyWatchAction` in src/core/lifecycle/watch.ts): a note
 * when a running window is about to end or a window started with no upgrade_started, the policy's `onTimeout`
 * when a GO/NO-GO request is past its deadline. Each action is written with its mark (`watch_marks`) in one
 * transaction, so a restart never repeats it.
 */
export class OverrunWatch extends PeriodicWatch {
  constructor(private readonly deps: WatchDeps) {
    super('overrun watch', deps.intervalMs ?? DEFAULT_INTERVAL_MS, deps.logger);
  }

  /**
   * One pass at `now()`: what is due is done (and marked), what was done before is skipped. Only the replica that
   * leads the watch looks; its lease lasts three periods, so another takes over when it dies.
   */
  async tick(): Promise<WatchAction[]> {
    const ttlMs = 3 * (this.deps.intervalMs ?? 30_000);
    if (!(await this.deps.store.holdLeadership('overrun-watch', this.deps.now(), ttlMs))) return [];
    // A scheduled upgrade is owed something only once its window has begun (`watchDue`).
    const records = await this.deps.store.listUpgradesInStates(WATCHED_STATES, { startedBy: this.deps.now() });
    const actions: WatchAction[] = [];
    for (const record of records) {
      const due = watchDue(record.upgrade, this.deps.now(), this.deps.policy.overrunWarningMinutes);
      if (due === null) continue;
      try {
        if (await this.act(record.ticketId, due))
          actions.push({ ticketId: record.ticketId, kind: due.kind, mark: due.mark });
      } catch (error) {
        this.deps.logger.warn({ ticketId: record.ticketId, mark: due.mark, err: error }, 'watch action failed');
      }
    }
    if (actions.length > 0) this.deps.onEnqueued?.();
    return actions;
  }

  /** Re-checks the action in the transaction (the upgrade may have moved on), marks it and writes its effects. */
  private async act(ticketId: number, due: WatchDue): Promise<boolean> {
    const { store, changes, policy, logger } = this.deps;
    const now = this.deps.now();
    const done = await store.transaction(async (tx) => {
      const record: UpgradeRecord | null = await tx.getUpgrade(ticketId);
      if (record === null) return false;
      const again = watchDue(record.upgrade, now, this.deps.policy.overrunWarningMinutes);
      if (again === null || again.mark !== due.mark) return false;
      if (!(await tx.putWatchMark(ticketId, due.mark, now))) return false;
      const result = applyWatchAction(record.upgrade, again, await lifecycleContextIn(tx, policy, ticketId, now));
      if (!result.ok) {
        logger.warn({ ticketId, mark: due.mark, code: result.code, reason: result.reason }, 'watch action refused');
        return true;
      }
      const { version, upgrade: before } = record;
      const detail = { mark: due.mark };
      await changes.write(tx, { ticketId, version, before, result, agent: null, now, cause: due.kind, detail });
      return true;
    });
    if (done) logger.info({ ticketId, kind: due.kind, mark: due.mark }, 'watch acted');
    return done;
  }
}
