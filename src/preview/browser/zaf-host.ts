/// <reference lib="dom" />
// The host side of the ZAF cross-frame protocol, as Zendesk's agent interface speaks it to an app's iframe, so that
// Zendesk's own SDK (served unmodified in the frame) runs against this page. The SDK posts JSON strings to the
// origin given in its URL; it expects, per lib/client.js of zendesk_app_framework_sdk:
// - `{ key: 'iframe.handshake' }` → `{ key: 'zaf.app.registered', message: { metadata, context } }`;
// - `{ id, request: 'get' | 'set' | 'invoke', params }` → `{ id, result }` or `{ id, error: { message } }`;
// - `{ key: 'request:N', message: options }` → `{ key: 'zaf.request:N.done' | '.fail', message: { responseArgs } }`;
// - `{ key: 'iframe.on:NAME' | 'iframe.off:NAME' }`: subscriptions; the preview sends no ticket events, so it ignores them.
// Requests go to the preview's `/preview/zaf/request`, which plays Zendesk's proxy on the server side.

export interface Registration {
  context: Record<string, unknown>;
  metadata: { appId: number; installationId: number; name: string; version: string; settings: Record<string, string> };
}

/** What the page knows: the app's registration and the answers to `get`, `set` and `invoke`. */
export interface HostAnswers {
  registration(): Registration;
  get(paths: string[]): Record<string, unknown>;
  set(values: Record<string, unknown>): Record<string, unknown>;
  invoke(name: string, args: unknown[]): void;
}

interface CompleteResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  responseText: string;
  responseJSON?: unknown;
}

const REQUEST_KEY = /^request:\d+$/;

/** Answers the SDK in `frame`, whose documents come from this page's origin; returns the message listener. */
export function hostZafApp(frame: HTMLIFrameElement, answers: HostAnswers): (event: MessageEvent) => void {
  const origin = window.location.origin;
  const post = (message: Record<string, unknown>) => frame.contentWindow?.postMessage(JSON.stringify(message), origin);

  return (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    const message = parse(event.data);
    if (message === null) return;
    if (typeof message.id === 'number' && typeof message.request === 'string') {
      post({ id: message.id, ...call(answers, message.request, message.params) });
      return;
    }
    const key = typeof message.key === 'string' ? message.key : '';
    if (key === 'iframe.handshake') {
      post({ key: 'zaf.app.registered', message: answers.registration() });
    } else if (REQUEST_KEY.test(key)) {
      void proxy(message.message).then(({ ok, args }) =>
        post({ key: `zaf.${key}.${ok ? 'done' : 'fail'}`, message: { responseArgs: args } }),
      );
    }
  };
}

function parse(data: unknown): Record<string, unknown> | null {
  try {
    const value: unknown = typeof data === 'string' ? JSON.parse(data) : data;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

// Zendesk answers `get` with every path's value and an `errors` object; the SDK throws a single path's error.
function call(answers: HostAnswers, request: string, params: unknown): { result: unknown } | { error: unknown } {
  try {
    switch (request) {
      case 'get':
        if (!Array.isArray(params) || !params.every((path) => typeof path === 'string')) break;
        return { result: answers.get(params) };
      case 'set':
        if (typeof params !== 'object' || params === null) break;
        return { result: answers.set(params as Record<string, unknown>) };
      case 'invoke':
        if (typeof params !== 'object' || params === null) break;
        for (const [name, args] of Object.entries(params)) answers.invoke(name, Array.isArray(args) ? args : [args]);
        return { result: { errors: {} } };
    }
    return { error: { name: 'ArgumentError', message: `the preview does not answer ${request} with these params` } };
  } catch (failure) {
    return { error: { name: 'Error', message: (failure as Error).message } };
  }
}

interface RequestOptions {
  url?: unknown;
  type?: unknown;
  contentType?: unknown;
  data?: unknown;
  headers?: unknown;
  secure?: unknown;
  httpCompleteResponse?: unknown;
  dataType?: unknown;
}

/**
 * One `client.request`, made by the page as Zendesk's page makes it: through the proxy, settings filled on the
 * server. Resolves with the SDK's `responseArgs`: the complete response with `httpCompleteResponse`, else jQuery's
 * `(data, textStatus, response)` on success and `(response, textStatus, statusText)` on failure.
 */
async function proxy(input: unknown): Promise<{ ok: boolean; args: unknown[] }> {
  const options: RequestOptions =
    typeof input === 'string' ? { url: input } : typeof input === 'object' && input !== null ? input : {};
  const proxied = await fetch('/preview/zaf/request', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      url: options.url,
      type: options.type ?? 'GET',
      contentType: typeof options.contentType === 'string' ? options.contentType : null,
      data:
        typeof options.data === 'string' || options.data === undefined ? options.data : JSON.stringify(options.data),
      headers: options.headers ?? {},
      secure: options.secure === true,
    }),
  }).catch(() => null);
  if (proxied === null) return { ok: false, args: [completeResponse(0, '', {}), 'error', 'network error'] };
  const answer = (await proxied.json().catch(() => null)) as {
    status?: number;
    responseText?: string;
    headers?: Record<string, string>;
  } | null;
  // The proxy itself refused (not whitelisted, unknown setting): Zendesk fails such calls the same way.
  const response =
    proxied.ok && answer !== null && typeof answer.status === 'number'
      ? completeResponse(answer.status, answer.responseText ?? '', answer.headers ?? {})
      : completeResponse(proxied.status, JSON.stringify(answer), {});
  const ok = response.status >= 200 && response.status < 300;
  if (options.httpCompleteResponse === true) return { ok, args: [response] };
  if (!ok) return { ok, args: [response, 'error', response.statusText] };
  const isJson = options.dataType === 'json' || /json/i.test(response.headers['content-type'] ?? '');
  return { ok, args: [isJson ? (response.responseJSON ?? null) : response.responseText, 'success', response] };
}

function completeResponse(status: number, text: string, headers: Record<string, string>): CompleteResponse {
  const response: CompleteResponse = { status, statusText: String(status), headers, responseText: text };
  try {
    if (text !== '') response.responseJSON = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: responseText alone, as Zendesk gives it.
  }
  return response;
}
