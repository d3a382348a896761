import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

const USAGE = `Usage: upgrade-windows setup [--dry-run] [--json]

Prepares a Zendesk account for Upgrade Windows (DESIGN §7): the ticket fields, the webhook that points
at PUBLIC_URL/webhooks/zendesk (its signing secret is read and stored), and the trigger that calls it when
an end user comments publicly on a ticket whose upgrade is scheduled, in progress or awaiting a decision.
What it found or made is written to DATA_DIR/zendesk.json; "serve" needs that file. Running it twice
creates nothing twice. In sandbox mode (no credentials) "serve" runs setup itself.

Options:
  --dry-run   print what would be created, change nothing (no file written)
  --json      print the report as JSON
  -h, --help  show this help

Environment: ZENDESK_URL with ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN; PUBLIC_URL;
DATA_DIR (./data); AGENT_API_TOKEN and AUTOMATION_API_TOKEN are checked as serve checks them.

Exit status 0 when done, 1 when Zendesk refuses a request, 2 for bad configuration, 3 when Zendesk
cannot be reached.
`;

const OPTIONS = { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } as const;

export const command: Command = {
  summary: 'prepare Zendesk: fields, webhook, trigger',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs('setup', argv, OPTIONS, { min: 0, max: 0 });
    // Loaded here, so light commands never pay for the server's imports (docs/DECISIONS.md §3).
    const { loadConfig, ConfigError } = await import('../../server/config.js');
    const { setupZendesk } = await import('../../server/zendesk/setup.js');
    const { createZendeskClient, HTTPError } = await import('../../zendesk/client/index.js');

    let config;
    try {
      config = loadConfig(io.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`invalid configuration: ${error.message}`);
      throw error;
    }
    const credentials = config.zendesk;
    if (credentials === null || config.publicUrl === null) {
      throw new UsageError(
        'setup needs ZENDESK_URL with credentials and PUBLIC_URL (in sandbox mode "serve" runs setup itself)',
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
      report = await setupZendesk(client, config.dataDir, { publicUrl: config.publicUrl, dryRun });
    } catch (error) {
      if (error instanceof HTTPError) {
        io.stderr(`upgrade-windows setup: Zendesk refused ${error.method} ${error.url}: ${error.status}\n`);
        return 1;
      }
      const name = (error as Error)?.name;
      if (name === 'NetworkError' || name === 'TimeoutError') {
        io.stderr(`upgrade-windows setup: cannot reach Zendesk at ${credentials.url}\n`);
        return 3;
      }
      throw error;
    }

    if (values.json === true) {
      // The secret stays in the file (mode 0600); reports may end up in CI logs.
      const file = report.file === null ? null : { ...report.file, webhook: { id: report.webhook.id, secret: '***' } };
      io.stdout(`${JSON.stringify({ dryRun, ...report, file }, null, 2)}\n`);
      return 0;
    }
    const would = (action: string) => (action === 'create' ? 'would create' : action);
    const lines = [
      dryRun ? 'Dry run: nothing was changed.' : `Zendesk prepared: ${config.dataDir}/zendesk.json written.`,
      ...report.fields.found.map((name) => `field ${name}: found`),
      ...report.fields.created.map((name) => `field ${name}: ${dryRun ? 'would create' : 'created'}`),
      `webhook ${report.webhook.endpoint}: ${would(report.webhook.action)}${report.webhook.id === null ? '' : ` (${report.webhook.id})`}`,
      `trigger "${report.trigger.title}": ${would(report.trigger.action)}${report.trigger.id === null ? '' : ` (${report.trigger.id})`}`,
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
