import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { zendeskTranslations } from '../../src/packaging/app-dir.js';
import { parseJsonWithDuplicates } from '../../src/packaging/json-keys.js';
import { encodePng } from '../../src/packaging/png.js';
import { readPackageDirectory, validatePackage, type PackageFile } from '../../src/packaging/validate.js';
import { zipPackage } from '../../src/packaging/zip.js';

const root = resolve(__dirname, '../..');
const text = (path: string, content: string): PackageFile => ({ path, bytes: Buffer.from(content) });
const json = (path: string, value: unknown) => text(path, JSON.stringify(value));
const manifest = () => JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const translations = () =>
  zendeskTranslations(JSON.parse(readFileSync(join(root, 'translations/en.json'), 'utf8'))) as {
    app: Record<string, unknown>;
  };

/** A package that passes every rule, built in memory from the project's manifest, translations and logos. */
function validFiles(): PackageFile[] {
  return [
    json('manifest.json', manifest()),
    json('translations/en.json', translations()),
    text('assets/index.html', '<!doctype html><script src="./index.js"></script>'),
    text('assets/index.js', 'console.log(1)'),
    { path: 'assets/logo.png', bytes: readFileSync(join(root, 'assets/logo.png')) },
    { path: 'assets/logo-small.png', bytes: readFileSync(join(root, 'assets/logo-small.png')) },
  ];
}

function withManifest(change: (m: Record<string, unknown>) => void): PackageFile[] {
  const m = manifest();
  change(m);
  return validFiles().map((file) => (file.path === 'manifest.json' ? json('manifest.json', m) : file));
}

const codes = (files: PackageFile[]) => {
  const result = validatePackage(files);
  return { errors: result.errors.map((f) => f.code), warnings: result.warnings.map((f) => f.code) };
};

describe('validatePackage', () => {
  it('accepts the valid package with no finding', () => {
    expect(validatePackage(validFiles())).toEqual({ errors: [], warnings: [] });
  });

  it.each<[string, PackageFile[], string]>([
    ['no manifest', validFiles().filter((f) => f.path !== 'manifest.json'), 'missing_manifest'],
    [
      'a manifest in a sub-folder',
      validFiles().map((f) => (f.path === 'manifest.json' ? { ...f, path: 'app/manifest.json' } : f)),
      'nested_manifest',
    ],
    [
      'a duplicate manifest key',
      validFiles().map((f) =>
        f.path === 'manifest.json' ? text('manifest.json', `{"name":"a",${JSON.stringify(manifest()).slice(1)}`) : f,
      ),
      'duplicate_manifest_keys',
    ],
    ['a manifest that is not JSON', [text('manifest.json', '{'), ...validFiles().slice(1)], 'invalid_json'],
    ['no author', withManifest((m) => delete m.author), 'missing_author'],
    [
      'an author url that is not http',
      withManifest((m) => (m.author = { name: 'a', email: 'b', url: 'ftp://x' })),
      'invalid_author_url',
    ],
    ['a bad defaultLocale', withManifest((m) => (m.defaultLocale = 'English')), 'invalid_default_locale'],
    ['a defaultLocale without its file', withManifest((m) => (m.defaultLocale = 'de')), 'missing_translation_file'],
    ['frameworkVersion 1.0', withManifest((m) => (m.frameworkVersion = '1.0')), 'invalid_framework_version'],
    ['a numeric version', withManifest((m) => (m.version = 1)), 'invalid_type'],
    ['private as a string', withManifest((m) => (m.private = 'yes')), 'invalid_type'],
    ['noTemplate', withManifest((m) => (m.noTemplate = true)), 'no_template_deprecated'],
    ['a domainWhitelist string', withManifest((m) => (m.domainWhitelist = 'example.com')), 'invalid_domain_whitelist'],
    ['parameters as an object', withManifest((m) => (m.parameters = {})), 'parameters_not_array'],
    [
      'a password parameter',
      withManifest((m) => (m.parameters = [{ name: 'pw', type: 'password' }])),
      'invalid_type_parameter',
    ],
    ['a parameter called name', withManifest((m) => (m.parameters = [{ name: 'name' }])), 'name_as_parameter_name'],
    [
      'a parameter declared twice',
      withManifest((m) => (m.parameters = [{ name: 'a' }, { name: 'a' }])),
      'duplicate_parameters',
    ],
    [
      'a required hidden parameter',
      withManifest((m) => (m.parameters = [{ name: 'h', type: 'hidden', required: true }])),
      'invalid_hidden_parameter',
    ],
    [
      'scopes on a parameter that is not secure',
      withManifest((m) => (m.parameters = [{ name: 'u', scopes: ['header'] }])),
      'scopes_without_secure',
    ],
    [
      'an unknown scope',
      withManifest((m) => (m.parameters = [{ name: 's', secure: true, scopes: ['cookie'] }])),
      'invalid_scopes',
    ],
    ['required as a string', withManifest((m) => (m.parameters = [{ name: 'r', required: 'true' }])), 'invalid_type'],
    ['oauth without its keys', withManifest((m) => (m.oauth = { client_id: 'x' })), 'oauth_keys_missing'],
    ['no location', withManifest((m) => delete m.location), 'missing_location'],
    [
      'an unknown product',
      withManifest((m) => (m.location = { desk: { ticket_sidebar: 'assets/index.html' } })),
      'invalid_location_product',
    ],
    [
      'an unknown location',
      withManifest((m) => (m.location = { support: { side_panel: 'assets/index.html' } })),
      'invalid_location',
    ],
    [
      'a location URL outside assets/',
      withManifest((m) => (m.location = { support: { ticket_sidebar: 'index.html' } })),
      'invalid_location_uri',
    ],
    [
      'a location URL to a missing file',
      withManifest((m) => (m.location = { support: { ticket_sidebar: 'assets/app.html' } })),
      'invalid_location_uri',
    ],
    [
      'a plain http location URL',
      withManifest((m) => (m.location = { support: { ticket_sidebar: 'http://example.com/app' } })),
      'invalid_location_uri',
    ],
    [
      'a location without url',
      withManifest((m) => (m.location = { support: { ticket_sidebar: { flexible: true } } })),
      'blank_location_uri',
    ],
    [
      'flexible as a string',
      withManifest(
        (m) => (m.location = { support: { ticket_sidebar: { url: 'assets/index.html', flexible: 'yes' } } }),
      ),
      'invalid_type',
    ],
    [
      'no translations/en.json',
      validFiles().filter((f) => f.path !== 'translations/en.json'),
      'missing_translation_file',
    ],
    [
      'no app.name',
      validFiles().map((f) => (f.path === 'translations/en.json' ? json(f.path, { app: {} }) : f)),
      'missing_translation_key',
    ],
    [
      'a parameter translation without label',
      validFiles().map((f) =>
        f.path === 'translations/en.json'
          ? json(f.path, { app: { ...translations().app, parameters: { backendUrl: { helpText: 'x' } } } })
          : f,
      ),
      'missing_required_key_on_leaf',
    ],
    [
      'a translation file not named after a locale',
      [...validFiles(), json('translations/english.json', {})],
      'invalid_translation_locale',
    ],
    [
      'a translation file that is an array',
      [...validFiles(), json('translations/fr.json', [])],
      'translation_not_object',
    ],
    ['no logo.png', validFiles().filter((f) => f.path !== 'assets/logo.png'), 'missing_logo'],
    [
      'a logo that is not a PNG',
      validFiles().map((f) => (f.path === 'assets/logo.png' ? text(f.path, 'GIF89a') : f)),
      'invalid_logo',
    ],
    [
      'a 64-pixel small logo',
      validFiles().map((f) =>
        f.path === 'assets/logo-small.png' ? { ...f, bytes: encodePng(64, 64, new Uint8Array(64 * 64 * 4)) } : f,
      ),
      'invalid_logo_size',
    ],
    ['a zip inside the package', [...validFiles(), text('assets/old.zip', 'PK')], 'forbidden_file'],
    ['a shell script', [...validFiles(), text('install.sh', 'echo')], 'forbidden_file'],
    ['an asset of an unaccepted type', [...validFiles(), text('assets/app.ts', 'x')], 'unsupported_asset'],
    ['a source file', [...validFiles(), text('src/app/main.tsx', 'x')], 'source_in_package'],
    ['node_modules', [...validFiles(), text('node_modules/react/index.js', 'x')], 'source_in_package'],
    ['a symlink', [...validFiles(), { path: 'assets/link.js', bytes: new Uint8Array(), symlink: true }], 'symlink'],
  ])('refuses %s', (_name, files, code) => {
    expect(codes(files).errors).toContain(code);
  });

  it.each<[string, PackageFile[], string]>([
    [
      'a secure parameter without scopes',
      withManifest((m) => (m.parameters = [{ name: 's', secure: true }])),
      'secure_parameter_without_scopes',
    ],
    [
      'a token parameter that is not secure',
      withManifest((m) => (m.parameters = [{ name: 'apiToken', type: 'text' }])),
      'insecure_token_parameter',
    ],
    [
      'a default on a secure parameter',
      withManifest((m) => (m.parameters = [{ name: 's', secure: true, scopes: ['header'], default: 'x' }])),
      'default_secure_or_hidden_parameter',
    ],
    [
      'a parameter with no label',
      withManifest((m) => (m.parameters = [...(m.parameters as object[]), { name: 'debug', type: 'checkbox' }])),
      'missing_parameter_label',
    ],
    [
      'a literal secret in a script',
      [...validFiles(), text('assets/config.js', 'const c = { token: "abcd1234abcd1234abcd" }')],
      'possible_secret',
    ],
  ])('warns about %s', (_name, files, code) => {
    const result = codes(files);
    expect(result.warnings).toContain(code);
    expect(result.errors).toEqual([]);
  });

  it('does not check a location URL built from a setting, known only at install', () => {
    expect(
      codes(withManifest((m) => (m.location = { support: { ticket_sidebar: '{{setting.appUrl}}/sidebar' } }))),
    ).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('requires the four marketplace texts of a public app', () => {
    expect(codes(withManifest((m) => (m.private = false))).errors).toEqual([]);
    const bare = withManifest((m) => (m.private = false)).map((f) =>
      f.path === 'translations/en.json' ? json(f.path, { app: { name: 'x' } }) : f,
    );
    expect(validatePackage(bare).errors.map((f) => f.message)).toEqual([
      'translations/en.json: app.short_description is required',
      'translations/en.json: app.long_description is required',
      'translations/en.json: app.installation_instructions is required',
    ]);
  });
});

describe('readPackageDirectory', () => {
  it('reports a symlink in the app directory without following it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uw-pkg-'));
    try {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'assets/real.js'), 'x');
      symlinkSync(join(dir, 'assets/real.js'), join(dir, 'assets/link.js'));
      expect(readPackageDirectory(dir).map((f) => [f.path, f.symlink === true])).toEqual([
        ['assets/link.js', true],
        ['assets/real.js', false],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('zipPackage', () => {
  it('is byte-identical for the same files and refuses symlinks', () => {
    expect(Buffer.from(zipPackage(validFiles())).equals(Buffer.from(zipPackage(validFiles())))).toBe(true);
    expect(() => zipPackage([{ path: 'a', bytes: new Uint8Array(), symlink: true }])).toThrow(
      'zipPackage: a is a symlink',
    );
  });
});

describe('parseJsonWithDuplicates', () => {
  it('finds keys repeated inside one object only, with their path', () => {
    expect(parseJsonWithDuplicates('{"a":{"x":1,"x":2},"b":{"x":3},"c":[{"k":1,"k":2}]}')).toEqual({
      ok: true,
      value: { a: { x: 2 }, b: { x: 3 }, c: [{ k: 2 }] },
      duplicateKeys: ['a.x', 'c[0].k'],
    });
  });

  it('handles escaped quotes in keys and values', () => {
    expect(parseJsonWithDuplicates('{"a\\"b":"c\\"","a\\"b":1}')).toMatchObject({ ok: true, duplicateKeys: ['a"b'] });
  });
});

describe('validatePackage: the hosts the app sends requests to', () => {
  // What the built sidebar holds: the request URL composed from the URL-type setting (src/app/api/backend.ts).
  const bundle = text(
    'assets/index.js',
    'const BACKEND_URL = "{{setting.backendUrl}}"; const A = "Bearer {{setting.agentToken}}";',
  );
  const packaged = (change: (m: Record<string, unknown>) => void) =>
    withManifest(change).map((file) => (file.path === 'assets/index.js' ? bundle : file));
  const withBackend = (origin: string | undefined, whitelist: unknown) =>
    packaged((m) => {
      const parameters = m.parameters as Record<string, unknown>[];
      m.parameters = parameters.map((p) =>
        p.name === 'backendUrl' && origin !== undefined ? { ...p, default: origin } : p,
      );
      m.domainWhitelist = whitelist;
    });

  it('accepts a package whose backend host is the whitelisted default of the setting', () => {
    expect(validatePackage(withBackend('https://upgrades.acme.example', ['upgrades.acme.example']))).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('refuses a request setting with no default: its host is known only at install', () => {
    const result = validatePackage(withBackend(undefined, []));
    expect(result.errors).toEqual([
      {
        code: 'request_host_unknown',
        message: expect.stringMatching(
          /^assets\/index\.js sends requests to \{\{setting\.backendUrl\}\}, .* --backend-url https:\/\/HOST\)$/,
        ),
      },
    ]);
  });

  it('refuses a default whose host domainWhitelist does not list, naming the host', () => {
    const result = validatePackage(withBackend('https://upgrades.acme.example', ['other.example']));
    expect(result.errors).toEqual([
      {
        code: 'request_host_not_whitelisted',
        message: expect.stringContaining('domainWhitelist does not list upgrades.acme.example'),
      },
    ]);
  });

  it.each([
    ['a setting placeholder', '{{setting.backendUrl}}'],
    ['a URL with its scheme', 'https://upgrades.acme.example'],
    ['a host with a path', 'upgrades.acme.example/api'],
    ['a host with a port', 'upgrades.acme.example:8443'],
  ])('refuses %s in domainWhitelist: Zendesk lists bare hosts', (_name, entry) => {
    const result = validatePackage(withBackend('https://upgrades.acme.example', ['upgrades.acme.example', entry]));
    expect(result.errors).toEqual([
      { code: 'domain_whitelist_not_a_host', message: expect.stringContaining(JSON.stringify(entry)) },
    ]);
  });

  it('ignores settings that are not URLs (a token filled into a header is not a host)', () => {
    const onlyToken = text('assets/index.js', 'const A = "Bearer {{setting.agentToken}}";');
    const files = withManifest(() => undefined).map((file) => (file.path === 'assets/index.js' ? onlyToken : file));
    expect(validatePackage(files).errors).toEqual([]);
  });
});
