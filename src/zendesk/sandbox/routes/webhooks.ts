import type { WebhookAuthentication } from '../../types.js';
import { renderWebhook } from '../render.js';
import { isoSeconds } from '../state.js';
import { parseWebhookTest } from '../webhook-test.js';
import { paginate, parseJsonBody, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

export function listWebhooks(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const webhooks = deps.state().webhooks.map(renderWebhook);
  // The Webhooks API pages with cursors only.
  return { status: 200, body: paginate(webhooks, request, 'webhooks', true) };
}

/** The Webhooks API answers errors in its own JSON:API-like shape, not the Support API's. */
function webhookError(detail: string, pointer: string): ApiResult {
  return {
    status: 400,
    body: { errors: [{ code: 'InvalidInput', title: 'Invalid input', detail, source: { pointer } }] },
  };
}

export function createWebhook(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return webhookError('The request body must be a JSON object', '/');
  const input = parsed.value.webhook as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return webhookError('webhook is required', '/webhook');
  if (typeof input.name !== 'string' || input.name.trim() === '')
    return webhookError('name is required', '/webhook/name');
  if (typeof input.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(input.endpoint))
    return webhookError('endpoint must be an http(s) URL', '/webhook/endpoint');
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(String(input.http_method)))
    return webhookError('http_method is not valid', '/webhook/http_method');
  if (!['json', 'xml', 'form_encoded'].includes(String(input.request_format)))
    return webhookError('request_format is not valid', '/webhook/request_format');
  if (!Array.isArray(input.subscriptions) || input.subscriptions.length === 0)
    return webhookError('subscriptions is required', '/webhook/subscriptions');
  const authentication = input.authentication as WebhookAuthentication | undefined;
  const webhook = {
    id: deps.newWebhookId(),
    name: input.name,
    description: typeof input.description === 'string' ? input.description : '',
    status: input.status === 'inactive' ? ('inactive' as const) : ('active' as const),
    endpoint: input.endpoint,
    http_method: input.http_method as 'POST',
    request_format: input.request_format as 'json',
    subscriptions: input.subscriptions.map(String),
    created_at: isoSeconds(now),
    created_by: String(state.apiUserId),
    updated_at: isoSeconds(now),
    secret: deps.randomToken(44),
    authenticationData: authentication ?? null,
    ...(authentication
      ? { authentication: { type: authentication.type, add_position: authentication.add_position } }
      : {}),
  };
  state.webhooks.push(webhook);
  return { status: 201, body: { webhook: renderWebhook(webhook) }, applied: true };
}

export function getWebhook(_request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const webhook = deps.state().webhooks.find((candidate) => candidate.id === id);
  return webhook ? { status: 200, body: { webhook: renderWebhook(webhook) } } : webhookNotFound();
}

function webhookNotFound(): ApiResult {
  return {
    status: 404,
    body: { errors: [{ code: 'WebhookNotFound', title: 'Webhook not found', detail: 'Webhook not found' }] },
  };
}

export function getSigningSecret(_request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const webhook = deps.state().webhooks.find((candidate) => candidate.id === id);
  if (!webhook) return webhookNotFound();
  return { status: 200, body: { signing_secret: { secret: webhook.secret, algorithm: 'sha256' } } };
}

/** `POST /api/v2/webhooks/test[?webhook_id=ID]`: checked here, sent by the sandbox (it needs the network). */
export function testWebhook(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const parsed = parseJsonBody(request);
  if (!parsed.ok && request.body.length > 0) return webhookError('The request body must be a JSON object', '/');
  const checked = parseWebhookTest(
    parsed.ok ? parsed.value : {},
    request.url.searchParams.get('webhook_id'),
    deps.state(),
  );
  if (!checked.ok) return checked.status === 404 ? webhookNotFound() : webhookError(checked.detail, '/request');
  return { status: 200, body: {}, webhookTest: checked.test };
}
