import pino from 'pino';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command, CommandIO } from '../io.js';
import { loadPolicy } from '../policy.js';
import { loadTemplateCatalog, TemplateCatalogError } from '../templates.js';

const USAGE = `Usage: upgrade-windows serve

Runs the backend (docs/API.md) with its embedded store in DATA_DIR, or on Postgres when DATABASE_URL is set
(several replicas may share that database). Without Zendesk credentials it also
runs the local Zendesk sandbox on SANDBOX_PORT and prepares it with setup. PORT=0 picks free ports.
Stops cleanly on SIGINT or SIGTERM.

Environment: PORT, SANDBOX_PORT, ZENDESK_URL, ZENDESK_EMAIL, ZENDESK_API_TOKEN, ZENDESK_OAUTH_TOKEN,
ZENDESK_WEBHOOK_SECRET, AGENT_API_TOKEN, AUTOMATION_API_TOKEN, POLICY_FILE, DATA_DIR, PUBLIC_URL,
NOTIFY_URL with NOTIFY_SECRET (the key its signed POSTs use), TEMPLATES_DIR, DATABASE_URL.
`;

export const command: Command = {
  summary: 'run the backend',
  usage: USAGE,
  run: async (argv, io) => {
    parseCommandArgs('serve', argv, {}, { min: 0, max: 0 });
    // Loaded here, so light commands never pay for the server's imports (docs/DECISIONS.md §3).
    const { loadConfig, ConfigError } = await import('../../server/config.js');
    const { startFromConfig, StartupError } = await import('../../server/main.js');
    const { DataDirLockedError } = await import('../../server/store/types.js');

    let config;
    try {
      config = loadConfig(io.env);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`invalid configuration: ${error.message}`);
      throw error;
    }
    const policy = loadPolicy(undefined, config.policyFile === null ? {} : { POLICY_FILE: config.policyFile });
    let catalog;
    try {
      catalog = config.templatesDir === null ? undefined : loadTemplateCatalog(config.templatesDir);
    } catch (error) {
      if (error instanceof TemplateCatalogError) throw new UsageError(error.message);
      throw error;
    }

    // This command is the composition root: the preview (src/preview) joins the server here, in sandbox mode only.
    const preview = config.zendesk === null ? (await import('../../preview/routes.js')).registerPreview : undefined;

    const logs = batchedWriter(io.stderr);
    const logger = pino({ level: 'info' }, logs);
    let serving;
    try {
      serving = await startFromConfig(config, {
        policy,
        logger,
        ...(catalog !== undefined ? { catalog } : {}),
        ...(preview !== undefined ? { preview } : {}),
      });
    } catch (error) {
      if (error instanceof StartupError || error instanceof DataDirLockedError) throw new UsageError(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new UsageError(`PORT ${config.port}: ${(error as Error).message}`);
      }
      throw error;
    }

    io.stdout(`upgrade-windows backend listening on ${serving.server.url} (PORT ${serving.server.port})\n`);
    if (serving.sandbox !== null) {
      io.stdout(`Zendesk sandbox on ${serving.sandbox.url} (SANDBOX_PORT ${serving.sandbox.port})\n`);
    }
    io.stdout(`data directory ${config.dataDir}\n`);
    io.stdout(`policy ${config.policyFile ?? 'default policy (POLICY_FILE is not set)'}\n`);
    for (const name of config.generatedTokens) {
      const value = name === 'AGENT_API_TOKEN' ? config.agentToken : config.automationToken;
      io.stdout(`${name}=${value} (generated for this run; set it to keep it)\n`);
    }
    io.stdout(`BACKEND_URL=${serving.server.url}\n`);
    if (serving.sandbox !== null) {
      io.stdout(`Open http://localhost:${serving.server.port}/ to see the agent workspace and the sidebar (preview)\n`);
    }

    await untilStopped(io);
    io.stdout('stopping: finishing requests and deliveries in flight\n');
    await serving.close();
    logs.flush();
    io.stdout('stopped\n');
    return 0;
  },
};

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(_io: CommandIO): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * Log lines gathered and written once per event-loop turn: on Linux a write to a pipe is synchronous, and a line per
 * call would stall every request under load. A SIGKILL loses at most the current turn's lines, never data.
 */
function batchedWriter(write: (text: string) => void): { write: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    write(text);
  };
  return {
    write: (line) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push(line);
    },
    flush,
  };
}
