import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UseCases } from '../use-cases/index.js';
import { publicSchedule, renderScheduleHtml, renderScheduleIcs } from '../views/schedule-page.js';
import { badRequest } from './errors.js';
import { headerCount } from './headers.js';
import {
  agentOf,
  bookingSchema,
  bookingsQuery,
  eventSchema,
  parseTicketId,
  previewSchema,
  scheduleQuery,
  windowsQuery,
} from './input.js';

export interface RouteDeps {
  useCases: UseCases;
  now: () => number;
  health: () => Promise<{ status: number; body: unknown }>;
}

const AGENT = { scopes: ['agent' as const] };
const AGENT_OR_AUTOMATION = { scopes: ['agent' as const, 'automation' as const] };

/** The routes of docs/API.md (the webhook and decision routes come with capture). Each is parse → use case → reply. */
export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { useCases } = deps;

  app.get('/api/windows', { config: AGENT }, async (request) => {
    const query = windowsQuery.parse(request.query);
    return useCases.windows(query);
  });

  app.get('/api/policy', { config: AGENT }, async () => useCases.policy.json);

  app.post('/api/tickets/:id/window', { config: AGENT }, async (request, reply) => {
    const ticketId = ticketOf(request);
    const body = bookingSchema.parse(requireObject(request.body));
    const booked = await useCases.book(ticketId, body, agentOf(request.headers));
    return reply.code(booked.created ? 201 : 200).send(booked.ticket);
  });

  app.delete('/api/tickets/:id/window', { config: AGENT }, async (request, reply) => {
    const ticketId = ticketOf(request);
    return reply.send(await useCases.cancel(ticketId, agentOf(request.headers)));
  });

  app.post('/api/tickets/:id/events', { config: AGENT_OR_AUTOMATION }, async (request, reply) => {
    const ticketId = ticketOf(request);
    const key = idempotencyKeyOf(request);
    const body = eventSchema.parse(requireObject(request.body));
    const { accepted, replayed } = await useCases.event(ticketId, body, key, agentOf(request.headers));
    return reply
      .code(202)
      .headers(replayed ? { 'idempotent-replayed': 'true' } : {})
      .send(accepted);
  });

  app.post('/api/tickets/:id/preview', { config: AGENT }, async (request) => {
    const ticketId = ticketOf(request);
    const body = previewSchema.parse(requireObject(request.body));
    return useCases.preview(ticketId, body);
  });

  app.get('/api/tickets/:id', { config: AGENT_OR_AUTOMATION }, async (request) => useCases.ticket(ticketOf(request)));

  app.post('/api/tickets/:id/deliveries/:historyId/retry', { config: AGENT }, async (request, reply) => {
    const ticketId = ticketOf(request);
    const historyId = parseTicketId((request.params as { historyId: string }).historyId);
    return reply.code(202).send(await useCases.retryDelivery(ticketId, historyId));
  });

  app.get('/api/bookings', { config: AGENT_OR_AUTOMATION }, async (request) => {
    return useCases.bookings(bookingsQuery.parse(request.query));
  });

  // The public pages expand the whole schedule; one rendering per query and minute serves every caller.
  const publicPage = minuteCache(64);
  app.get('/schedule', async (request, reply) => {
    const query = scheduleQuery.parse(request.query);
    const now = deps.now();
    const zone = query.tz ?? useCases.policy.timeZone;
    const months = query.months ?? 6;
    const html = publicPage(`html|${zone}|${months}`, now, () =>
      renderScheduleHtml(useCases.policy, publicSchedule(useCases.policy, now, months), zone),
    );
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
  });

  app.get('/schedule.ics', async (request, reply) => {
    const query = scheduleQuery.parse(request.query);
    const now = deps.now();
    const months = query.months ?? 12;
    const ics = publicPage(`ics|${months}`, now, () =>
      renderScheduleIcs(useCases.policy, publicSchedule(useCases.policy, now, months)),
    );
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'public, max-age=300').send(ics);
  });

  app.get('/healthz', async (_request, reply) => {
    const health = await deps.health();
    return reply.code(health.status).send(health.body);
  });
}

function ticketOf(request: FastifyRequest): number {
  return parseTicketId((request.params as { id: string }).id);
}

function requireObject(body: unknown): unknown {
  if (body === undefined || body === null) throw badRequest('send a JSON object body', 'INVALID_INPUT');
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the body must be a JSON object', 'INVALID_INPUT');
  return body;
}

function idempotencyKeyOf(request: FastifyRequest): string {
  // Node joins repeated headers into "k1, k2", which would silently become a third key.
  if (headerCount(request, 'idempotency-key') > 1)
    throw badRequest('the Idempotency-Key header must be sent once', 'DUPLICATE_HEADER');
  const header = request.headers['idempotency-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  if (key === undefined || key === '') {
    throw badRequest('the Idempotency-Key header is required for events', 'IDEMPOTENCY_KEY_MISSING');
  }
  if (key.length > 255) throw badRequest('the Idempotency-Key header must be at most 255 characters', 'INVALID_INPUT');
  return key;
}

/** Keeps the last `size` renderings, each valid for the minute of `now` it was made in. */
function minuteCache(size: number): (key: string, now: number, render: () => string) => string {
  const entries = new Map<string, string>();
  return (key, now, render) => {
    const slot = `${Math.floor(now / 60_000)}|${key}`;
    let text = entries.get(slot);
    if (text === undefined) {
      text = render();
      entries.set(slot, text);
      if (entries.size > size) entries.delete(entries.keys().next().value!);
    }
    return text;
  };
}
