import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPackageDirectory, validatePackage, type ValidationResult } from './validate.js';
import { zipPackage } from './zip.js';

/** Validates the app directory and zips it; returns the findings and, when there is no error, the zip's path. */
export function packageApp(appDir: string, zipPath: string): { result: ValidationResult; zipPath: string | null } {
  const files = readPackageDirectory(appDir);
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

// `npm run package`: dist/ → tmp/upgrade-windows-app.zip, refused when the package has errors.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const { result, zipPath } = packageApp(resolve(root, 'dist'), resolve(root, 'tmp/upgrade-windows-app.zip'));
  for (const line of describeFindings(result)) process.stderr.write(`${line}\n`);
  if (zipPath) process.stdout.write(`${zipPath}\n`);
  else {
    process.stderr.write('package: the app directory has errors; nothing was zipped\n');
    process.exitCode = 1;
  }
}
