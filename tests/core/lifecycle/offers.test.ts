import {
  book,
  deferralCounted,
  expireOffer,
  isDeferralBudgetSpent,
  moveNote,
  moveRequested,
  offerWindows,
  windowChosen,
  type OfferContext,
  type Upgrade,
} from '../../../src/core/lifecycle/index.js';
import { renderComment } from '../../../src/core/templates/index.js';
import { NEXT_WINDOW, POLICY, SELF_SERVICE, WINDOW, accepted, at, context, fixtures, window } from './helpers.js';

const NOW = at('2026-11-22T12:00:00Z');
const offerContext = (now = NOW, selfService: Partial<(typeof SELF_SERVICE)['selfService']> = {}): OfferContext => ({
  now,
  policy: { ...POLICY, ...SELF_SERVICE, selfService: { ...SELF_SERVICE.selfService, ...selfService } },
});
const THIRD = window('2026-12-04T18:00:00-06:00', '2026-12-05T00:00:00-06:00');

describe('offerWindows', () => {
  const upgrades = fixtures();

  it.each([
    ['unscheduled', true],
    ['offered', true],
    ['scheduled', false],
    ['in_progress', false],
    ['awaiting_decision', false],
    ['rolling_back', false],
    ['completed', false],
    ['cancelled', true],
  ])('in %s, offering windows is accepted: %s', (state, ok) => {
    const result = offerWindows(upgrades[state]!, [WINDOW, NEXT_WINDOW], offerContext());
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.reason).toMatch(/^windows cannot be offered: /);
  });

  it('moves to offered, posts window_offered numbered 1..N, and lapses after offer.expires', () => {
    const result = offerWindows(upgrades.unscheduled!, [WINDOW, THIRD, NEXT_WINDOW], offerContext());
    if (!result.ok) throw new Error(result.reason);
    const expiresAt = NOW + 3 * 24 * 3_600_000;
    expect(result.upgrade.state).toBe('offered');
    expect(result.upgrade.offer).toEqual({ windows: [WINDOW, THIRD, NEXT_WINDOW], offeredAt: NOW, expiresAt });
    expect(result.effects).toEqual([
      {
        kind: 'comment',
        template: 'window_offered',
        public: true,
        vars: {
          window1Start: WINDOW.start,
          window1End: WINDOW.end,
          window2Start: THIRD.start,
          window2End: THIRD.end,
          window3Start: NEXT_WINDOW.start,
          window3End: NEXT_WINDOW.end,
          window4Start: null,
          window4End: null,
          window5Start: null,
          window5End: null,
          expiresAt,
          reason: null,
        },
      },
      { kind: 'fields', values: { status: 'offered' } },
      { kind: 'notify', type: 'state_changed', ticketId: '42', from: 'unscheduled', to: 'offered', at: NOW },
    ]);
  });

  it('renders the offer in the customer language, each window in both zones, asking for the number', () => {
    const result = offerWindows(upgrades.unscheduled!, [WINDOW, NEXT_WINDOW], offerContext());
    if (!result.ok) throw new Error(result.reason);
    const vars = (result.effects[0] as { vars: Record<string, unknown> }).vars;
    const french = renderComment('window_offered', vars, {
      locale: 'fr',
      requesterZone: 'Europe/Paris',
      policy: POLICY,
    });
    expect(french.text).toMatch(/\n1\. .*2026.*Europe\/Paris.*America\/Chicago/);
    expect(french.text).toMatch(/\n2\. .*8 décembre 2026/);
    expect(french.text).not.toMatch(/\n3\. /);
    expect(french.text).toContain('répondre avec le numéro');
    const english = renderComment(
      'window_offered',
      { ...vars, reason: 'The window you chose is now full.' },
      {
        locale: 'en-US',
        requesterZone: null,
        policy: POLICY,
      },
    );
    expect(english.text).toContain('The window you chose is now full.');
    expect(english.text).toContain('reply with the number of the window');
  });

  it.each([
    [[], 'NO_WINDOW'],
    [[WINDOW, THIRD, NEXT_WINDOW, WINDOW, THIRD, NEXT_WINDOW], 'INVALID_OFFER'],
    [[window('2026-11-20T18:00:00-06:00', '2026-11-21T00:00:00-06:00')], 'IN_PAST'],
  ])('refuses an offer of %j (%s)', (windows, code) => {
    expect(offerWindows(upgrades.unscheduled!, windows, offerContext())).toMatchObject({ ok: false, code });
  });
});

describe('offer expiry and choice', () => {
  const offered = fixtures().offered!;
  const expiry = offered.offer!.expiresAt;

  it('keeps the offer open until it lapses, then returns to unscheduled', () => {
    expect(expireOffer(offered, offerContext(expiry - 1))).toMatchObject({ ok: false, code: 'OFFER_OPEN' });
    const result = expireOffer(offered, offerContext(expiry));
    expect(result.ok && result.upgrade).toMatchObject({ state: 'unscheduled', offer: null });
    expect(expireOffer(fixtures().unscheduled!, offerContext(expiry))).toMatchObject({ ok: false, code: 'NO_OFFER' });
  });

  it.each([
    [1, NOW, { action: 'book', window: WINDOW }],
    [2, NOW, { action: 'book', window: NEXT_WINDOW }],
    [3, NOW, { action: 'review', why: 'window 3 chosen, but the offer holds 2' }],
    [0, NOW, { action: 'review', why: 'window 0 chosen, but the offer holds 2' }],
    [
      1,
      at('2026-11-25T12:00:00Z'),
      { action: 'review', why: 'window 1 chosen after the offer lapsed at 2026-11-25T06:00:00-06:00' },
    ],
  ])('choosing window %i at %i leads to %j', (choice, now, outcome) => {
    expect(windowChosen(offered, choice, offerContext(now))).toEqual(outcome);
  });

  it('has no open offer to choose from in any other state', () => {
    expect(windowChosen(fixtures().scheduled!, 1, offerContext())).toMatchObject({ action: 'review' });
  });

  it('books the chosen window as an agent would, closing the offer', () => {
    const outcome = windowChosen(offered, 2, offerContext());
    if (outcome.action !== 'book') throw new Error(outcome.why);
    const result = book(offered, { window: outcome.window, class: 'maintenance', requestedAt: NOW }, context(NOW));
    if (!result.ok) throw new Error(result.reason);
    expect(result.upgrade).toMatchObject({ state: 'scheduled', offer: null, booking: { start: NEXT_WINDOW.start } });
    expect(result.effects[0]).toMatchObject({ kind: 'comment', template: 'window_scheduled' });
    expect(result.effects).toContainEqual(
      expect.objectContaining({ kind: 'notify', from: 'offered', to: 'scheduled' }),
    );
  });
});

describe('moves asked by the customer and the deferral budget', () => {
  const upgrades = fixtures();
  const scheduled = upgrades.scheduled!;
  const day = '2026-12-08';

  it.each([
    [
      'a day with one window, self-service on',
      { reschedule: true },
      day,
      [NEXT_WINDOW],
      { action: 'move', window: NEXT_WINDOW },
    ],
    [
      'self-service off (the default)',
      {},
      day,
      [NEXT_WINDOW],
      { action: 'flag', why: 'self_service_off', windows: [NEXT_WINDOW] },
    ],
    ['no day named', { reschedule: true }, null, [], { action: 'flag', why: 'no_day', windows: [] }],
    ['no window that day', { reschedule: true }, day, [], { action: 'flag', why: 'not_one_window', windows: [] }],
    [
      'two windows that day',
      { reschedule: true },
      day,
      [NEXT_WINDOW, THIRD],
      { action: 'flag', why: 'not_one_window', windows: [NEXT_WINDOW, THIRD] },
    ],
  ] as const)('in scheduled, %s', (_name, selfService, requestedDay, eligible, outcome) => {
    expect(
      moveRequested(scheduled, { day: requestedDay, eligibleOnDay: eligible }, offerContext(NOW, selfService)),
    ).toEqual(outcome);
  });

  it.each(['unscheduled', 'offered', 'in_progress', 'awaiting_decision', 'completed', 'cancelled'])(
    'in %s, a move request is only noted',
    (state) => {
      const outcome = moveRequested(
        upgrades[state]!,
        { day, eligibleOnDay: [NEXT_WINDOW] },
        offerContext(NOW, { reschedule: true }),
      );
      expect(outcome.action).toBe('note');
    },
  );

  it('moves twice by itself, then escalates the third request (maxDeferrals 2)', () => {
    const ctx = offerContext(NOW, { reschedule: true });
    let upgrade: Upgrade = scheduled;
    const outcomes: string[] = [];
    for (const target of [NEXT_WINDOW, THIRD, WINDOW]) {
      const outcome = moveRequested(upgrade, { day, eligibleOnDay: [target] }, ctx);
      outcomes.push(outcome.action);
      if (outcome.action !== 'move') break;
      upgrade = deferralCounted(
        accepted(book(upgrade, { window: outcome.window, class: 'maintenance', requestedAt: NOW }, context(NOW))),
      );
    }
    expect(outcomes).toEqual(['move', 'move', 'escalate']);
    expect(upgrade.deferrals).toBe(2);
    expect(moveRequested(upgrade, { day, eligibleOnDay: [WINDOW] }, ctx)).toEqual({
      action: 'escalate',
      deferrals: 2,
      maxDeferrals: 2,
    });
  });

  it.each([
    [undefined, 2, false],
    [1, 2, false],
    [2, 2, true],
    [0, 0, true],
  ])('with %s deferrals and a budget of %i, the budget is spent: %s', (deferrals, maxDeferrals, spent) => {
    const upgrade = { ...scheduled, ...(deferrals === undefined ? {} : { deferrals }) };
    expect(isDeferralBudgetSpent(upgrade, { ...SELF_SERVICE, selfService: { reschedule: false, maxDeferrals } })).toBe(
      spent,
    );
  });
});

describe('moveNote', () => {
  const render = (effect: ReturnType<typeof moveNote>, locale = 'en') =>
    renderComment(
      effect.kind === 'comment' ? effect.template : '',
      (effect as { vars: Record<string, unknown> }).vars,
      {
        locale,
        requesterZone: null,
        policy: POLICY,
      },
    ).text;
  const request = { author: 'Dana Customer', reply: 'Can we do Tuesday the 8th instead?', day: '2026-12-08' };

  it('quotes the request and lists the day’s eligible windows when nothing moved by itself', () => {
    const text = render(moveNote({ action: 'flag', why: 'self_service_off', windows: [NEXT_WINDOW] }, request));
    expect(text).toContain('Dana Customer asked to move the upgrade window:\nCan we do Tuesday the 8th instead?');
    expect(text).toContain('Day asked: 2026-12-08.');
    expect(text).toContain('not automatic');
    expect(text).toMatch(/Eligible windows that day:\n1\. .*December 8, 2026/);
    expect(text).not.toMatch(/\n2\. /);
  });

  it('says when the day has no eligible window, in French too', () => {
    const flagged = moveNote({ action: 'flag', why: 'not_one_window', windows: [] }, { ...request, day: null });
    expect(render(flagged)).toContain('No eligible window that day.');
    expect(render(flagged)).toContain('The reply names no single day.');
    expect(render(flagged, 'fr')).toContain('Aucune fenêtre possible ce jour-là.');
  });

  it('says the budget is spent when escalating', () => {
    const effect = moveNote({ action: 'escalate', deferrals: 2, maxDeferrals: 2 }, request);
    expect(effect).toMatchObject({ kind: 'comment', template: 'deferral_budget_spent', public: false });
    expect(render(effect)).toContain('already used 2 of 2 moves and No-Gos');
  });
});
