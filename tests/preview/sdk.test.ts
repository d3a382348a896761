import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHttpApp } from '../../src/server/http/app.js';
import { registerPreview } from '../../src/preview/routes.js';
import { hostZafApp, type HostAnswers, type Registration } from '../../src/preview/browser/zaf-host.js';

// Zendesk's ZAF SDK (npm zendesk_app_framework_sdk) as the preview serves it, run the way a browser runs the sidebar
// page's classic scripts (one global scope, in document order), talking to the preview page's host side.

const ORIGIN = 'http://localhost:3000';
const SDK_DIR = dirname(require.resolve('zendesk_app_framework_sdk/package.json'));
const BUILT_PAGE = `<!doctype html><html><head>
<script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"></script>
<script type="module" crossorigin src="./index-abc.js"></script>
</head><body></body></html>`;

let app: FastifyInstance;
let distDir: string;

beforeAll(async () => {
  distDir = mkdtempSync(join(tmpdir(), 'uw-preview-sdk-'));
  writeFileSync(join(distDir, 'index.html'), BUILT_PAGE);
  app = createHttpApp({ tokens: { agent: 'a'.repeat(32), automation: 'b'.repeat(32) }, logger: false });
  registerPreview(app, { sandboxUrl: 'http://127.0.0.1:9', agentToken: 'a'.repeat(32), distDir, browserDir: distDir });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(distDir, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ url, headers: { host: 'localhost:3000' } });

/** The classic scripts of the served sidebar page, in document order (the app's module script runs after them). */
async function classicScripts(): Promise<string[]> {
  const page = await get('/sidebar/index.html');
  expect(page.statusCode).toBe(200);
  return [...page.body.matchAll(/<script( type="module")?[^>]* src="([^"]+)"/g)]
    .filter((match) => match[1] === undefined)
    .map((match) => match[2]!);
}

describe('the SDK files the preview serves', () => {
  it.each(['index.js', 'client.js', 'utils.js', 'vendor/native-promise-only.js'])(
    'serves lib/%s exactly as npm installed it',
    async (name) => {
      const answer = await get(`/preview/zaf-sdk/lib/${name}`);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(Buffer.compare(answer.rawPayload, readFileSync(join(SDK_DIR, 'lib', name)))).toBe(0);
    },
  );

  it.each(['../package.json', '%2e%2e/package.json', 'vendor/client.js', 'spec_helper.js', 'index'])(
    'serves nothing else of the package (%s)',
    async (name) => {
      expect((await get(`/preview/zaf-sdk/lib/${name}`)).statusCode).toBe(404);
    },
  );

  it('replaces the CDN tag by the loader and the four SDK files, before the app, all from the preview', async () => {
    const page = (await get('/sidebar/index.html')).body;
    expect(page).not.toContain('static.zdassets.com');
    expect(await classicScripts()).toEqual([
      '/preview/zaf-sdk/commonjs.js?module=.%2Fvendor%2Fnative-promise-only',
      '/preview/zaf-sdk/lib/vendor/native-promise-only.js',
      '/preview/zaf-sdk/commonjs.js?module=.%2Futils',
      '/preview/zaf-sdk/lib/utils.js',
      '/preview/zaf-sdk/commonjs.js?module=.%2Fclient',
      '/preview/zaf-sdk/lib/client.js',
      '/preview/zaf-sdk/commonjs.js?module=.%2Findex',
      '/preview/zaf-sdk/lib/index.js',
      '/preview/zaf-sdk/commonjs.js?done',
    ]);
    expect(page.indexOf('/preview/zaf-sdk/commonjs.js?done')).toBeLessThan(page.indexOf('./index-abc.js'));
  });
});

interface SdkClient {
  get(path: string | string[]): Promise<Record<string, unknown>>;
  set(key: string, value: unknown): Promise<unknown>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: unknown): Promise<unknown>;
  metadata(): Promise<unknown>;
  context(): Promise<unknown>;
}

/**
 * The sidebar frame: a global scope where the served scripts run in order, its `parent` the host page. postMessage
 * is asynchronous both ways, as in a browser, and each side checks origin and source as it does there.
 */
async function frameWithSdk(answers: HostAnswers) {
  const frame: Record<string, unknown> = { URL, setTimeout, clearTimeout, console };
  frame.window = frame;
  const listeners: ((event: unknown) => void)[] = [];
  frame.addEventListener = (type: string, listener: (event: unknown) => void) => {
    if (type === 'message') listeners.push(listener);
  };
  const toFrame = { postMessage: (data: unknown) => setImmediate(() => listeners.forEach((l) => l(toEvent(data)))) };
  const parent = {
    postMessage: (data: unknown, origin: string) => {
      expect(origin).toBe(ORIGIN);
      setImmediate(() => host({ data, origin: ORIGIN, source: toFrame } as unknown as MessageEvent));
    },
  };
  const toEvent = (data: unknown) => ({ data, origin: ORIGIN, source: parent });
  frame.parent = parent;
  frame.document = {
    currentScript: null,
    location: { search: `?origin=${encodeURIComponent(ORIGIN)}&app_guid=app-1`, hash: '' },
  };
  (globalThis as unknown as { window: unknown }).window = { location: { origin: ORIGIN } };
  const host = hostZafApp({ contentWindow: toFrame } as unknown as HTMLIFrameElement, answers);
  vm.createContext(frame);
  for (const src of await classicScripts()) {
    (frame.document as { currentScript: unknown }).currentScript = { src: ORIGIN + src };
    vm.runInContext((await get(src)).body, frame, { filename: src });
  }
  return frame as { ZAFClient: { init(callback?: (data: unknown) => void): SdkClient | false } } & Record<
    string,
    unknown
  >;
}

const REGISTRATION: Registration = {
  context: { product: 'support', location: 'ticket_sidebar', ticketId: 42 },
  metadata: { appId: 0, installationId: 1, name: 'Upgrade Windows', version: 'preview', settings: { a: 'b' } },
};

function answers(): HostAnswers & { invoked: unknown[] } {
  const invoked: unknown[] = [];
  return {
    invoked,
    registration: () => REGISTRATION,
    get: (paths) => ({
      ...Object.fromEntries(paths.filter((path) => path === 'ticket.id').map((path) => [path, 42])),
      errors: Object.fromEntries(
        paths.filter((path) => path !== 'ticket.id').map((path) => [path, { message: 'is not available' }]),
      ),
    }),
    set: (values) => ({
      errors: Object.fromEntries(Object.keys(values).map((path) => [path, { message: 'read-only' }])),
    }),
    invoke: (name, args) => invoked.push([name, ...args]),
  };
}

describe("Zendesk's SDK against the preview page's host side", () => {
  afterEach(() => {
    jest.restoreAllMocks();
    delete (globalThis as { window?: unknown }).window;
  });

  it('loads into ZAFClient and leaves none of the loader behind', async () => {
    const frame = await frameWithSdk(answers());
    expect(typeof frame.ZAFClient.init).toBe('function');
    expect(['module', 'exports', 'require', '__zafSdkLoader'].filter((name) => name in frame)).toEqual([]);
  });

  it('registers through the handshake, then answers get, set and invoke round trips', async () => {
    const host = answers();
    const frame = await frameWithSdk(host);
    const registered = new Promise((resolve) => frame.ZAFClient.init(resolve));
    expect(await registered).toEqual(REGISTRATION);
    const client = frame.ZAFClient.init() as SdkClient;
    expect(await client.context()).toEqual(REGISTRATION.context);
    expect(await client.metadata()).toEqual(REGISTRATION.metadata);
    expect(await client.get('ticket.id')).toEqual({ 'ticket.id': 42, errors: {} });
    expect(await client.get(['ticket.id', 'ticket.brand'])).toEqual({
      'ticket.id': 42,
      errors: { 'ticket.brand': { message: 'is not available' } },
    });
    await expect(client.get('ticket.brand')).rejects.toThrow('is not available');
    await expect(client.set('ticket.subject', 'x')).rejects.toThrow('read-only');
    await client.invoke('resize', { height: '420px' });
    expect(host.invoked).toEqual([['resize', { height: '420px' }]]);
  });

  it('makes requests through the preview proxy and settles them done or failed, as Zendesk does', async () => {
    const proxied: unknown[] = [];
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      const options = JSON.parse(String(init!.body)) as { url: string };
      proxied.push(options);
      const status = options.url.endsWith('/missing') ? 404 : 200;
      return Response.json({ status, responseText: JSON.stringify({ url: options.url }), headers: {} });
    });
    const frame = await frameWithSdk(answers());
    const client = await new Promise<SdkClient>((resolve) => {
      const made = frame.ZAFClient.init(() => resolve(made as SdkClient));
    });
    const options = {
      url: '{{setting.backendUrl}}/api/policy',
      type: 'GET',
      headers: { 'X-Agent-Name': 'Zo%C3%AB' },
      secure: true,
      httpCompleteResponse: true,
    };
    expect(await client.request(options)).toMatchObject({
      status: 200,
      responseJSON: { url: '{{setting.backendUrl}}/api/policy' },
    });
    await expect(client.request({ ...options, url: '{{setting.backendUrl}}/missing' })).rejects.toMatchObject({
      status: 404,
    });
    expect(proxied[0]).toEqual({
      url: '{{setting.backendUrl}}/api/policy',
      type: 'GET',
      contentType: null,
      headers: { 'X-Agent-Name': 'Zo%C3%AB' },
      secure: true,
    });
  });
});
