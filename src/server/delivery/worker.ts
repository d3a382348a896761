import { backoffDelayMs } from '../../zendesk/client/retry.js';
import { HTTPError, type ZendeskClient } from '../../zendesk/client/index.js';
import type {
  CustomFieldValue,
  TicketUpdate,
  ZendeskComment,
  ZendeskTicket,
  ZendeskUser,
} from '../../zendesk/types.js';
import type { FieldIds, FieldName } from '../setup/fields.js';
import type { NotifyOutcome } from '../notify/notify.js';
import type { OutboxRecord, Store } from '../store/types.js';
import { PollingWorker } from '../polling-loop.js';
import type { PartLogger } from '../logger.js';

/** What the outbox holds for one Zendesk update: a comment to render at delivery time, and field values. */
export interface ZendeskDelivery {
  comment: DeliveryComment | null;
  /** Field values by logical name, already in Zendesk's form (tags, ISO strings, booleans, null to clear). */
  fields: Partial<Record<FieldName, unknown>>;
}

export interface DeliveryComment {
  template: string;
  public: boolean;
  vars: Record<string, unknown>;
  /** What the invite builder needs, when the comment carries a calendar invite. */
  invite?: unknown;
}

export interface Requester {
  locale: string | null;
  timeZone: string | null;
  name: string | null;
  email: string | null;
}

export interface RenderedDelivery {
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/** Named points where a test can kill the process (tests/server/crash.test.ts). */
export type CrashPoint = 'after-claim' | 'after-send' | 'after-record';

export interface WorkerOptions {
  pollMs: number;
  leaseMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts (429s not counted) before an item is given up as failed. */
  maxFailures: number;
  /** Items (of different tickets) delivered at once. */
  batch: number;
  /** safe_update collisions re-read in a row before backing off. */
  maxCollisions: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  pollMs: 250,
  leaseMs: 120_000,
  baseDelayMs: 2_000,
  maxDelayMs: 600_000,
  // About a day of attempts with the cap at 10 min (docs/LIFECYCLE.md, Comments: give up after ~24 h, then alert).
  maxFailures: 150,
  batch: 8,
  maxCollisions: 5,
};

export interface WorkerDeps {
  store: Store;
  client: ZendeskClient;
  fieldIds: FieldIds;
  render: (comment: DeliveryComment, requester: Requester) => RenderedDelivery | Promise<RenderedDelivery>;
  now: () => number;
  random?: () => number;
  logger: PartLogger;
  crashAt?: (point: CrashPoint) => void;
  options?: Partial<WorkerOptions>;
  /** Delivers `notify` items to NOTIFY_URL (src/server/notify); absent when NOTIFY_URL is not set. */
  notify?: (item: OutboxRecord) => Promise<NotifyOutcome>;
}

// Zendesk closes solved tickets by itself; a closed ticket takes no update, so no retry or flag can help.
const TICKET_CLOSED = 'TICKET_CLOSED: the ticket is closed in Zendesk and takes no more updates';
const RATE_LIMIT_WAIT = "waiting for its turn under Zendesk's rate limits";

type Outcome =
  | { kind: 'delivered'; how: 'sent' | 'reconciled' }
  | { kind: 'retry'; at: number; error: string; countFailure: boolean }
  | { kind: 'failed'; error: string };

/**
 * The outbox relay (docs/DECISIONS.md §14): delivers each ticket's items in order, one in flight per ticket. Before
 * sending an item that may already have reached Zendesk (a time-out, a 5xx, a crash after the send), it
 * reads the ticket back and compares the delivery marker, so a comment is never posted twice nor lost.
 */
export class DeliveryWorker extends PollingWorker {
  private readonly options: WorkerOptions;
  private readonly random: () => number;

  constructor(private readonly deps: WorkerDeps) {
    super('delivery', deps.options?.pollMs ?? DEFAULT_WORKER_OPTIONS.pollMs, deps.logger);
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...deps.options };
    this.random = deps.random ?? Math.random;
  }

  /** Starts polling. Leases left by a previous process are released first: this process owns the store. */
  override async start(): Promise<void> {
    await this.deps.store.releaseLeases();
    await super.start();
  }

  /**
   * Stops polling and waits for the pass in flight. Abandoning it midway would also be safe (the send is
   * recorded before it leaves, so the next start reconciles), but finishing spares Zendesk a re-read.
   */
  override async stop(): Promise<void> {
    await super.stop();
  }

  /** One pass: claims the due heads of the queues and delivers them. Resolves to how many were handled. */
  async runOnce(): Promise<number> {
    const items = await this.deps.store.claimDue(this.deps.now(), this.options.leaseMs, this.options.batch);
    await Promise.all(items.map((item) => this.handle(item)));
    return items.length;
  }

  private async handle(item: OutboxRecord): Promise<void> {
    const { store, logger, now } = this.deps;
    this.deps.crashAt?.('after-claim');
    let outcome: Outcome;
    try {
      outcome =
        item.kind === 'zendesk'
          ? await this.deliver(item)
          : item.kind === 'notify' && this.deps.notify !== undefined
            ? this.notifyOutcome(item, await this.deps.notify(item))
            : { kind: 'failed', error: `no deliverer for outbox items of kind "${item.kind}"` };
    } catch (error) {
      outcome = this.classifyReadFailure(item, error);
    }
    const details = { outboxId: item.id, ticketId: item.ticketId };
    if (outcome.kind === 'delivered') {
      await store.markDelivered(item.id, now());
      this.deps.crashAt?.('after-record');
      logger.info({ ...details, how: outcome.how }, 'delivered to Zendesk');
    } else if (outcome.kind === 'retry') {
      const giveUp = outcome.countFailure && item.failures + 1 >= this.options.maxFailures;
      if (giveUp) {
        await this.fail(item, `gave up after ${item.failures + 1} failed attempts: ${outcome.error}`);
      } else {
        await store.retryLater(item.id, outcome.at, outcome.error, outcome.countFailure);
        logger.warn({ ...details, error: outcome.error, retryAt: outcome.at }, 'delivery will be retried');
      }
    } else {
      await this.fail(item, outcome.error);
    }
  }

  private async deliver(item: OutboxRecord): Promise<Outcome> {
    const { client, store } = this.deps;
    const payload = item.payload as ZendeskDelivery;
    const marker = markerOf(store.storeId, item.id);
    let rendered: RenderedDelivery | null = null;

    for (let collisions = 0; ; collisions += 1) {
      // Waiting for the turn Zendesk's rate limits give is not a failure: the item stays pending until then.
      const slot = client.updateSlot(item.ticketId);
      if (slot > this.deps.now()) return { kind: 'retry', at: slot, error: RATE_LIMIT_WAIT, countFailure: false };
      const ticket = await client.getTicket(item.ticketId);
      if (ticket.status === 'closed') return { kind: 'failed', error: TICKET_CLOSED };
      if (item.sends > 0 && (await this.alreadyApplied(item, ticket, marker))) {
        return { kind: 'delivered', how: 'reconciled' };
      }
      if (rendered === null && payload.comment !== null) {
        rendered = await this.render(payload.comment, ticket);
      }
      const update = await this.buildUpdate(payload, rendered, marker, ticket);
      // The recovery point: from here on the update may reach Zendesk, so a retry must reconcile first.
      await store.recordSend(
        item.id,
        rendered === null ? null : { text: rendered.text, html: rendered.html },
        this.deps.now(),
      );
      item = { ...item, sends: item.sends + 1 };
      try {
        await client.updateTicket(item.ticketId, update);
        this.deps.crashAt?.('after-send');
        return { kind: 'delivered', how: 'sent' };
      } catch (error) {
        // 409: an agent (or anyone) changed the ticket since we read it; nothing was applied. Re-read and retry.
        if (error instanceof HTTPError && error.status === 409 && collisions < this.options.maxCollisions) continue;
        return isClosedRefusal(error)
          ? { kind: 'failed', error: TICKET_CLOSED }
          : this.classifySendFailure(item, error);
      }
    }
  }

  /** Whether this item's update is already on the ticket: our marker in the field, or its comment posted. */
  private async alreadyApplied(item: OutboxRecord, ticket: ZendeskTicket, marker: string): Promise<boolean> {
    const current = fieldValueOf(ticket, this.deps.fieldIds.deliveryMarker);
    if (current === marker) return true;
    // A later item of ours overwrote the marker (say this one was applied, answered 422, and the queue went
    // on): look for the comment itself among those posted since the item was created.
    const later = typeof current === 'string' ? markerSequence(current, this.deps.store.storeId) : null;
    const sent = item.sent as { text?: string; html?: string } | null;
    if (later === null || later <= item.id || typeof sent?.html !== 'string') return false;
    const comments = await this.deps.client.listComments(item.ticketId);
    return comments.some((comment) => isSameComment(comment, sent.html!));
  }

  private async render(comment: DeliveryComment, ticket: ZendeskTicket): Promise<RenderedDelivery> {
    const user = await this.deps.client.getUser(ticket.requester_id);
    return this.deps.render(comment, requesterOf(user));
  }

  private async buildUpdate(
    payload: ZendeskDelivery,
    rendered: RenderedDelivery | null,
    marker: string,
    ticket: ZendeskTicket,
  ): Promise<TicketUpdate> {
    const customFields: CustomFieldValue[] = [];
    for (const [name, value] of Object.entries(payload.fields) as [FieldName, unknown][]) {
      // "Upgrade product" exists once setup ran with a policy that has products; before that there is nothing to set.
      const id = this.deps.fieldIds[name];
      if (id !== undefined) customFields.push({ id, value });
    }
    customFields.push({ id: this.deps.fieldIds.deliveryMarker, value: marker });
    const update: TicketUpdate = { custom_fields: customFields, safe_update: true, updated_stamp: ticket.updated_at };
    if (rendered !== null && payload.comment !== null) {
      // Uploads are not idempotent either, but an unused upload only expires: uploading again is harmless.
      const uploads: string[] = [];
      for (const file of rendered.attachments) {
        uploads.push(await this.deps.client.uploadFile(file.filename, file.contentType, file.content));
      }
      update.comment = {
        html_body: rendered.html,
        public: payload.comment.public,
        ...(uploads.length > 0 ? { uploads } : {}),
      };
    }
    return update;
  }

  /** A failure while reading (before anything was sent): safe to retry; a 4xx other than 429 will not heal. */
  private classifyReadFailure(item: OutboxRecord, error: unknown): Outcome {
    const at = this.deps.now();
    if (error instanceof HTTPError) {
      if (error.status === 429) return this.rateLimited(error, at);
      if (error.status < 500 && error.status !== 408) return { kind: 'failed', error: describe(error) };
    } else if (!isTransportError(error)) {
      // A template or invite that cannot be rendered: a bug or a bad override, not something time fixes.
      return { kind: 'failed', error: describe(error) };
    }
    return { kind: 'retry', at: at + this.backoff(item), error: describe(error), countFailure: true };
  }

  /**
   * After the update left: 2xx was handled; a 4xx means Zendesk refused it (not applied, except the rare
   * "applied then failed" answer, which reconciliation covers); 5xx, 408, time-outs and network errors leave
   * the outcome unknown, so the next attempt reconciles first.
   */
  private classifySendFailure(item: OutboxRecord, error: unknown): Outcome {
    const at = this.deps.now();
    if (error instanceof HTTPError) {
      if (error.status === 429) return this.rateLimited(error, at);
      if (error.status === 409) {
        return { kind: 'retry', at: at + this.backoff(item), error: describe(error), countFailure: true };
      }
      if (error.status < 500 && error.status !== 408) return { kind: 'failed', error: describe(error) };
    }
    return { kind: 'retry', at: at + this.backoff(item), error: describe(error), countFailure: true };
  }

  /** A notification's answer in the outbox's terms: retries back off (or wait Retry-After) like Zendesk's. */
  private notifyOutcome(item: OutboxRecord, outcome: NotifyOutcome): Outcome {
    if (outcome.kind !== 'retry') return outcome.kind === 'delivered' ? { kind: 'delivered', how: 'sent' } : outcome;
    const at = this.deps.now() + (outcome.retryAfterMs ?? this.backoff(item));
    return { kind: 'retry', at, error: outcome.error, countFailure: true };
  }

  private rateLimited(error: HTTPError, at: number): Outcome {
    // Zendesk says how long to wait: wait that long, without spending the retry budget.
    const waitMs = error.retryAfterMs ?? this.options.baseDelayMs;
    return { kind: 'retry', at: at + waitMs, error: describe(error), countFailure: false };
  }

  private backoff(item: OutboxRecord): number {
    return backoffDelayMs(item.failures, this.random, this.options);
  }

  private async fail(item: OutboxRecord, error: string): Promise<void> {
    const { store, logger, now } = this.deps;
    await store.markFailed(item.id, error, now());
    logger.error({ outboxId: item.id, ticketId: item.ticketId, error }, 'delivery failed for good');
    if (error === TICKET_CLOSED) {
      // Nothing can be flagged on a closed ticket: the pipeline hears of it instead, when NOTIFY_URL is set.
      const at = new Date(now()).toISOString();
      const payload = { type: 'delivery_failed', ticketId: item.ticketId, code: 'TICKET_CLOSED', error, at };
      if (this.deps.notify)
        await store.enqueue({ ticketId: item.ticketId, kind: 'notify', payload, createdAt: now() }, null);
      // A notification the pipeline missed is not the agent's to fix on the ticket: health shows it (degraded).
    } else if (item.kind === 'zendesk') await this.flagForReview(item.ticketId);
  }

  /** Best effort: ticks "Upgrade needs review" so an agent looks; a closed ticket refuses it too, which is logged. */
  private async flagForReview(ticketId: number): Promise<void> {
    try {
      const ticket = await this.deps.client.getTicket(ticketId);
      await this.deps.client.updateTicket(ticketId, {
        custom_fields: [{ id: this.deps.fieldIds.needsReview, value: true }],
        safe_update: true,
        updated_stamp: ticket.updated_at,
      });
    } catch (error) {
      this.deps.logger.warn({ ticketId, error: describe(error) }, 'could not flag the ticket for review');
    }
  }
}

/** The requester as templates and invites need them: IANA zone (not the Rails name), locale, name, address. */
export function requesterOf(user: ZendeskUser): Requester {
  const blank = (value: string | null | undefined) =>
    value === undefined || value === null || value === '' ? null : value;
  return {
    locale: blank(user.locale),
    timeZone: blank(user.iana_time_zone),
    name: blank(user.name),
    email: blank(user.email),
  };
}

/** The delivery marker of an outbox item: the store's id (ids restart with a new data directory) and the item's. */
export function markerOf(storeId: string, outboxId: number): string {
  return `${storeId}:${outboxId}`;
}

function markerSequence(marker: string, storeId: string): number | null {
  const match = /^([0-9a-f]+):(\d+)$/.exec(marker);
  return match !== null && match[1] === storeId ? Number(match[2]) : null;
}

function fieldValueOf(ticket: ZendeskTicket, fieldId: number): unknown {
  return ticket.custom_fields.find((field) => field.id === fieldId)?.value ?? null;
}

/**
 * Whether a comment is the one an item sent: the same words once markup and spacing are set aside (Zendesk
 * wraps and rewrites HTML). Example: `<div class="zd-comment"><p>Hello,</p> <p>Your upgrade…</p></div>`
 * matches the sent `<p>Hello,</p><p>Your upgrade…</p>`.
 */
function isSameComment(comment: ZendeskComment, sentHtml: string): boolean {
  const wanted = wordsOf(sentHtml);
  return wanted !== '' && typeof comment.html_body === 'string' && wordsOf(comment.html_body) === wanted;
}

function wordsOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&apos;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Zendesk's 422 for an update of a closed ticket (`details.status[].error` is `ClosedPrevention`). */
function isClosedRefusal(error: unknown): boolean {
  if (!(error instanceof HTTPError) || error.status !== 422) return false;
  const details = (error.body as { details?: { status?: { error?: unknown }[] } } | null)?.details;
  return details?.status?.some((entry) => entry.error === 'ClosedPrevention') === true;
}

function isTransportError(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'TimeoutError' || name === 'NetworkError';
}

function describe(error: unknown): string {
  if (error instanceof HTTPError) {
    const body = error.body as { error?: unknown; description?: unknown } | null;
    const detail =
      body !== null && typeof body === 'object' && typeof body.description === 'string' ? ` (${body.description})` : '';
    return `Zendesk answered ${error.status}${detail}`;
  }
  return (error as Error)?.message ?? String(error);
}
