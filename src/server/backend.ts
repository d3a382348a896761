import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Policy } from '../core/schedule.js';
import type { Catalog } from '../core/templates/catalog.js';
import type { ZendeskClient } from '../zendesk/client/index.js';
import { createRenderer } from './delivery/render.js';
import { DeliveryWorker, type CrashPoint, type WorkerOptions } from './delivery/worker.js';
import { createHttpApp } from './http/app.js';
import { registerRoutes } from './http/routes.js';
import { coreLifecycle } from './lifecycle-adapter.js';
import { BackendService } from './service.js';
import { SqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';
import type { FieldName } from './zendesk/fields.js';

export interface BackendOptions {
  dataDir: string;
  port: number;
  host?: string;
  tokens: { agent: string; automation: string };
  policy: Policy;
  catalog?: Catalog;
  zendesk: ZendeskClient;
  fieldIds: Record<FieldName, number>;
  now?: () => number;
  /**
   * The delivery worker's clock for retry times and leases (default Date.now). Apart from `now` so that a
   * test can pin the domain clock while retries still come due.
   */
  deliveryClock?: () => number;
  /** pino logger; `false` silences logs (tests). */
  logger?: Logger | false;
  worker?: Partial<WorkerOptions>;
  crashAt?: (point: CrashPoint) => void;
  /** Another store (a future Postgres one); default: SQLite in `dataDir`. */
  store?: Store;
}

export interface RunningBackend {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  worker: DeliveryWorker;
  service: BackendService;
  /** Graceful: stop accepting, let requests in flight finish, finish the delivery in flight, close the store. */
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Opens the store, starts the delivery worker and the HTTP server. */
export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  const now = options.now ?? Date.now;
  const logger = options.logger === false ? pino({ level: 'silent' }) : (options.logger ?? pino());
  const store = options.store ?? SqliteStore.open(options.dataDir);
  const render = createRenderer({
    policy: options.policy,
    now,
    ...(options.catalog !== undefined ? { catalog: options.catalog } : {}),
  });
  const worker = new DeliveryWorker({
    store,
    client: options.zendesk,
    fieldIds: options.fieldIds,
    render,
    now: options.deliveryClock ?? Date.now,
    logger: logger.child({ part: 'delivery' }),
    ...(options.crashAt !== undefined ? { crashAt: options.crashAt } : {}),
    ...(options.worker !== undefined ? { options: options.worker } : {}),
  });
  const service = new BackendService({
    store,
    policy: options.policy,
    lifecycle: coreLifecycle,
    zendesk: options.zendesk,
    render,
    now,
    onEnqueued: () => worker.kick(),
  });
  const app = createHttpApp({ tokens: options.tokens, logger: logger.child({ part: 'http' }) });
  registerRoutes(app, { service, now, health: () => healthOf(store) });

  try {
    await service.purgeExpiredKeys();
    await worker.start();
    await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await worker.stop();
    await store.close();
    throw error;
  }
  const purge = setInterval(() => {
    service.purgeExpiredKeys().catch((error: unknown) => logger.warn({ err: error }, 'could not purge old keys'));
  }, HOUR_MS);
  purge.unref();

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    app,
    store,
    worker,
    service,
    close: () => {
      closing ??= (async () => {
        clearInterval(purge);
        await app.close();
        await worker.stop();
        await store.close();
      })();
      return closing;
    },
  };
}

/** GET /healthz: 503 when the store cannot be reached; degraded while a delivery has failed for good. */
export async function healthOf(store: Store): Promise<{ status: number; body: unknown }> {
  try {
    await store.ping();
    const [failed, pending] = await Promise.all([store.countFailedDeliveries(), store.countPendingDeliveries()]);
    return {
      status: 200,
      body: { status: failed > 0 ? 'degraded' : 'ok', store: 'ok', deliveries: { pending, failed } },
    };
  } catch {
    return {
      status: 503,
      body: {
        status: 'unavailable',
        store: 'unreachable',
        error: { code: 'STORE_UNAVAILABLE', message: 'the store cannot be reached' },
      },
    };
  }
}
