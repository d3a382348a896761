import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Policy } from '../core/schedule.js';
import type { Catalog } from '../core/templates/catalog.js';
import type { ZendeskClient } from '../zendesk/client/index.js';
import { createRenderer } from './delivery/render.js';
import { DeliveryWorker, type CrashPoint, type WorkerOptions } from './delivery/worker.js';
import { DecisionCapture } from './capture/capture.js';
import { InboxWorker, type InboxWorkerOptions } from './capture/inbox.js';
import { DEFAULT_RECONCILE_INTERVAL_MS, Reconciler } from './capture/reconcile.js';
import { registerDecisionRoute } from './capture/routes.js';
import { createHttpApp } from './http/app.js';
import { registerRoutes } from './http/routes.js';
import { createNotifier } from './notify/notify.js';
import { ChangeWriter } from './changes/write.js';
import { RequesterDirectory } from './requesters.js';
import { createUseCases, type UseCases } from './use-cases/index.js';
import { purgeExpired as purgeRetained, type Purged } from './use-cases/retention.js';
import { SqliteStore } from './store/sqlite.js';
import type { Store } from './store/types.js';
import { OfferWatch } from './watch/offers.js';
import { OverrunWatch } from './watch/watch.js';
import { groupCommitInbox } from './webhooks/group-commit.js';
import { registerWebhookRoute } from './webhooks/route.js';
import { readZendeskFile, type FieldIds } from './setup/fields.js';

export interface ServerOptions {
  dataDir: string;
  port: number;
  host?: string;
  tokens: { agent: string; automation: string };
  policy: Policy;
  catalog?: Catalog;
  zendesk: ZendeskClient;
  fieldIds: FieldIds;
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
  /**
   * More routes on the same origin, registered before the server listens: the agent-workspace preview of sandbox
   * mode, which the serve command wires in (the server itself never imports src/preview).
   */
  routes?: readonly ((app: FastifyInstance) => void)[];
  /**
   * Webhook secrets accepted besides the signing secret stored in `DATA_DIR/zendesk.json` (ZENDESK_WEBHOOK_SECRET,
   * during a rotation).
   */
  webhookSecrets?: readonly string[];
  /** PUBLIC_URL, where this backend is published (the schedule page's subscribe links); null: the request's Host. */
  publicUrl?: string | null;
  /** NOTIFY_URL and NOTIFY_SECRET: state changes and decisions are POSTed there through the outbox. */
  notify?: { url: string; secret: string } | null;
  /** The overrun watch's period (default 30 s); `false` leaves the timer off (tests call `watch.tick()`). */
  watchIntervalMs?: number | false;
  inbox?: Partial<InboxWorkerOptions>;
  /** RECONCILE_INTERVAL (default 5 min); `false` leaves the timer off (tests call `reconciler.runOnce()`). */
  reconcileIntervalMs?: number | false;
}

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  store: Store;
  worker: DeliveryWorker;
  useCases: UseCases;
  /** Writes accepted lifecycle changes (use cases, capture and the watch share it). */
  changes: ChangeWriter;
  inbox: InboxWorker;
  capture: DecisionCapture;
  /** Reads the comments of tickets whose webhooks may have been lost (capture's second path). */
  reconciler: Reconciler;
  watch: OverrunWatch;
  /** Closes lapsed offers of windows (same period as the overrun watch). */
  offerWatch: OfferWatch;
  /** Re-reads the signing secret of `DATA_DIR/zendesk.json` (after `setup` made or found the webhook). */
  reloadWebhookSecret(): void;
  /**
   * Forgets what is past its retention (use-cases/retention.ts), or joins the purge running: the server runs one
   * in the background once listening and every hour.
   */
  purgeExpired(): Promise<Purged>;
  /** Graceful: stop accepting, let requests in flight finish, finish the delivery in flight, close the store. */
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * Assembles the server and starts it: the store (SQLite in `dataDir` unless another is given), the use cases and
 * the change writer, decision capture, the delivery and inbox workers, the overrun watch, and the HTTP app with its
 * routes, listening on `port`. Tests start it directly; `serve` reaches it through `startFromConfig` (main.ts).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const logger = options.logger === false ? pino({ level: 'silent' }) : (options.logger ?? pino());
  const envSecrets = [...(options.webhookSecrets ?? [])];
  let storedSecret = readStoredSecret(options.dataDir);
  const store = options.store ?? SqliteStore.open(options.dataDir);
  if (store instanceof SqliteStore) store.offloadInboxWrites();
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
    ...(options.notify
      ? { notify: createNotifier({ url: options.notify.url, secret: options.notify.secret, storeId: store.storeId }) }
      : {}),
  });
  const changes = new ChangeWriter(options.policy, Boolean(options.notify));
  const useCases = createUseCases({
    store,
    policy: options.policy,
    changes,
    requesters: new RequesterDirectory(options.zendesk, now),
    render,
    now,
    onEnqueued: () => worker.kick(),
  });
  const capture = new DecisionCapture({
    store,
    changes,
    zendesk: options.zendesk,
    policy: options.policy,
    now,
    logger: logger.child({ part: 'capture' }),
    onEnqueued: () => worker.kick(),
  });
  const inbox = new InboxWorker({
    store,
    processTicket: (ticketId) => capture.processTicket(ticketId),
    zendeskRequests: () => options.zendesk.requestsSent,
    now: options.deliveryClock ?? Date.now,
    logger: logger.child({ part: 'inbox' }),
    ...(options.inbox !== undefined ? { options: options.inbox } : {}),
  });
  // The overrun and offer watches read the same store on the same beat; each logs as its own part.
  const watchDeps = {
    store,
    changes,
    policy: options.policy,
    now,
    onEnqueued: () => worker.kick(),
    ...(options.watchIntervalMs !== false && options.watchIntervalMs !== undefined
      ? { intervalMs: options.watchIntervalMs }
      : {}),
  };
  const watch = new OverrunWatch({ ...watchDeps, logger: logger.child({ part: 'watch' }) });
  const offerWatch = new OfferWatch({ ...watchDeps, logger: logger.child({ part: 'offer watch' }) });
  const reconciler = new Reconciler({
    store,
    zendesk: options.zendesk,
    now: options.deliveryClock ?? Date.now,
    zendeskNow: now,
    processTicket: (ticketId) => capture.processTicket(ticketId),
    intervalMs: options.reconcileIntervalMs || DEFAULT_RECONCILE_INTERVAL_MS,
    logger: logger.child({ part: 'reconcile' }),
  });
  const app = createHttpApp({ tokens: options.tokens, logger: logger.child({ part: 'http' }) });
  registerRoutes(app, { useCases, now, health: () => healthOf(store), publicUrl: options.publicUrl ?? null });
  for (const register of options.routes ?? []) register(app);
  registerDecisionRoute(app, useCases);
  registerWebhookRoute(app, {
    secrets: () => (storedSecret === null ? envSecrets : [storedSecret, ...envSecrets]),
    now,
    // Group commit, one fsync per batch, each answer after its batch is on disk: for SQLite in a worker thread, so
    // no fsync or checkpoint stalls the event loop (src/server/store/off-thread.ts); for another store, here
    // (src/server/webhooks/group-commit.ts).
    store: store instanceof SqliteStore ? (record) => store.putInbox(record) : groupCommitInbox(store),
    onStored: () => inbox.kick(),
  });

  // Past their retention, in the background: a grown inbox takes many short batches, and start-up waits for none.
  let purging: Promise<Purged> | null = null;
  let stopping = false;
  const retention = { store, now, workNow: options.deliveryClock ?? Date.now };
  const purgeExpired = (): Promise<Purged> =>
    (purging ??= purgeRetained(retention, () => stopping).finally(() => {
      purging = null;
    }));
  const purgeInBackground = () => {
    purgeExpired().then(
      (purged) => {
        if (purged.keys + purged.invocations > 0) logger.info(purged, 'forgot records past their retention');
      },
      (error: unknown) => logger.warn({ err: error }, 'could not purge records past their retention'),
    );
  };

  /** The background work and the store, stopped in the order that lets each finish what it holds. */
  const stopWork = async () => {
    stopping = true;
    // Its batch in hand ends (each answers); its failure was logged.
    await purging?.catch(() => undefined);
    await reconciler.stop();
    await offerWatch.stop();
    await watch.stop();
    await inbox.stop();
    await worker.stop();
    await store.close();
  };

  try {
    // Before the first delivery: the updates the store recorded in the last window count against each ticket's
    // limit, so a restart never treats a ticket that just received 28 updates as fresh (docs/DECISIONS.md, 51).
    await restoreTicketBudget(store, options.zendesk, options.deliveryClock ?? Date.now);
    await worker.start();
    await inbox.start();
    if (options.watchIntervalMs !== false) {
      watch.start();
      offerWatch.start();
    }
    if (options.reconcileIntervalMs !== false) reconciler.start();
    await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await stopWork();
    throw error;
  }
  purgeInBackground();
  const purge = setInterval(purgeInBackground, HOUR_MS);
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
    useCases,
    changes,
    inbox,
    capture,
    reconciler,
    watch,
    offerWatch,
    purgeExpired,
    reloadWebhookSecret: () => {
      storedSecret = readStoredSecret(options.dataDir);
    },
    close: () => {
      closing ??= (async () => {
        clearInterval(purge);
        await app.close();
        await stopWork();
      })();
      return closing;
    },
  };
}

/**
 * Seeds the client's per-ticket pacing with the updates the outbox recorded within the last window (this process's
 * predecessor's, or on Postgres every replica's). `now` is the delivery clock, the one that stamped them.
 */
export async function restoreTicketBudget(
  store: Pick<Store, 'recentTicketUpdates'>,
  zendesk: Pick<ZendeskClient, 'restoreTicketUpdates' | 'ticketUpdateWindowMs'>,
  now: () => number,
): Promise<void> {
  zendesk.restoreTicketUpdates(await store.recentTicketUpdates(now() - zendesk.ticketUpdateWindowMs));
}

/**
 * The webhook signing secret `setup` stored, or null before setup made the webhook. A secret with surrounding
 * whitespace would never verify a signature: refuse to start, naming the file.
 */
function readStoredSecret(dataDir: string): string | null {
  const file = readZendeskFile(dataDir);
  const secret = file?.webhook?.secret ?? null;
  if (secret !== null && secret !== secret.trim()) {
    throw new Error(`${dataDir}/zendesk.json: webhook.secret has leading or trailing whitespace; run setup again`);
  }
  return secret === '' ? null : secret;
}

/**
 * GET /healthz: 503 when the store cannot be reached; degraded while it refuses writes (writes answer 503 meanwhile)
 * or a delivery has failed for good.
 */
export async function healthOf(store: Store): Promise<{ status: number; body: unknown }> {
  try {
    await store.ping();
    const writable = (await store.writable?.()) ?? true;
    // An unwritable store may refuse reads too: then the counts are left out.
    const counts = await Promise.all([store.countFailedDeliveries(), store.countPendingDeliveries()]).catch(
      (error: unknown) => {
        if (writable) throw error;
        return null;
      },
    );
    return {
      status: 200,
      body: {
        status: (counts !== null && counts[0] > 0) || !writable ? 'degraded' : 'ok',
        store: writable ? 'ok' : 'unwritable',
        ...(counts !== null ? { deliveries: { pending: counts[1], failed: counts[0] } } : {}),
      },
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
