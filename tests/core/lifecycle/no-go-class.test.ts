import { applyDecision, applyEvent, book, newUpgrade } from '../../../src/core/lifecycle/index.js';
import { accepted, at, context, NEXT_WINDOW, window } from './helpers.js';

// A hot fix is booked for one slot with one reason; when the customer says NO-GO the upgrade moves to the next
// window of the vendor's schedule, which is a maintenance window of its rule, not a hot fix.
const HOTFIX = window('2026-11-23T10:00:00-06:00', '2026-11-23T12:00:00-06:00');
const BOOKED_AT = at('2026-11-22T12:00:00Z');

function hotfixBooking() {
  return accepted(
    book(
      newUpgrade('7'),
      { window: HOTFIX, class: 'hotfix', reason: 'Security fix for the login service', requestedAt: BOOKED_AT },
      context(BOOKED_AT),
    ),
  );
}

const noGo = (time: number) =>
  ({ value: 'NO_GO', at: time, by: '7 Dana', evidence: 'no-go', commentId: 'c1', source: 'customer' }) as const;

describe('a No-Go on a hot fix', () => {
  it('before the start moves the upgrade to a maintenance window with no hot-fix reason', () => {
    const upgrade = accepted(applyDecision(hotfixBooking(), noGo(at('2026-11-22T13:00:00Z')), context(BOOKED_AT)));
    expect(upgrade.booking).toMatchObject({
      start: NEXT_WINDOW.start,
      class: 'maintenance',
      reason: null,
      sequence: 1,
    });
  });

  it('after the start books the next window as maintenance once the rollback is reported', () => {
    const during = at('2026-11-23T10:30:00-06:00');
    const started = accepted(applyEvent(hotfixBooking(), { type: 'upgrade_started', key: 's' }, context(during)));
    const rollingBack = accepted(applyDecision(started, noGo(during), context(during)));
    expect(rollingBack.booking).toMatchObject({ class: 'hotfix' });
    const rolledBack = accepted(applyEvent(rollingBack, { type: 'rolled_back', key: 'r' }, context(during)));
    expect(rolledBack.state).toBe('scheduled');
    expect(rolledBack.booking).toMatchObject({ start: NEXT_WINDOW.start, class: 'maintenance', reason: null });
  });
});
