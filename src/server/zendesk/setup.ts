import type { ZendeskClient } from '../../zendesk/client/index.js';
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
 * The fields part of `setup` (DESIGN §7): finds each ticket field of the product by title and type,
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
