import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../../src/server/start.js';
import { DATABASE_FILE, INBOX_FILE } from '../../../src/server/store/sqlite.js';
import { setupTicketFields, setupZendesk } from '../../../src/server/setup/run-setup.js';
import { readZendeskFile, type FieldIds, type FieldName } from '../../../src/server/setup/fields.js';
import { createZendeskClient, type ZendeskClient } from '../../../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, FAST_WORKER, call, eventually, policyOf } from '../helpers.js';

/** Sunday 22 November 2026, noon UTC: the first bookable Chicago window is Tuesday 1 December, 18:00. */
export const T0 = Date.parse('2026-11-22T12:00:00Z');
/** That first window's start: Tuesday 1 December 2026, 18:00 in Chicago. */
export const WINDOW_START = Date.parse('2026-12-02T00:00:00Z');

/** The stack's policy unless a test gives its own: Tuesday and Friday evenings in Chicago. */
export const STANDARD_POLICY = {
  timeZone: 'America/Chicago',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
};

export interface CaptureStack {
  clock: { now: number };
  dataDir: string;
  sandbox: Sandbox;
  served: ServedSandbox;
  zendesk: ZendeskClient;
  fieldIds: FieldIds;
  backend: RunningServer;
  webhookSecret: string;
  /**
   * Stops the backend and starts it again on the same data directory (on another free port: Zendesk's webhook
   * still names the old one, so from then on only reconciliation reads replies).
   */
  restartBackend(): Promise<RunningServer>;
  close(): Promise<void>;
}

/**
 * The sandbox served over HTTP and the real backend, both on free ports and one clock, prepared by the real
 * `setup`: fields, then (once the backend's URL is known) the webhook pointing at it and the reply trigger.
 */
export async function startCaptureStack(
  options: { policy?: unknown; notify?: { url: string; secret: string }; reconcileIntervalMs?: number | false } = {},
): Promise<CaptureStack> {
  const clock = { now: T0 };
  const dataDir = mkdtempSync(join(tmpdir(), 'uw-capture-'));
  const sandbox = createSandbox({ now: () => clock.now, webhookRetryDelayMs: 5 });
  const served = await serveSandbox(sandbox, { port: 0 });
  const zendesk = createZendeskClient({
    baseUrl: served.url,
    auth: { email: 'admin@example.com', apiToken: 'sandbox' },
    timeoutMs: 5_000,
    baseDelayMs: 5,
    maxDelayMs: 20,
  });
  const policy = policyOf(options.policy ?? STANDARD_POLICY);
  const fields = await setupTicketFields(zendesk, dataDir, { products: policy.products });
  const start = () =>
    startServer({
      dataDir,
      port: 0,
      tokens: { agent: AGENT_TOKEN, automation: AUTOMATION_TOKEN },
      policy,
      zendesk,
      fieldIds: fields.file!.fields,
      ...(process.env.UW_DEBUG === '1' ? {} : { logger: false as const }),
      now: () => clock.now,
      worker: FAST_WORKER,
      inbox: { pollMs: 20, baseDelayMs: 5, maxDelayMs: 40 },
      watchIntervalMs: false,
      ...(options.reconcileIntervalMs !== undefined ? { reconcileIntervalMs: options.reconcileIntervalMs } : {}),
      ...(options.notify !== undefined ? { notify: options.notify } : {}),
    });
  const backend = await start();
  await setupZendesk(zendesk, dataDir, { publicUrl: backend.url, products: policy.products });
  backend.reloadWebhookSecret();
  const file = readZendeskFile(dataDir)!;
  const stack: CaptureStack = {
    clock,
    dataDir,
    sandbox,
    served,
    zendesk,
    fieldIds: file.fields,
    backend,
    webhookSecret: file.webhook!.secret,
    async restartBackend() {
      await stack.backend.close();
      stack.backend = await start();
      return stack.backend;
    },
    async close() {
      await stack.backend.close();
      await served.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export const DANA = {
  name: 'Dana Scully',
  email: 'dana@customer.example',
  locale: 'en-US',
  timeZone: 'America/New_York',
};

/** A new sandbox ticket for `requester`, booked into the first bookable window; returns its id and the window. */
export async function bookedTicket(
  stack: CaptureStack,
  requester: { name: string; email: string; locale?: string; timeZone?: string; organization?: string } = DANA,
): Promise<{ ticketId: number; start: string; requesterId: number }> {
  const created = await call(stack.served.url, 'POST', '/_sandbox/tickets', {
    token: null,
    body: { subject: 'Upgrade to 5.2', requester },
  });
  const ticketId = created.body.ticket.id as number;
  stack.clock.now += 60_000;
  const windows = await call(stack.backend.url, 'GET', '/api/windows?count=1');
  const start = windows.body[0].start as string;
  const booked = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
    body: { start, class: 'maintenance' },
  });
  if (booked.status !== 201) throw new Error(`booking: ${booked.status} ${JSON.stringify(booked.body)}`);
  await settled(stack, ticketId);
  return { ticketId, start, requesterId: created.body.ticket.requester_id as number };
}

/** Reports an event as the pipeline does. */
export async function report(stack: CaptureStack, ticketId: number, body: Record<string, unknown>): Promise<void> {
  const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/events`, {
    token: AUTOMATION_TOKEN,
    body,
    headers: { 'idempotency-key': `${String(body.type)}-${ticketId}-${stack.clock.now}` },
  });
  if (answer.status !== 202)
    throw new Error(`event ${String(body.type)}: ${answer.status} ${JSON.stringify(answer.body)}`);
  await settled(stack, ticketId);
}

/**
 * Starts a booked ticket's upgrade and asks its customer to decide, as the pipeline does once the window began
 * (move the clock into it first): the ticket then awaits a decision.
 */
export async function requestDecision(
  stack: CaptureStack,
  ticketId: number,
  reason = 'the database migration is slower than planned',
): Promise<void> {
  await report(stack, ticketId, { type: 'upgrade_started' });
  await report(stack, ticketId, { type: 'decision_requested', reason, anticipatedEnd: '2026-12-02T09:00:00Z' });
}

/** Waits until every outbox item of the ticket is delivered (so Zendesk's fields are what the triggers see). */
export async function settled(stack: CaptureStack, ticketId: number): Promise<void> {
  await eventually(`ticket ${ticketId} delivered`, async () => {
    const view = await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`);
    return (view.body.history as { delivery: { status: string } }[]).every(
      (entry) => entry.delivery.status === 'delivered',
    );
  });
}

/** A customer's reply through the sandbox (stored, triggers evaluated, webhooks POSTed before it answers). */
export async function reply(
  stack: CaptureStack,
  ticketId: number,
  body: string,
  from: { email?: string; authorId?: number } = { email: DANA.email },
  channel: 'email' | 'web' = 'email',
) {
  const answer = await call(stack.served.url, 'POST', `/_sandbox/tickets/${ticketId}/replies`, {
    token: null,
    body: { ...from, body, channel },
  });
  if (answer.status !== 201) throw new Error(`reply: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as {
    comment: { id: number };
    invocations: { invocationId: string; body: string; delivered: boolean; attempts: { status: number | null }[] }[];
  };
}

/** The ticket's custom field values by our logical names, as the sandbox holds them. */
export function fieldsOf(stack: CaptureStack, ticketId: number): Partial<Record<FieldName, unknown>> {
  const ticket = stack.sandbox.state.tickets.find((candidate) => candidate.id === ticketId)!;
  const values: Partial<Record<FieldName, unknown>> = {};
  for (const [name, id] of Object.entries(stack.fieldIds) as [FieldName, number][]) {
    const value = ticket.fieldValues[String(id)];
    if (value !== undefined && name !== 'deliveryMarker') values[name] = value;
  }
  return values;
}

/** The product's comments (the API user's) on the ticket, oldest first, as `[public, first line]`. */
export function productComments(stack: CaptureStack, ticketId: number): [boolean, string][] {
  const ticket = stack.sandbox.state.tickets.find((candidate) => candidate.id === ticketId)!;
  return ticket.comments
    .filter((comment) => comment.author_id === stack.sandbox.apiUserId)
    .map((comment) => [comment.public, String(comment.plain_body ?? comment.body).split('\n')[0]!]);
}

/** Capture's log rows for the customers' and agents' comments, leaving out the product's own and the ticket's past. */
export function processed(
  stack: CaptureStack,
  ticketId: number,
): { commentId: number; outcome: string; detail: string }[] {
  return processedAll(stack, ticketId).filter(
    (row) => !["the product's own comment", 'written before the upgrade was booked'].includes(row.detail),
  );
}

/** What capture recorded for each comment of the ticket (the durable log). */
export function processedAll(
  stack: CaptureStack,
  ticketId: number,
): { commentId: number; outcome: string; detail: string }[] {
  const db = new Database(join(stack.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (
      db
        .prepare('SELECT comment_id, outcome, detail FROM processed_comments WHERE ticket_id = ? ORDER BY rowid')
        .all(ticketId) as { comment_id: number; outcome: string; detail: string }[]
    ).map((row) => ({ commentId: row.comment_id, outcome: row.outcome, detail: row.detail }));
  } finally {
    db.close();
  }
}

/** Inbox rows (invocations stored) that name the ticket. */
export function inboxOf(stack: CaptureStack, ticketId: number): { id: string; processed: boolean }[] {
  const db = new Database(join(stack.dataDir, INBOX_FILE), { readonly: true });
  try {
    return (
      db.prepare('SELECT id, body_json, processed_at FROM inbox ORDER BY rowid').all() as {
        id: string;
        body_json: string;
        processed_at: number | null;
      }[]
    )
      .filter((row) => (JSON.parse(row.body_json) as { ticketId: number }).ticketId === ticketId)
      .map((row) => ({ id: row.id, processed: row.processed_at !== null }));
  } finally {
    db.close();
  }
}

/** Waits until the inbox has nothing left to process and the outbox nothing left to deliver. */
export async function quiet(stack: CaptureStack, ticketId: number): Promise<void> {
  await eventually(`ticket ${ticketId} quiet`, () => inboxOf(stack, ticketId).every((row) => row.processed));
  await settled(stack, ticketId);
}
