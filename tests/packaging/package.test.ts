import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assembleAppDirectory } from '../../src/packaging/app-dir.js';
import { packageApp, runPackage } from '../../src/packaging/package.js';
import { readPngSize } from '../../src/packaging/png.js';
import { readPackageDirectory, readPackageZip, validatePackage } from '../../src/packaging/validate.js';

const root = resolve(__dirname, '../..');
const BACKEND = { origin: 'https://upgrades.acme.example', host: 'upgrades.acme.example' };

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
    const { result } = packageApp(appDir, zipPath, BACKEND);
    expect(result).toEqual({ errors: [], warnings: [] });
    const files = readPackageZip(readFileSync(zipPath));
    expect(files.map((file) => file.path)).toContain('manifest.json');
    expect(validatePackage(files)).toEqual({ errors: [], warnings: [] });
  });

  it('names the backend host literally: the whitelist and the setting default, from --backend-url', () => {
    const zipPath = join(work, 'named.zip');
    expect(packageApp(appDir, zipPath, BACKEND).zipPath).toBe(zipPath);
    const manifest = JSON.parse(
      Buffer.from(readPackageZip(readFileSync(zipPath)).find((file) => file.path === 'manifest.json')!.bytes).toString(
        'utf8',
      ),
    ) as { domainWhitelist: string[]; parameters: { name: string; default?: string }[] };
    expect(manifest.domainWhitelist).toEqual(['upgrades.acme.example']);
    expect(manifest.parameters.find((parameter) => parameter.name === 'backendUrl')?.default).toBe(
      'https://upgrades.acme.example',
    );
    // dist/ itself stays install-neutral.
    expect(JSON.parse(readFileSync(join(appDir, 'manifest.json'), 'utf8'))).toMatchObject({ domainWhitelist: [] });
  });

  it('leaves dist/ unpackable as it is: the built sidebar calls a host only the packaging names', () => {
    const files = readPackageDirectory(appDir);
    expect(validatePackage(files).errors.map((finding) => finding.code)).toEqual(['request_host_unknown']);
  });

  describe('npm run package (runPackage)', () => {
    const run = (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const status = runPackage(args, work, { out: (line) => out.push(line), err: (line) => err.push(line) });
      return { status, out, err: err.join('\n') };
    };

    it('writes the zip and prints its path', () => {
      const answer = run(['--backend-url', 'https://upgrades.acme.example/', '--out', 'cli.zip']);
      expect(answer).toEqual({ status: 0, out: [join(work, 'cli.zip')], err: '' });
    });

    it.each([
      ['without --backend-url', [], /--backend-url is required: the https address of your Upgrade Windows backend/],
      ['with an http URL', ['--backend-url', 'http://upgrades.acme.example'], /must start with https:\/\//],
      ['with a path', ['--backend-url', 'https://acme.example/upgrades'], /has a path \(\/upgrades\): give the bare/],
      ['with a query', ['--backend-url', 'https://acme.example/?a=1'], /must not have a query or a fragment/],
      ['with credentials', ['--backend-url', 'https://u:p@acme.example'], /must not carry a user name or password/],
      ['with no URL at all', ['--backend-url', 'upgrades'], /"upgrades" is not a URL/],
      ['with an empty value', ['--backend-url='], /--backend-url is required/],
      ['with an unknown option', ['--backend', 'https://acme.example'], /Unknown option '--backend'/],
      ['before the build', ['--backend-url', 'https://acme.example', '--dir', 'nothing'], /run "npm run build" first/],
    ])('stops with exit status 2 and says why %s', (_name, args, message) => {
      const answer = run(args);
      expect(answer.status).toBe(2);
      expect(answer.out).toEqual([]);
      expect(answer.err).toMatch(/^package: /);
      expect(answer.err).toMatch(message);
    });
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
