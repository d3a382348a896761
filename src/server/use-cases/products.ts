import { findProduct, type Policy } from '../../core/schedule.js';
import { InvalidInput } from '../errors.js';

/**
 * The product a request is for: the one it names, else the ticket's own. A named product the
 * policy does not know is the caller's mistake (400 naming it); a stored one the policy no longer has counts as
 * none, so that a changed policy asks again instead of failing. With `required`, a policy with products refuses
 * a ticket whose product is unknown (400 PRODUCT_REQUIRED).
 */
export function productFor(
  policy: Policy,
  named: string | undefined,
  stored: string | undefined,
  required = false,
): string | undefined {
  const known = policy.products.map((product) => product.id).join(', ');
  if (named !== undefined && findProduct(policy, named) === null) {
    const list = known === '' ? 'the policy has no products' : `products: ${known}`;
    throw new InvalidInput('UNKNOWN_PRODUCT', `product: unknown product ${JSON.stringify(named)} (${list})`);
  }
  const product = named ?? (stored !== undefined && findProduct(policy, stored) !== null ? stored : undefined);
  if (required && product === undefined && policy.products.length > 0) {
    throw new InvalidInput(
      'PRODUCT_REQUIRED',
      `product: say which product the ticket is for; the policy's windows differ by product (${known})`,
    );
  }
  return product;
}
