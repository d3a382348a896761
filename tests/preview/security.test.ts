import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '../../src/server/http/app.js';
import { registerPreview } from '../../src/preview/routes.js';
import { isLoopbackHost } from '../../src/preview/loopback.js';
import { createSandbox, serveSandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';

const AGENT = 'agent-token-for-the-preview-0123';
const AUTOMATION = 'automation-token-for-the-preview';
const SIDEBAR_PAGE =
  '<!doctype html><html><head><script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"></script></head><body></body></html>';

describe('the preview and the pages it serves (DESIGN §6 security)', () => {
  let app: FastifyInstance;
  let served: ServedSandbox;
  let distDir: string;
  let port: number;

  beforeAll(async () => {
    distDir = mkdtempSync(join(tmpdir(), 'uw-preview-'));
    writeFileSync(join(distDir, 'index.html'), SIDEBAR_PAGE);
    served = await serveSandbox(createSandbox(), { port: 0 });
    app = createHttpApp({ tokens: { agent: AGENT, automation: AUTOMATION }, logger: false });
    // A route that quotes its input in its error, as validation messages do.
    app.get('/api/echo', { config: { scopes: ['agent'] } }, async (request) => {
      const { value } = request.query as { value?: string };
      throw Object.assign(new Error(`value: must be a number, got "${value}"`), { statusCode: 400 });
    });
    registerPreview(app, { sandboxUrl: served.url, agentToken: AGENT, distDir, browserDir: distDir });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await app.close();
    await served.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  const local = () => `127.0.0.1:${port}`;
  const proxy = (body: unknown, host = local()) =>
    app.inject({
      method: 'POST',
      url: '/preview/zaf/request',
      headers: { host, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('sends a CSP, nosniff and a frame policy that forbids framing on the workspace page', async () => {
    const page = await app.inject({ url: '/', headers: { host: local() } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('lets only Zendesk and the preview itself frame the sidebar', async () => {
    const page = await app.inject({ url: '/sidebar/index.html', headers: { host: local() } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'self' https:\/\/\*\.zendesk\.com$/);
  });

  it('answers only requests whose Host is a loopback name (DNS rebinding)', async () => {
    for (const host of ['localhost:3000', `127.0.0.1:${port}`, '[::1]:3000', '127.1.2.3']) {
      expect({ host, status: (await app.inject({ url: '/', headers: { host } })).statusCode }).toEqual({
        host,
        status: 200,
      });
    }
    for (const host of ['evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', '0.0.0.0']) {
      const answer = await app.inject({ url: '/', headers: { host } });
      expect({ host, status: answer.statusCode }).toEqual({ host, status: 403 });
      expect(answer.json().error.code).toBe('LOOPBACK_ONLY');
    }
    const rebound = await proxy(
      {
        url: `http://${local()}/api/policy`,
        headers: { authorization: 'Bearer {{setting.agentToken}}' },
        secure: true,
      },
      'rebind.evil.example',
    );
    expect(rebound.statusCode).toBe(403);
    expect(rebound.body).not.toContain(AGENT);
  });

  it("refuses another site's page driving the proxy", async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/preview/zaf/request',
      headers: { host: local(), origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: JSON.stringify({ url: `http://${local()}/api/policy` }),
    });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.code).toBe('CROSS_ORIGIN');
  });

  it('sends requests to the backend API only, not to the preview itself', async () => {
    const answer = await proxy({ url: `{{setting.backendUrl}}/preview/api/session` });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.message).toBe('the proxy sends requests to the backend API (/api/...) only');
  });

  it('fills a secure setting into headers only, never into the URL', async () => {
    const answer = await proxy({
      url: `{{setting.backendUrl}}/api/echo?value={{setting.agentToken}}`,
      headers: { authorization: 'Bearer {{setting.agentToken}}' },
      secure: true,
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().error.message).toBe(
      'secure settings are filled into headers only, not into the url: agentToken',
    );
    const headers = await proxy({
      url: `{{setting.backendUrl}}/api/echo?value=42`,
      headers: { authorization: 'Bearer {{setting.agentToken}}' },
      secure: true,
    });
    expect(headers.statusCode).toBe(200);
    expect(JSON.parse(headers.json().responseText).error.message).toBe('value: must be a number, got "42"');
  });

  it('never echoes a credential in an error, whoever quotes it', async () => {
    const direct = await app.inject({
      url: `/api/echo?value=${AGENT}`,
      headers: { host: local(), authorization: `Bearer ${AGENT}` },
    });
    expect(direct.statusCode).toBe(400);
    expect(direct.json().error.message).toBe('value: must be a number, got "[redacted]"');
    const missing = await app.inject({ url: `/no/such/${AUTOMATION}`, headers: { host: local() } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain(AUTOMATION);
  });

  it('serves an attachment whose name holds line breaks or bidirectional controls, with a safe header', async () => {
    const upload = await fetch(`${served.url}/api/v2/uploads.json?filename=plan.ics`, {
      method: 'POST',
      headers: { authorization: 'Basic eDp5', 'content-type': 'text/calendar' },
      body: 'BEGIN:VCALENDAR',
    });
    const id = ((await upload.json()) as { upload: { attachments: { id: number }[] } }).upload.attachments[0]!.id;
    for (const name of ['evil%0D%0ASet-Cookie:%20a=b.ics', 'invoice%E2%80%AEslx.exe', '%22quoted%22%20name.ics']) {
      const answer = await app.inject({ url: `/preview/api/attachments/${id}/${name}`, headers: { host: local() } });
      expect({ name, status: answer.statusCode }).toEqual({ name, status: 200 });
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect(answer.body).toBe('BEGIN:VCALENDAR');
    }
    const bidi = await app.inject({
      url: `/preview/api/attachments/${id}/invoice%E2%80%AEslx.exe`,
      headers: { host: local() },
    });
    expect(bidi.headers['content-disposition']).toBe(
      `attachment; filename="invoiceslx.exe"; filename*=UTF-8''invoiceslx.exe`,
    );
    const quoted = await app.inject({
      url: `/preview/api/attachments/${id}/%22q%22%20n.ics`,
      headers: { host: local() },
    });
    expect(quoted.headers['content-disposition']).toBe(
      `attachment; filename="q n.ics"; filename*=UTF-8''%22q%22%20n.ics`,
    );
  });
});

describe('isLoopbackHost', () => {
  it('accepts loopback names with or without a port and nothing else', () => {
    expect(
      ['localhost', 'LOCALHOST:80', 'app.localhost:3000', '127.0.0.1', '127.255.255.255:1', '[::1]'].map(
        isLoopbackHost,
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(['127.0.0.256', '128.0.0.1', 'localhost.example', '[::2]', '', '10.0.0.1'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
