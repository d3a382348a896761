import { BackendError, buildRequestOptions, createBackendApi } from '../../src/app/api/backend.js';
import { AGENT_HEADERS, COMMON_OPTIONS, POLICY, WINDOW_OFFERS, scheduledTicket } from './fixtures.js';
import { createFakeZafClient } from './fakeZafClient.js';

const agent = { id: '901', name: 'Ada Agent' };

describe('buildRequestOptions', () => {
  it('sends through the ZAF proxy with secure settings, the acting agent and a JSON body', () => {
    expect(buildRequestOptions('POST', '/api/tickets/42/window', agent, { start: 'x', class: 'maintenance' })).toEqual({
      url: '{{setting.backendUrl}}/api/tickets/42/window',
      type: 'POST',
      contentType: 'application/json',
      data: '{"start":"x","class":"maintenance"}',
      headers: { Authorization: 'Bearer {{setting.agentToken}}', 'X-Agent-Id': '901', 'X-Agent-Name': 'Ada%20Agent' },
      secure: true,
      httpCompleteResponse: true,
      dataType: 'json',
    });
  });

  it('percent-encodes the agent name: every header value stays printable ASCII, whatever the name', () => {
    const options = buildRequestOptions('GET', '/api/policy', { id: '902', name: 'Zoë Łukasz 李' });
    expect(options.headers['X-Agent-Name']).toBe('Zo%C3%AB%20%C5%81ukasz%20%E6%9D%8E');
    expect(decodeURIComponent(options.headers['X-Agent-Name']!)).toBe('Zoë Łukasz 李');
    for (const value of Object.values(options.headers)) expect(value).toMatch(/^[\x20-\x7e]*$/);
    // fetch refuses a header value outside ISO-8859-1: the encoded headers are accepted.
    expect(() => new Headers(options.headers)).not.toThrow();
    expect(() => new Headers({ 'X-Agent-Name': '李' })).toThrow();
  });

  it('leaves out the body of a GET', () => {
    expect(buildRequestOptions('GET', '/api/policy', agent)).not.toHaveProperty('data');
  });
});

describe('createBackendApi', () => {
  it('reads the ticket, the windows with all=true for this ticket, and the policy', async () => {
    const client = createFakeZafClient({
      routes: {
        'GET /api/tickets/42': { status: 200, body: scheduledTicket() },
        'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: WINDOW_OFFERS },
        'GET /api/policy': { status: 200, body: POLICY },
      },
    });
    const api = createBackendApi(client, '42', agent);
    expect((await api.getTicket()).state).toBe('scheduled');
    expect(await api.listWindows()).toEqual(WINDOW_OFFERS);
    expect((await api.getPolicy()).timeZone).toBe('America/Chicago');
    expect(client.requests.map((r) => `${r.type} ${r.url}`)).toEqual([
      'GET {{setting.backendUrl}}/api/tickets/42',
      'GET {{setting.backendUrl}}/api/windows?all=true&count=40&ticket=42',
      'GET {{setting.backendUrl}}/api/policy',
    ]);
    expect(client.requests.every((r) => r.headers['X-Agent-Id'] === '901')).toBe(true);
  });

  it('accepts the windows wrapped in { windows: [...] } as well', async () => {
    const client = createFakeZafClient({
      routes: { 'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: { windows: WINDOW_OFFERS } } },
    });
    expect(await createBackendApi(client, '42', agent).listWindows()).toEqual(WINDOW_OFFERS);
  });

  it('sends each action to its route with its exact body and headers', async () => {
    const client = createFakeZafClient({
      routes: {
        'POST /api/tickets/42/window': { status: 201, body: {} },
        'DELETE /api/tickets/42/window': { status: 200, body: {} },
        'POST /api/tickets/42/events': { status: 202, body: {} },
        'POST /api/tickets/42/decision': { status: 200, body: {} },
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'Bonjour' } },
        'POST /api/tickets/42/deliveries/h7/retry': { status: 202, body: {} },
      },
    });
    const api = createBackendApi(client, '42', agent);
    await api.bookWindow({ start: '2026-12-01T18:00:00-06:00', class: 'maintenance' });
    await api.cancelBooking();
    await api.postEvent({ type: 'instance_upgrade_failed', instance: 'eu-1', reason: 'disk full' }, 'key-1');
    await api.recordDecision({ decision: 'NO_GO', note: 'customer called' });
    expect(await api.preview({ type: 'window_cancelled' })).toEqual({ text: 'Bonjour' });
    await api.retryDelivery('h7');
    expect(client.requests).toEqual([
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/window',
        type: 'POST',
        data: '{"start":"2026-12-01T18:00:00-06:00","class":"maintenance"}',
        headers: AGENT_HEADERS,
      },
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/window',
        type: 'DELETE',
        data: '{}',
        headers: AGENT_HEADERS,
      },
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/events',
        type: 'POST',
        data: '{"type":"instance_upgrade_failed","instance":"eu-1","reason":"disk full"}',
        headers: { ...AGENT_HEADERS, 'Idempotency-Key': 'key-1' },
      },
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/decision',
        type: 'POST',
        data: '{"decision":"NO_GO","note":"customer called"}',
        headers: AGENT_HEADERS,
      },
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/preview',
        type: 'POST',
        data: '{"type":"window_cancelled"}',
        headers: AGENT_HEADERS,
      },
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/deliveries/h7/retry',
        type: 'POST',
        data: '{}',
        headers: AGENT_HEADERS,
      },
    ]);
  });

  it("fails with the API's error code and message", async () => {
    const client = createFakeZafClient({
      routes: {
        'POST /api/tickets/42/window': {
          status: 409,
          body: { error: { code: 'WINDOW_UNAVAILABLE', message: 'The window is full.', reasons: [] } },
        },
      },
    });
    const failure = await createBackendApi(client, '42', agent)
      .bookWindow({ start: 'x', class: 'maintenance' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BackendError);
    expect(failure).toMatchObject({ status: 409, code: 'WINDOW_UNAVAILABLE', message: 'The window is full.' });
  });

  it('fails as UNREACHABLE when the proxy rejects without a response, and names the status of a non-JSON error', async () => {
    const client = createFakeZafClient({
      routes: { 'GET /api/tickets/42': 'network-error', 'GET /api/policy': { status: 502 } },
    });
    const api = createBackendApi(client, '42', agent);
    await expect(api.getTicket()).rejects.toMatchObject({ status: 0, code: 'UNREACHABLE' });
    await expect(api.getPolicy()).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
  });
});
