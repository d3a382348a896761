// Types for the ZAF SDK loaded from Zendesk's CDN (`zaf_sdk.min.js` sets `window.ZAFClient`).
// Zendesk publishes no types and the npm package is a stale fork (docs/DECISIONS.md §15), so these are our own,
// limited to what the sidebar calls.
export interface ZafSdkClient {
  get(paths: string | string[]): Promise<Record<string, unknown>>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: Record<string, unknown>): Promise<unknown>;
  context(): Promise<Record<string, unknown>>;
  on(name: string, handler: (...args: unknown[]) => void): void;
  off(name: string, handler: (...args: unknown[]) => void): void;
}

export interface ZafSdk {
  /** Returns false outside a Zendesk iframe (no `origin`/`app_guid` in the URL); the callback is bound to app.registered. */
  init(onRegistered?: (data: unknown) => void): ZafSdkClient | false;
}

declare global {
  interface Window {
    ZAFClient?: ZafSdk;
  }
}
