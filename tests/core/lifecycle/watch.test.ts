import {
  applyWatchAction,
  watchDue,
  WATCH_ACTOR,
  type Upgrade,
  type UpgradeState,
} from '../../../src/core/lifecycle/index.js';
import { DURING, WINDOW, context, fixtures } from './helpers.js';

const {
  scheduled,
  in_progress: inProgress,
  awaiting_decision: awaiting,
  completed,
} = fixtures() as Record<UpgradeState, Upgrade>;
const MINUTE = 60_000;
const WARNING = 30;

describe('watchDue', () => {
  it('owes nothing to an upgrade on time', () => {
    expect(watchDue(scheduled, WINDOW.start - MINUTE, WARNING)).toBeNull();
    expect(watchDue(inProgress, WINDOW.end - (WARNING + 1) * MINUTE, WARNING)).toBeNull();
    expect(watchDue(completed, WINDOW.end + MINUTE, WARNING)).toBeNull();
  });

  it('notes a window that started with no upgrade_started, marked by its start', () => {
    expect(watchDue(scheduled, WINDOW.start, WARNING)).toEqual({
      kind: 'missed_start',
      mark: `missed_start:${WINDOW.start}`,
      at: WINDOW.start,
    });
  });

  it('warns the overrun warning minutes before a running window ends, marked by the window', () => {
    expect(watchDue(inProgress, WINDOW.end - WARNING * MINUTE, WARNING)).toEqual({
      kind: 'overrun_warning',
      mark: `overrun:${WINDOW.start}:${WINDOW.end}`,
      at: WINDOW.end,
    });
  });

  it("applies the request's own onTimeout once its deadline passed, marked by the request", () => {
    const request = awaiting.decisionRequest!;
    expect(watchDue(awaiting, request.deadline - 1, WARNING)).toBeNull();
    expect(watchDue(awaiting, request.deadline, WARNING)).toEqual({
      kind: 'decision_timeout',
      mark: `timeout:${request.requestedAt}`,
      at: request.deadline,
      onTimeout: 'wait',
    });
  });
});

describe('applyWatchAction', () => {
  it('warns of an overrun with the whole minutes left, changing nothing', () => {
    const now = WINDOW.end - 29.5 * MINUTE;
    const result = applyWatchAction(inProgress, watchDue(inProgress, now, WARNING)!, context(now));
    expect(result).toEqual({
      ok: true,
      replayed: false,
      upgrade: inProgress,
      effects: [
        {
          kind: 'comment',
          template: 'overrun_warning',
          public: false,
          vars: { windowEnd: WINDOW.end, minutesLeft: 30 },
        },
      ],
    });
  });

  it('on a wait timeout, notes it and opens a review', () => {
    const due = watchDue(awaiting, awaiting.decisionRequest!.deadline, WARNING)!;
    const result = applyWatchAction(awaiting, due, context(due.at));
    expect(result.ok && result.upgrade.review).toEqual({
      evidence: 'no answer to the GO/NO-GO request by its deadline',
    });
    expect(result.ok && result.effects.map((effect) => effect.kind)).toEqual(['comment', 'review']);
  });

  it('on a no_go timeout, applies a NO-GO as the watch, after the timeout note', () => {
    const noGo: Upgrade = {
      ...awaiting,
      decisionRequest: { ...awaiting.decisionRequest!, onTimeout: 'no_go' },
    };
    const due = watchDue(noGo, noGo.decisionRequest!.deadline, WARNING)!;
    const result = applyWatchAction(noGo, due, context(due.at));
    if (!result.ok) throw new Error(result.reason);
    expect(result.upgrade.state).toBe('rolling_back');
    expect(result.upgrade.decision).toMatchObject({ value: 'NO_GO', by: WATCH_ACTOR, commentId: due.mark });
    expect(result.effects[0]).toMatchObject({ template: 'decision_timeout', vars: { onTimeout: 'no_go' } });
  });

  it('refuses the NO-GO when the upgrade already moved on', () => {
    const due = { kind: 'decision_timeout' as const, mark: 'timeout:1', at: DURING, onTimeout: 'no_go' as const };
    expect(applyWatchAction(completed, due, context(DURING))).toMatchObject({ ok: false });
  });
});
