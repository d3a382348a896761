import { createHash, timingSafeEqual } from 'node:crypto';
import { finished } from 'node:stream/promises';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { ZodError } from 'zod';
import { InvalidInput, KeyReused, NotFound, Refused } from '../errors.js';
import { StoreUnavailableError } from '../store/types.js';
import { useContractValidation } from './schemas.js';
import { ApiError, badRequest, forbidden, notFound, storeUnavailable, unauthorized } from './errors.js';
import { installSecurityHeaders } from './security.js';

/** Bodies above this are refused with 413 on every route (docs/API.md, Errors). */
export const BODY_LIMIT = 1024 * 1024;

/**
 * A body declared larger than BODY_LIMIT but at most this is read to its end and dropped after the 413, instead of
 * the connection being closed under the client while it still sends (its next write then meets a reset and it never
 * reads the 413). Larger declared bodies, and bodies without a declared length, still close the connection.
 */
export const DRAIN_LIMIT = 8 * BODY_LIMIT;

export type Scope = 'agent' | 'automation';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; absent for public routes. */
    scopes?: Scope[];
  }
  interface FastifyRequest {
    scope: Scope | null;
    /**
     * Logged at debug rather than info: the preview's polling, which would otherwise fill the terminal, and each
     * webhook invocation stored (its inbox row is its record).
     */
    quietLog: boolean;
  }
}

export interface HttpOptions {
  tokens: { agent: string; automation: string };
  logger: FastifyBaseLogger | boolean;
  /** Connection time-outs (default TIMEOUTS); tests shorten them. */
  timeouts?: Partial<typeof TIMEOUTS>;
}

/**
 * How long a client may take. Node's defaults let a client that sends one header byte at a time hold a connection
 * for 60 s, and Fastify turns the whole-request limit off: 1,500 such connections were held for 75 s. A request
 * must have sent its headers within 10 s and all of it (1 MiB at most) within 30 s; an idle keep-alive connection is
 * closed after 5 s (clients reconnect at no cost on loopback or behind a proxy). Node checks these every second.
 */
export const TIMEOUTS = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

/**
 * The HTTP rules in one place: JSON only, 1 MiB bodies, bearer tokens and scopes, one JSON error shape,
 * and a 500 only for our own faults. Routes register on the returned instance and stay thin.
 */
export function createHttpApp(options: HttpOptions): FastifyInstance {
  const timeouts = { ...TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    ...(typeof options.logger === 'boolean' ? { logger: options.logger } : { loggerInstance: options.logger }),
    // Request ids in logs, but never trust a caller's.
    requestIdHeader: false,
    return503OnClosing: true,
    // One line per request (below) instead of Fastify's two: half the logging cost on the hot path.
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance;

  // The hooks every request runs take a callback rather than return a promise: no promise and microtask per hook
  // per request on the busiest route (docs/DECISIONS.md, 58).
  app.addHook('onResponse', (request, reply, done) => {
    request.log[request.quietLog ? 'debug' : 'info'](
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    done();
  });

  app.decorateRequest('scope', null);
  app.decorateRequest('quietLog', false);
  installSecurityHeaders(app);
  installRedaction(app, [options.tokens.agent, options.tokens.automation]);
  installJsonOnly(app);
  installAuth(app, options.tokens);
  useContractValidation(app);

  app.setNotFoundHandler((request, reply) => {
    const error = notFound(`no route ${request.method} ${request.url.split('?')[0]}`);
    void sendError(reply, error);
  });

  app.setErrorHandler((error, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: apiError.code, status: apiError.status }, apiError.message);
    const drained = apiError.status === 413 ? lingerOnDeclaredBody(request, reply) : null;
    // Settles with nothing once answered: Fastify then sends nothing more.
    if (drained !== null) return drained.then(() => void sendError(reply, apiError));
    return sendError(reply, apiError);
  });

  return app;
}

/**
 * Fastify closes the connection after refusing a body, since the client may still be sending it: the kernel then
 * resets the connection under the rest of the body, and a client whose next write meets the reset never reads the
 * 413. For a body whose declared length is bounded (DRAIN_LIMIT) and not read yet, the rest is read and dropped
 * instead (within the request time-out), as nginx's lingering close does:
 *
 * - on a kept-alive connection the answer goes at once and the connection stays open: Node reads the rest of the
 *   body once the answer is sent;
 * - on a connection the client asked to close (`Connection: close`, as every client without a keep-alive agent
 *   sends), Node ends it right after the answer, so the answer (still `Connection: close`) waits for the body's
 *   end: the promise returned.
 */
function lingerOnDeclaredBody(request: FastifyRequest, reply: FastifyReply): Promise<void> | null {
  const declared = Number(request.headers['content-length']);
  if (!(declared > BODY_LIMIT && declared <= DRAIN_LIMIT) || request.raw.readableDidRead) return null;
  if (reply.raw.shouldKeepAlive) {
    reply.removeHeader('connection');
    return null;
  }
  request.raw.resume();
  // Ended, or cut off by the client or the request time-out: either way there is no more to wait for.
  return finished(request.raw).catch(() => undefined);
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).headers(error.headers).type('application/json; charset=utf-8').send(error.toBody());
}

/**
 * No error answer ever holds a credential: a message that quotes the caller's input (`from: must be an ISO 8601
 * instant, got "..."`) could otherwise echo a token to whoever made a proxy fill it in. Applied to the serialised
 * body of every answer of status 400 and above, whichever route or handler wrote it.
 */
function installRedaction(app: FastifyInstance, secrets: string[]): void {
  const words = secrets.filter((secret) => secret.length >= 8);
  const redact = (text: string) => words.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  app.addHook('onSend', (_request, reply, payload, done) => {
    done(null, reply.statusCode >= 400 && typeof payload === 'string' ? redact(payload) : payload);
  });
}

function installJsonOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    // Parameters are allowed (`application/json; charset=utf-8`): Fastify matches a RegExp against the whole header.
    /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i,
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (request, body, done) => {
      const text = String(body);
      // A DELETE needs no body; clients (the ZAF proxy among them) still send the JSON content type with none.
      if (text.trim() === '' && request.method === 'DELETE') {
        done(null, undefined);
        return;
      }
      if (text.trim() === '') {
        done(badRequest('the body is empty; send a JSON object', 'MALFORMED_JSON'), undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(badRequest(`the body is not valid JSON: ${(error as Error).message}`, 'MALFORMED_JSON'), undefined);
      }
    },
  );
}

function installAuth(app: FastifyInstance, tokens: HttpOptions['tokens']): void {
  const agent = digest(tokens.agent);
  const automation = digest(tokens.automation);
  app.addHook('onRequest', (request, _reply, done) => {
    const scopes = request.routeOptions.config?.scopes;
    try {
      if (scopes !== undefined) request.scope = scopeOf(request, scopes);
    } catch (error) {
      done(error as ApiError);
      return;
    }
    done();
  });

  /** The caller's scope, when its token is one of ours and the route lets that scope call it; else the error. */
  function scopeOf(request: FastifyRequest, scopes: Scope[]): Scope {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (match === null) throw unauthorized('send "Authorization: Bearer <token>"');
    // Compare digests in constant time, so neither the token nor its length leaks through timing.
    const given = digest(match[1]!);
    const scope: Scope | null = timingSafeEqual(given, agent)
      ? 'agent'
      : timingSafeEqual(given, automation)
        ? 'automation'
        : null;
    if (scope === null) throw unauthorized('the token is not valid');
    if (!scopes.includes(scope)) {
      throw forbidden(`the ${scope} token may not call this route (it needs the ${scopes.join(' or ')} token)`);
    }
    return scope;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
};

const MESSAGES: Record<string, string> = {
  PAYLOAD_TOO_LARGE: `the body is larger than ${BODY_LIMIT} bytes`,
  UNSUPPORTED_MEDIA_TYPE: 'send the body as application/json',
};

/** Marks an answer repeated for an idempotency key (docs/API.md, Idempotency). */
const REPLAYED = { 'idempotent-replayed': 'true' };

/** Maps anything thrown to the error the caller sees. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // The use cases' outcomes (src/server/errors.ts) get their statuses here, and only here.
  if (error instanceof Refused) {
    return new ApiError(409, error.code, error.message, error.details, error.replayed ? REPLAYED : {});
  }
  if (error instanceof NotFound) return notFound(error.message);
  if (error instanceof InvalidInput) return badRequest(error.message, error.code);
  if (error instanceof KeyReused) return new ApiError(422, error.code, error.message);
  if (error instanceof ZodError) return badRequest(describeZodError(error), 'INVALID_INPUT');
  if (error instanceof StoreUnavailableError) return storeUnavailable();
  const { code, statusCode, message } = error as { code?: string; statusCode?: number; message?: string };
  const known = code === undefined ? undefined : FASTIFY_CODES[code];
  if (known !== undefined) return new ApiError(known[0], known[1], MESSAGES[known[1]] ?? message ?? known[1]);
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new ApiError(statusCode, 'BAD_REQUEST', message ?? 'bad request');
  }
  return new ApiError(500, 'INTERNAL', 'the server failed to handle the request');
}

/** `start: Invalid input; class: must be "maintenance" or "hotfix"` → names each field by its path. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}
