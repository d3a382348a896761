import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API } from '../../contract/routes.js';
import { verifyWebhookSignature, ZENDESK_TEST_SECRET, type WebhookRefusal } from '../../zendesk/signing.js';
import { ApiError, badRequest } from '../http/errors.js';
import { BODY_LIMIT } from '../http/app.js';
import { repeatedHeader } from '../http/headers.js';
import { schemaOf } from '../http/schemas.js';
import type { InboxRecord } from '../store/types.js';
import { interpretPayload } from './payload.js';

export const WEBHOOK_PATH = '/webhooks/zendesk';

const SIGNATURE = 'x-zendesk-webhook-signature';
const TIMESTAMP = 'x-zendesk-webhook-signature-timestamp';
const INVOCATION = 'x-zendesk-webhook-invocation-id';
/** Each may be sent once: with two, it would be open which signature was verified or which invocation this is. */
const SINGLE_HEADERS = [SIGNATURE, TIMESTAMP, INVOCATION];

export interface WebhookRouteDeps {
  /** Every secret accepted now: the stored signing secret and those of ZENDESK_WEBHOOK_SECRET. */
  secrets: () => readonly string[];
  /** The receiver's clock (epoch ms) for the ±5 minute window. */
  now: () => number;
  /** Stores the invocation durably; false when its id was already stored. Throws when the store is down. */
  store: (record: Omit<InboxRecord, 'processedAt'>) => Promise<boolean>;
  /** Called after a new invocation was stored, to wake the inbox worker. */
  onStored?: () => void;
}

/** What the inbox keeps of an invocation: the hint, not the payload (the comment is read back through the API). */
export interface InboxHint {
  ticketId: number;
  commentId: number | null;
  webhookId: string | null;
}

const REFUSALS: Record<WebhookRefusal, string> = {
  missing_signature: 'the X-Zendesk-Webhook-Signature header is missing',
  missing_timestamp: 'the X-Zendesk-Webhook-Signature-Timestamp header is missing',
  bad_timestamp: 'the signature timestamp is not an ISO 8601 instant',
  stale_timestamp: 'the signature timestamp is more than 5 minutes old',
  future_timestamp: 'the signature timestamp is more than 5 minutes ahead',
  bad_signature: 'the signature does not match',
};

/**
 * POST /webhooks/zendesk (docs/API.md, The Zendesk webhook): the raw bytes are verified before anything reads them,
 * then the invocation is stored and acknowledged; processing happens after the answer (the inbox worker).
 * Registered in its own plugin scope so that its body parser (raw bytes) does not change the other routes'.
 */
export function registerWebhookRoute(app: FastifyInstance, deps: WebhookRouteDeps): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // The body limit is enforced while reading, so an oversized body is a 413 before any hashing.
    // Parameters allowed (`application/json; charset=utf-8`): Fastify matches a RegExp against the whole header.
    scope.addContentTypeParser(
      /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i,
      { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );

    scope.post(WEBHOOK_PATH, { schema: schemaOf(API.webhook) }, async (request, reply) => {
      const repeated = repeatedHeader(request, SINGLE_HEADERS);
      if (repeated !== undefined) throw badRequest(`the ${repeated} header must be sent once`, 'DUPLICATE_HEADER');
      if (!Buffer.isBuffer(request.body)) {
        // No Content-Type and no body: Fastify did not run a parser.
        throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
      }
      const body = request.body;
      const signature = single(request.headers[SIGNATURE]);
      const timestamp = single(request.headers[TIMESTAMP]);
      const check = (secrets: readonly string[]) =>
        verifyWebhookSignature({ body, signature, timestamp, secrets, now: deps.now() });
      const verdict = check(deps.secrets());
      if (!verdict.ok && verdict.reason === 'bad_signature' && check([ZENDESK_TEST_SECRET]).ok) {
        return answerTest(reply, "signed with Zendesk's test secret (a webhook not created yet)");
      }
      if (!verdict.ok) {
        request.log.warn({ reason: verdict.reason }, 'webhook refused');
        throw new ApiError(401, 'INVALID_SIGNATURE', REFUSALS[verdict.reason]);
      }

      const text = body.toString('utf8');
      if (text.trim() === '') return answerTest(reply, 'the body is empty');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw badRequest(`the body is not valid JSON: ${(error as Error).message}`, 'MALFORMED_JSON');
      }
      const payload = interpretPayload(json);
      if (payload.kind === 'invalid') throw badRequest(payload.why, 'INVALID_PAYLOAD');
      if (payload.kind === 'test') return answerTest(reply, payload.why);
      if (payload.kind === 'ignore') {
        request.log.info({ why: payload.why }, 'webhook ignored');
        return reply.code(200).send({ received: true, ignored: payload.why });
      }

      const id = invocationIdOf(request, timestamp!, body);
      const hint: InboxHint = {
        ticketId: payload.ticketId,
        commentId: payload.commentId,
        webhookId: single(request.headers['x-zendesk-webhook-id']) ?? null,
      };
      // A store failure throws StoreUnavailableError → 503, so Zendesk retries; never a 200 for what was not kept.
      const stored = await deps.store({ id, receivedAt: deps.now(), body: hint });
      if (stored) {
        // Its inbox row (id, time received) is the record of a new invocation; a request line per webhook would
        // double it and cost the busiest route a log write each (docs/DECISIONS.md, 58). Refusals, duplicates,
        // tests and ignored events still log at info.
        request.quietLog = true;
        deps.onStored?.();
      }
      return reply.code(200).send({ received: true, duplicate: !stored, invocationId: id });
    });
  });
}

/**
 * Zendesk's "Test webhook" (admin centre, or `POST /api/v2/webhooks/test`): a verified request that names no
 * ticket. 200 tells the admin the endpoint and the secret work; nothing is stored, so no decision can follow.
 */
function answerTest(reply: FastifyReply, why: string) {
  reply.log.info({ why }, 'webhook test answered');
  return reply.code(200).send({ received: true, test: true, ignored: `a test invocation (${why}): nothing stored` });
}

/**
 * The invocation id Zendesk sends (kept across its retries). Without one, the signed content names the
 * invocation: a resend of the same bytes is then the same invocation, and the comment id dedupes the rest.
 */
function invocationIdOf(request: FastifyRequest, timestamp: string, body: Buffer): string {
  const given = single(request.headers[INVOCATION])?.trim();
  if (given !== undefined && given !== '' && given.length <= 200) return given;
  return `sha256:${createHash('sha256').update(timestamp).update(body).digest('hex')}`;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}
