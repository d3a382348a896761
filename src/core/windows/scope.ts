import { findProduct, ruleClassOf, servesProduct } from '../policy/products.js';
import type { Policy } from '../policy/types.js';
import type { RuleFilter } from './occurrences.js';

/**
 * The rules whose windows may be offered and booked for a ticket of `product` (docs/POLICY.md): maintenance rules
 * serving it; routine rules never. Without a product, every maintenance rule (a policy without products has
 * one implicit product). An unknown product is a caller's mistake: the interfaces check it first.
 */
export function bookableRules(policy: Policy, product: string | undefined): RuleFilter {
  if (product !== undefined && findProduct(policy, product) === null) {
    const known = policy.products.map((known) => known.id).join(', ');
    throw new RangeError(
      `unknown product "${product}" (${known === '' ? 'the policy has no products' : `products: ${known}`})`,
    );
  }
  return (rule) => ruleClassOf(rule) === 'maintenance' && servesProduct(rule, product);
}
