import { createHash, randomUUID } from 'node:crypto';
import { checkStart, listWindows, nextEligibleWindow, type Policy, type Reason } from '../core/schedule.js';
import { formatInstant as formatPrecise } from '../core/time/format.js';
import { localDate } from '../core/templates/format.js';
import type { Window } from '../core/types.js';
import type { ZendeskClient } from '../zendesk/client/index.js';
import {
  requesterOf,
  type DeliveryComment,
  type RenderedDelivery,
  type Requester,
  type ZendeskDelivery,
} from './delivery/worker.js';
import { ApiError, conflict, notFound } from './http/errors.js';
import type { BookingInput, EventInput, PreviewInput } from './http/input.js';
import {
  allowedEvents,
  applyDecision,
  applyEvent,
  book,
  cancel,
  newUpgrade,
  type Effect,
  type EventInput as CoreEventInput,
  type LifecycleContext,
  type LifecycleResult,
  type Upgrade,
} from '../core/lifecycle/index.js';
import type { AgentRef, BookingRecord, HistoryRecord, Store, StoreOps } from './store/types.js';
import { FIELD_NAMES, type FieldName } from './zendesk/fields.js';

/** Idempotency keys are kept at least this long (DESIGN §6: 7 days); purged a day later. */
export const IDEMPOTENCY_RETENTION_MS = 8 * 24 * 3_600_000;
const REQUESTER_CACHE_MS = 5 * 60_000;

export interface ServiceDeps {
  store: Store;
  policy: Policy;
  /** Null when no Zendesk is reachable (tests of the HTTP rules): requesters are then unknown. */
  zendesk: ZendeskClient | null;
  render: (comment: DeliveryComment, requester: Requester) => RenderedDelivery;
  now: () => number;
  /** Called after a commit that queued deliveries. */
  onEnqueued?: () => void;
  /** NOTIFY_URL is set: state changes and captured decisions are queued for it (kind `notify`). */
  notify?: boolean;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * The backend's use cases: the core decides, this persists (one transaction per change: state, booking,
 * history and outbox together) and shapes answers. Routes call it with normalised input.
 */
export class BackendService {
  private readonly requesters = new Map<number, { at: number; requester: Requester }>();

  constructor(private readonly deps: ServiceDeps) {}

  get policy(): Policy {
    return this.deps.policy;
  }

  async windows(query: { from?: number; count?: number; ticket?: number; all?: boolean }): Promise<unknown[]> {
    const counts = await this.deps.store.activeBookingCounts(query.ticket);
    const offers = listWindows(this.deps.policy, {
      requestAt: query.from ?? this.deps.now(),
      count: query.count ?? 10,
      booked: (start) => counts.get(start) ?? 0,
      all: query.all === true,
    });
    return offers.map((offer) => ({
      start: formatInstant(offer.start, offer.timeZone),
      end: formatInstant(offer.end, offer.timeZone),
      rule: offer.rule,
      capacity: offer.capacity,
      remaining: offer.remaining,
      bookable: offer.bookable,
      reasons: offer.reasons,
    }));
  }

  async ticket(ticketId: number): Promise<unknown> {
    const [record, history, requester] = await Promise.all([
      this.deps.store.getUpgrade(ticketId),
      this.deps.store.listHistory(ticketId),
      this.requester(ticketId),
    ]);
    const upgrade = record?.upgrade ?? newUpgrade(String(ticketId));
    return this.view(ticketId, upgrade, history, requester);
  }

  async book(ticketId: number, input: BookingInput, agent: AgentRef | null): Promise<Reply> {
    const now = this.deps.now();
    const reply = await this.deps.store.transaction(async (tx) => {
      const record = await tx.getUpgrade(ticketId);
      const upgrade = record?.upgrade ?? newUpgrade(String(ticketId));
      const context = await this.context(tx, ticketId, now);
      const counts = await tx.activeBookingCounts(ticketId);
      const check = checkStart(this.deps.policy, {
        start: input.start,
        requestAt: now,
        class: input.class,
        ...(input.duration !== undefined ? { durationMinutes: input.duration } : {}),
        ...(input.overrideBlackout === true ? { overrideBlackout: true } : {}),
        booked: (start) => counts.get(start) ?? 0,
      });
      if (!check.ok || check.window === null) throw windowUnavailable(check.reasons);
      const hadBooking = (await tx.activeBooking(ticketId)) !== null;
      const result = book(
        upgrade,
        { window: check.window, class: input.class, reason: input.reason ?? null, requestedAt: now },
        context,
      );
      const after = await this.persist(tx, ticketId, record?.version ?? 0, upgrade, result, agent, now, 'booking');
      return { status: hadBooking ? 200 : 201, body: after };
    });
    this.deps.onEnqueued?.();
    return { status: reply.status, body: await this.ticket(ticketId) };
  }

  async cancel(ticketId: number, agent: AgentRef | null): Promise<Reply> {
    const now = this.deps.now();
    await this.deps.store.transaction(async (tx) => {
      const record = await tx.getUpgrade(ticketId);
      if (record === null || (await tx.activeBooking(ticketId)) === null) {
        throw conflict('NO_BOOKING', `ticket ${ticketId} has no booked window to cancel`);
      }
      const context = await this.context(tx, ticketId, now);
      const result = cancel(record.upgrade, context);
      await this.persist(tx, ticketId, record.version, record.upgrade, result, agent, now, 'cancellation');
    });
    this.deps.onEnqueued?.();
    return { status: 200, body: await this.ticket(ticketId) };
  }

  /**
   * Applies a pipeline's event under its idempotency key, in one transaction with the key's record: the same
   * key and body replay the stored answer (a 409 too); the same key with another body is a 422.
   */
  async event(ticketId: number, input: EventInput, key: string, agent: AgentRef | null): Promise<Reply> {
    const now = this.deps.now();
    const requestHash = hashOf(input);
    const reply = await this.deps.store.transaction(async (tx): Promise<Reply> => {
      const stored = await tx.getIdempotency(ticketId, key);
      if (stored !== null && stored.createdAt >= now - IDEMPOTENCY_RETENTION_MS) {
        if (stored.requestHash !== requestHash) {
          throw new ApiError(
            422,
            'IDEMPOTENCY_KEY_REUSED',
            `the Idempotency-Key "${key}" was used for a different event on this ticket; use a new key`,
          );
        }
        return { status: stored.status, body: stored.body, headers: { 'idempotent-replayed': 'true' } };
      }
      const record = await tx.getUpgrade(ticketId);
      const upgrade = record?.upgrade ?? newUpgrade(String(ticketId));
      const context = await this.context(tx, ticketId, now);
      const result = applyEvent(upgrade, eventOf(input, key), context);
      let answer: Reply;
      if (!result.ok) {
        answer = { status: 409, body: { error: { code: result.code, message: result.reason } } };
      } else {
        await this.persist(tx, ticketId, record?.version ?? 0, upgrade, result, agent, now, input.type, input);
        answer = {
          status: 202,
          body: {
            accepted: true,
            ticketId,
            type: input.type,
            state: result.upgrade.state,
          },
        };
      }
      await tx.putIdempotency({ ticketId, key, requestHash, status: answer.status, body: answer.body, createdAt: now });
      return answer;
    });
    if (reply.status === 202 && reply.headers === undefined) this.deps.onEnqueued?.();
    return reply;
  }

  /**
   * An agent records the customer's GO or NO-GO (DESIGN §6): the same lifecycle rules as a reply, recorded as the
   * agent's, and it clears an open review. A refusal is a 409 with the reason, changing nothing.
   */
  async agentDecision(
    ticketId: number,
    input: { decision: 'GO' | 'NO_GO'; note?: string | undefined },
    agent: AgentRef | null,
  ): Promise<Reply> {
    const now = this.deps.now();
    const who = agent === null ? 'an agent' : describeAgent(agent);
    await this.deps.store.transaction(async (tx) => {
      const record = await tx.getUpgrade(ticketId);
      const upgrade = record?.upgrade ?? newUpgrade(String(ticketId));
      const context = await this.context(tx, ticketId, now);
      const result = applyDecision(
        upgrade,
        {
          value: input.decision,
          at: now,
          by: who,
          evidence: input.note ?? `recorded by ${who}`,
          // Unique per action: an agent's decision is an act, not a replayable comment.
          commentId: `agent:${now}:${randomUUID()}`,
          source: 'agent',
        },
        context,
      );
      if (!result.ok) throw conflict(result.code, result.reason);
      await this.persist(tx, ticketId, record?.version ?? 0, upgrade, result, agent, now, 'decision_recorded', {
        decision: input.decision,
        note: input.note ?? null,
      });
    });
    this.deps.onEnqueued?.();
    return { status: 200, body: await this.ticket(ticketId) };
  }

  /** The comment an event or booking change would post, rendered for this ticket's requester; nothing is stored. */
  async preview(ticketId: number, input: PreviewInput): Promise<unknown> {
    const now = this.deps.now();
    const record = await this.deps.store.getUpgrade(ticketId);
    const upgrade = record?.upgrade ?? newUpgrade(String(ticketId));
    const counts = await this.deps.store.activeBookingCounts(ticketId);
    const context = this.contextFrom(counts, now);
    let result: LifecycleResult;
    if (input.type === 'window_cancelled') {
      result = cancel(upgrade, context);
    } else if (input.type === 'window_scheduled' || input.type === 'window_rescheduled') {
      const booking = input as PreviewInput & BookingInput;
      const check = checkStart(this.deps.policy, {
        start: booking.start,
        requestAt: now,
        class: booking.class,
        ...(booking.duration !== undefined ? { durationMinutes: booking.duration } : {}),
        ...(booking.overrideBlackout === true ? { overrideBlackout: true } : {}),
        booked: (start) => counts.get(start) ?? 0,
      });
      if (!check.ok || check.window === null) throw windowUnavailable(check.reasons);
      result = book(
        upgrade,
        { window: check.window, class: booking.class, reason: booking.reason ?? null, requestedAt: now },
        context,
      );
    } else {
      result = applyEvent(upgrade, eventOf(input as EventInput, `preview:${now}`), context);
    }
    if (!result.ok) throw conflict(result.code, result.reason);
    const comment = result.effects.find((effect) => effect.kind === 'comment');
    if (comment === undefined || comment.kind !== 'comment') {
      return { type: input.type, text: '', html: '', public: false, locale: null, posts: false };
    }
    const requester = await this.requester(ticketId);
    const rendered = this.deps.render(toDeliveryComment(comment), requester);
    return {
      type: comment.template,
      public: comment.public,
      locale: requester.locale,
      text: rendered.text,
      html: rendered.html,
      attachments: rendered.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType })),
      posts: true,
    };
  }

  async bookings(query: { from?: number; to?: number; conflicts?: boolean }): Promise<unknown[]> {
    const bookings = await this.deps.store.listBookings({
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
    });
    const counts = query.conflicts === true ? await this.deps.store.activeBookingCounts() : new Map<number, number>();
    const rows = bookings.map((booking) => ({
      booking,
      reasons: query.conflicts === true ? this.conflictsOf(booking, counts) : [],
    }));
    return rows
      .filter((row) => query.conflicts !== true || row.reasons.length > 0)
      .map(({ booking, reasons }) => ({
        ticketId: booking.ticketId,
        start: formatInstant(booking.start, booking.timeZone),
        end: formatInstant(booking.end, booking.timeZone),
        rule: booking.rule,
        class: booking.class,
        reason: booking.reason,
        ...(query.conflicts === true ? { reasons } : {}),
      }));
  }

  /** Puts a failed delivery back in its queue (the sidebar's "retry"). */
  async retryDelivery(ticketId: number, historyId: number): Promise<Reply> {
    const entry = await this.deps.store.getHistory(historyId);
    if (entry === null || entry.ticketId !== ticketId) {
      throw notFound(`ticket ${ticketId} has no history entry ${historyId}`);
    }
    if (entry.outboxId === null || entry.delivery.status !== 'failed') {
      throw conflict('NOT_FAILED', `history entry ${historyId} is ${entry.delivery.status}, not a failed delivery`);
    }
    await this.deps.store.requeue(entry.outboxId, this.deps.now());
    this.deps.onEnqueued?.();
    return { status: 202, body: await this.ticket(ticketId) };
  }

  /** Forgets idempotency keys past their retention. */
  purgeExpiredKeys(): Promise<number> {
    return this.deps.store.purgeIdempotency(this.deps.now() - IDEMPOTENCY_RETENTION_MS);
  }

  // --- persistence of a lifecycle result -------------------------------------------------------------

  /**
   * Writes one accepted change: the new upgrade, the booking it holds, for each comment a history entry
   * and an outbox item (the first carrying the field updates), and the notifications for NOTIFY_URL, all in
   * the caller's transaction. Decision capture and the overrun watch write through it too.
   */
  async persist(
    tx: StoreOps,
    ticketId: number,
    version: number,
    before: Upgrade,
    result: LifecycleResult,
    agent: AgentRef | null,
    now: number,
    cause: string,
    detail: unknown = null,
  ): Promise<unknown> {
    if (!result.ok) throw conflict(result.code, result.reason);
    if (!(await tx.putUpgrade(ticketId, result.upgrade, version, now))) {
      throw new ApiError(409, 'CONCURRENT_UPDATE', `ticket ${ticketId} changed meanwhile; try again`);
    }
    const next = result.upgrade;
    await this.syncBooking(tx, ticketId, next, now);

    const fields = { ...this.fieldsFromStates(before, next), ...this.fieldsFromEffects(result.effects) };
    const comments = result.effects.filter(
      (effect): effect is Extract<Effect, { kind: 'comment' }> => effect.kind === 'comment',
    );
    if (this.deps.notify === true) await this.queueNotifications(tx, ticketId, result.effects, now);
    if (comments.length === 0) {
      const entry = await tx.addHistory({ ticketId, type: cause, createdAt: now, public: false, agent, detail });
      if (Object.keys(fields).length > 0) {
        await tx.enqueue(
          { ticketId, kind: 'zendesk', payload: { comment: null, fields } satisfies ZendeskDelivery, createdAt: now },
          entry.id,
        );
      }
      return next;
    }
    for (const [index, comment] of comments.entries()) {
      const entry = await tx.addHistory({
        ticketId,
        type: comment.template,
        createdAt: now,
        public: comment.public,
        agent,
        detail: index === 0 ? detail : null,
      });
      const payload: ZendeskDelivery = { comment: toDeliveryComment(comment), fields: index === 0 ? fields : {} };
      await tx.enqueue({ ticketId, kind: 'zendesk', payload, createdAt: now }, entry.id);
    }
    return next;
  }

  /** State changes and captured decisions, as the JSON POSTed to NOTIFY_URL (instants in the policy zone). */
  private async queueNotifications(tx: StoreOps, ticketId: number, effects: Effect[], now: number): Promise<void> {
    const zone = this.deps.policy.timeZone;
    for (const effect of effects) {
      if (effect.kind !== 'notify') continue;
      const event = effect;
      const payload =
        event.type === 'state_changed'
          ? { type: 'state_changed', ticketId, from: event.from, to: event.to, at: formatInstant(event.at, zone) }
          : {
              type: 'decision',
              ticketId,
              decision: { ...event.decision, at: formatInstant(event.decision.at, zone) },
              at: formatInstant(now, zone),
            };
      await tx.enqueue({ ticketId, kind: 'notify', payload, createdAt: now }, null);
    }
  }

  /** The bookings table mirrors the upgrade's booking (a No-Go or rollback may move it without the booking route). */
  private async syncBooking(tx: StoreOps, ticketId: number, next: Upgrade, now: number): Promise<void> {
    const current = await tx.activeBooking(ticketId);
    const booking = next.booking;
    if (booking === null) {
      if (current !== null) await tx.releaseBooking(ticketId, now);
      return;
    }
    const same =
      current !== null &&
      current.start === booking.start &&
      current.end === booking.end &&
      current.rule === booking.rule &&
      current.class === booking.class;
    if (same) return;
    const { start, end, rule, reason, timeZone } = booking;
    await tx.replaceBooking({ ticketId, start, end, rule, class: booking.class, reason, timeZone }, now);
  }

  /** The ticket fields that follow from the state and booking (DESIGN §7), whatever the effects say. */
  private fieldsFromStates(previous: Upgrade, next: Upgrade): Partial<Record<FieldName, unknown>> {
    const fields: Partial<Record<FieldName, unknown>> = {};
    if (previous.state !== next.state) fields.status = next.state;
    const before = previous.booking;
    const after = next.booking;
    if (before?.start !== after?.start || before?.end !== after?.end) {
      const zone = after?.timeZone ?? this.deps.policy.timeZone;
      fields.windowStart = after === null ? null : formatInstant(after.start, zone);
      fields.windowEnd = after === null ? null : formatInstant(after.end, zone);
      fields.windowDate = after === null ? null : localDate(after.start, this.deps.policy.timeZone);
    }
    return fields;
  }

  /** The lifecycle's `fields` and `review` effects, in Zendesk's value forms. Unknown names are dropped. */
  private fieldsFromEffects(effects: Effect[]): Partial<Record<FieldName, unknown>> {
    const fields: Partial<Record<FieldName, unknown>> = {};
    for (const effect of effects) {
      if (effect.kind === 'review') fields.needsReview = effect.action === 'set';
      if (effect.kind !== 'fields') continue;
      for (const [name, value] of Object.entries(effect.values)) {
        if (!(FIELD_NAMES as string[]).includes(name) || name === 'deliveryMarker') continue;
        fields[name as FieldName] = this.zendeskValue(name as FieldName, value);
      }
    }
    return fields;
  }

  private zendeskValue(name: FieldName, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    const zone = this.deps.policy.timeZone;
    switch (name) {
      case 'windowStart':
      case 'windowEnd':
      case 'decisionAt':
        return typeof value === 'number' ? formatInstant(value, zone) : value;
      case 'windowDate':
        return typeof value === 'number' ? localDate(value, zone) : value;
      case 'decision':
        return typeof value === 'string' ? value.toLowerCase() : value;
      default:
        return value;
    }
  }

  // --- views --------------------------------------------------------------------------------------------

  /** The lifecycle's context in a transaction: the clock, the policy and the next window counting other tickets. */
  async context(tx: StoreOps, ticketId: number, now: number): Promise<LifecycleContext> {
    return this.contextFrom(await tx.activeBookingCounts(ticketId), now);
  }

  private contextFrom(counts: Map<number, number>, now: number): LifecycleContext {
    const booked = (start: number) => counts.get(start) ?? 0;
    return {
      now,
      policy: this.deps.policy,
      nextWindow: (requestAt) => {
        const offer = nextEligibleWindow(this.deps.policy, requestAt, booked);
        return offer === null
          ? null
          : ({ rule: offer.rule, start: offer.start, end: offer.end, timeZone: offer.timeZone } satisfies Window);
      },
    };
  }

  private view(ticketId: number, upgrade: Upgrade, history: HistoryRecord[], requester: Requester): unknown {
    const { policy } = this.deps;
    const zone = policy.timeZone;
    const { booking, decision } = upgrade;
    return {
      ticketId,
      state: upgrade.state,
      booking:
        booking === null
          ? null
          : {
              start: formatInstant(booking.start, booking.timeZone),
              end: formatInstant(booking.end, booking.timeZone),
              rule: booking.rule,
              class: booking.class,
              reason: booking.reason,
              sequence: booking.sequence,
            },
      requester: { locale: requester.locale, timeZone: requester.timeZone },
      instances: upgrade.instances.map((instance) => ({ name: instance.name, status: instance.status })),
      validation: upgrade.validation,
      decision: decision === null ? null : { ...decision, at: formatInstant(decision.at, zone) },
      review: upgrade.review === null ? null : { ...upgrade.review },
      decisionDeadline: upgrade.decisionRequest === null ? null : formatInstant(upgrade.decisionRequest.deadline, zone),
      allowedEvents: allowedEvents(upgrade, this.deps.now(), policy),
      history: history.map((entry) => ({
        id: String(entry.id),
        type: entry.type,
        createdAt: formatInstant(entry.createdAt, zone),
        public: entry.public,
        ...(entry.agent !== null ? { agent: entry.agent } : {}),
        delivery: {
          status: entry.delivery.status,
          ...(entry.delivery.at !== null && entry.delivery.status !== 'pending'
            ? { at: formatInstant(entry.delivery.at, zone) }
            : {}),
          ...(entry.delivery.error !== null ? { error: entry.delivery.error } : {}),
        },
      })),
    };
  }

  /** The requester's locale and zone, read from Zendesk (cached a few minutes); unknown when Zendesk cannot say. */
  private async requester(ticketId: number): Promise<Requester> {
    const unknown: Requester = { locale: null, timeZone: null, name: null, email: null };
    const client = this.deps.zendesk;
    if (client === null) return unknown;
    const cached = this.requesters.get(ticketId);
    const now = this.deps.now();
    if (cached !== undefined && now - cached.at < REQUESTER_CACHE_MS) return cached.requester;
    try {
      const ticket = await client.getTicket(ticketId);
      const requester = requesterOf(await client.getUser(ticket.requester_id));
      this.requesters.set(ticketId, { at: now, requester });
      return requester;
    } catch {
      // A ticket Zendesk does not know, or Zendesk unreachable: the view still answers, without the requester.
      return unknown;
    }
  }

  /** Why a booking no longer fits the policy in force: its occurrence is gone, a blackout covers it, or it is over capacity. */
  private conflictsOf(booking: BookingRecord, counts: Map<number, number>): Reason[] {
    const others = (counts.get(booking.start) ?? 1) - 1;
    // Asked as if long before the window, so lead time and "in the past" never count as conflicts.
    const check = checkStart(this.deps.policy, {
      start: booking.start,
      requestAt: booking.start - 400 * 24 * 3_600_000,
      class: booking.class,
      durationMinutes: Math.max(1, Math.round((booking.end - booking.start) / 60_000)),
      booked: (start) => (start === booking.start ? others : 0),
    });
    return check.reasons.filter((reason) => ['NOT_A_WINDOW', 'BLACKOUT', 'FULL'].includes(reason.code));
  }
}

/** How an agent appears in the "decision by" field: `Sam Rivera (381)`, or whichever of the two is known. */
export function describeAgent(agent: AgentRef): string {
  if (agent.name !== null && agent.id !== null) return `${agent.name} (${agent.id})`;
  return agent.name ?? agent.id ?? 'an agent';
}

function windowUnavailable(reasons: Reason[]): ApiError {
  const message = reasons.map((reason) => reason.message).join(' ') || 'this window cannot be booked';
  return conflict('WINDOW_UNAVAILABLE', message, { reasons });
}

function toDeliveryComment(effect: Extract<Effect, { kind: 'comment' }>): DeliveryComment {
  return {
    template: effect.template,
    public: effect.public,
    vars: effect.vars,
    ...(effect.invite !== undefined ? { invite: effect.invite } : {}),
  };
}

/** Instants on the API are whole seconds (DESIGN §3: no milliseconds), whatever the clock that made them. */
function formatInstant(instant: number, zone: string): string {
  return formatPrecise(Math.floor(instant / 1000) * 1000, zone);
}

/** A stable hash of a request body: keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A reported event in the lifecycle's terms: absent options are null. */
function eventOf(input: EventInput, key: string): CoreEventInput {
  return {
    type: input.type,
    instance: input.instance ?? null,
    reason: input.reason ?? null,
    anticipatedEnd: input.anticipatedEnd ?? null,
    key,
  };
}
