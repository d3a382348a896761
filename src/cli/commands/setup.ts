import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

const USAGE = `Usage: upgrade-windows setup [--dry-run]

Prepares Zendesk for the product (DESIGN §7): finds or creates the ticket fields (Upgrade status, window
start / end / date, decision, decision at / by / evidence, needs review, delivery marker) and writes their
ids to DATA_DIR/zendesk.json. Running it twice creates nothing twice.

  --dry-run   show what would be created, change nothing

Environment: ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN; DATA_DIR.
(serve runs setup itself against its sandbox when no credentials are configured.)
`;

export const command: Command = {
  summary: 'prepare Zendesk: ticket fields, webhook, trigger',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs('setup', argv, { 'dry-run': { type: 'boolean' } }, { min: 0, max: 0 });
    const { loadConfig, ConfigError } = await import('../../server/config.js');
    const { setupTicketFields } = await import('../../server/zendesk/setup.js');
    const { TICKET_FIELDS } = await import('../../server/zendesk/fields.js');
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
    const client = createZendeskClient({
      baseUrl: credentials.url,
      auth:
        credentials.auth === 'oauth'
          ? { oauthToken: credentials.oauthToken }
          : { email: credentials.email, apiToken: credentials.apiToken },
    });
    const dryRun = values['dry-run'] === true;
    let report;
    try {
      report = await setupTicketFields(client, config.dataDir, { dryRun });
    } catch (error) {
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
    const title = (name: keyof typeof TICKET_FIELDS) => TICKET_FIELDS[name].title;
    for (const name of report.found) io.stdout(`found    ${title(name)} (${report.file?.fields[name] ?? 'exists'})\n`);
    for (const name of report.created) {
      io.stdout(dryRun ? `would create ${title(name)}\n` : `created  ${title(name)} (${report.file?.fields[name]})\n`);
    }
    if (!dryRun) io.stdout(`wrote ${config.dataDir}/zendesk.json\n`);
    return 0;
  },
};
