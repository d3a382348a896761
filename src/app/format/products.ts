import { productNameIn } from '../../core/policy/products.js';
import type { PolicyView } from '../../contract/index.js';

/** A product the agent may pick, named in the agent's language. */
export interface ProductChoice {
  id: string;
  name: string;
}

/**
 * The policy's products in its order, named for `locale` as customers read them (`names`, then `name`); empty
 * when the policy has none, or is not loaded yet.
 */
export function productChoices(policy: PolicyView | null, locale: string): ProductChoice[] {
  return Object.entries(policy?.products ?? {}).map(([id, product]) => ({
    id,
    name: productNameIn({ id, name: product.name, names: product.names ?? {} }, locale),
  }));
}

/** The name of product `id` among `choices`; the id itself for one the policy no longer has. */
export function productName(choices: ProductChoice[], id: string): string {
  return choices.find((choice) => choice.id === id)?.name ?? id;
}
