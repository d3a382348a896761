import { zipSync, type Zippable } from 'fflate';
import type { PackageFile } from './validate.js';

// A fixed date keeps the zip byte-identical from one build to the next.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/** A zip of the package files, paths as given (manifest.json at the root), in path order. */
export function zipPackage(files: PackageFile[]): Uint8Array {
  const entries: Zippable = {};
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    if (file.symlink) throw new Error(`zipPackage: ${file.path} is a symlink`);
    entries[file.path] = [file.bytes, { mtime: FIXED_MTIME, level: 9 }];
  }
  return zipSync(entries);
}
