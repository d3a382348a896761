import {
  checkStart,
  listWindows,
  nextEligibleWindow,
  productRequired,
  publishedWindows,
} from '../../../src/core/schedule.js';
import { at, policyOf as policyAt, show } from './helpers.js';

const policyOf = (input: Record<string, unknown>) => policyAt(input, 'America/New_York');

// docs/POLICY.md's multi-product vendor.
const products = {
  community: { name: 'Online Community', names: { fr: 'Communauté en ligne' } },
  informz: { name: 'Communications Professional' },
};
const communityWeekly = {
  id: 'community-weekly',
  products: ['community'],
  class: 'routine',
  weekly: ['wednesday'],
  start: '17:30',
  end: '20:30',
};
const informzWeekly = {
  id: 'informz-weekly',
  products: ['informz'],
  weekly: ['thursday'],
  start: '22:00',
  duration: 'PT30M',
  lockout: true,
  capacity: 20,
};
const quarterly = {
  id: 'quarterly',
  monthly: { weekday: 'friday', week: 3, months: [2, 5, 8, 11] },
  start: '23:00',
  end: '03:00',
};
const vendor = policyOf({ products, rules: [communityWeekly, informzWeekly, quarterly] });

describe('windows per product (docs/POLICY.md)', () => {
  it('offers a product only the maintenance windows of rules serving it', () => {
    const list = (product?: string) =>
      listWindows(vendor, {
        requestAt: at('2026-02-09T00:00:00-05:00'),
        count: 3,
        ...(product ? { product } : {}),
      }).map(show);
    expect(list('informz')).toEqual([
      'informz-weekly 2026-02-12T22:00:00-05:00 2026-02-12T22:30:00-05:00',
      'informz-weekly 2026-02-19T22:00:00-05:00 2026-02-19T22:30:00-05:00',
      'quarterly 2026-02-20T23:00:00-05:00 2026-02-21T03:00:00-05:00',
    ]);
    // Community's weekly rule is routine: never offered, so only the quarterly maintenance is.
    expect(list('community')).toEqual([
      'quarterly 2026-02-20T23:00:00-05:00 2026-02-21T03:00:00-05:00',
      'quarterly 2026-05-15T23:00:00-04:00 2026-05-16T03:00:00-04:00',
      'quarterly 2026-08-21T23:00:00-04:00 2026-08-22T03:00:00-04:00',
    ]);
    expect(list()).toEqual(list('informz'));
  });

  it('never books a routine window, and refuses an unknown product as an argument', () => {
    const wednesday = at('2026-02-11T17:30:00-05:00');
    const check = checkStart(vendor, { start: wednesday, requestAt: at('2026-02-01T00:00:00Z'), class: 'maintenance' });
    expect(check.reasons.map((reason) => reason.code)).toEqual(['NOT_A_WINDOW']);
    expect(() => listWindows(vendor, { requestAt: 0, count: 1, product: 'nope' })).toThrow(
      'unknown product "nope" (products: community, informz)',
    );
  });

  it('books a start two rules share into the rule serving the product', () => {
    const shared = policyOf({
      products,
      rules: [
        { id: 'community-night', products: ['community'], weekly: ['tuesday'], start: '18:00', duration: 'PT2H' },
        { id: 'informz-night', products: ['informz'], weekly: ['tuesday'], start: '18:00', duration: 'PT4H' },
      ],
    });
    const options = { start: at('2026-03-03T18:00:00-05:00'), requestAt: at('2026-03-01T00:00:00Z') };
    const forInformz = checkStart(shared, { ...options, class: 'maintenance', product: 'informz' });
    expect(forInformz.ok).toBe(true);
    expect(show(forInformz.window!)).toBe('informz-night 2026-03-03T18:00:00-05:00 2026-03-03T22:00:00-05:00');
    expect(checkStart(shared, { ...options, class: 'maintenance', product: 'community' }).window!.rule).toBe(
      'community-night',
    );
    expect(nextEligibleWindow(shared, options.requestAt, undefined, 'informz')!.rule).toBe('informz-night');
  });

  it('tells when a request must name its product', () => {
    expect(productRequired(vendor)).toBe(true);
    expect(productRequired(policyOf({ products, rules: [quarterly] }))).toBe(false);
    expect(productRequired(policyOf({ rules: [quarterly] }))).toBe(false);
  });
});

describe('monthly.months', () => {
  it('puts a rule on the third Friday of February, May, August and November only', () => {
    const policy = policyOf({ rules: [quarterly] });
    expect(listWindows(policy, { requestAt: at('2026-01-01T00:00:00Z'), count: 5 }).map(show)).toEqual([
      'quarterly 2026-02-20T23:00:00-05:00 2026-02-21T03:00:00-05:00',
      'quarterly 2026-05-15T23:00:00-04:00 2026-05-16T03:00:00-04:00',
      'quarterly 2026-08-21T23:00:00-04:00 2026-08-22T03:00:00-04:00',
      'quarterly 2026-11-20T23:00:00-05:00 2026-11-21T03:00:00-05:00',
      'quarterly 2027-02-19T23:00:00-05:00 2027-02-20T03:00:00-05:00',
    ]);
    expect(checkStart(policy, { start: at('2026-03-20T23:00:00-04:00'), requestAt: 0, class: 'maintenance' }).ok).toBe(
      false,
    );
  });
});

describe('the published schedule', () => {
  it('lists routine and maintenance windows with class, lockout and product names, outside blackouts', () => {
    const policy = policyOf({
      products,
      rules: [communityWeekly, informzWeekly, quarterly],
      blackouts: [{ start: '2026-02-19T00:00', end: '2026-02-20T00:00' }],
    });
    const { windows, truncated } = publishedWindows(policy, {
      from: at('2026-02-16T00:00:00-05:00'),
      until: at('2026-02-22T00:00:00-05:00'),
    });
    expect(truncated).toBe(false);
    expect(windows.map((w) => [show(w), w.class, w.lockout, w.products.map((p) => p.id)])).toEqual([
      ['community-weekly 2026-02-18T17:30:00-05:00 2026-02-18T20:30:00-05:00', 'routine', false, ['community']],
      // The Thursday informz window is in the blackout.
      ['quarterly 2026-02-20T23:00:00-05:00 2026-02-21T03:00:00-05:00', 'maintenance', false, ['community', 'informz']],
    ]);
    const informz = publishedWindows(policy, {
      from: at('2026-02-23T00:00:00-05:00'),
      until: at('2026-03-02T00:00:00-05:00'),
      product: 'informz',
    });
    expect(informz.windows.map((w) => [w.rule, w.lockout, w.products[0]!.name])).toEqual([
      ['informz-weekly', true, 'Communications Professional'],
    ]);
  });

  it('stops at its limit and says so', () => {
    const { windows, truncated } = publishedWindows(vendor, { from: 0, until: at('2030-01-01T00:00:00Z'), limit: 3 });
    expect(windows).toHaveLength(3);
    expect(truncated).toBe(true);
  });
});
