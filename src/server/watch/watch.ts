import type { Policy } from '../../core/schedule.js';
import { applyDecision, type Effect, type LifecycleResult, type Upgrade } from '../../core/lifecycle/index.js';
import type { BackendService } from '../service.js';
import type { Store, UpgradeRecord } from '../store/types.js';

export interface WatchLogger {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export interface WatchDeps {
  store: Store;
  service: BackendService;
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
  kind: 'overrun_warning' | 'missed_start' | 'decision_timeout';
  mark: string;
}

/** The user the watch's NO-GO is recorded as. */
export const WATCH_ACTOR = 'Upgrade Windows (decision deadline passed)';

const WATCHED_STATES = ['scheduled', 'in_progress', 'awaiting_decision'] as const;

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
      const due = dueAction(record.upgrade, this.deps.now(), this.deps.policy);
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
  private async act(ticketId: number, due: Due): Promise<boolean> {
    const { store, service, logger } = this.deps;
    const now = this.deps.now();
    const done = await store.transaction(async (tx) => {
      const record: UpgradeRecord | null = await tx.getUpgrade(ticketId);
      if (record === null) return false;
      const again = dueAction(record.upgrade, now, this.deps.policy);
      if (again === null || again.mark !== due.mark) return false;
      if (!(await tx.putWatchMark(ticketId, due.mark, now))) return false;
      const result = await this.resultOf(record.upgrade, again, tx, ticketId, now);
      if (!result.ok) {
        logger.warn({ ticketId, mark: due.mark, code: result.code, reason: result.reason }, 'watch action refused');
        return true;
      }
      await service.persist(tx, ticketId, record.version, record.upgrade, result, null, now, due.kind, {
        mark: due.mark,
      });
      return true;
    });
    if (done) logger.info({ ticketId, kind: due.kind, mark: due.mark }, 'watch acted');
    return done;
  }

  private async resultOf(
    upgrade: Upgrade,
    due: Due,
    tx: Parameters<Parameters<Store['transaction']>[0]>[0],
    ticketId: number,
    now: number,
  ): Promise<LifecycleResult> {
    const { service } = this.deps;
    const note = (
      template: 'overrun_warning' | 'missed_start' | 'decision_timeout',
      vars: Record<string, unknown>,
    ): Effect => ({
      kind: 'comment',
      template,
      public: false,
      vars,
    });
    switch (due.kind) {
      case 'overrun_warning':
        return {
          ok: true,
          upgrade,
          effects: [
            note('overrun_warning', {
              windowEnd: due.at,
              minutesLeft: Math.max(0, Math.ceil((due.at - now) / 60_000)),
            }),
          ],
          replayed: false,
        };
      case 'missed_start':
        return { ok: true, upgrade, effects: [note('missed_start', { windowStart: due.at })], replayed: false };
      case 'decision_timeout': {
        const timeout = note('decision_timeout', { deadline: due.at, onTimeout: due.onTimeout });
        if (due.onTimeout === 'wait') {
          return {
            ok: true,
            upgrade: { ...upgrade, review: { evidence: 'no answer to the GO/NO-GO request by its deadline' } },
            effects: [timeout, { kind: 'review', action: 'set', reason: 'decision deadline passed' }],
            replayed: false,
          };
        }
        const context = await service.context(tx, ticketId, now);
        const result = applyDecision(
          upgrade,
          {
            value: 'NO_GO',
            at: now,
            by: WATCH_ACTOR,
            evidence: 'no answer by the deadline (policy decision.onTimeout: no_go)',
            commentId: due.mark,
            source: 'agent',
          },
          context,
        );
        return result.ok ? { ...result, effects: [timeout, ...result.effects] } : result;
      }
    }
  }
}

type Due =
  | { kind: 'overrun_warning' | 'missed_start'; mark: string; at: number }
  | { kind: 'decision_timeout'; mark: string; at: number; onTimeout: 'wait' | 'no_go' };

/**
 * What the watch owes an upgrade at `now`, or null. Marks name the window or request, so a moved window gets its
 * own note and a second request its own timeout. Example: a window ending 00:00 with `overrunWarning` PT30M is
 * warned from 23:30 (`overrun:<end ms>`).
 */
export function dueAction(upgrade: Upgrade, now: number, policy: Policy): Due | null {
  const { booking, decisionRequest: request } = upgrade;
  if (upgrade.state === 'in_progress' && booking !== null) {
    const end = booking.end;
    if (now >= end - policy.overrunWarningMinutes * 60_000) {
      return { kind: 'overrun_warning', mark: `overrun:${booking.start}:${end}`, at: end };
    }
  }
  if (upgrade.state === 'scheduled' && booking !== null && now >= booking.start) {
    return { kind: 'missed_start', mark: `missed_start:${booking.start}`, at: booking.start };
  }
  if (upgrade.state === 'awaiting_decision' && request !== null && now >= request.deadline) {
    return {
      kind: 'decision_timeout',
      mark: `timeout:${request.requestedAt}`,
      at: request.deadline,
      onTimeout: request.onTimeout,
    };
  }
  return null;
}
