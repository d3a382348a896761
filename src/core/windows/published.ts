import { findProduct, productsOfRule, ruleClassOf, servesProduct } from '../policy/products.js';
import type { Policy, Product, RuleClass } from '../policy/types.js';
import type { Instant, Window } from '../types.js';
import { blackoutOverlapping } from './blackouts.js';
import { MAX_EXAMINED_OCCURRENCES } from './list.js';
import { occurrencesBetween } from './occurrences.js';

/** One line of the published schedule (docs/POLICY.md): a window of any class, with what a customer plans around. */
export interface PublishedWindow extends Window {
  class: RuleClass;
  /** Users are locked out during the window. */
  lockout: boolean;
  /** The products the window serves, in the policy's order; empty when the policy has no products. */
  products: Product[];
}

export interface PublishedWindowsOptions {
  from: Instant;
  until: Instant;
  /** Only windows of rules serving this product; absent: every rule. */
  product?: string;
  /** The most windows returned (1 to 1000, default 1000); `truncated` says when the period holds more. */
  limit?: number;
}

/**
 * The windows a vendor publishes (routine updates included, capacities left out) that start in [from, until),
 * outside blackouts, in start order, ties in rule order. Bounded whatever the period: at most `limit` windows
 * and MAX_EXAMINED_OCCURRENCES occurrences looked at.
 */
export function publishedWindows(
  policy: Policy,
  options: PublishedWindowsOptions,
): { windows: PublishedWindow[]; truncated: boolean } {
  const { from, until, product, limit = 1000 } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new RangeError(`publishedWindows: limit must be a whole number from 1 to 1000, got ${limit}`);
  }
  if (product !== undefined && findProduct(policy, product) === null) {
    throw new RangeError(`publishedWindows: unknown product "${product}"`);
  }
  const windows: PublishedWindow[] = [];
  let examined = 0;
  for (const occurrence of occurrencesBetween(policy, from, until, (rule) => servesProduct(rule, product))) {
    examined += 1;
    if (examined > MAX_EXAMINED_OCCURRENCES) return { windows, truncated: true };
    if (blackoutOverlapping(policy, occurrence.start, occurrence.end) !== null) continue;
    if (windows.length === limit) return { windows, truncated: true };
    const rule = occurrence.rule;
    windows.push({
      rule: rule.id,
      start: occurrence.start,
      end: occurrence.end,
      timeZone: rule.timeZone,
      class: ruleClassOf(rule),
      lockout: rule.lockout === true,
      products: productsOfRule(policy, rule),
    });
  }
  return { windows, truncated: false };
}
