import type { Policy, Product, Rule, RuleClass } from './types.js';

/**
 * Products, classes and lockouts (docs/POLICY.md) as questions about a normalised policy. A policy without
 * `products` has one implicit product: every question with no product then answers as before.
 */

/** A rule's class; a rule that gives none is a maintenance window. */
export function ruleClassOf(rule: Rule): RuleClass {
  return rule.class ?? 'maintenance';
}

/** Whether `rule` serves `product`; a rule without `products` serves every product, and every rule serves "any". */
export function servesProduct(rule: Rule, product: string | undefined): boolean {
  return product === undefined || rule.products === undefined || rule.products.includes(product);
}

/** The rules whose windows a ticket of `product` may be offered and booked into: maintenance rules serving it. */
export function rulesServing(policy: Policy, product: string | undefined): Rule[] {
  return policy.rules.filter((rule) => ruleClassOf(rule) === 'maintenance' && servesProduct(rule, product));
}

/** The product with this id, or null. */
export function findProduct(policy: Policy, id: string): Product | null {
  return policy.products.find((product) => product.id === id) ?? null;
}

/** The products a rule serves, in the policy's order (all of them for a rule without `products`). */
export function productsOfRule(policy: Policy, rule: Rule): Product[] {
  return policy.products.filter((product) => servesProduct(rule, product.id));
}

/**
 * A product's name for a reader's locale: the exact locale (`fr-CA`), then its language (`fr`), then `name`.
 * Example: with `names: { fr: "Communauté en ligne" }`, `fr-CA` reads "Communauté en ligne", `de` "Online Community".
 */
export function productNameIn(product: Product, locale: string | null): string {
  if (locale === null) return product.name;
  const language = locale.split(/[-_]/)[0]!.toLowerCase();
  return product.names[locale] ?? product.names[language] ?? product.name;
}

/**
 * Whether a request must say which product it is for: the policy has products and at least two of them are
 * offered different sets of rules. When every product is served by the same rules, the answer is the same
 * whatever the product, so none is needed.
 */
export function productRequired(policy: Policy): boolean {
  if (policy.products.length === 0) return false;
  const signature = (product: Product): string =>
    rulesServing(policy, product.id)
      .map((rule) => rule.id)
      .join('\n');
  const first = signature(policy.products[0]!);
  return policy.products.some((product) => signature(product) !== first);
}
