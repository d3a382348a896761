import { mkdirSync } from 'node:fs';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';
import { loadPolicy } from '../policy.js';

const USAGE = `Usage: upgrade-windows setup [--dry-run] [--policy FILE]

Prepares Zendesk for the product (docs/ZENDESK-SETUP.md): finds or creates the ticket fields (Upgrade status, window
start / end / date, decision, decision at / by / evidence, needs review, delivery marker), the webhook
that calls PUBLIC_URL/webhooks/zendesk (its signing secret is read), and the trigger that calls it when an
end user comments publicly on a ticket whose upgrade is scheduled, in progress or awaiting a decision.
Writes the field ids, the webhook's id and signing secret and the trigger's id to DATA_DIR/zendesk.json
(mode 0600), creating DATA_DIR when it is missing. Running it twice creates nothing twice: the webhook is
found by its endpoint, the trigger by its title and the webhook it calls.

Dropdown option values are Zendesk tags and carry the prefix uw_ (uw_status_scheduled, uw_decision_go).
Before creating anything, setup checks those tags against the account's other ticket fields: when one is
taken it creates nothing, names the field and the tag, and exits 1. The dropdowns of an install made with
unprefixed tags (recorded in DATA_DIR/zendesk.json) have their options renamed in place.

When the policy (--policy FILE, else POLICY_FILE) has products, setup also finds or creates the dropdown
"Upgrade product", one option per product (tag uw_product_<id>), and adds the options of new products.

  --dry-run        show what would be created, change nothing
  --policy FILE    the schedule policy whose products the "Upgrade product" field lists (default POLICY_FILE)

Environment: ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN; PUBLIC_URL; DATA_DIR;
POLICY_FILE.
(serve runs setup itself against its sandbox when no credentials are configured.)
`;

export const command: Command = {
  summary: 'prepare Zendesk: ticket fields, webhook, trigger',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs(
      'setup',
      argv,
      { 'dry-run': { type: 'boolean' }, policy: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const { loadConfig, ConfigError } = await import('../../server/config.js');
    const { setupZendesk } = await import('../../server/setup/run-setup.js');
    const { fieldTitle } = await import('../../server/setup/fields.js');
    const { TagCollisionError } = await import('../../server/setup/tags.js');
    const { createZendeskClient, HTTPError, NetworkError, TimeoutError } =
      await import('../../zendesk/client/index.js');

    let config;
    try {
      // Setup needs no API tokens of its own: pass placeholders so only Zendesk's variables are required.
      config = loadConfig({
        AGENT_API_TOKEN: 'setup-placeholder-agent',
        AUTOMATION_API_TOKEN: 'setup-placeholder-automation',
        PUBLIC_URL: 'http://127.0.0.1',
        ...io.env,
      });
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`invalid configuration: ${error.message}`);
      throw error;
    }
    const credentials = config.zendesk;
    if (credentials === null) {
      throw new UsageError(
        'no Zendesk configured: set ZENDESK_URL with ZENDESK_EMAIL and ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN); serve prepares its sandbox itself',
      );
    }
    // The placeholder above only lets loadConfig run; the webhook must point at the real address.
    if (io.env.PUBLIC_URL === undefined || io.env.PUBLIC_URL.trim() === '') {
      throw new UsageError('PUBLIC_URL is not set: the webhook Zendesk calls is PUBLIC_URL/webhooks/zendesk');
    }
    const publicUrl = config.publicUrl!;
    // The policy's products are the options of the "Upgrade product" field; an invalid policy exits 2 here.
    const policy = loadPolicy(values.policy, config.policyFile === null ? {} : { POLICY_FILE: config.policyFile });
    const client = createZendeskClient({
      baseUrl: credentials.url,
      auth:
        credentials.auth === 'oauth'
          ? { oauthToken: credentials.oauthToken }
          : { email: credentials.email, apiToken: credentials.apiToken },
    });
    const dryRun = values['dry-run'] === true;
    if (!dryRun) createDataDir(config.dataDir);
    let report;
    try {
      report = await setupZendesk(client, config.dataDir, { publicUrl, dryRun, products: policy.products });
    } catch (error) {
      if (error instanceof TagCollisionError) {
        io.stderr(`upgrade-windows setup: ${error.message}\n`);
        return 1;
      }
      if (error instanceof HTTPError) {
        const hint =
          error.status === 401 || error.status === 403 ? ' (check the credentials; setup needs an admin)' : '';
        io.stderr(`upgrade-windows setup: Zendesk answered ${error.status}${hint}\n`);
        return error.status === 401 || error.status === 403 ? 2 : 3;
      }
      if (error instanceof NetworkError || error instanceof TimeoutError) {
        io.stderr(`upgrade-windows setup: cannot reach Zendesk at ${credentials.url}: ${error.message}\n`);
        return 3;
      }
      throw error;
    }
    const title = fieldTitle;
    const fields = report.fields;
    for (const name of fields.found) io.stdout(`found    ${title(name)} (${report.file?.fields[name] ?? 'exists'})\n`);
    for (const name of fields.migrated) {
      io.stdout(`${dryRun ? 'would migrate' : 'migrated'} ${title(name)} to the uw_ tags\n`);
    }
    for (const name of fields.updated) {
      io.stdout(`${dryRun ? 'would update' : 'updated'} ${title(name)} options to the policy's products\n`);
    }
    for (const name of fields.created) {
      io.stdout(dryRun ? `would create ${title(name)}\n` : `created  ${title(name)} (${report.file?.fields[name]})\n`);
    }
    const verbs = {
      found: 'found   ',
      create: 'would create',
      created: 'created ',
      update: 'would update',
      updated: 'updated ',
    };
    const verb = (action: keyof typeof verbs) => verbs[action];
    const id = (value: string | number | null) => (value === null ? '' : ` (${value})`);
    io.stdout(`${verb(report.webhook.action)} webhook ${report.webhook.endpoint}${id(report.webhook.id)}\n`);
    io.stdout(`${verb(report.trigger.action)} trigger "${report.trigger.title}"${id(report.trigger.id)}\n`);
    if (!dryRun) io.stdout(`wrote ${config.dataDir}/zendesk.json\n`);
    return 0;
  },
};

/** DATA_DIR is created as serve creates it; one that cannot be is named, with the reason, before Zendesk is touched. */
function createDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way'
          : (error as Error).message;
    throw new UsageError(`DATA_DIR ${dataDir} cannot be created: ${reason}`);
  }
}
