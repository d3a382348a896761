import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError, badRequest, notFound } from '../server/http/errors.js';
import type { ZendeskComment, ZendeskTicket, ZendeskTicketField, ZendeskUser } from '../zendesk/types.js';
import { renderPage, WORKSPACE_CSS } from './page.js';
import {
  commentOf,
  customersOf,
  fieldsOf,
  personOf,
  summaryOf,
  type PersonView,
  type TicketSummary,
  type TicketView,
} from './workspace.js';
import { attachmentDisposition } from './attachment.js';
import { loopbackOnly } from './loopback.js';
import { COMMONJS_LOADER, LOADER_PATH, SDK_BASE, readSdkFile, sdkScriptTags } from './sdk.js';
import { prepareProxiedRequest, swapSdkTag, type AppSettings } from './zaf-proxy.js';

export interface PreviewOptions {
  /** The local Zendesk sandbox (`http://127.0.0.1:3001`): the preview reads tickets from it and posts replies. */
  sandboxUrl: string;
  /** The backend's agent token: filled into `{{setting.agentToken}}` by the proxy, never sent to the browser. */
  agentToken: string;
  /** The built Zendesk app's assets (`dist/assets`); default: the package's. */
  distDir?: string;
  /** The compiled browser scripts (`build/src/preview/browser`); default: beside this module. */
  browserDir?: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** build/src/preview → the package root, where `dist/` lives. */
const DEFAULT_DIST = resolve(HERE, '../../../dist/assets');
const DEFAULT_BROWSER = join(HERE, 'browser');
const SAFE_FILE = /^[\w.-]+$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The preview of `npm start` in sandbox mode: `/` the agent-workspace page, `/sidebar/` the built sidebar loading
 * Zendesk's ZAF SDK from `/preview/zaf-sdk/` (the npm package's files, unmodified) instead of the CDN,
 * `/preview/assets/*` the page's script, and `/preview/api/*` + `/preview/zaf/request` the endpoints it calls. The
 * browser only ever talks to this origin.
 */
export function registerPreview(app: FastifyInstance, options: PreviewOptions): void {
  // Its own scope, so the loopback rule applies to the preview's routes only (the API has its tokens).
  void app.register(async (scope) => {
    scope.addHook('onRequest', loopbackOnly);
    // The page polls and the sidebar's calls are logged again as the API requests they become: debug is enough.
    scope.addHook('onRequest', async (request) => {
      request.quietLog = true;
    });
    previewRoutes(scope, app, options);
  });
}

function previewRoutes(scope: FastifyInstance, app: FastifyInstance, options: PreviewOptions): void {
  const distDir = options.distDir ?? DEFAULT_DIST;
  const browserDir = options.browserDir ?? DEFAULT_BROWSER;
  const sandbox = sandboxReader(options.sandboxUrl);
  const ownUrl = () => {
    const address = app.server.address();
    return typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
  };
  const settingsNow = (): AppSettings => ({
    open: { backendUrl: ownUrl() },
    secure: { agentToken: options.agentToken },
  });

  scope.get('/', async (_request, reply) =>
    reply.type(CONTENT_TYPES['.html']!).header('cache-control', 'no-store').send(renderPage()),
  );

  scope.get('/preview/assets/workspace.css', async (_request, reply) =>
    reply.type(CONTENT_TYPES['.css']!).send(WORKSPACE_CSS),
  );
  scope.get<{ Params: { file: string } }>('/preview/assets/:file', async (request, reply) =>
    sendFile(reply, browserDir, request.params.file),
  );

  scope.get('/sidebar', async (_request, reply) => reply.redirect('/sidebar/index.html'));
  scope.get('/sidebar/', async (_request, reply) => reply.redirect('/sidebar/index.html'));
  scope.get<{ Params: { file: string } }>('/sidebar/:file', async (request, reply) => {
    const file = request.params.file;
    if (file !== 'index.html') return sendFile(reply, distDir, file);
    const html = await readFile(join(distDir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) throw notFound(`${join(distDir, 'index.html')} is missing: run "npm run build"`);
    const swapped = swapSdkTag(html, sdkScriptTags());
    if (swapped === null) throw new ApiError(500, 'SIDEBAR_SHAPE', 'the built sidebar page has no single ZAF SDK tag');
    return reply.type(CONTENT_TYPES['.html']!).header('cache-control', 'no-store').send(swapped);
  });

  scope.get(LOADER_PATH, async (_request, reply) => reply.type(CONTENT_TYPES['.js']!).send(COMMONJS_LOADER));
  scope.get<{ Params: { '*': string } }>(`${SDK_BASE}/lib/*`, async (request, reply) => {
    const bytes = await readSdkFile(request.params['*']);
    if (bytes === null) throw notFound(`no ZAF SDK file ${request.params['*']}`);
    return reply.type(CONTENT_TYPES['.js']!).send(bytes);
  });

  // Zendesk's request proxy, played by the backend itself: settings filled here, the call injected in-process.
  scope.post('/preview/zaf/request', async (request) => {
    const settings = settingsNow();
    const check = prepareProxiedRequest(request.body, settings, [settings.open.backendUrl!]);
    if (!check.ok) throw new ApiError(check.status, 'PROXY_REFUSED', check.message);
    const target = new URL(check.request.url);
    // The sidebar calls the API only; the preview's own routes (this one among them) are not for the proxy.
    if (!target.pathname.startsWith('/api/')) {
      throw new ApiError(403, 'PROXY_REFUSED', 'the proxy sends requests to the backend API (/api/...) only');
    }
    const headers = { ...check.request.headers };
    if (check.request.contentType !== null) headers['content-type'] = check.request.contentType;
    const answer = await app.inject({
      method: check.request.type as 'GET',
      url: target.pathname + target.search,
      headers,
      ...(check.request.data !== null ? { payload: check.request.data } : {}),
    });
    return {
      status: answer.statusCode,
      responseText: answer.body,
      headers: { 'content-type': String(answer.headers['content-type'] ?? '') },
    };
  });

  scope.get('/preview/api/session', async () => ({
    agent: await sandbox.agent(),
    settings: settingsNow().open,
  }));

  scope.get('/preview/api/tickets', async () => ({ tickets: await sandbox.tickets() }));

  scope.get<{ Params: { id: string } }>('/preview/api/tickets/:id', async (request) => ({
    ticket: await sandbox.ticket(ticketIdOf(request.params.id)),
  }));

  scope.post<{ Params: { id: string } }>('/preview/api/tickets/:id/replies', async (request, reply) => {
    const id = ticketIdOf(request.params.id);
    const answer = await sandbox.send('POST', `/_sandbox/tickets/${id}/replies`, request.body);
    return reply.code(answer.status).send(answer.body);
  });

  scope.get<{ Params: { id: string; name: string } }>('/preview/api/attachments/:id/:name', async (request, reply) => {
    const id = ticketIdOf(request.params.id);
    const response = await fetch(`${options.sandboxUrl}/_sandbox/attachments/${id}`);
    if (!response.ok) throw notFound(`no attachment ${id}`);
    const type = response.headers.get('content-type') ?? 'application/octet-stream';
    return reply
      .type(type)
      .header('content-disposition', attachmentDisposition(request.params.name))
      .send(Buffer.from(await response.arrayBuffer()));
  });
}

function ticketIdOf(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw badRequest(`ticket id "${text}" is not a number`);
  return Number(text);
}

async function sendFile(reply: FastifyReply, dir: string, file: string): Promise<FastifyReply> {
  // Names only, no paths: `..%2F` and friends never leave the folder.
  if (!SAFE_FILE.test(file) || file.startsWith('.')) throw notFound(`no file ${file}`);
  const body = await readFile(join(dir, file)).catch(() => null);
  if (body === null) throw notFound(`no file ${file}`);
  return reply.type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream').send(body);
}

/** How long a user or the field list read from the sandbox is reused: a renamed user shows within this time. */
export const LOOKUP_TTL_MS = 30_000;

/**
 * Values kept for `ttlMs` after they were read, by key; a read in flight is shared by every caller. A failed read
 * is not kept. The number of keys is bounded by the sandbox's users (a few dozen in a preview).
 */
export function expiringCache<T>(ttlMs: number, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key: string, read: () => Promise<T>): Promise<T> {
      const entry = entries.get(key);
      if (entry !== undefined && now() - entry.at < ttlMs) return entry.value;
      const value = read();
      entries.set(key, { at: now(), value });
      value.catch(() => entries.delete(key));
      return value;
    },
  };
}

/** Reads the sandbox through its Zendesk API (any credentials are accepted there; none come from the browser). */
function sandboxReader(baseUrl: string) {
  const headers = { authorization: 'Basic ' + Buffer.from('preview@upgrade-windows.local:preview').toString('base64') };
  async function get<T>(path: string): Promise<T> {
    const response = await fetch(baseUrl + path, { headers });
    if (!response.ok) {
      if (response.status === 404) throw notFound(`the sandbox has no ${path}`);
      throw new ApiError(502, 'SANDBOX_FAILED', `the sandbox answered ${response.status} to ${path}`);
    }
    return (await response.json()) as T;
  }
  // Every poll needs the same people and fields: most of the page's sandbox requests were these look-ups again.
  const userCache = expiringCache<ZendeskUser>(LOOKUP_TTL_MS);
  const fieldCache = expiringCache<ZendeskTicketField[]>(LOOKUP_TTL_MS);
  async function users(ids: Iterable<number>): Promise<Map<number, ZendeskUser>> {
    const unique = [...new Set(ids)];
    const found = await Promise.all(
      unique.map((id) =>
        userCache
          .get(String(id), () => get<{ user: ZendeskUser }>(`/api/v2/users/${id}.json`).then((body) => body.user))
          .catch(() => null),
      ),
    );
    return new Map(found.filter((user): user is ZendeskUser => user !== null).map((user) => [user.id, user]));
  }
  const fields = () =>
    fieldCache.get(
      'all',
      async () => (await get<{ ticket_fields: ZendeskTicketField[] }>('/api/v2/ticket_fields.json')).ticket_fields,
    );

  return {
    async agent(): Promise<PersonView | null> {
      const body = await get<{ users: ZendeskUser[] }>('/api/v2/users.json?role=agent');
      const agent = body.users[0];
      return agent ? personOf(agent) : null;
    },
    async tickets(): Promise<TicketSummary[]> {
      const [list, ticketFields] = await Promise.all([
        get<{ tickets: ZendeskTicket[] }>('/api/v2/tickets.json?per_page=100'),
        fields(),
      ]);
      const requesters = await users(list.tickets.map((ticket) => ticket.requester_id));
      return list.tickets.map((ticket) => summaryOf(ticket, ticketFields, requesters));
    },
    async ticket(id: number): Promise<TicketView> {
      const [{ ticket }, { comments }, ticketFields] = await Promise.all([
        get<{ ticket: ZendeskTicket }>(`/api/v2/tickets/${id}.json`),
        get<{ comments: ZendeskComment[] }>(`/api/v2/tickets/${id}/comments.json?per_page=100`),
        fields(),
      ]);
      const people = await users([ticket.requester_id, ...comments.map((comment) => comment.author_id)]);
      const organization =
        ticket.organization_id === null
          ? null
          : await get<{ organization: { id: number; name: string } }>(
              `/api/v2/organizations/${ticket.organization_id}.json`,
            ).then((body) => body.organization);
      const members =
        organization === null
          ? []
          : (await get<{ users: ZendeskUser[] }>(`/api/v2/organizations/${organization.id}/users.json`)).users;
      const requester = people.get(ticket.requester_id);
      return {
        id: ticket.id,
        subject: ticket.subject,
        status: ticket.status,
        requester: requester ? personOf(requester) : null,
        organization: organization === null ? null : { id: organization.id, name: organization.name },
        fields: fieldsOf(ticket, ticketFields),
        comments: comments.map((comment) => commentOf(comment, people)),
        customers: customersOf(requester, members),
      };
    },
    async send(method: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
      const response = await fetch(baseUrl + path, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as unknown) };
    },
  };
}
