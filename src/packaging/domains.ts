import type { PackageFile, ValidationResult } from './validate.js';

/**
 * The hosts an app's requests reach must be in its `domainWhitelist`: Zendesk's proxy refuses the others. The
 * offline validator cannot run the app, so it reads where the requests can go from the package itself: ZAF fills
 * `{{setting.NAME}}` only into `client.request` options, so a URL-type setting named in a script is a request
 * host, and its value is the packaged default (docs/DECISIONS.md, "The app package names the backend's host").
 */

// A bare host name, as Zendesk's manifest reference shows them ("omniwear.com"): no scheme, port, path or placeholder.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SETTING = /\{\{\s*setting\.([A-Za-z0-9_]+)\s*\}\}/g;
const SCRIPT = /\.(js|html?)$/i;

type Result = ValidationResult;
type Finding = (result: Result, code: string, message: string) => void;

/** `domainWhitelist` is an array of host names, and every request host the package reveals is in it. */
export function checkDomains(manifest: Record<string, unknown>, files: PackageFile[], result: Result): void {
  const list = manifest.domainWhitelist ?? [];
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
    error(result, 'invalid_domain_whitelist', 'domainWhitelist must be an array of strings');
    return;
  }
  for (const entry of list) {
    if (!HOST_NAME.test(entry)) {
      error(
        result,
        'domain_whitelist_not_a_host',
        `domainWhitelist: ${JSON.stringify(entry)} is not a host name (Zendesk lists bare hosts such as ` +
          '"api.example.com"; package with --backend-url https://HOST)',
      );
    }
  }
  const allowed = new Set(list.map((entry) => entry.toLowerCase()));
  for (const [name, where] of requestSettings(manifest, files)) {
    checkRequestHost(manifest, name, where, allowed, result);
  }
}

/** URL-type settings the scripts of the package name, each with the first file that names it. */
function requestSettings(manifest: Record<string, unknown>, files: PackageFile[]): Map<string, string> {
  const urlSettings = new Set(
    (Array.isArray(manifest.parameters) ? manifest.parameters : [])
      .filter((parameter: unknown) => isObject(parameter) && parameter.type === 'url')
      .map((parameter) => (parameter as { name: unknown }).name),
  );
  const found = new Map<string, string>();
  for (const file of files) {
    if (file.symlink || !file.path.startsWith('assets/') || !SCRIPT.test(file.path)) continue;
    for (const match of Buffer.from(file.bytes).toString('utf8').matchAll(SETTING)) {
      const name = match[1]!;
      if (urlSettings.has(name) && !found.has(name)) found.set(name, file.path);
    }
  }
  return found;
}

function checkRequestHost(
  manifest: Record<string, unknown>,
  name: string,
  where: string,
  allowed: Set<string>,
  result: Result,
): void {
  const parameter = (manifest.parameters as Record<string, unknown>[]).find((candidate) => candidate.name === name);
  const value = parameter?.default;
  const uses = `${where} sends requests to {{setting.${name}}}`;
  if (typeof value !== 'string' || !URL.canParse(value)) {
    error(
      result,
      'request_host_unknown',
      `${uses}, whose host is known only at install and so cannot be in domainWhitelist: give the parameter ` +
        `"${name}" the backend's address as its default (npm run package -- --backend-url https://HOST)`,
    );
    return;
  }
  const host = new URL(value).hostname.toLowerCase();
  if (!allowed.has(host)) {
    error(
      result,
      'request_host_not_whitelisted',
      `${uses} (${value}), but domainWhitelist does not list ${host}: Zendesk's proxy would refuse every call`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const error: Finding = (result, code, message) => {
  result.errors.push({ code, message });
};
