import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../src/server/config.js';

let counter = 0;
const tokens = () => `generated-token-${String(++counter).padStart(4, '0')}`;

describe('loadConfig', () => {
  beforeEach(() => {
    counter = 0;
  });

  it('runs in sandbox mode with the documented defaults and generated tokens when nothing is set', () => {
    expect(loadConfig({}, tokens)).toEqual({
      mode: 'sandbox',
      port: 3000,
      sandboxPort: 3001,
      zendesk: null,
      webhookSecrets: [],
      agentToken: 'generated-token-0001',
      automationToken: 'generated-token-0002',
      generatedTokens: ['AGENT_API_TOKEN', 'AUTOMATION_API_TOKEN'],
      policyFile: null,
      dataDir: resolve('./data'),
      publicUrl: null,
      backendUrl: null,
      notifyUrl: null,
      templatesDir: null,
      reconcileIntervalMs: 300_000,
      databaseUrl: null,
    });
  });

  it('reads RECONCILE_INTERVAL as an ISO 8601 duration and names a bad one', () => {
    expect(loadConfig({ RECONCILE_INTERVAL: 'PT90S' }, tokens).reconcileIntervalMs).toBe(90_000);
    expect(loadConfig({ RECONCILE_INTERVAL: 'PT1H' }, tokens).reconcileIntervalMs).toBe(3_600_000);
    for (const bad of ['5m', 'PT1S', 'P2D', 'P1M', 'PT']) {
      expect(() => loadConfig({ RECONCILE_INTERVAL: bad }, tokens)).toThrow(
        'RECONCILE_INTERVAL: must be an ISO 8601 duration from PT30S to P1D, like PT5M',
      );
    }
  });

  it('accepts port 0 and splits rotating webhook secrets on commas', () => {
    const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', ZENDESK_WEBHOOK_SECRET: 'old, new' }, tokens);
    expect([config.port, config.sandboxPort, config.webhookSecrets]).toEqual([0, 0, ['old', 'new']]);
  });

  it('uses Zendesk mode with API-token credentials and refuses to generate tokens there', () => {
    const env = {
      ZENDESK_URL: 'https://acme.zendesk.com/',
      ZENDESK_EMAIL: 'admin@acme.example',
      ZENDESK_API_TOKEN: 'abc',
      PUBLIC_URL: 'https://upgrades.acme.example',
    };
    expect(() => loadConfig(env, tokens)).toThrow(
      'AGENT_API_TOKEN: is required when Zendesk credentials are configured',
    );
    const config = loadConfig(
      { ...env, AGENT_API_TOKEN: 'a'.repeat(20), AUTOMATION_API_TOKEN: 'b'.repeat(20) },
      tokens,
    );
    expect(config.mode).toBe('zendesk');
    expect(config.zendesk).toEqual({
      url: 'https://acme.zendesk.com',
      auth: 'token',
      email: 'admin@acme.example',
      apiToken: 'abc',
    });
    expect(config.generatedTokens).toEqual([]);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT: must be a port number from 0 to 65535'],
    [{ PORT: 'http' }, 'PORT: must be a port number from 0 to 65535'],
    [{ ZENDESK_URL: 'acme.zendesk.com' }, 'ZENDESK_URL: must be an http:// or https:// URL'],
    [{ ZENDESK_API_TOKEN: 'abc' }, 'ZENDESK_API_TOKEN: is set but ZENDESK_URL is not'],
    [{ ZENDESK_URL: 'https://acme.zendesk.com' }, 'ZENDESK_URL: needs ZENDESK_EMAIL with ZENDESK_API_TOKEN'],
    [{ AGENT_API_TOKEN: 'short' }, 'AGENT_API_TOKEN: must be at least 16 characters'],
    [{ NOTIFY_URL: 'ftp://x' }, 'NOTIFY_URL: must be an http:// or https:// URL'],
    [{ DATABASE_URL: 'mysql://db/uw' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [
      { AGENT_API_TOKEN: 'same-token-123456', AUTOMATION_API_TOKEN: 'same-token-123456' },
      'AUTOMATION_API_TOKEN: must differ from AGENT_API_TOKEN',
    ],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env, tokens)).toThrow(ConfigError);
    expect(() => loadConfig(env, tokens)).toThrow(message);
  });
});
