import {
  applyDecision,
  applyEvent,
  book,
  cancel,
  newUpgrade,
  type Upgrade,
} from '../../../src/core/lifecycle/index.js';
import type { Window } from '../../../src/core/types.js';
import { DURING, NEXT_WINDOW, WINDOW, accepted, at, context, fixtures, window } from './helpers.js';

const REQUEST = at('2026-11-22T12:00:00Z');
const { scheduled, in_progress: inProgress, awaiting_decision: awaiting, rolling_back: rollingBack } = fixtures();

function noGo(
  upgrade: Upgrade,
  when: number,
  nextWindow = jest.fn((_requestAt: number, _except?: Window): Window | null => NEXT_WINDOW),
) {
  const result = applyDecision(
    upgrade,
    { value: 'NO_GO', at: when, by: '7 Dana Customer', evidence: 'No-go', commentId: `c-${when}`, source: 'customer' },
    context(when + 5_000, nextWindow),
  );
  return { result, nextWindow };
}

describe('book', () => {
  it('books a first window: the comment with its invite, the ticket fields, the state change', () => {
    const result = book(
      newUpgrade('42'),
      { window: WINDOW, class: 'maintenance', requestedAt: REQUEST },
      context(REQUEST),
    );
    expect(result.ok && result.effects).toEqual([
      {
        kind: 'comment',
        template: 'window_scheduled',
        public: true,
        vars: { windowStart: WINDOW.start, windowEnd: WINDOW.end, windowClass: 'maintenance', reason: null },
        invite: {
          uid: 'upgrade-42-1@acme.example',
          sequence: 0,
          method: 'REQUEST',
          start: WINDOW.start,
          end: WINDOW.end,
          timeZone: 'America/Chicago',
          organizer: { name: 'Acme Cloud', email: 'upgrades@acme.example' },
        },
      },
      {
        kind: 'fields',
        values: {
          status: 'scheduled',
          windowStart: '2026-12-01T18:00:00-06:00',
          windowEnd: '2026-12-02T00:00:00-06:00',
          windowDate: '2026-12-01',
        },
      },
      { kind: 'notify', type: 'state_changed', ticketId: '42', from: 'unscheduled', to: 'scheduled', at: REQUEST },
    ]);
  });

  it('moves a booking with the same invite UID and a higher sequence', () => {
    const result = book(
      scheduled!,
      { window: NEXT_WINDOW, class: 'maintenance', requestedAt: REQUEST },
      context(REQUEST),
    );
    const upgrade = accepted(result);
    expect(upgrade.booking).toMatchObject({ uid: 'upgrade-42-1@acme.example', sequence: 1, start: NEXT_WINDOW.start });
    expect(result.ok && result.effects[0]).toMatchObject({
      template: 'window_rescheduled',
      vars: { windowStart: NEXT_WINDOW.start, previousStart: WINDOW.start, previousEnd: WINDOW.end, reason: null },
      invite: { uid: 'upgrade-42-1@acme.example', sequence: 1, method: 'REQUEST' },
    });
    expect(result.ok && result.effects.map((effect) => effect.kind)).toEqual(['comment', 'fields']);
  });

  it('requires a reason for a hot fix', () => {
    const hotfix = window('2026-11-23T10:00:00-06:00', '2026-11-23T12:00:00-06:00');
    expect(book(newUpgrade('42'), { window: hotfix, class: 'hotfix', requestedAt: REQUEST }, context(REQUEST))).toEqual(
      {
        ok: false,
        code: 'REASON_REQUIRED',
        reason: 'a hot fix must be justified: give the reason',
      },
    );
  });

  it('refuses to move a window once the upgrade has started', () => {
    expect(
      book(inProgress!, { window: NEXT_WINDOW, class: 'maintenance', requestedAt: DURING }, context(DURING)),
    ).toEqual({
      ok: false,
      code: 'INVALID_STATE',
      reason: 'the window cannot be changed: the upgrade is in progress',
    });
  });

  it('refuses to book the window the ticket already has', () => {
    const result = book(scheduled!, { window: WINDOW, class: 'maintenance', requestedAt: REQUEST }, context(REQUEST));
    expect(result.ok === false && result.code).toBe('ALREADY_BOOKED');
  });
});

describe('cancel', () => {
  it('says NO_BOOKING when nothing is booked', () => {
    expect(cancel(newUpgrade('42'), context(REQUEST))).toEqual({
      ok: false,
      code: 'NO_BOOKING',
      reason: 'there is no booking to cancel',
    });
  });

  it('withdraws the booking with a METHOD:CANCEL invite of the same UID, and clears the window fields', () => {
    const result = cancel(scheduled!, context(REQUEST));
    expect(accepted(result).state).toBe('cancelled');
    expect(result.ok && result.effects.slice(0, 2)).toEqual([
      {
        kind: 'comment',
        template: 'window_cancelled',
        public: true,
        vars: { windowStart: WINDOW.start, windowEnd: WINDOW.end, reason: null },
        invite: expect.objectContaining({ uid: 'upgrade-42-1@acme.example', sequence: 1, method: 'CANCEL' }),
      },
      { kind: 'fields', values: { status: 'cancelled', windowStart: null, windowEnd: null, windowDate: null } },
    ]);
  });

  it('gives a booking made after a cancellation a new invite UID', () => {
    const cancelled = accepted(cancel(scheduled!, context(REQUEST)));
    const rebooked = accepted(
      book(cancelled, { window: NEXT_WINDOW, class: 'maintenance', requestedAt: REQUEST }, context(REQUEST)),
    );
    expect(rebooked.booking).toMatchObject({ uid: 'upgrade-42-2@acme.example', sequence: 0 });
  });

  it('refuses to cancel a running upgrade', () => {
    const result = cancel(inProgress!, context(DURING));
    expect(result.ok === false && result.reason).toBe('the booking cannot be cancelled: the upgrade is in progress');
  });
});

describe('No-Go before the upgrade starts', () => {
  it('moves the booking in one step to the next window for a request made at the No-Go', () => {
    const when = at('2026-11-30T09:00:00-06:00');
    const { result, nextWindow } = noGo(scheduled!, when);
    expect(nextWindow).toHaveBeenCalledWith(when, WINDOW);
    const upgrade = accepted(result);
    expect(upgrade.state).toBe('scheduled');
    expect(upgrade.booking).toMatchObject({ start: NEXT_WINDOW.start, uid: 'upgrade-42-1@acme.example', sequence: 1 });
    expect(
      result.ok && result.effects.map((effect) => (effect.kind === 'comment' ? effect.template : effect.kind)),
    ).toEqual(['decision_received', 'window_rescheduled', 'fields', 'notify']);
    expect(result.ok && result.effects[0]).toMatchObject({
      vars: { decision: 'NO_GO', evidence: 'No-go', next: 'rescheduled' },
    });
    expect(result.ok && result.effects[1]).toMatchObject({
      invite: { method: 'REQUEST', sequence: 1, start: NEXT_WINDOW.start },
    });
    expect(result.ok && result.effects[2]).toEqual({
      kind: 'fields',
      values: {
        decision: 'no_go',
        decisionAt: '2026-11-30T09:00:00-06:00',
        decisionBy: '7 Dana Customer',
        decisionEvidence: 'No-go',
        windowStart: '2026-12-08T18:00:00-06:00',
        windowEnd: '2026-12-09T00:00:00-06:00',
        windowDate: '2026-12-08',
      },
    });
  });

  it('asks the engine for the first window for a request at the NO-GO other than the refused one', () => {
    const when = at('2026-11-20T09:00:00-06:00');
    const engine = jest.fn((_requestAt: number, _except?: Window): Window | null => NEXT_WINDOW);
    const { result } = noGo(scheduled!, when, engine);
    expect(engine.mock.calls).toEqual([[when, WINDOW]]);
    expect(accepted(result).booking).toMatchObject({ start: NEXT_WINDOW.start, sequence: 1 });
  });

  it('without a window within a year: unscheduled, flagged for review, the old invite cancelled', () => {
    const { result } = noGo(
      scheduled!,
      at('2026-11-30T09:00:00-06:00'),
      jest.fn((_requestAt: number): Window | null => null),
    );
    const upgrade = accepted(result);
    expect(upgrade).toMatchObject({ state: 'unscheduled', booking: null, flaggedNoWindow: true });
    expect(result.ok && result.effects[0]).toMatchObject({
      template: 'decision_received',
      vars: { next: 'no_window' },
      invite: { method: 'CANCEL', uid: 'upgrade-42-1@acme.example', sequence: 1 },
    });
    expect(result.ok && result.effects[1]).toEqual({
      kind: 'comment',
      template: 'no_window_available',
      public: false,
      vars: { requestedAt: at('2026-11-30T09:00:00-06:00') },
    });
    expect(result.ok && result.effects).toContainEqual({
      kind: 'review',
      action: 'set',
      reason: 'no window within a year',
    });
    expect(result.ok && result.effects).toContainEqual(
      expect.objectContaining({
        kind: 'fields',
        values: expect.objectContaining({ status: 'unscheduled', needsReview: true }),
      }),
    );
  });
});

describe('No-Go after the start, and the rollback', () => {
  it('rolls back from in_progress and from awaiting_decision', () => {
    expect(accepted(noGo(inProgress!, DURING).result).state).toBe('rolling_back');
    const { result } = noGo(awaiting!, DURING);
    expect(accepted(result)).toMatchObject({ state: 'rolling_back', decisionRequest: null });
    expect(result.ok && result.effects[0]).toMatchObject({
      template: 'decision_received',
      vars: { next: 'rolling_back' },
    });
  });

  it('books the next window when the rollback is reported, with its invite on the rollback comment', () => {
    const now = at('2026-12-01T22:00:00-06:00');
    const nextWindow = jest.fn(() => NEXT_WINDOW);
    const result = applyEvent(rollingBack!, { type: 'rolled_back', key: 'rb' }, context(now, nextWindow));
    expect(nextWindow).toHaveBeenCalledWith(now);
    expect(accepted(result)).toMatchObject({ state: 'scheduled', instances: [], validation: 'none' });
    expect(result.ok && result.effects[0]).toEqual({
      kind: 'comment',
      template: 'rolled_back',
      public: true,
      vars: { nextStart: NEXT_WINDOW.start, nextEnd: NEXT_WINDOW.end },
      invite: expect.objectContaining({ uid: 'upgrade-42-1@acme.example', sequence: 1, method: 'REQUEST' }),
    });
  });

  it('leaves the ticket unscheduled and flagged when no window is left, saying the vendor will propose a date', () => {
    const result = applyEvent(
      rollingBack!,
      { type: 'rolled_back', key: 'rb' },
      context(DURING, () => null),
    );
    expect(accepted(result)).toMatchObject({ state: 'unscheduled', booking: null, flaggedNoWindow: true });
    expect(result.ok && result.effects[0]).toEqual({
      kind: 'comment',
      template: 'rolled_back',
      public: true,
      vars: { nextStart: null, nextEnd: null },
    });
  });
});

describe('Go', () => {
  const go = (upgrade: Upgrade, commentId = 'g1') =>
    applyDecision(
      upgrade,
      { value: 'GO', at: DURING, by: '7 Dana Customer', evidence: 'Go ahead', commentId, source: 'customer' },
      context(DURING),
    );

  it('answers an open request: back to in_progress, decision fields set, decision notified', () => {
    const result = go(awaiting!);
    expect(accepted(result)).toMatchObject({ state: 'in_progress', decisionRequest: null, decision: { value: 'GO' } });
    expect(result.ok && result.effects[0]).toMatchObject({
      template: 'decision_received',
      vars: { decision: 'GO', next: 'continue' },
    });
    expect(result.ok && result.effects).toContainEqual(expect.objectContaining({ kind: 'notify', type: 'decision' }));
  });

  it('is refused outside a request, with the code the agent note uses', () => {
    expect(go(scheduled!)).toEqual({
      ok: false,
      code: 'go_outside_request',
      reason:
        'a GO only answers an open GO/NO-GO request: the upgrade has not started (its window starts at 2026-12-01T18:00:00-06:00)',
    });
    const { completed, cancelled } = fixtures();
    expect(go(completed!)).toMatchObject({ ok: false, code: 'after_completion' });
    expect(noGo(cancelled!, DURING).result).toMatchObject({ ok: false, code: 'after_cancellation' });
    expect(noGo(rollingBack!, DURING).result).toMatchObject({ ok: false, code: 'nothing_to_stop' });
  });

  it('applies the same comment once', () => {
    const upgrade = accepted(go(awaiting!));
    expect(go(upgrade)).toEqual({ ok: true, upgrade, effects: [], replayed: true });
  });

  it('clears an open review', () => {
    const reviewed: Upgrade = { ...awaiting!, review: { commentId: 'c0', evidence: 'maybe?' } };
    const result = go(reviewed);
    expect(accepted(result).review).toBeNull();
    expect(result.ok && result.effects).toContainEqual({
      kind: 'review',
      action: 'clear',
      reason: 'decision captured',
    });
    expect(result.ok && result.effects).toContainEqual(
      expect.objectContaining({ kind: 'fields', values: expect.objectContaining({ needsReview: false }) }),
    );
  });
});

describe('a decision belongs to one booking', () => {
  const cleared = { decision: null, decisionAt: null, decisionBy: null, decisionEvidence: null };
  const fieldsOf = (result: ReturnType<typeof book>) =>
    result.ok ? result.effects.find((effect) => effect.kind === 'fields') : undefined;

  it('the booking made after a rollback clears the No-Go, in the upgrade and the fields', () => {
    expect(rollingBack!.decision?.value).toBe('NO_GO');
    const result = applyEvent(rollingBack!, { type: 'rolled_back', key: 'rb-clear' }, context(DURING));
    expect(accepted(result).decision).toBeNull();
    expect(fieldsOf(result)).toMatchObject({ values: cleared });
  });

  it('a new booking after a cancel clears the decision of the cancelled one', () => {
    const decided = accepted(noGo(scheduled!, at('2026-11-30T09:00:00-06:00')).result);
    expect(decided.decision?.value).toBe('NO_GO');
    const cancelled = accepted(cancel(decided, context(at('2026-11-30T10:00:00-06:00'))));
    const result = book(
      cancelled,
      { window: WINDOW, class: 'maintenance', requestedAt: at('2026-11-30T11:00:00-06:00') },
      context(at('2026-11-30T11:00:00-06:00')),
    );
    expect(accepted(result).decision).toBeNull();
    expect(fieldsOf(result)).toMatchObject({ values: cleared });
  });

  it('a reschedule by an agent clears the decision too', () => {
    const decided = accepted(noGo(scheduled!, at('2026-11-30T09:00:00-06:00')).result);
    const result = book(
      decided,
      { window: WINDOW, class: 'maintenance', requestedAt: at('2026-11-30T11:00:00-06:00') },
      context(at('2026-11-30T11:00:00-06:00')),
    );
    expect(accepted(result).decision).toBeNull();
    expect(fieldsOf(result)).toMatchObject({ values: cleared });
  });
});
