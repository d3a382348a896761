import { applyDecision, book, newUpgrade, type Upgrade } from '../../../src/core/lifecycle/index.js';
import { DEFAULT_POLICY_JSON } from '../../../src/core/policy/index.js';
import { lifecycleContext } from '../../../src/server/changes/context.js';
import { policyOf } from '../helpers.js';

// The default policy: Tuesdays and Fridays 18:00-24:00 in Chicago, 7 days' notice, no capacity limit.
const policy = policyOf(DEFAULT_POLICY_JSON);
const at = (iso: string): number => Date.parse(iso);
const FRI_JAN_1 = { start: at('2027-01-01T18:00:00-06:00'), end: at('2027-01-02T00:00:00-06:00') };

function bookedOn(window: { start: number; end: number }, requestedAt: number): Upgrade {
  const result = book(
    newUpgrade('7'),
    { window: { ...window, rule: 'standard', timeZone: policy.timeZone }, class: 'maintenance', requestedAt },
    lifecycleContext(policy, new Map(), requestedAt),
  );
  if (!result.ok) throw new Error(result.reason);
  return result.upgrade;
}

function noGoAt(upgrade: Upgrade, when: number, counts = new Map<number, number>()): Upgrade {
  const result = applyDecision(
    upgrade,
    { value: 'NO_GO', at: when, by: 'Dana (7)', evidence: 'no-go', commentId: `c${when}`, source: 'customer' },
    lifecycleContext(policy, counts, when + 1_000),
  );
  if (!result.ok) throw new Error(result.reason);
  return result.upgrade;
}

describe('a No-Go before the start moves to the first eligible window for a request made at the No-Go', () => {
  const booked = bookedOn(FRI_JAN_1, at('2026-12-01T12:00:00Z'));

  it('takes Tuesday Jan 5 when the refused Friday Jan 1 was the first eligible window', () => {
    // Requested on Thu Dec 24: Jan 1 is the first window 7 days out; the next one, other than it, is Tue Jan 5.
    const moved = noGoAt(booked, at('2026-12-24T09:00:00-06:00'));
    expect(moved.booking?.start).toBe(at('2027-01-05T18:00:00-06:00'));
  });

  it('takes an eligible window before the refused one when the No-Go comes early', () => {
    // Requested on Mon Dec 14: Tue Dec 22 is the first eligible window, earlier than the refused Jan 1.
    const moved = noGoAt(booked, at('2026-12-14T09:00:00-06:00'));
    expect(moved.booking?.start).toBe(at('2026-12-22T18:00:00-06:00'));
  });

  it('within the lead time, the first window 7 days after the No-Go', () => {
    const moved = noGoAt(booked, at('2026-12-31T09:00:00-06:00'));
    expect(moved.booking?.start).toBe(at('2027-01-08T18:00:00-06:00'));
  });
});
