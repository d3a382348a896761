import type { Effect, Upgrade } from '../../core/lifecycle/index.js';
import type { UpgradeState } from '../../core/lifecycle/types.js';
import type { Policy } from '../../core/schedule.js';
import { localDate } from '../../core/templates/format.js';
import { FIELD_NAMES, type FieldName } from '../setup/fields.js';
import { decisionTag, productTag, statusTag, type DecisionValue } from '../setup/tags.js';
import { apiInstant } from '../views/instant.js';

/** Ticket field values by logical name, in Zendesk's forms (tags, ISO strings, booleans, null to clear). */
export type FieldValues = Partial<Record<FieldName, unknown>>;

/** The ticket fields that follow from the state and booking (docs/ZENDESK-SETUP.md, Ticket fields), whatever the effects say. */
export function fieldsFromStates(previous: Upgrade, next: Upgrade, policy: Policy): FieldValues {
  const fields: FieldValues = {};
  if (previous.state !== next.state) fields.status = statusTag(next.state);
  // A booking that names the product sets "Upgrade product" (a field only policies with products have).
  if (next.product !== undefined && previous.product !== next.product) fields.product = productTag(next.product);
  const before = previous.booking;
  const after = next.booking;
  if (before?.start !== after?.start || before?.end !== after?.end) {
    const zone = after?.timeZone ?? policy.timeZone;
    fields.windowStart = after === null ? null : apiInstant(after.start, zone);
    fields.windowEnd = after === null ? null : apiInstant(after.end, zone);
    fields.windowDate = after === null ? null : localDate(after.start, policy.timeZone);
  }
  return fields;
}

/** The lifecycle's `fields` and `review` effects, in Zendesk's value forms. Unknown names are dropped. */
export function fieldsFromEffects(effects: Effect[], policy: Policy): FieldValues {
  const fields: FieldValues = {};
  for (const effect of effects) {
    if (effect.kind === 'review') fields.needsReview = effect.action === 'set';
    if (effect.kind !== 'fields') continue;
    for (const [name, value] of Object.entries(effect.values)) {
      if (!(FIELD_NAMES as string[]).includes(name) || name === 'deliveryMarker') continue;
      fields[name as FieldName] = zendeskValue(name as FieldName, value, policy.timeZone);
    }
  }
  return fields;
}

function zendeskValue(name: FieldName, value: unknown, zone: string): unknown {
  if (value === null || value === undefined) return null;
  switch (name) {
    case 'windowStart':
    case 'windowEnd':
    case 'decisionAt':
      return typeof value === 'number' ? apiInstant(value, zone) : value;
    case 'windowDate':
      return typeof value === 'number' ? localDate(value, zone) : value;
    case 'status':
      return typeof value === 'string' ? statusTag(value as UpgradeState) : value;
    case 'decision':
      return typeof value === 'string' ? decisionTag(value.toLowerCase() as DecisionValue) : value;
    default:
      return value;
  }
}
