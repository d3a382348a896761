/**
 * The backend address given to `npm run package -- --backend-url https://HOST`. Zendesk's proxy calls only the
 * hosts the manifest's `domainWhitelist` names, and its manifest reference shows bare host names there, so the
 * package carries the host literally (docs/DECISIONS.md, "The app package names the backend's host").
 */
export type BackendUrl = { ok: true; origin: string; host: string } | { ok: false; message: string };

/**
 * Checks one `--backend-url` value: `https://`, a host, an optional port, nothing else.
 * Example: parseBackendUrl('https://upgrades.acme.example/') → { ok: true, origin: 'https://upgrades.acme.example',
 * host: 'upgrades.acme.example' }; 'http://…', a path, a query or credentials are refused with a message.
 */
export function parseBackendUrl(text: string | undefined): BackendUrl {
  const example = 'for example --backend-url https://upgrades.example.com';
  if (text === undefined || text.trim() === '') {
    return refuse(
      `--backend-url is required: the https address of your Upgrade Windows backend, ${example}. ` +
        "Zendesk's proxy calls only the hosts the app's manifest lists, so the package names it.",
    );
  }
  const shown = JSON.stringify(text);
  if (!URL.canParse(text)) return refuse(`--backend-url ${shown} is not a URL; ${example}`);
  const url = new URL(text);
  if (url.protocol !== 'https:') {
    return refuse(`--backend-url ${shown} must start with https:// (Zendesk's proxy calls apps' hosts over HTTPS)`);
  }
  if (url.username !== '' || url.password !== '') {
    return refuse(`--backend-url ${shown} must not carry a user name or password`);
  }
  if (url.pathname !== '/') {
    return refuse(
      `--backend-url ${shown} has a path (${url.pathname}): give the bare address https://HOST, ` +
        'the sidebar adds /api/... itself',
    );
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) {
    return refuse(`--backend-url ${shown} must not have a query or a fragment: give the bare address https://HOST`);
  }
  return { ok: true, origin: url.origin, host: url.hostname };
}

function refuse(message: string): BackendUrl {
  return { ok: false, message };
}

/**
 * The manifest as packaged for one backend: the `backendUrl` setting defaults to `origin` and `domainWhitelist`
 * lists `host`, the only host the sidebar calls. The source manifest.json stays install-neutral.
 */
export function manifestForBackend(manifestText: string, backend: { origin: string; host: string }): string {
  const manifest = JSON.parse(manifestText) as { parameters?: { name?: unknown; default?: unknown }[] } & Record<
    string,
    unknown
  >;
  const parameter = manifest.parameters?.find((candidate) => candidate.name === 'backendUrl');
  if (parameter === undefined) throw new Error('manifestForBackend: the manifest declares no backendUrl parameter');
  parameter.default = backend.origin;
  manifest.domainWhitelist = [backend.host];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
