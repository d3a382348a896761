// What Zendesk's request proxy does for an app, done by the preview's backend: fill `{{setting.*}}` on the
// server side (so a secure setting never reaches the iframe), and only call the domain the manifest allows.

export interface AppSettings {
  /** Settings the iframe may read through `metadata().settings`. */
  open: Record<string, string>;
  /** Settings only the proxy fills in, and only into requests sent with `secure: true` (ZAF's rule). */
  secure: Record<string, string>;
}

export interface ProxiedRequest {
  url: string;
  type: string;
  headers: Record<string, string>;
  data: string | null;
  contentType: string | null;
}

export type ProxyRequestCheck = { ok: true; request: ProxiedRequest } | { ok: false; status: number; message: string };

const PLACEHOLDER = /\{\{\s*setting\.([A-Za-z0-9_]+)\s*\}\}/g;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `{{setting.agentToken}}` → the token when `secure` is true; an open setting is always filled. Unknown names, and
 * secure names in a request without `secure: true`, are reported rather than sent as literal braces.
 * Example: fillSettings('Bearer {{setting.agentToken}}', settings, true) → { text: 'Bearer s3cr3t', missing: [] }.
 */
export function fillSettings(
  text: string,
  settings: AppSettings,
  secure: boolean,
): { text: string; missing: string[] } {
  const missing: string[] = [];
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = settings.open[name] ?? (secure ? settings.secure[name] : undefined);
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    return value;
  });
  return { text: filled, missing };
}

/**
 * Checks a `client.request` options object sent by the iframe and fills its settings: secure ones into headers
 * only, never into the URL or the body (`data` is sent as given). Only URLs under one of `allowedOrigins` pass (the
 * manifest's `domainWhitelist`: the backend), so the proxy cannot reach anything else.
 */
export function prepareProxiedRequest(
  input: unknown,
  settings: AppSettings,
  allowedOrigins: string[],
): ProxyRequestCheck {
  if (typeof input !== 'object' || input === null) return refuse(400, 'the body must be the request options object');
  const options = input as Record<string, unknown>;
  if (typeof options.url !== 'string' || options.url === '') return refuse(400, 'url must be a non-empty string');
  const type = typeof options.type === 'string' ? options.type.toUpperCase() : 'GET';
  if (!METHODS.has(type)) return refuse(400, `type ${String(options.type)} is not an HTTP method the proxy sends`);
  const secure = options.secure === true;
  // A credential goes into headers only: in a URL it would reach logs, and an error message that quotes the
  // offending query value would hand it to whoever sent the request. Open settings, which the iframe reads anyway,
  // may still compose the URL (`{{setting.backendUrl}}/api/...`).
  const inUrl = fillSettings(options.url, settings, false);
  const secureInUrl = inUrl.missing.filter((name) => settings.secure[name] !== undefined);
  if (secureInUrl.length > 0) {
    return refuse(400, `secure settings are filled into headers only, not into the url: ${secureInUrl.join(', ')}`);
  }
  const missing: string[] = [...inUrl.missing];
  const url = inUrl.text;
  const headers: Record<string, string> = {};
  const rawHeaders = options.headers;
  if (rawHeaders !== undefined && (typeof rawHeaders !== 'object' || rawHeaders === null)) {
    return refuse(400, 'headers must be an object of strings');
  }
  for (const [name, value] of Object.entries((rawHeaders ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') return refuse(400, `headers.${name} must be a string`);
    const filled = fillSettings(value, settings, secure);
    missing.push(...filled.missing);
    headers[name.toLowerCase()] = filled.text;
  }
  if (missing.length > 0) {
    return refuse(
      400,
      `unknown or non-secure settings: ${[...new Set(missing)].join(', ')} (secure settings need secure: true)`,
    );
  }
  if (!allowedOrigins.some((origin) => isUnder(url, origin))) {
    return refuse(403, `${url} is not in the app's domain whitelist`);
  }
  const data = options.data === undefined || options.data === null ? null : String(options.data);
  const contentType = typeof options.contentType === 'string' ? options.contentType : null;
  return { ok: true, request: { url, type, headers, data, contentType } };
}

function isUnder(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

function refuse(status: number, message: string): ProxyRequestCheck {
  return { ok: false, status, message };
}

/** The CDN SDK tag of the built sidebar page, the one thing the preview changes in it. */
const SDK_TAG =
  /<script\b[^>]*\bsrc="https:\/\/static\.zdassets\.com\/zendesk_app_framework_sdk\/[^"]*"[^>]*><\/script>/g;

/**
 * The sidebar page with its one CDN SDK tag replaced by `replacement` (the tags that load Zendesk's SDK from the
 * preview, see sdk.ts), so the page loads nothing off the machine. Returns null when the page does not hold exactly
 * one SDK tag (a build that changed shape should fail loudly).
 */
export function swapSdkTag(html: string, replacement: string): string | null {
  const tags = html.match(SDK_TAG) ?? [];
  if (tags.length !== 1) return null;
  return html.replace(SDK_TAG, () => replacement);
}
