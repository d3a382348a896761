import type { ZafClient, ZafRequestOptions, ZafResponse } from '../../src/app/zaf/client.js';

/** An answer of the fake backend: a status and a JSON body, or a promise that never settles (loading). */
export type Answer = { status: number; body?: unknown } | 'pending' | 'network-error';
type Responder = Answer | Answer[] | ((request: ZafRequestOptions) => Answer);

export interface FakeZafClient extends ZafClient {
  requests: ZafRequestOptions[];
  invocations: unknown[][];
  /** Fires a ZAF event at the handlers subscribed to it, as Zendesk does when the ticket changes. */
  trigger(name: string): void;
  /** The events with at least one handler now. */
  subscribed(): string[];
  /** Replaces or adds the answer of a route: `'POST /api/tickets/42/window'` (path with its query). */
  answer(route: string, responder: Responder): void;
}

export const AGENT = { id: 901, name: 'Ada Agent', locale: 'en-US', timeZone: { ianaName: 'America/New_York' } };

/**
 * A ZAF client for tests: `client.request` answers like ZAF does with `httpCompleteResponse: true`
 * (resolves 2xx, rejects other statuses with the same response object), from a table of routes keyed by
 * method and the URL after the `{{setting.backendUrl}}` placeholder. Unknown routes answer 404.
 */
export function createFakeZafClient(
  options: {
    user?: unknown;
    ticketId?: number | null;
    ticketStatus?: string;
    location?: string;
    routes?: Record<string, Responder>;
  } = {},
): FakeZafClient {
  const routes = new Map<string, Responder>(Object.entries(options.routes ?? {}));
  const requests: ZafRequestOptions[] = [];
  const invocations: unknown[][] = [];
  const calls = new Map<string, number>();
  const handlers = new Map<string, Set<() => void>>();
  return {
    requests,
    invocations,
    on(name, handler) {
      handlers.set(name, (handlers.get(name) ?? new Set()).add(handler));
    },
    off(name, handler) {
      handlers.get(name)?.delete(handler);
    },
    trigger(name) {
      for (const handler of handlers.get(name) ?? []) handler();
    },
    subscribed() {
      return [...handlers].filter(([, set]) => set.size > 0).map(([name]) => name);
    },
    answer(route, responder) {
      routes.set(route, responder);
      calls.delete(route);
    },
    async get(paths) {
      const data: Record<string, unknown> = {};
      for (const path of paths) {
        if (path === 'currentUser') data[path] = options.user ?? AGENT;
        if (path === 'ticket.id') data[path] = options.ticketId === undefined ? 42 : options.ticketId;
        if (path === 'ticket.status') data[path] = options.ticketStatus ?? 'open';
      }
      return data;
    },
    async invoke(name, ...args) {
      invocations.push([name, ...args]);
      return undefined;
    },
    async context() {
      return { location: options.location ?? 'ticket_sidebar' };
    },
    request(request) {
      requests.push(request);
      const route = `${request.type} ${request.url.replace('{{setting.backendUrl}}', '')}`;
      const responder = routes.get(route) ?? {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: `no ${route}` } },
      };
      const count = calls.get(route) ?? 0;
      calls.set(route, count + 1);
      const answer = Array.isArray(responder)
        ? responder[Math.min(count, responder.length - 1)]!
        : typeof responder === 'function'
          ? responder(request)
          : responder;
      if (answer === 'pending') return new Promise<ZafResponse>(() => undefined);
      if (answer === 'network-error') return Promise.reject(new Error('proxy unreachable'));
      const response: ZafResponse = {
        status: answer.status,
        responseJSON: answer.body,
        responseText: answer.body === undefined ? '' : JSON.stringify(answer.body),
      };
      return answer.status >= 200 && answer.status < 300 ? Promise.resolve(response) : Promise.reject(response);
    },
  };
}
