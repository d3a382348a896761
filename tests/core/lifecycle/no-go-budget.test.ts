import { applyDecision, applyEvent, book, type Effect, type Upgrade } from '../../../src/core/lifecycle/index.js';
import { renderComment } from '../../../src/core/templates/index.js';
import { DURING, NEXT_WINDOW, POLICY, SELF_SERVICE, accepted, at, fixtures } from './helpers.js';

/** docs/REPLIES.md, deferral budget: a customer's No-Go is always honoured, but past the budget nothing is rebooked. */
const BUDGET_POLICY = { ...POLICY, ...SELF_SERVICE };
const ctx = (now: number) => ({ now, policy: BUDGET_POLICY, nextWindow: () => NEXT_WINDOW });
const NOW = at('2026-11-25T12:00:00Z');

const noGo = (upgrade: Upgrade, now: number, source: 'customer' | 'agent' = 'customer') =>
  applyDecision(
    upgrade,
    {
      value: 'NO_GO',
      at: now,
      by: 'Dana Customer (7)',
      evidence: 'No-go, we cannot do it this week',
      commentId: `c${now}`,
      source,
    },
    ctx(now),
  );

const comments = (effects: readonly Effect[]) =>
  effects.flatMap((effect) => (effect.kind === 'comment' ? [effect] : []));
const kinds = (effects: readonly Effect[]) =>
  effects.map((effect) => (effect.kind === 'comment' ? `comment:${effect.template}` : `${effect.kind}`));

describe('a customer No-Go and the deferral budget (maxDeferrals 2)', () => {
  const upgrades = fixtures();

  it('moves the booking and counts a deferral while the budget lasts', () => {
    const result = noGo({ ...upgrades.scheduled!, deferrals: 1 }, NOW);
    const upgrade = accepted(result);
    expect([upgrade.state, upgrade.booking?.start, upgrade.deferrals, upgrade.agreeDate]).toEqual([
      'scheduled',
      NEXT_WINDOW.start,
      2,
      undefined,
    ]);
    expect(kinds(result.ok ? result.effects : [])).not.toContain('notify:escalation');
  });

  it('before the start, past the budget: withdraws the booking, rebooks nothing, flags and escalates', () => {
    const result = noGo({ ...upgrades.scheduled!, deferrals: 2 }, NOW);
    const upgrade = accepted(result);
    expect([upgrade.state, upgrade.booking, upgrade.deferrals, upgrade.agreeDate]).toEqual([
      'unscheduled',
      null,
      3,
      true,
    ]);
    expect(upgrade.review).toEqual({ commentId: `c${NOW}`, evidence: 'deferral budget spent' });
    const effects = result.ok ? result.effects : [];
    const [received, note] = comments(effects);
    expect(received).toMatchObject({ template: 'decision_received', public: true, vars: { next: 'agree_date' } });
    expect(received?.invite?.method).toBe('CANCEL');
    expect(note).toMatchObject({
      template: 'no_go_past_budget',
      public: false,
      vars: { deferrals: 2, maxDeferrals: 2 },
    });
    expect(effects).toContainEqual({ kind: 'review', action: 'set', reason: 'deferral budget spent' });
    expect(effects).toContainEqual({
      kind: 'notify',
      type: 'escalation',
      ticketId: upgrade.ticketId,
      reason: 'deferral budget spent',
      deferrals: 2,
      maxDeferrals: 2,
      at: NOW,
    });
    expect(comments(effects).map((comment) => comment.template)).not.toContain('window_rescheduled');
    const options = { policy: BUDGET_POLICY, requesterZone: null };
    const english = renderComment('decision_received', received!.vars, { ...options, locale: 'en' });
    expect(english.text).toContain('Acme Cloud will contact you on this ticket to agree a new date');
    const french = renderComment('no_go_past_budget', note!.vars, { ...options, locale: 'fr' });
    expect(french.text).toContain('Aucune nouvelle fenêtre n’a été réservée');

    // The date the agent agrees with the customer, booked, ends the wait.
    const booked = accepted(book(upgrade, { window: NEXT_WINDOW, class: 'maintenance', requestedAt: NOW }, ctx(NOW)));
    expect([booked.state, booked.agreeDate]).toEqual(['scheduled', false]);
  });

  it('once started, past the budget: rolls back, then leaves the ticket unscheduled for an agent to book', () => {
    const result = noGo({ ...upgrades.awaiting_decision!, deferrals: 2 }, DURING);
    const rolling = accepted(result);
    expect([rolling.state, rolling.agreeDate]).toEqual(['rolling_back', true]);
    const effects = result.ok ? result.effects : [];
    expect(comments(effects)[0]).toMatchObject({ vars: { next: 'rolling_back_agree_date' } });
    expect(comments(effects)[1]).toMatchObject({ template: 'no_go_past_budget', vars: { rollingBack: true } });
    expect(kinds(effects)).toContain('notify');

    const back = applyEvent(rolling, { type: 'rolled_back', key: 'rb-1' }, ctx(DURING + 3_600_000));
    const after = accepted(back);
    expect([after.state, after.booking, after.flaggedNoWindow]).toEqual(['unscheduled', null, false]);
    const [rolledBack] = comments(back.ok ? back.effects : []);
    expect(rolledBack).toMatchObject({ template: 'rolled_back', vars: { nextStart: null, agreeDate: true } });
    expect(rolledBack?.invite).toBeUndefined();
    const text = renderComment('rolled_back', rolledBack!.vars, {
      policy: BUDGET_POLICY,
      requesterZone: null,
      locale: 'en',
    });
    expect(text.text).toContain('to agree a new date for your upgrade');
    expect(text.text).not.toContain('No window is available');
  });

  it('does not count or escalate an agent-recorded No-Go', () => {
    const upgrade = accepted(noGo({ ...upgrades.scheduled!, deferrals: 2 }, NOW, 'agent'));
    expect([upgrade.state, upgrade.deferrals, upgrade.agreeDate]).toEqual(['scheduled', 2, undefined]);
  });
});
