import type { ZendeskClient } from '../../zendesk/client/index.js';
import type { NewTrigger, NewWebhook, ZendeskTrigger, ZendeskWebhook } from '../../zendesk/types.js';
import { WEBHOOK_PATH } from '../webhooks/route.js';
import {
  FIELD_NAMES,
  TICKET_FIELDS,
  planFields,
  readZendeskFile,
  writeZendeskFile,
  type FieldName,
  type ZendeskFile,
} from './fields.js';

export interface SetupReport {
  created: FieldName[];
  found: FieldName[];
  /** What was written to `DATA_DIR/zendesk.json` (null on a dry run). */
  file: ZendeskFile | null;
}

/**
 * The fields part of `setup` (docs/ZENDESK-SETUP.md): finds each ticket field of the product by title and type,
 * creates those missing, and records their ids in `DATA_DIR/zendesk.json`. Running it twice creates
 * nothing twice; keys other parts of setup wrote (webhook, trigger) are kept.
 */
export async function setupTicketFields(
  client: ZendeskClient,
  dataDir: string,
  options: { dryRun?: boolean } = {},
): Promise<SetupReport> {
  const plan = planFields(await client.listTicketFields());
  const found = FIELD_NAMES.filter((name) => plan.found[name] !== undefined);
  if (options.dryRun === true) return { created: plan.missing, found, file: null };

  const ids = { ...plan.found };
  for (const name of plan.missing) {
    const field = await client.createTicketField(TICKET_FIELDS[name]);
    ids[name] = field.id;
  }
  const previous = readPreviousFile(dataDir);
  const file: ZendeskFile = { ...previous, fields: ids as ZendeskFile['fields'] };
  writeZendeskFile(dataDir, file);
  return { created: plan.missing, found, file };
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
/** The upgrade states in which a customer's reply may decide something (docs/ZENDESK-SETUP.md, Trigger). */
export const REPLY_STATES = ['scheduled', 'in_progress', 'awaiting_decision'] as const;

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
      any: REPLY_STATES.map((state) => ({ field: status, operator: 'is', value: state })),
    },
    actions: [{ field: 'notification_webhook', value: [webhookId, TRIGGER_BODY] }],
  };
}

export interface FullSetupReport {
  fields: SetupReport;
  webhook: { action: 'found' | 'create' | 'created'; id: string | null; endpoint: string };
  trigger: { action: 'found' | 'create' | 'created'; id: number | null; title: string };
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
  options: { publicUrl: string; dryRun?: boolean },
): Promise<FullSetupReport> {
  const dryRun = options.dryRun === true;
  const fields = await setupTicketFields(client, dataDir, { dryRun });
  const wanted = webhookSpec(options.publicUrl);
  const existingWebhook = findWebhook(await client.listWebhooks(), wanted.endpoint);
  const statusFieldId = fields.file?.fields.status ?? null;
  if (dryRun) {
    const webhookId = existingWebhook?.id ?? null;
    const existingTrigger = webhookId === null ? null : findTrigger(await client.listTriggers(), webhookId);
    return {
      fields,
      webhook: { action: existingWebhook ? 'found' : 'create', id: webhookId, endpoint: wanted.endpoint },
      trigger: { action: existingTrigger ? 'found' : 'create', id: existingTrigger?.id ?? null, title: TRIGGER_TITLE },
      file: null,
    };
  }
  const webhook = existingWebhook ?? (await client.createWebhook(wanted));
  const { secret } = await client.getWebhookSigningSecret(webhook.id);
  const existingTrigger = findTrigger(await client.listTriggers(), webhook.id);
  const trigger = existingTrigger ?? (await client.createTrigger(triggerSpec(statusFieldId, webhook.id)));
  const file: ZendeskFile = {
    ...fields.file!,
    webhook: { id: webhook.id, secret },
    trigger: { id: trigger.id },
  };
  writeZendeskFile(dataDir, file);
  return {
    fields,
    webhook: { action: existingWebhook ? 'found' : 'created', id: webhook.id, endpoint: wanted.endpoint },
    trigger: { action: existingTrigger ? 'found' : 'created', id: trigger.id, title: TRIGGER_TITLE },
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
