import type { Instant } from '../types.js';
import { applyDecision } from './decision.js';
import { accepted } from './effects.js';
import type { Effect, LifecycleContext, LifecycleResult, Upgrade } from './types.js';

/**
 * The overrun watch's rules: what an upgrade left alone is owed at `now`, and what doing it changes.
 * - `in_progress`, `overrunWarningMinutes` before the window's end: an internal note, once per window;
 * - `scheduled` once the window has started (no upgrade_started reported): an internal note, once per window;
 * - `awaiting_decision` past the deadline: the request's `onTimeout` (`wait`: a note and the review flag; `no_go`:
 *   a NO-GO applied as the system), once per request.
 */

/** Who the watch's NO-GO is recorded as. */
export const WATCH_ACTOR = 'Upgrade Windows (decision deadline passed)';

/** The states in which the watch may owe something. */
export const WATCHED_STATES = ['scheduled', 'in_progress', 'awaiting_decision'] as const;

/** One action the watch owes; its mark names the window or request, so the action is done once for it. */
export type WatchDue =
  | { kind: 'overrun_warning' | 'missed_start'; mark: string; at: Instant }
  | { kind: 'decision_timeout'; mark: string; at: Instant; onTimeout: 'wait' | 'no_go' };

/**
 * What the watch owes an upgrade at `now`, or null. Marks name the window or request, so a moved window gets its
 * own note and a second request its own timeout. Example: a window ending 00:00 with an overrun warning of 30
 * minutes is warned from 23:30 (`overrun:<start ms>:<end ms>`).
 */
export function watchDue(upgrade: Upgrade, now: Instant, overrunWarningMinutes: number): WatchDue | null {
  const { booking, decisionRequest: request } = upgrade;
  if (upgrade.state === 'in_progress' && booking !== null && now >= booking.end - overrunWarningMinutes * 60_000) {
    return { kind: 'overrun_warning', mark: `overrun:${booking.start}:${booking.end}`, at: booking.end };
  }
  if (upgrade.state === 'scheduled' && booking !== null && now >= booking.start) {
    return { kind: 'missed_start', mark: `missed_start:${booking.start}`, at: booking.start };
  }
  if (upgrade.state === 'awaiting_decision' && request !== null && now >= request.deadline) {
    const mark = `timeout:${request.requestedAt}`;
    return { kind: 'decision_timeout', mark, at: request.deadline, onTimeout: request.onTimeout };
  }
  return null;
}

/** The change the due action makes at `ctx.now`; only a NO-GO on timeout can be refused (the upgrade moved on). */
export function applyWatchAction(upgrade: Upgrade, due: WatchDue, ctx: LifecycleContext): LifecycleResult {
  const { now } = ctx;
  switch (due.kind) {
    case 'overrun_warning': {
      const minutesLeft = Math.max(0, Math.ceil((due.at - now) / 60_000));
      return accepted(upgrade, [note('overrun_warning', { windowEnd: due.at, minutesLeft })]);
    }
    case 'missed_start':
      return accepted(upgrade, [note('missed_start', { windowStart: due.at })]);
    case 'decision_timeout': {
      const timeout = note('decision_timeout', { deadline: due.at, onTimeout: due.onTimeout });
      if (due.onTimeout === 'wait') {
        const review = { evidence: 'no answer to the GO/NO-GO request by its deadline' };
        return accepted({ ...upgrade, review }, [
          timeout,
          { kind: 'review', action: 'set', reason: 'decision deadline passed' },
        ]);
      }
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
        ctx,
      );
      return result.ok ? { ...result, effects: [timeout, ...result.effects] } : result;
    }
  }
}

function note(
  template: 'overrun_warning' | 'missed_start' | 'decision_timeout',
  vars: Record<string, unknown>,
): Effect {
  return { kind: 'comment', template, public: false, vars };
}
