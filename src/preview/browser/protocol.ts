/// <reference lib="dom" />
// The messages between the preview's ZAF client (in the sidebar iframe) and the workspace page (its parent),
// sent with postMessage to the exact origin the iframe was given, like Zendesk's own SDK does.

export const CHANNEL = 'upgrade-windows-zaf-preview';

export type ClientCall =
  | { kind: 'hello' }
  | { kind: 'get'; paths: string[] }
  | { kind: 'set'; values: Record<string, unknown> }
  | { kind: 'invoke'; name: string; args: unknown[] };

/** iframe → page. */
export interface CallMessage {
  channel: typeof CHANNEL;
  guid: string;
  id: number;
  call: ClientCall;
}

/** page → iframe: the answer to call `replyTo`, or an event pushed by the page. */
export type PageMessage =
  | { channel: typeof CHANNEL; replyTo: number; result?: unknown; error?: string }
  | { channel: typeof CHANNEL; event: string; data?: unknown };

/** What the page answers to `hello`: `app.registered` carries it, `context()` and `metadata()` return it. */
export interface Registration {
  context: Record<string, unknown>;
  metadata: { appId: number; installationId: number; name: string; version: string; settings: Record<string, string> };
}

export function isPageMessage(data: unknown): data is PageMessage {
  return typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === CHANNEL;
}

export function isCallMessage(data: unknown): data is CallMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { channel?: unknown }).channel === CHANNEL &&
    typeof (data as { id?: unknown }).id === 'number'
  );
}
