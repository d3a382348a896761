import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Policy } from '../core/schedule.js';
import type { Catalog } from '../core/templates/catalog.js';
import { createZendeskClient, type ZendeskClient } from '../zendesk/client/index.js';
import type { ServedSandbox } from '../zendesk/sandbox/index.js';
import { startServer, type RunningServer } from './start.js';
import type { Config } from './config.js';
import { openStore } from './store/open.js';
import { StoreUnavailableError } from './store/types.js';
import { readZendeskFile, ZENDESK_FILE } from './setup/fields.js';
import { setupTicketFields, setupZendesk } from './setup/run-setup.js';

export const SANDBOX_STATE_FILE = 'sandbox.json';

/** What `serve` runs: the server and, in sandbox mode, the local Zendesk it talks to. */
export interface Serving {
  server: RunningServer;
  sandbox: ServedSandbox | null;
  publicUrl: string;
  close(): Promise<void>;
}

/** What `serve` cannot start with: a message for the administrator, no stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/**
 * `serve`: the store first (so a second process is refused before it touches anything), then in sandbox mode
 * the local Zendesk on SANDBOX_PORT with `setup` run against it, then the backend on PORT.
 */
export async function startFromConfig(
  config: Config,
  options: { policy: Policy; catalog?: Catalog; logger: Logger; preview?: PreviewMount },
): Promise<Serving> {
  const store = await openStore(config).catch((error: unknown) => {
    throw error instanceof StoreUnavailableError ? new StartupError(error.message) : error;
  });
  let sandbox: ServedSandbox | null = null;
  try {
    let zendesk: ZendeskClient;
    if (config.zendesk === null) {
      sandbox = await startSandbox(config);
      zendesk = createZendeskClient({
        baseUrl: sandbox.url,
        auth: { email: 'sandbox@upgrade-windows.local', apiToken: 'sandbox' },
        logger: options.logger.child({ part: 'zendesk' }),
      });
      await setupTicketFields(zendesk, config.dataDir, { products: options.policy.products });
    } else {
      const credentials = config.zendesk;
      zendesk = createZendeskClient({
        baseUrl: credentials.url,
        auth:
          credentials.auth === 'oauth'
            ? { oauthToken: credentials.oauthToken }
            : { email: credentials.email, apiToken: credentials.apiToken },
        logger: options.logger.child({ part: 'zendesk' }),
      });
    }
    const file = readZendeskFile(config.dataDir);
    if (file === null) {
      throw new StartupError(
        `${join(config.dataDir, ZENDESK_FILE)} is missing: run "upgrade-windows setup" with the same DATA_DIR first`,
      );
    }
    const server = await startServer({
      dataDir: config.dataDir,
      port: config.port,
      tokens: { agent: config.agentToken, automation: config.automationToken },
      policy: options.policy,
      zendesk,
      fieldIds: file.fields,
      logger: options.logger,
      store,
      webhookSecrets: config.webhookSecrets,
      reconcileIntervalMs: config.reconcileIntervalMs,
      publicUrl: config.publicUrl,
      notify:
        config.notifyUrl !== null && config.notifySecret !== undefined
          ? { url: config.notifyUrl, secret: config.notifySecret }
          : null,
      ...(sandbox !== null && options.preview !== undefined
        ? { routes: [previewRoutes(options.preview, sandbox.url, config.agentToken)] }
        : {}),
      ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
    });
    if (sandbox !== null) {
      // The webhook must point at this backend, whose port is known only now (PORT=0 picks one): the rest of
      // setup runs here, and the receiver then reads the signing secret setup stored.
      try {
        await setupZendesk(zendesk, config.dataDir, {
          publicUrl: config.publicUrl ?? server.url,
          products: options.policy.products,
        });
        server.reloadWebhookSecret();
      } catch (error) {
        await server.close();
        throw error;
      }
    }
    const served = sandbox;
    return {
      server,
      sandbox: served,
      publicUrl: config.publicUrl ?? server.url,
      close: async () => {
        await server.close();
        await served?.close();
      },
    };
  } catch (error) {
    await sandbox?.close();
    await store.close();
    throw error;
  }
}

/**
 * The agent-workspace preview (src/preview), given by the serve command: the server does not import it, so the
 * preview may depend on the server and not the other way round. Mounted in sandbox mode only.
 */
export type PreviewMount = (app: FastifyInstance, options: { sandboxUrl: string; agentToken: string }) => void;

function previewRoutes(mount: PreviewMount, sandboxUrl: string, agentToken: string) {
  return (app: FastifyInstance) => mount(app, { sandboxUrl, agentToken });
}

/** The local Zendesk, loaded only here: with credentials configured, the sandbox's code is never imported. */
async function startSandbox(config: Config): Promise<ServedSandbox> {
  const { createSandbox, serveSandbox } = await import('../zendesk/sandbox/index.js');
  const sandbox = createSandbox();
  const stateFile = join(config.dataDir, SANDBOX_STATE_FILE);
  if (existsSync(stateFile)) {
    try {
      sandbox.restore(readFileSync(stateFile, 'utf8'));
    } catch (error) {
      throw new StartupError(
        `${stateFile}: cannot restore the sandbox (${(error as Error).message}); delete it to start afresh`,
      );
    }
  }
  try {
    return await serveSandbox(sandbox, { port: config.sandboxPort, stateFile });
  } catch (error) {
    throw new StartupError(`SANDBOX_PORT ${config.sandboxPort}: ${(error as Error).message}`);
  }
}
