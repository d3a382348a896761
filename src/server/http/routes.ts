import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IDEMPOTENCY_KEY_MAX } from '../../contract/actions.js';
import { BOOKINGS_PAGE_DEFAULT, encodeBookingCursor, type BookingKey } from '../../contract/bookings.js';
import { API } from '../../contract/routes.js';
import type { UseCases } from '../use-cases/index.js';
import { PublicScheduleCache, type PublicAnswer } from '../views/schedule-cache.js';
import { productFor } from '../use-cases/products.js';
import { pageOrigin, publicOrigin } from '../views/schedule-html.js';
import { pickScheduleLanguage } from '../views/schedule-text.js';
import { ApiError, badRequest } from './errors.js';
import { repeatedHeader } from './headers.js';
import { agentOf } from './input.js';
import { schemaOf, type ZodTypeProvider } from './schemas.js';

export interface RouteDeps {
  useCases: UseCases;
  now: () => number;
  health: () => Promise<{ status: number; body: unknown }>;
  /** PUBLIC_URL: where the published schedule's subscribe links point (else the request's Host, at the root). */
  publicUrl?: string | null;
}

const AGENT = { scopes: ['agent' as const] };
const AGENT_OR_AUTOMATION = { scopes: ['agent' as const, 'automation' as const] };

/**
 * The routes of docs/API.md (the webhook and decision routes come with capture). Each is parse → use case → reply;
 * the contract's schemas (src/contract) parse the request before the handler runs and shape the answer.
 */
export function registerRoutes(fastify: FastifyInstance, deps: RouteDeps): void {
  const { useCases } = deps;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/windows', { config: AGENT, schema: schemaOf(API.listWindows) }, async (request) =>
    useCases.windows(request.query),
  );

  app.get('/api/policy', { config: AGENT, schema: schemaOf(API.getPolicy) }, async () => useCases.policy.json);

  app.post('/api/tickets/:id/window', { config: AGENT, schema: schemaOf(API.bookWindow) }, async (request, reply) => {
    const booked = await useCases.book(request.params.id, request.body, agentOf(request.headers));
    return reply.code(booked.created ? 201 : 200).send(booked.ticket);
  });

  app.delete(
    '/api/tickets/:id/window',
    { config: AGENT, schema: schemaOf(API.cancelBooking) },
    async (request, reply) => reply.send(await useCases.cancel(request.params.id, agentOf(request.headers))),
  );

  app.post(
    '/api/tickets/:id/events',
    { config: AGENT_OR_AUTOMATION, schema: schemaOf(API.postEvent) },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const { accepted, replayed } = await useCases.event(
        request.params.id,
        request.body,
        key,
        agentOf(request.headers),
      );
      return reply
        .code(202)
        .headers(replayed ? { 'idempotent-replayed': 'true' } : {})
        .send(accepted);
    },
  );

  app.post('/api/tickets/:id/offer', { config: AGENT, schema: schemaOf(API.offerWindows) }, async (request, reply) =>
    reply.code(202).send(await useCases.offer(request.params.id, request.body, agentOf(request.headers))),
  );

  app.post('/api/tickets/:id/preview', { config: AGENT, schema: schemaOf(API.preview) }, async (request) =>
    useCases.preview(request.params.id, request.body),
  );

  app.get('/api/tickets/:id', { config: AGENT_OR_AUTOMATION, schema: schemaOf(API.getTicket) }, async (request) =>
    useCases.ticket(request.params.id),
  );

  app.post(
    '/api/tickets/:id/deliveries/:historyId/retry',
    { config: AGENT, schema: schemaOf(API.retryDelivery) },
    async (request, reply) =>
      reply.code(202).send(await useCases.retryDelivery(request.params.id, request.params.historyId)),
  );

  app.get(
    '/api/bookings',
    { config: AGENT_OR_AUTOMATION, schema: schemaOf(API.listBookings) },
    async (request, reply) => {
      const page = await useCases.bookings(request.query);
      if (page.next !== null) reply.header('link', `<${nextBookingsPage(request.url, page.next)}>; rel="next"`);
      return reply.send(page.bookings);
    },
  );

  // Public and unauthenticated: the work per minute and per client is bounded there (src/server/views/schedule-cache.ts).
  const pages = new PublicScheduleCache(useCases.policy);
  const published = publicOrigin(deps.publicUrl ?? null);
  const sendPage = (reply: FastifyReply, answer: PublicAnswer, type: string) => {
    if ('limited' in answer) throw tooManyRenderings(answer.limited);
    return reply.type(type).header('cache-control', 'public, max-age=300').send(answer.text);
  };
  app.get('/schedule', { schema: schemaOf(API.schedulePage) }, async (request, reply) => {
    const query = request.query;
    const product = productFor(useCases.policy, query.product, undefined);
    const page = {
      zone: query.tz ?? useCases.policy.timeZone,
      months: query.months ?? 6,
      product,
      lang: pickScheduleLanguage(query.lang, request.headers['accept-language']),
      origin: published ?? pageOrigin(request.host, request.protocol),
    };
    const answer = pages.html(page, deps.now(), request.ip);
    return sendPage(reply.header('vary', 'Accept-Language'), answer, 'text/html; charset=utf-8');
  });

  app.get('/schedule.ics', { schema: schemaOf(API.scheduleFeed) }, async (request, reply) => {
    const query = request.query;
    const product = productFor(useCases.policy, query.product, undefined);
    const feed = { months: query.months ?? 12, product, lang: pickScheduleLanguage(query.lang, undefined) };
    const answer = pages.ics(feed, deps.now(), request.ip);
    return sendPage(reply, answer, 'text/calendar; charset=utf-8');
  });

  app.get('/healthz', { schema: schemaOf(API.health) }, async (_request, reply) => {
    const health = await deps.health();
    return reply.code(health.status).send(health.body);
  });
}

/**
 * The relative URL of the page after `next` (RFC 8288's `rel="next"`): the request's own range, filter and page size
 * as the client sent them, and the cursor of the page's last booking (docs/DECISIONS.md, 52).
 */
function nextBookingsPage(requestUrl: string, next: BookingKey): string {
  const sent = new URLSearchParams(requestUrl.split('?')[1] ?? '');
  const query = new URLSearchParams();
  for (const key of ['from', 'to', 'conflicts'] as const) {
    const value = sent.get(key);
    if (value !== null) query.set(key, value);
  }
  query.set('limit', sent.get('limit') ?? String(BOOKINGS_PAGE_DEFAULT));
  query.set('after', encodeBookingCursor(next));
  return `${API.listBookings.url}?${query}`;
}

function idempotencyKeyOf(request: FastifyRequest): string {
  // Node joins repeated headers into "k1, k2", which would silently become a third key.
  if (repeatedHeader(request, ['idempotency-key']) !== undefined)
    throw badRequest('the Idempotency-Key header must be sent once', 'DUPLICATE_HEADER');
  const header = request.headers['idempotency-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim();
  if (key === undefined || key === '') {
    throw badRequest('the Idempotency-Key header is required for events', 'IDEMPOTENCY_KEY_MISSING');
  }
  if (key.length > IDEMPOTENCY_KEY_MAX) {
    throw badRequest(`the Idempotency-Key header must be at most ${IDEMPOTENCY_KEY_MAX} characters`, 'INVALID_INPUT');
  }
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
