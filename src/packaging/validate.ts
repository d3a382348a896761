import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { checkDomains } from './domains.js';
import { parseJsonWithDuplicates } from './json-keys.js';
import { readPngSize } from './png.js';

/**
 * An offline version of the rules Zendesk's validator applies to an app package (docs/DECISIONS.md §16,
 * from zendesk_apps_support): `zcli apps:validate` needs credentials and the network, so CI runs these.
 */

/** One file of a package: its path with `/` separators, its bytes, and whether it is a symlink. */
export interface PackageFile {
  path: string;
  bytes: Uint8Array;
  symlink?: boolean;
}

export interface Finding {
  code: string;
  message: string;
}

export interface ValidationResult {
  errors: Finding[];
  warnings: Finding[];
}

const LOCALE = /^[a-z]{2,3}(-\w{2,3})?$/;
const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth'];
const SCOPES = ['header', 'body', 'url', 'jwt_secret_key', 'jwt_claim', 'basic_auth_username', 'basic_auth_password'];
const PRODUCTS = ['support', 'chat', 'sell'];
const SUPPORT_LOCATIONS = [
  'top_bar',
  'nav_bar',
  'ticket_sidebar',
  'new_ticket_sidebar',
  'user_sidebar',
  'organization_sidebar',
  'background',
  'modal',
  'ticket_editor',
  'system_top_bar',
  'custom_object_record_sidebar',
];
const BOOLEAN_KEYS = ['private', 'singleInstall', 'signedUrls', 'requirementsOnly', 'marketingOnly'];
const FORBIDDEN_EXTENSIONS = [
  'rar', 'zip', 'gzip', 'gz', 'pdf', 'doc', 'docx', 'avi', 'bin', 'bz', 'bz2', 'csh', 'sh', 'jar', 'mp3', 'mpeg',
  'odt', 'pptx', 'ppt', 'xls', 'xlsx', '7z',
]; // prettier-ignore
const ASSET_EXTENSIONS = [
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'js', 'htm', 'html', 'css', 'map', 'eot', 'woff', 'woff2', 'otf', 'ttf',
  'json', 'xml', 'hbs', 'hdbs',
]; // prettier-ignore
const LOGOS: [string, number][] = [
  ['assets/logo.png', 320],
  ['assets/logo-small.png', 128],
];
const TEXT_EXTENSIONS = ['js', 'json', 'html', 'htm', 'css', 'xml', 'hbs', 'hdbs', 'map', 'svg', 'txt', 'md'];
// Secret-looking literals (ZAS secrets.rb reports these as warnings): key material and long literal credentials.
const SECRET_PATTERNS = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /["']?(?:password|passwd|secret|api_?key|token)["']?\s*[:=]\s*["'][A-Za-z0-9_\-+/]{16,}["']/i,
];

/** Checks a package given as its files; every rule that fails adds an error or a warning naming the file or key. */
export function validatePackage(files: PackageFile[]): ValidationResult {
  const result: ValidationResult = { errors: [], warnings: [] };
  const byPath = new Map(files.map((file) => [file.path, file]));
  checkFiles(files, result);
  const manifestFile = byPath.get('manifest.json');
  if (!manifestFile) {
    const nested = files.find((file) => file.path.endsWith('/manifest.json'));
    if (nested) error(result, 'nested_manifest', `manifest.json must be at the package root, not ${nested.path}`);
    else error(result, 'missing_manifest', 'manifest.json is missing');
  } else {
    const manifest = parseJsonFile(manifestFile, result);
    if (manifest !== undefined) checkManifest(manifest, byPath, result);
  }
  checkTranslations(byPath, manifestFile ? parsedManifest(manifestFile) : undefined, result);
  checkLogos(byPath, result);
  return result;
}

/** The files of a package directory, symlinks included (flagged, not followed). */
export function readPackageDirectory(dir: string): PackageFile[] {
  const files: PackageFile[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const stats = lstatSync(full);
      const path = relative(dir, full).split(sep).join('/');
      if (stats.isSymbolicLink()) files.push({ path, bytes: new Uint8Array(), symlink: true });
      else if (stats.isDirectory()) walk(full);
      else files.push({ path, bytes: readFileSync(full) });
    }
  };
  walk(dir);
  return files;
}

/** The files of a zipped package. */
export function readPackageZip(bytes: Uint8Array): PackageFile[] {
  return Object.entries(unzipSync(bytes))
    .filter(([path]) => !path.endsWith('/'))
    .map(([path, content]) => ({ path, bytes: content }));
}

function checkFiles(files: PackageFile[], result: ValidationResult): void {
  for (const file of files) {
    const extension = file.path.includes('.') ? file.path.slice(file.path.lastIndexOf('.') + 1).toLowerCase() : '';
    if (file.symlink) error(result, 'symlink', `${file.path} is a symlink`);
    if (/^(src|node_modules)\//.test(file.path) || /\/node_modules\//.test(file.path)) {
      error(result, 'source_in_package', `${file.path}: nothing from src/ or node_modules/ belongs in the package`);
    }
    if (FORBIDDEN_EXTENSIONS.includes(extension)) {
      error(result, 'forbidden_file', `${file.path}: .${extension} files are not allowed in an app`);
    } else if (file.path.startsWith('assets/') && !ASSET_EXTENSIONS.includes(extension)) {
      error(result, 'unsupported_asset', `${file.path}: .${extension || '(none)'} is not an accepted asset type`);
    }
    if (TEXT_EXTENSIONS.includes(extension) && !file.symlink) {
      const text = Buffer.from(file.bytes).toString('utf8');
      if (SECRET_PATTERNS.some((pattern) => pattern.test(text))) {
        warn(result, 'possible_secret', `${file.path} seems to contain a secret`);
      }
    }
  }
}

function checkManifest(manifest: unknown, byPath: Map<string, PackageFile>, result: ValidationResult): void {
  if (!isObject(manifest)) {
    error(result, 'manifest_not_object', 'manifest.json must be a JSON object');
    return;
  }
  checkAuthor(manifest.author, result);
  if (typeof manifest.defaultLocale !== 'string' || !LOCALE.test(manifest.defaultLocale)) {
    error(result, 'invalid_default_locale', 'defaultLocale is required and must look like "en" or "pt-br"');
  } else if (!byPath.has(`translations/${manifest.defaultLocale}.json`)) {
    error(result, 'missing_translation_file', `translations/${manifest.defaultLocale}.json is missing (defaultLocale)`);
  }
  if (manifest.frameworkVersion !== '2.0') error(result, 'invalid_framework_version', 'frameworkVersion must be "2.0"');
  for (const key of ['version', 'name']) {
    if (key in manifest && typeof manifest[key] !== 'string') error(result, 'invalid_type', `${key} must be a string`);
  }
  for (const key of BOOLEAN_KEYS) {
    if (key in manifest && typeof manifest[key] !== 'boolean')
      error(result, 'invalid_type', `${key} must be a boolean`);
  }
  if ('noTemplate' in manifest) error(result, 'no_template_deprecated', 'noTemplate is not allowed in framework 2.0');
  checkDomains(manifest, [...byPath.values()], result);
  const parameters = checkParameters(manifest.parameters, result);
  checkOauth(manifest.oauth, parameters, result);
  if (manifest.requirementsOnly !== true && manifest.marketingOnly !== true) {
    checkLocations(manifest.location, byPath, result);
  }
}

function checkAuthor(author: unknown, result: ValidationResult): void {
  if (!isObject(author)) {
    error(result, 'missing_author', 'author is required: { name, email, url? }');
    return;
  }
  for (const key of ['name', 'email']) {
    if (typeof author[key] !== 'string' || author[key] === '')
      error(result, 'invalid_author', `author.${key} must be a string`);
  }
  if ('url' in author && !(typeof author.url === 'string' && /^https?:\/\/[^\s/]+/.test(author.url))) {
    error(result, 'invalid_author_url', 'author.url must be an http(s) URL');
  }
}

function checkParameters(parameters: unknown, result: ValidationResult): Record<string, unknown>[] {
  if (parameters === undefined) return [];
  if (!Array.isArray(parameters)) {
    error(result, 'parameters_not_array', 'parameters must be an array');
    return [];
  }
  const names = new Set<string>();
  const valid: Record<string, unknown>[] = [];
  parameters.forEach((parameter: unknown, index) => {
    const at = `parameters[${index}]`;
    if (!isObject(parameter) || typeof parameter.name !== 'string' || parameter.name === '') {
      error(result, 'invalid_parameter', `${at} must be an object with a name`);
      return;
    }
    valid.push(parameter);
    const { name } = parameter;
    const type = parameter.type ?? 'text';
    if (name === 'name') error(result, 'name_as_parameter_name', `${at}: a parameter may not be called "name"`);
    if (names.has(name)) error(result, 'duplicate_parameters', `${at}: parameter "${name}" is declared twice`);
    names.add(name);
    if (typeof type !== 'string' || !PARAMETER_TYPES.includes(type)) {
      error(
        result,
        'invalid_type_parameter',
        `${at}: type ${JSON.stringify(type)} is not one of ${PARAMETER_TYPES.join(', ')}`,
      );
    }
    for (const key of ['required', 'secure']) {
      if (key in parameter && typeof parameter[key] !== 'boolean')
        error(result, 'invalid_type', `${at}.${key} must be a boolean`);
    }
    if (type === 'hidden' && parameter.required === true) {
      error(result, 'invalid_hidden_parameter', `${at}: a hidden parameter cannot be required`);
    }
    if ('scopes' in parameter) {
      const scopes = parameter.scopes;
      if (parameter.secure !== true)
        error(result, 'scopes_without_secure', `${at}: scopes are only allowed on secure parameters`);
      if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => SCOPES.includes(s as string))) {
        error(result, 'invalid_scopes', `${at}.scopes must be a non-empty array of ${SCOPES.join(', ')}`);
      }
    } else if (parameter.secure === true) {
      warn(result, 'secure_parameter_without_scopes', `${at}: a secure parameter without scopes may expose its value`);
    }
    if (type === 'text' && /token|key|pwd|password/i.test(name) && parameter.secure !== true) {
      warn(result, 'insecure_token_parameter', `${at}: "${name}" looks like a secret but is not secure`);
    }
    if ('default' in parameter && (parameter.secure === true || type === 'hidden')) {
      warn(
        result,
        'default_secure_or_hidden_parameter',
        `${at}: a default on a secure or hidden parameter is not stored securely`,
      );
    }
  });
  return valid;
}

function checkOauth(oauth: unknown, parameters: Record<string, unknown>[], result: ValidationResult): void {
  if (oauth === undefined) return;
  const missing = ['client_id', 'client_secret', 'authorize_uri', 'access_token_uri'].filter(
    (key) => !isObject(oauth) || typeof oauth[key] !== 'string',
  );
  if (missing.length > 0) error(result, 'oauth_keys_missing', `oauth is missing ${missing.join(', ')}`);
  const oauthParameters = parameters.filter((parameter) => parameter.type === 'oauth');
  if (oauthParameters.length !== 1)
    error(result, 'oauth_parameter_required', 'oauth needs exactly one parameter of type "oauth"');
  if (oauthParameters.some((parameter) => parameter.secure === true)) {
    error(result, 'oauth_parameter_cannot_be_secure', 'the oauth parameter must not be secure');
  }
}

function checkLocations(location: unknown, byPath: Map<string, PackageFile>, result: ValidationResult): void {
  if (!isObject(location) || Object.keys(location).length === 0) {
    error(result, 'missing_location', 'location is required: { "support": { "ticket_sidebar": "assets/..." } }');
    return;
  }
  for (const [product, locations] of Object.entries(location)) {
    if (!PRODUCTS.includes(product)) error(result, 'invalid_location_product', `location.${product}: unknown product`);
    if (!isObject(locations)) {
      error(result, 'invalid_location', `location.${product} must be an object of locations`);
      continue;
    }
    for (const [name, spec] of Object.entries(locations)) {
      const at = `location.${product}.${name}`;
      if (product === 'support' && !SUPPORT_LOCATIONS.includes(name))
        error(result, 'invalid_location', `${at}: unknown location`);
      const url = typeof spec === 'string' ? spec : isObject(spec) ? spec.url : undefined;
      if (isObject(spec) && 'flexible' in spec && typeof spec.flexible !== 'boolean') {
        error(result, 'invalid_type', `${at}.flexible must be a boolean`);
      }
      const autoLoad = isObject(spec) && 'autoLoad' in spec ? spec.autoLoad : true;
      if (url === undefined || url === '') {
        if (autoLoad !== false) error(result, 'blank_location_uri', `${at} has no url`);
        continue;
      }
      if (typeof url !== 'string') error(result, 'locations_must_be_urls', `${at} must be a URL`);
      else checkLocationUrl(url, at, byPath, result);
    }
  }
}

// A relative URL must point into assets/ at a file of the package; an absolute one must be https or
// localhost; a URL built from a setting is only known at install, so it is not checked.
function checkLocationUrl(url: string, at: string, byPath: Map<string, PackageFile>, result: ValidationResult): void {
  if (url.includes('{{setting.')) return;
  if (/^[a-z]+:\/\//i.test(url)) {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (!parsed || (parsed.protocol !== 'https:' && parsed.hostname !== 'localhost')) {
      error(result, 'invalid_location_uri', `${at}: ${url} must be https or localhost`);
    }
    return;
  }
  const path = url.split(/[?#]/)[0]!;
  if (!path.startsWith('assets/') || path.split('/').includes('..')) {
    error(result, 'invalid_location_uri', `${at}: ${url} must be inside assets/`);
  } else if (!byPath.has(path)) {
    error(result, 'invalid_location_uri', `${at}: ${url} is not in the package`);
  }
}

function checkTranslations(byPath: Map<string, PackageFile>, manifest: unknown, result: ValidationResult): void {
  for (const file of byPath.values()) {
    const match = /^translations\/([^/]+)\.json$/.exec(file.path);
    if (!match) continue;
    if (!LOCALE.test(match[1]!)) error(result, 'invalid_translation_locale', `${file.path}: not a locale name`);
    const parsed = parseJsonFile(file, result);
    if (parsed !== undefined && !isObject(parsed))
      error(result, 'translation_not_object', `${file.path} must be a JSON object`);
  }
  const enFile = byPath.get('translations/en.json');
  if (!enFile) {
    error(result, 'missing_translation_file', 'translations/en.json is missing');
    return;
  }
  const en = parsedJson(enFile);
  const app = isObject(en) && isObject(en.app) ? en.app : undefined;
  const isPublic = isObject(manifest) && manifest.private === false;
  const required = isPublic ? ['name', 'short_description', 'long_description', 'installation_instructions'] : ['name'];
  for (const key of required) {
    const present =
      app && (typeof app[key] === 'string' || (key === 'short_description' && typeof app.description === 'string'));
    if (!present) error(result, 'missing_translation_key', `translations/en.json: app.${key} is required`);
  }
  if (app && 'parameters' in app) {
    if (!isObject(app.parameters))
      error(result, 'invalid_translation', 'translations/en.json: app.parameters must be an object');
    else {
      for (const [name, entry] of Object.entries(app.parameters)) {
        if (!isObject(entry) || !('label' in entry)) {
          error(result, 'missing_required_key_on_leaf', `translations/en.json: app.parameters.${name} needs a label`);
        }
      }
    }
  }
  const declared = isObject(manifest) && Array.isArray(manifest.parameters) ? manifest.parameters : [];
  for (const parameter of declared) {
    const name = isObject(parameter) ? parameter.name : undefined;
    const labels = app && isObject(app.parameters) ? app.parameters : {};
    if (typeof name === 'string' && !(name in labels)) {
      warn(result, 'missing_parameter_label', `translations/en.json: parameter "${name}" has no label`);
    }
  }
}

function checkLogos(byPath: Map<string, PackageFile>, result: ValidationResult): void {
  for (const [path, size] of LOGOS) {
    const file = byPath.get(path);
    if (!file) {
      error(result, 'missing_logo', `${path} is missing`);
      continue;
    }
    const actual = readPngSize(file.bytes);
    if (!actual) error(result, 'invalid_logo', `${path} is not a PNG`);
    else if (actual.width !== size || actual.height !== size) {
      error(result, 'invalid_logo_size', `${path} is ${actual.width}×${actual.height}, must be ${size}×${size}`);
    }
  }
}

function parseJsonFile(file: PackageFile, result: ValidationResult): unknown {
  const parsed = parseJsonWithDuplicates(Buffer.from(file.bytes).toString('utf8'));
  if (!parsed.ok) {
    error(result, 'invalid_json', `${file.path} is not valid JSON: ${parsed.error}`);
    return undefined;
  }
  for (const key of parsed.duplicateKeys) {
    error(
      result,
      file.path === 'manifest.json' ? 'duplicate_manifest_keys' : 'duplicate_keys',
      `${file.path}: key ${key} appears twice`,
    );
  }
  return parsed.value;
}

function parsedJson(file: PackageFile): unknown {
  const parsed = parseJsonWithDuplicates(Buffer.from(file.bytes).toString('utf8'));
  return parsed.ok ? parsed.value : undefined;
}

function parsedManifest(file: PackageFile): unknown {
  return parsedJson(file);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function error(result: ValidationResult, code: string, message: string): void {
  result.errors.push({ code, message });
}

function warn(result: ValidationResult, code: string, message: string): void {
  result.warnings.push({ code, message });
}
