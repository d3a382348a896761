import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files Zendesk reads from `translations/<locale>.json`; the sidebar's own strings stay in its bundle. */
export function zendeskTranslations(translations: unknown): { app: unknown } {
  const app = (translations as { app?: unknown } | null)?.app;
  if (app === undefined) throw new Error('zendeskTranslations: the translations have no "app" section');
  return { app };
}

/**
 * Completes the app directory `appDir` around the page Vite built into `appDir/assets`: the manifest, the
 * translations reduced to their `app` section, and the logos, all from the project at `root`.
 * Nothing from src/ or node_modules/ is copied.
 */
export function assembleAppDirectory(root: string, appDir: string): void {
  if (!existsSync(join(appDir, 'assets', 'index.html'))) {
    throw new Error(`assembleAppDirectory: ${join(appDir, 'assets', 'index.html')} is missing; run vite build first`);
  }
  rmSync(join(appDir, 'manifest.json'), { force: true });
  rmSync(join(appDir, 'translations'), { recursive: true, force: true });
  copyFileSync(join(root, 'manifest.json'), join(appDir, 'manifest.json'));
  mkdirSync(join(appDir, 'translations'));
  for (const file of readdirSync(join(root, 'translations')).filter((name) => name.endsWith('.json'))) {
    const translations = JSON.parse(readFileSync(join(root, 'translations', file), 'utf8')) as unknown;
    writeFileSync(
      join(appDir, 'translations', file),
      `${JSON.stringify(zendeskTranslations(translations), null, 2)}\n`,
    );
  }
  for (const logo of ['logo.png', 'logo-small.png'])
    copyFileSync(join(root, 'assets', logo), join(appDir, 'assets', logo));
}
