import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformSync } from '@swc/core';

/**
 * email-reply-parser 2.3.7 ships ES modules only, and jest.config.cjs transforms no package of
 * node_modules but msw's dependencies, so jest cannot load it. Tests mock the package with this loader,
 * which compiles the real package's files to CommonJS with swc (as jest would) and runs them: the tests
 * exercise the real parser. Use it as:
 *   jest.mock('email-reply-parser', () => jest.requireActual('<relative path>/email-reply-parser-for-jest').loadEmailReplyParser());
 * Adding `email-reply-parser` to `transformIgnorePatterns` would make this file unnecessary.
 */
export function loadEmailReplyParser(): unknown {
  const cache = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const cached = cache.get(file);
    if (cached !== undefined) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const { code } = transformSync(readFileSync(file, 'utf8'), {
      filename: file,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
    });
    const localRequire = (id: string): unknown => (id.startsWith('.') ? load(join(dirname(file), id)) : require(id));
    new Function('require', 'module', 'exports', '__filename', '__dirname', code)(
      localRequire,
      module,
      module.exports,
      file,
      dirname(file),
    );
    return module.exports;
  };
  return load(require.resolve('email-reply-parser'));
}
