import type { ApiDeps, ApiRequest, ApiResult, Handler } from './common.js';
import { listComments } from './comments.js';
import { exportTicketsByCursor } from './incremental.js';
import { listMemberships, listOrganizationMemberships, listUserMemberships } from './memberships.js';
import { getOrganization, listOrganizationUsers } from './organizations.js';
import { createTicketField, updateTicketField, listTicketFields } from './ticket-fields.js';
import { getTicket, listTickets, updateTicket } from './tickets.js';
import { createTrigger, listTriggers, updateTrigger } from './triggers.js';
import { createUpload, getAttachment } from './uploads.js';
import { getCurrentUser, getUser, listUsers } from './users.js';
import { createWebhook, getSigningSecret, getWebhook, listWebhooks, testWebhook } from './webhooks.js';

export { recordInvalid, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

// The Zendesk REST routes: a path pattern and method per handler. Each handler reads the request, changes the
// state, and answers Zendesk's shapes and statuses.

const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/api\/v2\/tickets(?:\.json)?$/, listTickets],
  ['GET', /^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/, getTicket],
  ['PUT', /^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/, updateTicket],
  ['GET', /^\/api\/v2\/tickets\/(\d+)\/comments(?:\.json)?$/, listComments],
  ['GET', /^\/api\/v2\/incremental\/tickets\/cursor(?:\.json)?$/, exportTicketsByCursor],
  ['GET', /^\/api\/v2\/users\/(\d+)(?:\.json)?$/, getUser],
  ['GET', /^\/api\/v2\/users\/me(?:\.json)?$/, getCurrentUser],
  ['GET', /^\/api\/v2\/organizations\/(\d+)(?:\.json)?$/, getOrganization],
  ['GET', /^\/api\/v2\/organizations\/(\d+)\/users(?:\.json)?$/, listOrganizationUsers],
  ['GET', /^\/api\/v2\/users(?:\.json)?$/, listUsers],
  ['GET', /^\/api\/v2\/users\/(\d+)\/organization_memberships(?:\.json)?$/, listUserMemberships],
  ['GET', /^\/api\/v2\/organizations\/(\d+)\/organization_memberships(?:\.json)?$/, listOrganizationMemberships],
  ['GET', /^\/api\/v2\/organization_memberships(?:\.json)?$/, listMemberships],
  ['POST', /^\/api\/v2\/uploads(?:\.json)?$/, createUpload],
  ['GET', /^\/api\/v2\/attachments\/(\d+)(?:\.json)?$/, getAttachment],
  ['GET', /^\/api\/v2\/ticket_fields(?:\.json)?$/, listTicketFields],
  ['POST', /^\/api\/v2\/ticket_fields(?:\.json)?$/, createTicketField],
  ['PUT', /^\/api\/v2\/ticket_fields\/(\d+)(?:\.json)?$/, updateTicketField],
  ['GET', /^\/api\/v2\/webhooks$/, listWebhooks],
  ['POST', /^\/api\/v2\/webhooks$/, createWebhook],
  ['POST', /^\/api\/v2\/webhooks\/test$/, testWebhook],
  ['GET', /^\/api\/v2\/webhooks\/([\w-]+)$/, getWebhook],
  ['GET', /^\/api\/v2\/webhooks\/([\w-]+)\/signing_secret$/, getSigningSecret],
  ['GET', /^\/api\/v2\/triggers(?:\.json)?$/, listTriggers],
  ['POST', /^\/api\/v2\/triggers(?:\.json)?$/, createTrigger],
  ['PUT', /^\/api\/v2\/triggers\/(\d+)(?:\.json)?$/, updateTrigger],
];

/** Routes a request under /api/v2; null when no route has that path (any method). */
export function routeApi(request: ApiRequest, deps: ApiDeps): ApiResult | null {
  let pathKnown = false;
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(request.url.pathname);
    if (!match) continue;
    pathKnown = true;
    if (method === request.method) return handler(request, match.slice(1), deps);
  }
  return pathKnown
    ? { status: 405, body: { error: 'MethodNotAllowed', description: `${request.method} is not allowed here` } }
    : null;
}

/** Who an API request acts as: any credentials are accepted, and writes are the integration (admin) user's. */
export function isAuthenticated(headers: Record<string, string>): boolean {
  const authorization = headers.authorization ?? '';
  return /^Basic\s+\S+$/i.test(authorization) || /^Bearer\s+\S+$/i.test(authorization);
}
