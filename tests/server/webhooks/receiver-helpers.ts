import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../../src/server/start.js';
import { INBOX_FILE, SqliteStore } from '../../../src/server/store/sqlite.js';
import { StoreUnavailableError, type Store } from '../../../src/server/store/types.js';
import type { ZendeskClient } from '../../../src/zendesk/client/index.js';
import { signWebhook } from '../../../src/zendesk/signing.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, policyOf } from '../helpers.js';

export const TEST_POLICY = policyOf({
  timeZone: 'America/Chicago',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
});

export const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

/** A Zendesk that has nothing to say: the receiver tests look at the inbox, not at what processing does. */
const QUIET_ZENDESK = {
  baseUrl: 'http://zendesk.invalid',
  listComments: async () => [],
  getCurrentUser: async () => ({ id: 1 }),
  ticketUpdateWindowMs: 600_000,
  restoreTicketUpdates: () => undefined,
} as unknown as ZendeskClient;

/** The ticket field ids of a test data directory (as `setup` would have written them). */
export const FIELD_IDS = {
  status: 1,
  windowStart: 2,
  windowEnd: 3,
  windowDate: 4,
  decision: 5,
  decisionAt: 6,
  decisionBy: 7,
  decisionEvidence: 8,
  needsReview: 9,
  deliveryMarker: 10,
};

export interface Receiver {
  backend: RunningServer;
  dataDir: string;
  /** The receiver's clock (its domain's and its workers'); tests move it. */
  clock: { now: number };
  /** While true, every inbox write fails as a store that cannot be reached does. */
  storeDown: { value: boolean };
  inboxRows(): { id: string; body: unknown }[];
  restart(secrets: string[]): Promise<void>;
  /**
   * Resolves once the inbox worker's first pass (started with the server, on a timer of 0) has read the inbox. Rows a
   * test then stores straight through the store are the worker's only at a kick (a webhook stored) or its next poll
   * (a minute): the worker's timer was set before this one, and its read joins the store's queue before this read.
   */
  firstPassRead(): Promise<void>;
  close(): Promise<void>;
}

/** The real backend on a free port, accepting `secrets`, with a clock the test holds and a store it can break. */
export async function startReceiver(secrets: string[], now = Date.parse('2026-11-22T12:00:00Z')): Promise<Receiver> {
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-webhook-'));
  const clock = { now };
  const storeDown = { value: false };
  const start = async (accepted: string[]) => {
    const real = SqliteStore.open(dataDir);
    const store = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'putInbox' && storeDown.value) {
          return async () => {
            throw new StoreUnavailableError('store unavailable: disk I/O error');
          };
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as Store;
    return startServer({
      dataDir,
      port: 0,
      tokens: { agent: AGENT_TOKEN, automation: AUTOMATION_TOKEN },
      policy: TEST_POLICY,
      zendesk: QUIET_ZENDESK,
      fieldIds: FIELD_IDS,
      logger: false,
      store,
      now: () => clock.now,
      deliveryClock: () => clock.now,
      webhookSecrets: accepted,
      watchIntervalMs: false,
      inbox: { pollMs: 60_000 },
    });
  };
  const receiver: Receiver = {
    backend: await start(secrets),
    dataDir,
    clock,
    storeDown,
    inboxRows() {
      const db = new Database(join(dataDir, INBOX_FILE), { readonly: true });
      try {
        const rows = db.prepare('SELECT id, body_json FROM inbox ORDER BY rowid').all() as {
          id: string;
          body_json: string;
        }[];
        return rows.map((row) => ({ id: row.id, body: JSON.parse(row.body_json) as unknown }));
      } finally {
        db.close();
      }
    },
    async firstPassRead() {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await receiver.backend.store.listUnprocessedInbox(1);
    },
    async restart(accepted) {
      await receiver.backend.close();
      receiver.backend = await start(accepted);
    },
    async close() {
      await receiver.backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return receiver;
}

export interface RawAnswer {
  status: number;
  body: { error?: { code: string; message: string }; [key: string]: unknown };
}

/**
 * POSTs raw bytes with raw headers through node:http (fetch would merge repeated headers into one and refuse
 * some values), so a test controls exactly what reaches the server. A header given an array is sent repeated.
 */
export function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string | string[]>,
  path = '/webhooks/zendesk',
): Promise<RawAnswer> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}${path}`,
      { method: 'POST', headers: { 'content-length': String(bytes.length), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: RawAnswer['body'] = {};
          try {
            parsed = JSON.parse(text) as RawAnswer['body'];
          } catch {
            parsed = { text };
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      },
    );
    // A server that answers 413 early may close before the whole body is written: the answer still counts.
    request.on('error', reject);
    request.end(bytes);
  });
}

/** Zendesk's headers for `body`, signed with `secret` at `timestamp` by the production signing function. */
export function signedHeaders(
  secret: string,
  timestamp: string,
  body: Buffer | string,
  invocationId = 'inv-0001',
): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-zendesk-webhook-id': '01HWEBHOOK0000000000000000',
    'x-zendesk-webhook-invocation-id': invocationId,
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-signature': signWebhook(secret, timestamp, body),
  };
}

/** ISO 8601 without milliseconds, as Zendesk stamps: 2026-11-22T12:00:00Z. */
export function isoSeconds(instant: number): string {
  return new Date(Math.floor(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
