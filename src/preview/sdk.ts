import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Zendesk's own ZAF SDK in the preview's sidebar frame: the npm package `zendesk_app_framework_sdk`, served file by
 * file exactly as installed (docs/DECISIONS.md, "The preview runs Zendesk's ZAF SDK"). The package ships its CommonJS
 * sources only (Zendesk's CDN file is a bundle of the same sources), so each file runs as a classic script after a
 * small loader of ours, `COMMONJS_LOADER`, which gives it `module`, `exports` and `require`, as a bundler's wrapper
 * would, without changing a byte of the SDK.
 */

/** The SDK's files under its `lib/`, in the order they must run (each after the modules it requires). */
export const SDK_MODULES = ['vendor/native-promise-only', 'utils', 'client', 'index'] as const;

export const SDK_BASE = '/preview/zaf-sdk';
export const LOADER_PATH = `${SDK_BASE}/commonjs.js`;

const sdkRoot = (): string => dirname(createRequire(import.meta.url).resolve('zendesk_app_framework_sdk/package.json'));

/** The installed file behind `/preview/zaf-sdk/lib/<name>.js`, or null for any other name. */
export function sdkFilePath(name: string): string | null {
  const module = SDK_MODULES.find((candidate) => `${candidate}.js` === name);
  return module === undefined ? null : join(sdkRoot(), 'lib', `${module}.js`);
}

/** The bytes of one SDK file as npm installed them. */
export async function readSdkFile(name: string): Promise<Buffer | null> {
  const path = sdkFilePath(name);
  return path === null ? null : readFile(path).catch(() => null);
}

/**
 * The script tags that replace the CDN tag: before each SDK file the loader names the module that follows, and a
 * last loader call publishes `window.ZAFClient` and removes `module`, `exports` and `require` again. Classic
 * scripts run in document order before the app's module script, as the CDN script does.
 */
export function sdkScriptTags(): string {
  const tags = SDK_MODULES.flatMap((module) => [
    `<script src="${LOADER_PATH}?module=${encodeURIComponent(`./${module}`)}"></script>`,
    `<script src="${SDK_BASE}/lib/${module}.js"></script>`,
  ]);
  return [...tags, `<script src="${LOADER_PATH}?done"></script>`].join('\n    ');
}

/**
 * The loader. Its `?module=./name` run stores the previous module's `module.exports` under its name and opens a
 * fresh `module` for the next file; `require('./name')` returns a stored module. `?done` stores the last one, sets
 * `window.ZAFClient` to `./index`'s exports and removes the three globals. A classic script, so it is a string
 * here: compiled TypeScript in this package is an ES module, and a module script would run after the SDK.
 */
export const COMMONJS_LOADER = `(function () {
  'use strict';
  var state = window.__zafSdkLoader || (window.__zafSdkLoader = { modules: {}, current: null });
  if (state.current !== null) state.modules[state.current] = window.module.exports;
  var next = new URL(document.currentScript.src).searchParams.get('module');
  if (next === null) {
    window.ZAFClient = state.modules['./index'];
    delete window.module;
    delete window.exports;
    delete window.require;
    delete window.__zafSdkLoader;
    return;
  }
  state.current = next;
  window.module = { exports: {} };
  window.exports = window.module.exports;
  window.require = function (name) {
    if (!Object.prototype.hasOwnProperty.call(state.modules, name)) {
      throw new Error('ZAF SDK loader: ' + name + ' is not loaded before ' + state.current);
    }
    return state.modules[name];
  };
})();
`;
