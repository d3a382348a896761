import { parsePolicy, productNameIn, type Policy } from '../../../src/core/policy/index.js';

const rule = { id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' };
const products = {
  community: { name: 'Online Community', names: { fr: 'Communauté en ligne' } },
  informz: { name: 'Communications Professional' },
};
const base = { timeZone: 'America/New_York', products, rules: [rule] };

function errorsOf(input: unknown): string[] {
  const result = parsePolicy(input);
  return result.ok ? [] : result.errors;
}

function policyOf(input: unknown): Policy {
  const result = parsePolicy(input);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.policy;
}

describe('products, classes, lockouts and months in the policy (docs/POLICY.md)', () => {
  it('normalises products in order and the new rule keys only where given', () => {
    const policy = policyOf({
      ...base,
      rules: [
        { ...rule, products: ['informz'], class: 'maintenance', lockout: true },
        { id: 'q', monthly: { weekday: 'friday', week: 3, months: [11, 2, 8, 5] }, start: '23:00', end: '03:00' },
        { ...rule, id: 'r', class: 'routine' },
      ],
    });
    expect(policy.products).toEqual([
      { id: 'community', name: 'Online Community', names: { fr: 'Communauté en ligne' } },
      { id: 'informz', name: 'Communications Professional', names: {} },
    ]);
    expect(policy.rules[0]).toMatchObject({ products: ['informz'], class: 'maintenance', lockout: true });
    expect(policy.rules[1]!.recurrence).toEqual({ kind: 'monthly', weekday: 'friday', week: 3, months: [2, 5, 8, 11] });
    expect(Object.keys(policy.rules[1]!)).not.toContain('products');
    expect(policy.rules[2]!.class).toBe('routine');
    expect((policy.json as { products: unknown }).products).toEqual(products);
  });

  it('gives a policy without products no products, as before', () => {
    expect(policyOf({ timeZone: 'UTC', rules: [rule] }).products).toEqual([]);
  });

  it('refuses unknown and repeated products in rules, naming each', () => {
    expect(
      errorsOf({
        ...base,
        rules: [
          { ...rule, products: ['informz', 'chat', 'informz'] },
          { ...rule, id: 'b', products: [] },
        ],
      }),
    ).toEqual([
      'rules[1].products: needs at least one product (leave products out to serve every product)',
      'rules[0].products[2]: duplicate product "informz"',
      'rules[0].products[1]: unknown product "chat" (products: community, informz)',
    ]);
    expect(errorsOf({ timeZone: 'UTC', rules: [{ ...rule, products: ['informz'] }] })).toEqual([
      'rules[0].products[0]: unknown product "informz" (the policy has no products)',
    ]);
  });

  it('refuses malformed products, classes, lockouts and months', () => {
    expect(
      errorsOf({
        ...base,
        products: { Informz: { name: 'Communications' }, community: { name: ' ', names: { French: 'x' }, colour: 1 } },
        rules: [
          { ...rule, class: 'hotfix', lockout: 'yes' },
          { id: 'q', monthly: { weekday: 'friday', week: 3, months: [0, 13, 2, 2] }, start: '23:00', end: '03:00' },
          { id: 'e', monthly: { weekday: 'friday', week: 3, months: [] }, start: '23:00', end: '03:00' },
        ],
      }),
    ).toEqual([
      'products.community.name: must not be empty',
      'products.community.names.French: "French" is not a locale such as fr or fr-CA',
      'products.community.colour: unknown key',
      'rules[0].class: "hotfix" is not "maintenance" or "routine"',
      'rules[0].lockout: expected a boolean, got string "yes"',
      'rules[1].monthly.months[0]: 0 is not a month from 1 to 12',
      'rules[1].monthly.months[1]: 13 is not a month from 1 to 12',
      'rules[2].monthly.months: needs at least one month (leave months out for every month)',
      'rules[1].monthly.months[3]: duplicate month 2',
      'products.Informz: a product id is 1 to 200 lower-case letters, digits, "_" or "-" (it becomes a Zendesk tag)',
    ]);
  });

  it("names a product in the reader's language, else in the default name", () => {
    const [community, informz] = policyOf(base).products;
    expect(productNameIn(community!, 'fr-CA')).toBe('Communauté en ligne');
    expect(productNameIn(community!, 'de')).toBe('Online Community');
    expect(productNameIn(informz!, 'fr')).toBe('Communications Professional');
    expect(productNameIn(community!, null)).toBe('Online Community');
  });
});
