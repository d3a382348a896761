import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UseCases } from '../use-cases/index.js';
import { PublicScheduleCache, type PublicAnswer } from '../views/schedule-cache.js';
import { productFor } from '../use-cases/products.js';
import { ApiError, badRequest } from './errors.js';
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

  // Public and unauthenticated: the work per minute and per client is bounded there (src/server/views/schedule-cache.ts).
  const pages = new PublicScheduleCache(useCases.policy);
  const sendPage = (reply: FastifyReply, answer: PublicAnswer, type: string) => {
    if ('limited' in answer) throw tooManyRenderings(answer.limited);
    return reply.type(type).header('cache-control', 'public, max-age=300').send(answer.text);
  };
  app.get('/schedule', async (request, reply) => {
    const query = scheduleQuery.parse(request.query);
    const product = productFor(useCases.policy, query.product, undefined);
    const answer = pages.html(query.tz ?? useCases.policy.timeZone, query.months ?? 6, deps.now(), request.ip, product);
    return sendPage(reply, answer, 'text/html; charset=utf-8');
  });

  app.get('/schedule.ics', async (request, reply) => {
    const query = scheduleQuery.parse(request.query);
    const product = productFor(useCases.policy, query.product, undefined);
    const answer = pages.ics(query.months ?? 12, deps.now(), request.ip, product);
    return sendPage(reply, answer, 'text/calendar; charset=utf-8');
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

function tooManyRenderings(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    'RATE_LIMITED',
    'too many different schedule pages asked for this minute; ask again shortly',
    {},
    { 'retry-after': String(retryAfterSeconds) },
  );
}
