import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';

describe('upgrade-windows setup', () => {
  let sandbox: Sandbox;
  let served: ServedSandbox;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    sandbox = createSandbox();
    served = await serveSandbox(sandbox, { port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'uw-setup-'));
    env = {
      ZENDESK_URL: served.url,
      ZENDESK_EMAIL: 'admin@acme.example',
      ZENDESK_API_TOKEN: 'token',
      DATA_DIR: dataDir,
    };
  });
  afterEach(async () => {
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fieldPosts = () =>
    sandbox.ledger().filter((entry) => entry.method === 'POST' && entry.path.startsWith('/api/v2/ticket_fields'));

  it('creates the ten ticket fields once and writes their ids; a second run creates nothing', async () => {
    const first = await cli(['setup'], { env });
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n').filter((line) => line.startsWith('created'))).toHaveLength(10);
    const file = JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'));
    expect(Object.keys(file.fields)).toEqual([
      'status',
      'windowStart',
      'windowEnd',
      'windowDate',
      'decision',
      'decisionAt',
      'decisionBy',
      'decisionEvidence',
      'needsReview',
      'deliveryMarker',
    ]);
    expect(fieldPosts()).toHaveLength(10);
    const status = sandbox.state.ticketFields.find((field) => field.id === file.fields.status);
    expect(status?.custom_field_options?.map((option) => option.value)).toEqual([
      'unscheduled',
      'scheduled',
      'in_progress',
      'awaiting_decision',
      'rolling_back',
      'completed',
      'cancelled',
    ]);

    const second = await cli(['setup'], { env });
    expect(second.status).toBe(0);
    expect(second.stdout.split('\n').filter((line) => line.startsWith('found'))).toHaveLength(10);
    expect(fieldPosts()).toHaveLength(10);
    expect(JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'))).toEqual(file);
  });

  it('shows what it would create with --dry-run and changes nothing', async () => {
    const result = await cli(['setup', '--dry-run'], { env });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('would create Upgrade status');
    expect(fieldPosts()).toHaveLength(0);
  });

  it('exits 2 naming the variables without Zendesk credentials', async () => {
    const result = await cli(['setup'], { env: { DATA_DIR: dataDir } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^upgrade-windows setup: no Zendesk configured: set ZENDESK_URL/);
  });

  it('exits 3 when Zendesk cannot be reached', async () => {
    const result = await cli(['setup'], { env: { ...env, ZENDESK_URL: 'http://127.0.0.1:9' } });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^upgrade-windows setup: cannot reach Zendesk at http:\/\/127\.0\.0\.1:9/);
  });
});
