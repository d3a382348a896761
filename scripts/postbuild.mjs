// Makes the CLI executable so `npx upgrade-windows` works right after `npm install`.
import { chmodSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const bin = new URL('../build/src/cli/main.js', import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);

// Completes the Zendesk app directory dist/ around the page `vite build` wrote to dist/assets:
// manifest, translations reduced to their `app` section, logos (src/packaging/app-dir.ts).
const appDir = new URL('../dist/', import.meta.url);
if (existsSync(new URL('assets/index.html', appDir))) {
  const { assembleAppDirectory } = await import('../build/src/packaging/app-dir.js');
  assembleAppDirectory(fileURLToPath(new URL('..', import.meta.url)), fileURLToPath(appDir));
}
