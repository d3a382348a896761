import { parsePolicy, POLICY_LIMITS } from '../../../src/core/policy/index.js';

const rule = { id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' };
const base = { timeZone: 'America/Chicago', leadTime: 'P7D', rules: [rule] };

function errorsOf(input: unknown): string[] {
  const result = parsePolicy(input);
  return result.ok ? [] : result.errors;
}

const rules = (count: number) => Array.from({ length: count }, (_, i) => ({ ...rule, id: `r${i}` }));
const blackouts = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    start: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000).toISOString(),
    end: new Date(Date.UTC(2027, 0, 1) + i * 3_600_000 + 60_000).toISOString(),
  }));
const dates = (count: number) =>
  Array.from({ length: count }, (_, i) => new Date(Date.UTC(2027, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
const products = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, { name: `Product ${i}` }]));

describe('policy limits (docs/POLICY.md): accepted at the limit, refused just past it', () => {
  it('500 rules', () => {
    expect(POLICY_LIMITS.rules).toBe(500);
    expect(errorsOf({ ...base, rules: rules(500) })).toEqual([]);
    expect(errorsOf({ ...base, rules: rules(501) })).toEqual(['rules: at most 500 rules, got 501']);
  });

  it('10,000 blackouts', () => {
    expect(errorsOf({ ...base, blackouts: blackouts(10_000) })).toEqual([]);
    expect(errorsOf({ ...base, blackouts: blackouts(10_001) })).toEqual([
      'blackouts: at most 10000 blackouts, got 10001',
    ]);
  });

  it('1,000 dates per rule', () => {
    const datesRule = (count: number) => ({ id: 'd', dates: dates(count), start: '23:00', end: '03:00' });
    expect(errorsOf({ ...base, rules: [datesRule(1000)] })).toEqual([]);
    expect(errorsOf({ ...base, rules: [datesRule(1001)] })).toEqual(['rules[0].dates: at most 1000 dates, got 1001']);
  });

  it('50 products', () => {
    expect(errorsOf({ ...base, products: products(50) })).toEqual([]);
    expect(errorsOf({ ...base, products: products(51) })).toEqual(['products: at most 50 products, got 51']);
  });

  it('ids, names and reasons of 200 characters', () => {
    const at200 = 'x'.repeat(200);
    expect(
      errorsOf({
        ...base,
        rules: [{ ...rule, id: at200 }],
        products: { [at200]: { name: at200, names: { fr: at200 } } },
        blackouts: [{ start: '2026-12-24T00:00', end: '2026-12-25T00:00', reason: at200 }],
        vendor: { name: at200, email: 'upgrades@acme.example' },
      }),
    ).toEqual([]);
    const at201 = 'x'.repeat(201);
    expect(
      errorsOf({
        ...base,
        rules: [{ ...rule, id: at201 }],
        products: { p: { name: at201, names: { fr: at201 } } },
        blackouts: [{ start: '2026-12-24T00:00', end: '2026-12-25T00:00', reason: at201 }],
        vendor: { name: at201, email: 'upgrades@acme.example' },
      }),
    ).toEqual([
      'products.p.name: must be at most 200 characters, got 201',
      'products.p.names.fr: must be at most 200 characters, got 201',
      'rules[0].id: must be at most 200 characters, got 201',
      'blackouts[0].reason: must be at most 200 characters, got 201',
      'vendor.name: must be at most 200 characters, got 201',
    ]);
    expect(errorsOf({ ...base, products: { [at201]: { name: 'P' } } })).toEqual([
      `products.${'x'.repeat(40)}: a product id is 1 to 200 lower-case letters, digits, "_" or "-" (it becomes a Zendesk tag)`,
    ]);
  });

  it('no control characters in names, ids and reasons', () => {
    const control = 'must not contain control characters (line breaks, tabs, direction overrides)';
    expect(
      errorsOf({
        ...base,
        rules: [{ ...rule, id: 'a\r\nBEGIN:VEVENT' }],
        blackouts: [{ start: '2026-12-24T00:00', end: '2026-12-25T00:00', reason: 'freeze\u202Etxt.exe' }],
        vendor: { name: 'Acme\tCloud', email: 'upgrades@acme.example' },
      }),
    ).toEqual([`rules[0].id: ${control}`, `blackouts[0].reason: ${control}`, `vendor.name: ${control}`]);
  });

  it('a rule duration and a hot fix of at most P7D', () => {
    expect(
      errorsOf({ ...base, rules: [{ ...rule, duration: 'PT168H' }], hotfix: { defaultDuration: 'PT168H' } }),
    ).toEqual([]);
    expect(
      errorsOf({ ...base, rules: [{ ...rule, duration: 'PT87600000H' }], hotfix: { defaultDuration: 'PT168H1M' } }),
    ).toEqual([
      'rules[0].duration: "PT87600000H" is longer than a window may last (P7D, that is PT168H)',
      'hotfix.defaultDuration: "PT168H1M" is longer than a window may last (P7D, that is PT168H)',
    ]);
  });

  it('a lead time of at most P365D, and deadlines and warnings too', () => {
    expect(errorsOf({ ...base, leadTime: 'P365D', decision: { deadline: 'P365D' }, overrunWarning: 'P365D' })).toEqual(
      [],
    );
    expect(errorsOf({ ...base, leadTime: 'P99999999D', decision: { deadline: 'P366D' } })).toEqual([
      'leadTime: "P99999999D" is longer than the limit of 365 days (P365D)',
      'decision.deadline: "P366D" is longer than the limit of 365 days (P365D)',
    ]);
  });

  it('blackout instants with offsets within -18:00..+18:00', () => {
    expect(errorsOf({ ...base, blackouts: [{ start: '2026-12-24T00:00+18:00', end: '2026-12-25T00:00' }] })).toEqual(
      [],
    );
    expect(errorsOf({ ...base, blackouts: [{ start: '2026-12-24T00:00+99:00', end: '2026-12-25T00:00' }] })).toEqual([
      'blackouts[0].start: "2026-12-24T00:00+99:00" has an offset outside -18:00..+18:00',
    ]);
  });

  it('reports at most 50 problems one by one, then how many more', () => {
    const broken = Array.from({ length: 120 }, (_, i) => ({ ...rule, id: `r${i}`, start: '25:00' }));
    const errors = errorsOf({ ...base, rules: broken });
    expect(errors).toHaveLength(51);
    expect(errors[50]).toBe('policy: and 70 more problems');
  });
});
