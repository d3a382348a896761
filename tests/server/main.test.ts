import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/server/config.js';
import { startFromConfig, type PreviewMount } from '../../src/server/main.js';
import { parsePolicy, type Policy } from '../../src/core/schedule.js';
import { FIELD_NAMES, writeZendeskFile } from '../../src/server/setup/fields.js';

// What `serve` loads: the sandbox (a fake Zendesk, test-grade code) only in sandbox mode, and the preview only
// as the serve command hands it in. This file imports no test helper, since those load the sandbox themselves.

const mockLoaded: string[] = [];
jest.mock('../../src/zendesk/sandbox/index.js', () => {
  mockLoaded.push('sandbox');
  return jest.requireActual('../../src/zendesk/sandbox/index.js');
});

const PARSED = parsePolicy({
  timeZone: 'UTC',
  rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
});
if (!PARSED.ok) throw new Error(PARSED.errors.join('; '));
const POLICY: Policy = PARSED.policy;
const AGENT_TOKEN = 'agent-token-for-main-tests';
const AUTOMATION_TOKEN = 'automation-token-for-main-tests';
const FIELD_IDS = Object.fromEntries(FIELD_NAMES.map((name, index) => [name, index + 1])) as Record<
  (typeof FIELD_NAMES)[number],
  number
>;

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}
const BASE_ENV = { PORT: '0', SANDBOX_PORT: '0', AGENT_API_TOKEN: AGENT_TOKEN, AUTOMATION_API_TOKEN: AUTOMATION_TOKEN };

describe('startFromConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-main-'));
    mockLoaded.length = 0;
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('with Zendesk credentials, never loads the sandbox nor mounts the preview', async () => {
    writeZendeskFile(dataDir, { fields: FIELD_IDS });
    const config = loadConfig({
      ...BASE_ENV,
      DATA_DIR: dataDir,
      // Nothing listens there: starting reads nothing from Zendesk.
      ZENDESK_URL: 'http://127.0.0.1:9',
      ZENDESK_EMAIL: 'api@vendor.example',
      ZENDESK_API_TOKEN: 'token',
      PUBLIC_URL: 'https://upgrades.vendor.example',
    });
    const mount = jest.fn<ReturnType<PreviewMount>, Parameters<PreviewMount>>();
    const serving = await startFromConfig(config, {
      policy: POLICY,
      logger: pino({ level: 'silent' }),
      preview: mount,
    });
    try {
      expect(serving.sandbox).toBeNull();
      expect(mockLoaded).toEqual([]);
      expect(mount).not.toHaveBeenCalled();
      expect((await getJson(`${serving.server.url}/healthz`)).status).toBe(200);
    } finally {
      await serving.close();
    }
  });

  it('in sandbox mode, loads the sandbox and mounts the preview with its URL and the agent token', async () => {
    const config = loadConfig({ ...BASE_ENV, DATA_DIR: dataDir });
    const mount: PreviewMount = (app, options) => {
      app.get('/preview-probe', async () => options);
    };
    const serving = await startFromConfig(config, {
      policy: POLICY,
      logger: pino({ level: 'silent' }),
      preview: mount,
    });
    try {
      expect(mockLoaded).toEqual(['sandbox']);
      const probe = await getJson(`${serving.server.url}/preview-probe`);
      expect(probe.body).toEqual({ sandboxUrl: serving.sandbox!.url, agentToken: AGENT_TOKEN });
    } finally {
      await serving.close();
    }
  });
});
