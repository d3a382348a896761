import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from '../../src/server/store/lock.js';
import { DataDirLockedError } from '../../src/server/store/types.js';
import { cli } from '../helpers/cli.js';
import { startServe } from '../support/serve.js';

describe('upgrade-windows serve', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-serve-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the sandbox and the backend on free ports, prints them and the tokens, and stops on SIGTERM', async () => {
    const serve = await startServe({
      PORT: '0',
      SANDBOX_PORT: '0',
      DATA_DIR: dataDir,
      AGENT_API_TOKEN: 'agent-token-for-serve-test',
    });
    const lines = serve.stdout.split('\n');
    expect(lines[0]).toMatch(/^upgrade-windows backend listening on http:\/\/127\.0\.0\.1:(\d+) \(PORT \1\)$/);
    expect(lines[1]).toMatch(/^Zendesk sandbox on http:\/\/127\.0\.0\.1:(\d+) \(SANDBOX_PORT \1\)$/);
    expect(lines[2]).toBe(`data directory ${dataDir}`);
    expect(lines[3]).toBe('policy default policy (POLICY_FILE is not set)');
    // The agent token was given, so only the automation token is generated and printed.
    expect(lines[4]).toMatch(/^AUTOMATION_API_TOKEN=[\w-]{43} \(generated for this run; set it to keep it\)$/);
    const { backendUrl } = serve;
    const health = await fetch(`${backendUrl}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', store: 'ok', deliveries: { pending: 0, failed: 0 } });
    // The serve command wires the agent-workspace preview into the server in sandbox mode.
    const page = await fetch(`${backendUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const policy = await fetch(`${backendUrl}/api/policy`, {
      headers: { authorization: 'Bearer agent-token-for-serve-test' },
    });
    expect(((await policy.json()) as { timeZone: string }).timeZone).toBe('America/Chicago');
    expect(existsSync(join(dataDir, 'zendesk.json'))).toBe(true);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);

    expect(await serve.stop()).toBe(0);
    expect(serve.stdout).toContain('stopped\n');
    lockDataDir(dataDir)();
    expect(serve.stderr).toContain('Server listening');
  });

  it('names the policy file in force at start, and serves that policy', async () => {
    const policyFile = join(dataDir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ timeZone: 'Europe/Paris', rules: [] }));
    const serve = await startServe({
      PORT: '0',
      SANDBOX_PORT: '0',
      DATA_DIR: dataDir,
      POLICY_FILE: policyFile,
      AGENT_API_TOKEN: 'agent-token-for-serve-test',
    });
    expect(serve.stdout.split('\n')).toContain(`policy ${policyFile}`);
    const policy = await fetch(`${serve.backendUrl}/api/policy`, {
      headers: { authorization: 'Bearer agent-token-for-serve-test' },
    });
    expect(((await policy.json()) as { timeZone: string }).timeZone).toBe('Europe/Paris');
    expect(await serve.stop()).toBe(0);
  });

  it('exits 2 with one line naming an invalid variable', async () => {
    const result = await cli(['serve'], { env: { PORT: 'eighty', DATA_DIR: dataDir } });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'upgrade-windows serve: invalid configuration: PORT: must be a port number from 0 to 65535\n',
    });
  });

  it('refuses to start with Zendesk credentials but without DATA_DIR/zendesk.json', async () => {
    const result = await cli(['serve'], {
      env: {
        PORT: '0',
        DATA_DIR: dataDir,
        ZENDESK_URL: 'http://127.0.0.1:9',
        ZENDESK_EMAIL: 'admin@acme.example',
        ZENDESK_API_TOKEN: 'token',
        PUBLIC_URL: 'https://upgrades.acme.example',
        AGENT_API_TOKEN: 'agent-token-0123456789',
        AUTOMATION_API_TOKEN: 'automation-token-0123456789',
      },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `upgrade-windows serve: ${join(dataDir, 'zendesk.json')} is missing: run "upgrade-windows setup" with the same DATA_DIR first\n`,
    );
    lockDataDir(dataDir)();
  });
});
