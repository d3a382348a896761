import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { STATES } from '../../core/lifecycle/types.js';
import type { NewTicketField, TicketFieldType, ZendeskTicketField } from '../../zendesk/types.js';
import type { Product } from '../../core/schedule.js';
import { decisionTag, productTag, statusTag } from './tags.js';

export const ZENDESK_FILE = 'zendesk.json';

/** The upgrade states of docs/LIFECYCLE.md are the options of the "Upgrade status" dropdown (prefixed: they are tags). */
const UPGRADE_STATES = STATES;

/** A field without options: its type, title (how `setup` finds it again) and description. */
function field<T extends TicketFieldType>(type: T, title: string, description: string) {
  return { type, title, description };
}

/**
 * The ticket fields of docs/ZENDESK-SETUP.md by logical name: the names the lifecycle's `fields` effects use.
 * Titles are in the vendor's default language (English); `setup` finds an existing field by its title.
 */
export const TICKET_FIELDS = {
  status: {
    type: 'tagger',
    title: 'Upgrade status',
    description: 'The upgrade state of this ticket (Upgrade Windows).',
    custom_field_options: UPGRADE_STATES.map((state) => ({ name: titleCase(state), value: statusTag(state) })),
  },
  windowStart: field('text', 'Upgrade window start', 'ISO 8601 instant with offset.'),
  windowEnd: field('text', 'Upgrade window end', 'ISO 8601 instant with offset.'),
  windowDate: field('date', 'Upgrade window date', 'The local date in the policy zone.'),
  decision: {
    type: 'tagger',
    title: 'Upgrade decision',
    description: "The customer's Go / No-Go.",
    custom_field_options: [
      { name: 'Go', value: decisionTag('go') },
      { name: 'No-Go', value: decisionTag('no_go') },
    ],
  },
  decisionAt: field('text', 'Upgrade decision at', 'When the decision was captured.'),
  decisionBy: field('text', 'Upgrade decision by', 'User id and name of who decided.'),
  decisionEvidence: field('text', 'Upgrade decision evidence', 'The deciding words.'),
  needsReview: field('checkbox', 'Upgrade needs review', 'Set by an unclear reply or a delivery failure.'),
  deliveryMarker: field(
    'text',
    'Upgrade delivery marker',
    'The last delivered update (used to reconcile; do not edit).',
  ),
} as const satisfies Record<string, NewTicketField>;

/** The fields every install has. */
export type BaseFieldName = keyof typeof TICKET_FIELDS;
export const FIELD_NAMES = Object.keys(TICKET_FIELDS) as BaseFieldName[];
/** Every field the product writes: the base ones, and "Upgrade product" when the policy has products. */
export type FieldName = BaseFieldName | 'product';

export const PRODUCT_FIELD_TITLE = 'Upgrade product';

/**
 * The "Upgrade product" dropdown (docs/ZENDESK-SETUP.md): one option per product of the policy, named as the
 * policy names it, its value the product's tag. Throws naming both ids when two products would share a tag.
 */
export function productFieldSpec(
  products: Product[],
): NewTicketField & { type: 'tagger'; custom_field_options: { name: string; value: string }[] } {
  const options = products.map((product) => ({ name: product.name, value: productTag(product.id) }));
  options.forEach((option, index) => {
    const other = options.findIndex((candidate) => candidate.value === option.value);
    if (other !== index) {
      throw new Error(
        `products ${JSON.stringify(products[other]!.id)} and ${JSON.stringify(products[index]!.id)} ` +
          `would share the Zendesk tag "${option.value}"; rename one of them in the policy`,
      );
    }
  });
  return {
    type: 'tagger',
    title: PRODUCT_FIELD_TITLE,
    description: 'The product the upgrade is for (Upgrade Windows).',
    custom_field_options: options,
  };
}

/** A field's title, as setup finds it and reports it. */
export function fieldTitle(name: FieldName): string {
  return name === 'product' ? PRODUCT_FIELD_TITLE : TICKET_FIELDS[name].title;
}

const fieldId = z.number().int().positive();
const zendeskFileSchema = z.object({
  fields: z.object({
    ...(Object.fromEntries(FIELD_NAMES.map((name) => [name, fieldId])) as Record<BaseFieldName, typeof fieldId>),
    product: fieldId.optional(),
  }),
  webhook: z.object({ id: z.string(), secret: z.string() }).nullable().optional(),
  trigger: z.object({ id: z.number() }).nullable().optional(),
});

/** `DATA_DIR/zendesk.json`: what `setup` found or made. Other keys (webhook, trigger) are kept as they are. */
export type ZendeskFile = z.infer<typeof zendeskFileSchema> & Record<string, unknown>;

/** The ids of the fields setup found or made; `product` only when the policy has products. */
export type FieldIds = ZendeskFile['fields'];

/** Reads `DATA_DIR/zendesk.json`; null when absent. Throws naming the file when it is unreadable or incomplete. */
export function readZendeskFile(dataDir: string): ZendeskFile | null {
  const path = join(dataDir, ZENDESK_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${path}: cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message}); run "upgrade-windows setup" again`);
  }
  const parsed = zendeskFileSchema.passthrough().safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue?.path.join('.')}: ${issue?.message}; run "upgrade-windows setup" again`);
  }
  return parsed.data as ZendeskFile;
}

/** Writes the file atomically (a crash leaves the old file or the new one, never half of one). */
export function writeZendeskFile(dataDir: string, file: ZendeskFile): void {
  const path = join(dataDir, ZENDESK_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export interface FieldPlan {
  found: Partial<Record<FieldName, number>>;
  missing: FieldName[];
}

/**
 * Which of our fields already exist (matched by title and type, active or not), and which are missing; with
 * `products`, the "Upgrade product" dropdown too.
 */
export function planFields(existing: ZendeskTicketField[], products: Product[] = []): FieldPlan {
  const found: Partial<Record<FieldName, number>> = {};
  const missing: FieldName[] = [];
  const wanted: [FieldName, NewTicketField][] = FIELD_NAMES.map((name) => [name, TICKET_FIELDS[name]]);
  if (products.length > 0) wanted.push(['product', productFieldSpec(products)]);
  for (const [name, spec] of wanted) {
    const match = existing.find(
      (field) => field.title.trim().toLowerCase() === spec.title.toLowerCase() && field.type === spec.type,
    );
    if (match === undefined) missing.push(name);
    else found[name] = match.id;
  }
  return { found, missing };
}

function titleCase(state: string): string {
  const words = state.split('_');
  return [words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(' ');
}

export type { ZendeskTicketField };
