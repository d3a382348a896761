import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { manifestForBackend, parseBackendUrl } from './backend-url.js';
import { readPackageDirectory, validatePackage, type PackageFile, type ValidationResult } from './validate.js';
import { zipPackage } from './zip.js';

/**
 * Validates the app directory with its manifest set for `backend` (see manifestForBackend) and zips it; returns
 * the findings and, when there is no error, the zip's path. The directory itself is left as it is.
 */
export function packageApp(
  appDir: string,
  zipPath: string,
  backend: { origin: string; host: string },
): { result: ValidationResult; zipPath: string | null } {
  const files = readPackageDirectory(appDir).map((file): PackageFile => {
    if (file.path !== 'manifest.json' || file.symlink) return file;
    return {
      path: file.path,
      bytes: Buffer.from(manifestForBackend(Buffer.from(file.bytes).toString('utf8'), backend)),
    };
  });
  const result = validatePackage(files);
  if (result.errors.length > 0) return { result, zipPath: null };
  mkdirSync(dirname(zipPath), { recursive: true });
  writeFileSync(zipPath, zipPackage(files));
  return { result, zipPath };
}

/** Human-readable lines for the findings: `error manifest.json: ...`. */
export function describeFindings(result: ValidationResult): string[] {
  return [
    ...result.errors.map((finding) => `error ${finding.code}: ${finding.message}`),
    ...result.warnings.map((finding) => `warning ${finding.code}: ${finding.message}`),
  ];
}

/**
 * `npm run package -- --backend-url https://HOST`: dist/ → `--out` (tmp/upgrade-windows-app.zip). Exit status 2
 * for bad arguments, 1 when the package has errors, 0 with the zip's path on stdout.
 */
export function runPackage(args: string[], root: string, io: { out(line: string): void; err(line: string): void }) {
  let values: { 'backend-url'?: string | undefined; out?: string | undefined; dir?: string | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: { 'backend-url': { type: 'string' }, out: { type: 'string' }, dir: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (failure) {
    io.err(`package: ${(failure as Error).message}`);
    return 2;
  }
  const backend = parseBackendUrl(values['backend-url']);
  if (!backend.ok) {
    io.err(`package: ${backend.message}`);
    return 2;
  }
  const appDir = resolve(root, values.dir ?? 'dist');
  if (!existsSync(join(appDir, 'manifest.json'))) {
    io.err(`package: ${join(appDir, 'manifest.json')} is missing: run "npm run build" first`);
    return 2;
  }
  const { result, zipPath } = packageApp(appDir, resolve(root, values.out ?? 'tmp/upgrade-windows-app.zip'), backend);
  for (const line of describeFindings(result)) io.err(line);
  if (zipPath === null) {
    io.err(`package: ${appDir} has errors; nothing was zipped`);
    return 1;
  }
  io.out(zipPath);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  process.exitCode = runPackage(process.argv.slice(2), root, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
