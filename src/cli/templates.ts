import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILT_IN_CATALOG,
  mergeCatalog,
  validateCatalog,
  type Catalog,
  type CatalogOverride,
} from '../core/templates/index.js';
import { readJsonFile } from './io.js';

/** A vendor's template folder that cannot be used: one message per problem, naming the file, language and key. */
export class TemplateCatalogError extends Error {
  override readonly name = 'TemplateCatalogError';
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`TEMPLATES_DIR ${dir}: ${problems.join('; ')}`);
  }
}

/**
 * The comment templates in force: the built-in texts, with a vendor's `<locale>.json` files from `dir`
 * (TEMPLATES_DIR) laid over them key by key, checked as a whole (`validateCatalog`). Without `dir`, the built-in
 * catalog. Throws a TemplateCatalogError listing every problem; the server refuses to start on it.
 */
export function loadTemplateCatalog(dir?: string): Catalog {
  if (dir === undefined || dir === '') return BUILT_IN_CATALOG;
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TemplateCatalogError(dir, [code === 'ENOENT' ? 'no such directory' : 'cannot be read']);
  }
  const override: CatalogOverride = {};
  const problems: string[] = [];
  for (const file of files.sort()) {
    const language = file.replace(/\.json$/, '');
    let json: unknown;
    try {
      json = readJsonFile(join(dir, file), 'templates');
    } catch (error) {
      problems.push((error as Error).message);
      continue;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      problems.push(`${file}: expected an object with format, invite and/or templates`);
      continue;
    }
    override[language] = json as CatalogOverride[string];
  }
  const merged = mergeCatalog(BUILT_IN_CATALOG, override);
  problems.push(...validateCatalog(merged));
  if (problems.length > 0) throw new TemplateCatalogError(dir, problems);
  return merged;
}
