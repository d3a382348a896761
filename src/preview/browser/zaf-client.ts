/// <reference lib="dom" />
// The preview's ZAF-compatible client: it sets `window.ZAFClient` like Zendesk's CDN SDK, so the built sidebar runs
// unchanged inside the preview page. `get`/`set`/`invoke` are answered by the parent page over postMessage; `request`
// goes through the backend's `/preview/zaf/request`, which fills `{{setting.*}}` on the server side (the agent
// token never reaches this frame), the way Zendesk's proxy does.
import { CHANNEL, isPageMessage, type ClientCall, type Registration } from './protocol.js';

type Handler = (...args: unknown[]) => void;

interface RequestOptions {
  url: string;
  type?: string;
  contentType?: string | false;
  data?: unknown;
  headers?: Record<string, string>;
  secure?: boolean;
  cors?: boolean;
  httpCompleteResponse?: boolean;
  dataType?: string;
}

interface CompleteResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  responseText: string;
  responseJSON?: unknown;
}

/** The mark the benchmark measures from (bench/preview.ts). */
export const REGISTERED_MARK = 'zaf:app.registered';

class PreviewZafClient {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private registration: Registration | null = null;
  private readonly registered: Promise<Registration>;
  private resolveRegistered!: (registration: Registration) => void;

  constructor(
    private readonly parentOrigin: string,
    private readonly guid: string,
  ) {
    this.registered = new Promise((resolve) => (this.resolveRegistered = resolve));
    window.addEventListener('message', (event) => this.receive(event));
  }

  /** Asks the page to register this app; `app.registered` fires with the page's context and metadata. */
  start(): void {
    void this.call({ kind: 'hello' }).then((result) => {
      this.registration = result as Registration;
      performance.mark(REGISTERED_MARK);
      this.resolveRegistered(this.registration);
      this.trigger('app.registered', this.registration);
    });
  }

  get(paths: string | string[]): Promise<Record<string, unknown>> {
    return this.call({ kind: 'get', paths: Array.isArray(paths) ? paths : [paths] }) as Promise<
      Record<string, unknown>
    >;
  }

  set(path: string | Record<string, unknown>, value?: unknown): Promise<Record<string, unknown>> {
    const values = typeof path === 'string' ? { [path]: value } : path;
    return this.call({ kind: 'set', values }) as Promise<Record<string, unknown>>;
  }

  /** `invoke('resize', { height: '420px' })`, or ZAF's bulk form `invoke({ resize: [{ height }] })`. */
  invoke(name: string | Record<string, unknown[]>, ...args: unknown[]): Promise<unknown> {
    if (typeof name === 'object') {
      return Promise.all(Object.entries(name).map(([key, list]) => this.invoke(key, ...list))).then(() => ({}));
    }
    return this.call({ kind: 'invoke', name, args });
  }

  async request(input: string | RequestOptions): Promise<unknown> {
    const options: RequestOptions = typeof input === 'string' ? { url: input } : input;
    const proxied = await fetch('/preview/zaf/request', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: options.url,
        type: options.type ?? 'GET',
        contentType: options.contentType === false ? null : (options.contentType ?? null),
        data:
          typeof options.data === 'string' || options.data === undefined ? options.data : JSON.stringify(options.data),
        headers: options.headers ?? {},
        secure: options.secure === true,
      }),
    }).catch(() => null);
    if (proxied === null) throw completeResponse(0, '', {});
    const answer = (await proxied.json().catch(() => null)) as {
      status?: number;
      responseText?: string;
      headers?: Record<string, string>;
    } | null;
    // The proxy itself refused (not whitelisted, unknown setting): ZAF rejects such calls the same way.
    const response =
      proxied.ok && answer !== null && typeof answer.status === 'number'
        ? completeResponse(answer.status, answer.responseText ?? '', answer.headers ?? {})
        : completeResponse(proxied.status, JSON.stringify(answer), {});
    const ok = response.status >= 200 && response.status < 300;
    if (options.httpCompleteResponse === true) {
      if (ok) return response;
      throw response;
    }
    if (!ok) throw response;
    const isJson = options.dataType === 'json' || /json/i.test(response.headers['content-type'] ?? '');
    return isJson ? (response.responseJSON ?? null) : response.responseText;
  }

  on(name: string, handler: Handler): void {
    const set = this.handlers.get(name) ?? new Set<Handler>();
    set.add(handler);
    this.handlers.set(name, set);
  }

  off(name: string, handler: Handler): void {
    this.handlers.get(name)?.delete(handler);
  }

  has(name: string, handler: Handler): boolean {
    return this.handlers.get(name)?.has(handler) ?? false;
  }

  trigger(name: string, data?: unknown): void {
    for (const handler of [...(this.handlers.get(name) ?? [])]) handler(data);
  }

  metadata(): Promise<Registration['metadata']> {
    return this.registered.then((registration) => registration.metadata);
  }

  context(): Promise<Record<string, unknown>> {
    return this.registered.then((registration) => registration.context);
  }

  private call(call: ClientCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      window.parent.postMessage({ channel: CHANNEL, guid: this.guid, id, call }, this.parentOrigin);
    });
  }

  private receive(event: MessageEvent): void {
    // Only the page that framed us, at the origin it told us, may answer.
    if (event.source !== window.parent || event.origin !== this.parentOrigin || !isPageMessage(event.data)) return;
    const message = event.data;
    if ('replyTo' in message) {
      const waiting = this.pending.get(message.replyTo);
      if (!waiting) return;
      this.pending.delete(message.replyTo);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result);
      return;
    }
    this.trigger(message.event, message.data);
  }
}

function completeResponse(status: number, text: string, headers: Record<string, string>): CompleteResponse {
  const response: CompleteResponse = { status, statusText: String(status), headers, responseText: text };
  try {
    if (text !== '') response.responseJSON = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: responseText alone, as ZAF gives it.
  }
  return response;
}

/** ZAF reads `origin` and `app_guid` from the query (or the hash); without both it is not framed by Zendesk. */
function frameParameters(): { origin: string; guid: string } | null {
  const search = new URLSearchParams(window.location.search || window.location.hash.slice(1));
  const origin = search.get('origin');
  const guid = search.get('app_guid');
  return origin && guid ? { origin, guid } : null;
}

let client: PreviewZafClient | null = null;

const ZAFClient = {
  init(onRegistered?: (data: unknown) => void): PreviewZafClient | false {
    if (client !== null) return client;
    const parameters = frameParameters();
    if (parameters === null || window.parent === window) return false;
    client = new PreviewZafClient(parameters.origin, parameters.guid);
    if (onRegistered) client.on('app.registered', onRegistered as Handler);
    client.start();
    return client;
  },
};

(window as unknown as { ZAFClient: typeof ZAFClient }).ZAFClient = ZAFClient;
