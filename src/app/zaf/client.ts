import type { ZafSdk, ZafSdkClient } from './zaf-sdk.js';

/** The options of `client.request` that the sidebar uses (src/app/README.md). */
export interface ZafRequestOptions {
  url: string;
  type: 'GET' | 'POST' | 'PUT' | 'DELETE';
  contentType: 'application/json';
  data?: string;
  headers: Record<string, string>;
  secure: true;
  httpCompleteResponse: true;
  dataType: 'json';
}

/** What `client.request` gives with `httpCompleteResponse: true`, resolved or rejected alike. */
export interface ZafResponse {
  status: number;
  responseJSON?: unknown;
  responseText?: string;
}

/** The part of the ZAF client the sidebar depends on; tests pass a fake that implements it. */
export interface ZafClient {
  get(paths: string[]): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: ZafRequestOptions): Promise<ZafResponse>;
  context(): Promise<Record<string, unknown>>;
  /** Subscribes to a ZAF event (`ticket.updated`, `ticket.submit.done`, ...); `off` with the same handler undoes it. */
  on(name: string, handler: () => void): void;
  off(name: string, handler: () => void): void;
}

/**
 * Creates the one ZAF client of the page. `onRegistered` is handed to `init()` itself, so it is subscribed
 * before `app.registered` can fire (the SDK does not replay it). Returns null outside Zendesk, where `init()`
 * returns false, and when the CDN script did not load.
 */
export function connectZafClient(sdk: ZafSdk | undefined, onRegistered: (client: ZafClient) => void): ZafClient | null {
  if (sdk === undefined) return null;
  let client: ZafClient | null = null;
  let registeredEarly = false;
  const raw = sdk.init(() => {
    if (client === null) registeredEarly = true;
    else onRegistered(client);
  });
  if (raw === false) return null;
  client = adaptSdkClient(raw);
  if (registeredEarly) onRegistered(client);
  return client;
}

function adaptSdkClient(raw: ZafSdkClient): ZafClient {
  return {
    get: (paths) => raw.get(paths),
    invoke: (name, ...args) => raw.invoke(name, ...args),
    request: (options) => raw.request({ ...options }) as Promise<ZafResponse>,
    context: () => raw.context(),
    on: (name, handler) => raw.on(name, handler),
    off: (name, handler) => raw.off(name, handler),
  };
}
