// A jsdom environment that msw can intercept in: Node's fetch family copied into the jsdom global.
// MessageChannel is deliberately left out: React's scheduler would keep jest alive.
const { TestEnvironment } = require('jest-environment-jsdom');

class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.customExportConditions = [''];
  }

  async setup() {
    await super.setup();
    const g = this.global;
    for (const name of [
      'fetch',
      'Request',
      'Response',
      'Headers',
      'FormData',
      'Blob',
      'File',
      'TextEncoder',
      'TextDecoder',
      'ReadableStream',
      'WritableStream',
      'TransformStream',
      'AbortController',
      'AbortSignal',
      'structuredClone',
      'URL',
      'URLSearchParams',
      'BroadcastChannel',
    ]) {
      if (globalThis[name] !== undefined) g[name] = globalThis[name];
    }
    g.matchMedia =
      g.matchMedia ||
      ((query) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener() {},
        removeListener() {},
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent() {
          return false;
        },
      }));
  }
}

module.exports = JsdomWithFetch;
