import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assembleAppDirectory } from '../../src/packaging/app-dir.js';
import { packageApp } from '../../src/packaging/package.js';
import { readPngSize } from '../../src/packaging/png.js';
import { readPackageZip, validatePackage } from '../../src/packaging/validate.js';

const root = resolve(__dirname, '../..');

describe('the built app package', () => {
  let work: string;
  let appDir: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'uw-app-'));
    appDir = join(work, 'dist');
    // The same build `npm run build` runs, into a scratch directory so the project's dist/ is left alone.
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error', '--outDir', join(appDir, 'assets')],
      {
        cwd: root,
        stdio: 'pipe',
      },
    );
    assembleAppDirectory(root, appDir);
  }, 120_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the manifest, the app translations, the logos and the built page, and nothing else', () => {
    const files = readdirSync(appDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(appDir.length + 1))
      .map((path) => path.replace(/-[\w-]{8}\.js$/, '-[hash].js'))
      .sort();
    expect(files).toEqual([
      'assets/index-[hash].js',
      'assets/index.html',
      'assets/logo-small.png',
      'assets/logo.png',
      'manifest.json',
      'translations/en.json',
      'translations/fr.json',
    ]);
  });

  it('keeps only the app section of the translations, with the parameter labels', () => {
    const en = JSON.parse(readFileSync(join(appDir, 'translations/en.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(en)).toEqual(['app']);
    expect(en).toMatchObject({
      app: {
        name: 'Upgrade Windows',
        parameters: { backendUrl: { label: 'Backend URL' }, agentToken: { label: 'Agent API token' } },
      },
    });
  });

  it('loads exactly one ZAF SDK script, from the CDN, with relative asset URLs', () => {
    const html = readFileSync(join(appDir, 'assets/index.html'), 'utf8');
    expect(html.match(/<script[^>]*zaf_sdk[^>]*>/g)).toEqual([
      '<script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js">',
    ]);
    expect(html).toMatch(/<script type="module" crossorigin src="\.\/index-[\w-]{8}\.js"><\/script>/);
  });

  it('zips into a package that validates with no errors and no warnings, manifest at the root', () => {
    const zipPath = join(work, 'app.zip');
    const { result } = packageApp(appDir, zipPath);
    expect(result).toEqual({ errors: [], warnings: [] });
    const files = readPackageZip(readFileSync(zipPath));
    expect(files.map((file) => file.path)).toContain('manifest.json');
    expect(validatePackage(files)).toEqual({ errors: [], warnings: [] });
  });

  it('bundles no scheduling engine and no date library: the backend decides, Intl formats', () => {
    const scripts = readdirSync(join(appDir, 'assets')).filter((name) => name.endsWith('.js'));
    const bundle = scripts.map((name) => readFileSync(join(appDir, 'assets', name), 'utf8')).join('\n');
    expect(bundle).not.toMatch(/Invalid DateTime|luxon|date-fns|rrule/);
  });

  it('ships logos of 320 and 128 pixels', () => {
    expect(readPngSize(readFileSync(join(appDir, 'assets/logo.png')))).toEqual({ width: 320, height: 320 });
    expect(readPngSize(readFileSync(join(appDir, 'assets/logo-small.png')))).toEqual({ width: 128, height: 128 });
  });
});
