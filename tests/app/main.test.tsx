/** @jest-environment ./tests/jsdom-environment.cjs */
import './rtl-setup.js';
import { screen } from '@testing-library/react';
import type { ZafRequestOptions } from '../../src/app/zaf/client.js';
import type { ZafSdk } from '../../src/app/zaf/zaf-sdk.js';
import { createFakeZafClient } from './fakeZafClient.js';
import { scheduledTicket } from './fixtures.js';

/** Loads the page's entry module afresh, as the browser does after the CDN script defined `ZAFClient`. */
function loadPage(sdk: ZafSdk | undefined) {
  document.body.innerHTML = '<div id="root"></div>';
  if (sdk === undefined) delete window.ZAFClient;
  else window.ZAFClient = sdk;
  jest.isolateModules(() => {
    require('../../src/app/main.tsx');
  });
}

// The entry module gets its own React (isolateModules), which RTL's act() does not drive: let it render
// like a browser and wait with findBy* instead.
beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});

afterEach(() => {
  delete window.ZAFClient;
});

describe('the page entry', () => {
  it('shows a clear screen when ZAFClient.init() returns false (opened outside Zendesk)', async () => {
    loadPage({ init: () => false });
    expect((await screen.findByRole('heading')).textContent).toBe('Open this app in Zendesk');
  });

  it('shows the same screen when the CDN script did not load', async () => {
    loadPage(undefined);
    expect((await screen.findByRole('heading')).textContent).toBe('Open this app in Zendesk');
  });

  it('renders nothing until app.registered, then the ticket sidebar', async () => {
    const client = createFakeZafClient({
      routes: { 'GET /api/tickets/42': { status: 200, body: scheduledTicket() } },
    });
    let register: ((data: unknown) => void) | undefined;
    loadPage({
      init: (callback) => {
        register = callback;
        return {
          get: (paths) => client.get(Array.isArray(paths) ? paths : [paths]),
          invoke: (name, ...args) => client.invoke(name, ...args),
          request: (options) => client.request(options as unknown as ZafRequestOptions),
          context: () => client.context(),
          on: () => undefined,
          off: () => undefined,
        };
      },
    });
    expect(document.getElementById('root')!.textContent).toBe('');
    register?.({ metadata: {}, context: {} });
    expect(await screen.findByText('Scheduled')).toBeTruthy();
  });
});
