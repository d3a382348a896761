import { STATES } from '../../core/lifecycle/types.js';
import type { ZendeskClient } from '../../zendesk/client/index.js';
import type { NewTrigger, NewWebhook, ZendeskTrigger, ZendeskWebhook } from '../../zendesk/types.js';
import { WEBHOOK_PATH } from '../webhooks/route.js';
import type { Product } from '../../core/schedule.js';
import {
  FIELD_NAMES,
  TICKET_FIELDS,
  planFields,
  productFieldSpec,
  readZendeskFile,
  writeZendeskFile,
  type FieldName,
  type ZendeskFile,
  type ZendeskTicketField,
} from './fields.js';
import { findTagCollision, statusTag, TagCollisionError, unprefixed } from './tags.js';

export interface SetupReport {
  created: FieldName[];
  found: FieldName[];
  /** Our dropdowns of an older install whose options were (or would be) renamed to the prefixed tags. */
  migrated: FieldName[];
  /** "Upgrade product" when its options were (or would be) brought in line with the policy's products. */
  updated: FieldName[];
  /** The ids of the fields found (and, unless a dry run, created). */
  ids: Partial<Record<FieldName, number>>;
  /** What was written to `DATA_DIR/zendesk.json` (null on a dry run). */
  file: ZendeskFile | null;
}

const DROPDOWNS = ['status', 'decision'] as const;

/**
 * The fields part of `setup` (docs/ZENDESK-SETUP.md): finds each ticket field of the product by title and type, checks every
 * tag it would create against the account's other fields (a collision throws TagCollisionError before anything is
 * created), renames the options of an older install's dropdowns (found by id in `DATA_DIR/zendesk.json`) to the
 * prefixed tags, creates the fields missing, and records their ids. Running it twice creates nothing twice; keys
 * other parts of setup wrote (webhook, trigger) are kept.
 */
export async function setupTicketFields(
  client: ZendeskClient,
  dataDir: string,
  options: { dryRun?: boolean; products?: Product[] } = {},
): Promise<SetupReport> {
  const products = options.products ?? [];
  const productField = products.length > 0 ? productFieldSpec(products) : null;
  const existing = await client.listTicketFields();
  const plan = planFields(existing, products);
  const found = [...FIELD_NAMES, 'product' as const].filter((name) => plan.found[name] !== undefined);
  const previous = readPreviousFile(dataDir);
  const migrations = [
    ...planMigrations(existing, previous.fields),
    ...(productField === null ? [] : planProductOptions(existing, plan.found.product, productField)),
  ];
  const ownIds = new Set(
    [...Object.values(plan.found), ...Object.values(previous.fields ?? {})].filter((id) => id !== undefined),
  );
  const tags = [
    ...DROPDOWNS.map((name) => TICKET_FIELDS[name]),
    ...(productField === null ? [] : [productField]),
  ].flatMap((field) => field.custom_field_options.map((option) => option.value));
  const collision = findTagCollision(tags, existing, ownIds);
  if (collision !== null) throw new TagCollisionError(collision);
  const migrated = migrations.filter((migration) => migration.name !== 'product').map((migration) => migration.name);
  const updated = migrations.filter((migration) => migration.name === 'product').map((migration) => migration.name);
  if (options.dryRun === true) {
    return { created: plan.missing, found, migrated, updated, ids: plan.found, file: null };
  }

  for (const migration of migrations) {
    await client.updateTicketField(migration.id, { custom_field_options: migration.options });
  }
  const ids = { ...plan.found };
  for (const name of plan.missing) {
    const field = await client.createTicketField(name === 'product' ? productField! : TICKET_FIELDS[name]);
    ids[name] = field.id;
  }
  const file: ZendeskFile = { ...previous, fields: ids as ZendeskFile['fields'] };
  writeZendeskFile(dataDir, file);
  return { created: plan.missing, found, migrated, updated, ids, file };
}

/**
 * The "Upgrade product" options the policy's products need: each product's option added, or renamed when the
 * policy renamed the product. Options of products the policy no longer has stay, so tickets keep their value.
 */
function planProductOptions(
  existing: ZendeskTicketField[],
  id: number | undefined,
  spec: ReturnType<typeof productFieldSpec>,
): Migration[] {
  const field = existing.find((candidate) => candidate.id === id);
  if (field === undefined) return [];
  const current = field.custom_field_options ?? [];
  const kept = current.map((option) => {
    const wanted = spec.custom_field_options.find((candidate) => candidate.value === option.value);
    return {
      ...(option.id !== undefined ? { id: option.id } : {}),
      name: wanted?.name ?? option.name,
      value: option.value,
    };
  });
  const added = spec.custom_field_options.filter((option) => !current.some((known) => known.value === option.value));
  const renamed = kept.some((option, index) => option.name !== current[index]!.name);
  if (added.length === 0 && !renamed) return [];
  return [{ name: 'product', id: field.id, options: [...kept, ...added] }];
}

interface Migration {
  name: FieldName;
  id: number;
  options: { id?: number; name: string; value: string }[];
}

/**
 * Our dropdowns (by the ids setup recorded) whose options are not the prefixed tags yet. Each old option keeps its
 * id, so Zendesk renames it in place rather than deleting it; a missing option is added.
 */
function planMigrations(
  existing: ZendeskTicketField[],
  ids: Partial<Record<FieldName, number | undefined>> | undefined,
): Migration[] {
  const migrations: Migration[] = [];
  for (const name of DROPDOWNS) {
    const field = existing.find((candidate) => candidate.id === ids?.[name]);
    if (field === undefined) continue;
    const wanted = TICKET_FIELDS[name].custom_field_options;
    const current = field.custom_field_options ?? [];
    if (wanted.every((option) => current.some((known) => known.value === option.value))) continue;
    const options = wanted.map((option) => {
      const old = current.find((known) => known.value === option.value || known.value === unprefixed(option.value));
      return old === undefined ? { name: option.name, value: option.value } : { id: old.id, ...option };
    });
    migrations.push({ name, id: field.id, options });
  }
  return migrations;
}

function readPreviousFile(dataDir: string): Partial<ZendeskFile> {
  try {
    return readZendeskFile(dataDir) ?? {};
  } catch {
    // An unreadable or incomplete file is replaced by what setup finds now.
    return {};
  }
}

export const WEBHOOK_NAME = 'Upgrade Windows: customer replies';
export const TRIGGER_TITLE = 'Upgrade Windows: customer reply on an upgrade ticket';
/** What the trigger sends: the ticket id only; the receiver reads the comments back through the API. */
export const TRIGGER_BODY = '{"ticket_id": "{{ticket.id}}"}';
/**
 * The upgrade states in which a customer's reply is read (docs/ZENDESK-SETUP.md): from the offer to completion, so that a late
 * No-Go after completion still reaches capture (which notes it and changes nothing).
 */
export const REPLY_STATES = STATES.filter((state) => state !== 'unscheduled' && state !== 'cancelled');

/** The webhook of docs/ZENDESK-SETUP.md: trigger-connected, POST, JSON, pointing at PUBLIC_URL. */
export function webhookSpec(publicUrl: string): NewWebhook {
  return {
    name: WEBHOOK_NAME,
    description:
      'Tells Upgrade Windows that a customer replied on an upgrade ticket (created by upgrade-windows setup).',
    status: 'active',
    endpoint: `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`,
    http_method: 'POST',
    request_format: 'json',
    subscriptions: ['conditional_ticket_events'],
  };
}

/**
 * The trigger of docs/ZENDESK-SETUP.md: a public comment by an end user, on a ticket whose "Upgrade status" is scheduled,
 * in progress or awaiting a decision, calls the webhook with `{"ticket_id": "{{ticket.id}}"}`.
 */
export function triggerSpec(statusFieldId: number | null, webhookId: string): NewTrigger {
  const status = `custom_fields_${statusFieldId ?? '<Upgrade status>'}`;
  return {
    title: TRIGGER_TITLE,
    description: 'Calls the Upgrade Windows webhook when a customer replies (created by upgrade-windows setup).',
    active: true,
    conditions: {
      all: [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'comment_is_public', operator: 'is', value: 'true' },
        { field: 'role', operator: 'is', value: 'end_user' },
      ],
      any: REPLY_STATES.map((state) => ({ field: status, operator: 'is', value: statusTag(state) })),
    },
    actions: [{ field: 'notification_webhook', value: [webhookId, TRIGGER_BODY] }],
  };
}

export interface FullSetupReport {
  fields: SetupReport;
  webhook: { action: 'found' | 'create' | 'created'; id: string | null; endpoint: string };
  trigger: { action: 'found' | 'create' | 'created' | 'update' | 'updated'; id: number | null; title: string };
  /** What was written to `DATA_DIR/zendesk.json` (null on a dry run). */
  file: ZendeskFile | null;
}

/**
 * `setup` as a whole (docs/ZENDESK-SETUP.md): the ticket fields, then the webhook (found by its endpoint) and its signing
 * secret, then the trigger (found by its title and the webhook it calls), all recorded in `DATA_DIR/zendesk.json`.
 * Running it twice creates nothing twice; `dryRun` reads and reports what it would create, changing nothing.
 */
export async function setupZendesk(
  client: ZendeskClient,
  dataDir: string,
  options: { publicUrl: string; dryRun?: boolean; products?: Product[] },
): Promise<FullSetupReport> {
  const dryRun = options.dryRun === true;
  const fields = await setupTicketFields(client, dataDir, {
    dryRun,
    ...(options.products ? { products: options.products } : {}),
  });
  const wanted = webhookSpec(options.publicUrl);
  const existingWebhook = findWebhook(await client.listWebhooks(), wanted.endpoint);
  const statusFieldId = fields.ids.status ?? null;
  if (dryRun) {
    const webhookId = existingWebhook?.id ?? null;
    const existingTrigger = webhookId === null ? null : findTrigger(await client.listTriggers(), webhookId);
    const stale = existingTrigger !== null && !sameConditions(existingTrigger, triggerSpec(statusFieldId, webhookId!));
    return {
      fields,
      webhook: { action: existingWebhook ? 'found' : 'create', id: webhookId, endpoint: wanted.endpoint },
      trigger: {
        action: existingTrigger === null ? 'create' : stale ? 'update' : 'found',
        id: existingTrigger?.id ?? null,
        title: TRIGGER_TITLE,
      },
      file: null,
    };
  }
  const webhook = existingWebhook ?? (await client.createWebhook(wanted));
  const { secret } = await client.getWebhookSigningSecret(webhook.id);
  const existingTrigger = findTrigger(await client.listTriggers(), webhook.id);
  const spec = triggerSpec(statusFieldId, webhook.id);
  // An older install's trigger tests the old tags or fewer states: its conditions are brought up to date.
  const stale = existingTrigger !== null && !sameConditions(existingTrigger, spec);
  const trigger =
    existingTrigger === null
      ? await client.createTrigger(spec)
      : stale
        ? await client.updateTrigger(existingTrigger.id, { conditions: spec.conditions })
        : existingTrigger;
  const file: ZendeskFile = {
    ...fields.file!,
    webhook: { id: webhook.id, secret },
    trigger: { id: trigger.id },
  };
  writeZendeskFile(dataDir, file);
  return {
    fields,
    webhook: { action: existingWebhook ? 'found' : 'created', id: webhook.id, endpoint: wanted.endpoint },
    trigger: {
      action: existingTrigger === null ? 'created' : stale ? 'updated' : 'found',
      id: trigger.id,
      title: TRIGGER_TITLE,
    },
    file,
  };
}

/** Ours: the same endpoint, whatever its name (an administrator may rename it). */
function findWebhook(webhooks: ZendeskWebhook[], endpoint: string): ZendeskWebhook | null {
  return webhooks.find((webhook) => webhook.endpoint === endpoint) ?? null;
}

/** Ours: our title, calling that webhook (a trigger of the same title calling an old endpoint is not reused). */
function findTrigger(triggers: ZendeskTrigger[], webhookId: string): ZendeskTrigger | null {
  return (
    triggers.find(
      (trigger) =>
        trigger.title.trim() === TRIGGER_TITLE &&
        trigger.actions.some(
          (action) =>
            action.field === 'notification_webhook' && Array.isArray(action.value) && action.value[0] === webhookId,
        ),
    ) ?? null
  );
}

function sameConditions(trigger: ZendeskTrigger, spec: NewTrigger): boolean {
  return JSON.stringify(trigger.conditions) === JSON.stringify(spec.conditions);
}
