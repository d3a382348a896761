import { fillSettings, prepareProxiedRequest, swapSdkTag, type AppSettings } from '../../src/preview/zaf-proxy.js';

const SETTINGS: AppSettings = {
  open: { backendUrl: 'http://127.0.0.1:3000' },
  secure: { agentToken: 'agent-token-0123456789' },
};

describe('fillSettings', () => {
  it('fills a secure setting only into a secure request', () => {
    expect(fillSettings('Bearer {{setting.agentToken}}', SETTINGS, true)).toEqual({
      text: 'Bearer agent-token-0123456789',
      missing: [],
    });
    expect(fillSettings('Bearer {{setting.agentToken}}', SETTINGS, false)).toEqual({
      text: 'Bearer {{setting.agentToken}}',
      missing: ['agentToken'],
    });
  });

  it('fills an open setting with or without secure, and reports unknown names', () => {
    expect(fillSettings('{{ setting.backendUrl }}/api/policy', SETTINGS, false).text).toBe(
      'http://127.0.0.1:3000/api/policy',
    );
    expect(fillSettings('{{setting.nope}}', SETTINGS, true).missing).toEqual(['nope']);
  });
});

describe('prepareProxiedRequest', () => {
  const sidebarCall = {
    url: '{{setting.backendUrl}}/api/tickets/10231',
    type: 'GET',
    contentType: 'application/json',
    headers: { Authorization: 'Bearer {{setting.agentToken}}', 'X-Agent-Id': '7' },
    secure: true,
    httpCompleteResponse: true,
    dataType: 'json',
  };

  it('gives the backend call with the token filled in and header names in lower case', () => {
    expect(prepareProxiedRequest(sidebarCall, SETTINGS, ['http://127.0.0.1:3000'])).toEqual({
      ok: true,
      request: {
        url: 'http://127.0.0.1:3000/api/tickets/10231',
        type: 'GET',
        headers: { authorization: 'Bearer agent-token-0123456789', 'x-agent-id': '7' },
        data: null,
        contentType: 'application/json',
      },
    });
  });

  it('refuses a secure setting in a request sent without secure: true', () => {
    expect(prepareProxiedRequest({ ...sidebarCall, secure: false }, SETTINGS, ['http://127.0.0.1:3000'])).toEqual({
      ok: false,
      status: 400,
      message: 'unknown or non-secure settings: agentToken (secure settings need secure: true)',
    });
  });

  it('refuses any host outside the whitelist, even one that starts like the backend', () => {
    const elsewhere = { ...sidebarCall, url: 'http://127.0.0.1:3000.evil.example/steal' };
    expect(prepareProxiedRequest(elsewhere, SETTINGS, ['http://127.0.0.1:3000'])).toEqual({
      ok: false,
      status: 403,
      message: "http://127.0.0.1:3000.evil.example/steal is not in the app's domain whitelist",
    });
  });

  it('names the bad field of a malformed options object', () => {
    expect(prepareProxiedRequest({ url: '' }, SETTINGS, [])).toMatchObject({
      ok: false,
      message: 'url must be a non-empty string',
    });
    expect(prepareProxiedRequest({ url: 'x', type: 'TRACE' }, SETTINGS, [])).toMatchObject({
      ok: false,
      message: 'type TRACE is not an HTTP method the proxy sends',
    });
    expect(prepareProxiedRequest({ url: 'x', headers: { a: 1 } }, SETTINGS, [])).toMatchObject({
      ok: false,
      message: 'headers.a must be a string',
    });
  });
});

describe('swapSdkTag', () => {
  const built = `<!doctype html>
<html lang="en">
  <head>
    <script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"></script>
    <script type="module" crossorigin src="./index-abc.js"></script>
  </head>
</html>`;

  it('replaces the one SDK tag and leaves the rest of the page as built', () => {
    expect(swapSdkTag(built, '<script src="/sdk.js"></script>')).toBe(`<!doctype html>
<html lang="en">
  <head>
    <script src="/sdk.js"></script>
    <script type="module" crossorigin src="./index-abc.js"></script>
  </head>
</html>`);
  });

  it('gives null when the page has no SDK tag or two of them', () => {
    expect(swapSdkTag('<html></html>', '/c.js')).toBeNull();
    const twice = built.replace(
      '</head>',
      '<script src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"></script></head>',
    );
    expect(swapSdkTag(twice, '/c.js')).toBeNull();
  });
});
