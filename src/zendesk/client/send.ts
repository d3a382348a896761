import { NetworkError, TimeoutError } from './errors/index.js';
import type { Settings } from './options.js';

/** One request to Zendesk's API, before the base URL and the retries. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  raw?: { contentType: string; bytes: Uint8Array | string };
  /** A budget of its own besides the account's: Zendesk's incremental exports allow 10 requests a minute. */
  budget?: 'incremental-export';
}

export function buildUrl(base: URL, path: string, query: Record<string, string> | undefined): string {
  const url = new URL(path.replace(/^\//, ''), base);
  for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
  return url.href;
}

/** One attempt: answers with the parsed body, or throws TimeoutError / NetworkError. */
export async function send(settings: Settings, spec: RequestSpec, url: string) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  const headers: Record<string, string> = { authorization: settings.authorization, accept: 'application/json' };
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (spec.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.json);
  } else if (spec.raw) {
    headers['content-type'] = spec.raw.contentType;
    // A copy typed over a plain ArrayBuffer, which is what fetch's BodyInit accepts.
    body = typeof spec.raw.bytes === 'string' ? spec.raw.bytes : new Uint8Array(spec.raw.bytes);
  }
  try {
    const response = await settings.fetch(url, {
      method: spec.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: controller.signal,
    });
    const text = await response.text();
    return { status: response.status, ok: response.ok, headers: response.headers, body: parseBody(text) };
  } catch (error) {
    if (controller.signal.aborted)
      throw new TimeoutError({ method: spec.method, url, timeoutMs: settings.timeoutMs, cause: error });
    throw new NetworkError({ method: spec.method, url, cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
