import type { Policy } from '../../core/schedule.js';
import { applyWatchAction, watchDue, WATCHED_STATES, type WatchDue } from '../../core/lifecycle/index.js';
import { lifecycleContextIn } from '../changes/context.js';
import type { ChangeWriter } from '../changes/write.js';
import type { Store, UpgradeRecord } from '../store/types.js';

export interface WatchLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface WatchDeps {
  store: Store;
  changes: ChangeWriter;
  policy: Policy;
  /** The domain clock: tests pin it and call `tick()`. */
  now: () => number;
  logger: WatchLogger;
  onEnqueued?: () => void;
  /** How often the timer loop looks (default 30 s). */
  intervalMs?: number;
}

/** One thing the watch did, for logs and tests. */
export interface WatchAction {
  ticketId: number;
  kind: WatchDue['kind'];
  mark: string;
}

export { WATCH_ACTOR } from '../../core/lifecycle/index.js';

/**
 * The overrun watch (issue 6): a timer loop over the upgrades that may need an agent's attention.
 * - `in_progress`, `overrunWarning` before the window's end: an internal note, once per window;
 * - `scheduled` once the window has started (no upgrade_started reported): an internal note, once per window;
 * - `awaiting_decision` past the deadline: the request's `onTimeout` (`wait`: a note and the review flag; `no_go`:
 *   a NO-GO applied as the system), once per request.
 * Each action is written with its mark (`watch_marks`) in one transaction, so a restart never repeats it.
 */
export class OverrunWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(private readonly deps: WatchDeps) {}

  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      if (this.running !== null) return;
      this.running = this.tick()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, 'overrun watch pass failed'))
        .finally(() => {
          this.running = null;
        });
    }, this.deps.intervalMs ?? 30_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass at `now()`: what is due is done (and marked), what was done before is skipped. */
  async tick(): Promise<WatchAction[]> {
    const records = await this.deps.store.listUpgradesInStates(WATCHED_STATES);
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
