import type { UpgradeState } from '../../core/lifecycle/types.js';
import type { ZendeskTicketField } from '../../zendesk/types.js';

/**
 * The one place that maps the product's values to Zendesk's dropdown option values. Those values are also tags,
 * unique per account, and a macro adding such a tag selects the option: plain words (`scheduled`, `go`) would
 * collide with an account's own fields and macros, so every value carries the product's prefix (docs/DECISIONS.md).
 */
export const TAG_PREFIX = 'uw_';

export type DecisionValue = 'go' | 'no_go';

export function statusTag(state: UpgradeState): string {
  return `${TAG_PREFIX}status_${state}`;
}

export function decisionTag(decision: DecisionValue): string {
  return `${TAG_PREFIX}decision_${decision}`;
}

/**
 * The tag of a product's option in the "Upgrade product" dropdown: `uw_product_<id>`. A Zendesk tag has no spaces
 * and is lower case, so any other character of the id becomes `_` (`Online Community` → `uw_product_online_community`);
 * setup refuses two ids that would share a tag.
 */
export function productTag(id: string): string {
  return `${TAG_PREFIX}product_${id.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;
}

/** The tags an install made before the prefix used: the option value was the bare word. */
export function unprefixed(tag: string): string {
  return tag.replace(/^uw_(?:status|decision)_/, '');
}

export interface TagCollision {
  tag: string;
  field: { id: number; title: string };
}

/**
 * The first of `tags` already used by a field other than ours (`ownIds`): as a dropdown option or as the tag a
 * checkbox adds. Zendesk refuses a field reusing a tag (422) only after earlier fields were created, so setup
 * asks first and creates nothing on a collision.
 */
export function findTagCollision(
  tags: string[],
  existing: ZendeskTicketField[],
  ownIds: Set<number>,
): TagCollision | null {
  for (const field of existing) {
    if (ownIds.has(field.id)) continue;
    const used = [
      ...(field.custom_field_options ?? []).map((option) => option.value),
      ...(field.tag ? [field.tag] : []),
    ];
    const tag = tags.find((candidate) => used.includes(candidate));
    if (tag !== undefined) return { tag, field: { id: field.id, title: field.title } };
  }
  return null;
}

export class TagCollisionError extends Error {
  constructor(readonly collision: TagCollision) {
    super(
      `the tag "${collision.tag}" is already used by the ticket field "${collision.field.title}" ` +
        `(id ${collision.field.id}); nothing was created: free that tag in Zendesk, then run setup again`,
    );
    this.name = 'TagCollisionError';
  }
}
