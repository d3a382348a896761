import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
      PUBLIC_URL: 'https://upgrades.acme.example',
    };
  });
  afterEach(async () => {
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fieldPosts = () =>
    sandbox.ledger().filter((entry) => entry.method === 'POST' && entry.path.startsWith('/api/v2/ticket_fields'));

  const webhookPosts = () =>
    sandbox.ledger().filter((entry) => entry.method === 'POST' && entry.path === '/api/v2/webhooks');
  const triggerPosts = () =>
    sandbox.ledger().filter((entry) => entry.method === 'POST' && entry.path.startsWith('/api/v2/triggers'));

  it('creates the ten ticket fields, the webhook and the trigger once and writes their ids; a second run creates nothing', async () => {
    const first = await cli(['setup'], { env });
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n').filter((line) => line.startsWith('created'))).toHaveLength(12);
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
      'uw_status_unscheduled',
      'uw_status_offered',
      'uw_status_scheduled',
      'uw_status_in_progress',
      'uw_status_awaiting_decision',
      'uw_status_rolling_back',
      'uw_status_completed',
      'uw_status_cancelled',
    ]);
    const decision = sandbox.state.ticketFields.find((field) => field.id === file.fields.decision);
    expect(decision?.custom_field_options?.map((option) => option.value)).toEqual([
      'uw_decision_go',
      'uw_decision_no_go',
    ]);

    const webhook = sandbox.state.webhooks[0]!;
    expect([sandbox.state.webhooks.length, webhook.endpoint, webhook.http_method, webhook.request_format]).toEqual([
      1,
      'https://upgrades.acme.example/webhooks/zendesk',
      'POST',
      'json',
    ]);
    expect(webhook.subscriptions).toEqual(['conditional_ticket_events']);
    expect(file.webhook).toEqual({ id: webhook.id, secret: webhook.secret });
    const trigger = sandbox.state.triggers.find((candidate) => candidate.id === file.trigger.id)!;
    expect(trigger.conditions).toEqual({
      all: [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'comment_is_public', operator: 'is', value: 'true' },
        { field: 'role', operator: 'is', value: 'end_user' },
      ],
      any: ['offered', 'scheduled', 'in_progress', 'awaiting_decision', 'rolling_back', 'completed'].map((state) => ({
        field: `custom_fields_${file.fields.status}`,
        operator: 'is',
        value: `uw_status_${state}`,
      })),
    });
    expect(trigger.actions).toEqual([
      { field: 'notification_webhook', value: [webhook.id, '{"ticket_id": "{{ticket.id}}"}'] },
    ]);
    expect(first.stdout.split('\n').slice(-4)).toEqual([
      `created  webhook https://upgrades.acme.example/webhooks/zendesk (${webhook.id})`,
      `created  trigger "Upgrade Windows: customer reply on an upgrade ticket" (${trigger.id})`,
      `wrote ${dataDir}/zendesk.json`,
      '',
    ]);

    const second = await cli(['setup'], { env });
    expect(second.status).toBe(0);
    expect(second.stdout.split('\n').filter((line) => line.startsWith('found'))).toHaveLength(12);
    expect(second.stdout.split('\n').filter((line) => line.startsWith('created'))).toEqual([]);
    expect(fieldPosts()).toHaveLength(10);
    expect([webhookPosts().length, triggerPosts().length]).toEqual([1, 1]);
    expect(JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'))).toEqual(file);
  });

  it('shows what it would create with --dry-run and changes nothing', async () => {
    const result = await cli(['setup', '--dry-run'], { env });
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('would create Upgrade status');
    expect(lines.slice(-3)).toEqual([
      'would create webhook https://upgrades.acme.example/webhooks/zendesk',
      'would create trigger "Upgrade Windows: customer reply on an upgrade ticket"',
      '',
    ]);
    expect([fieldPosts().length, webhookPosts().length, triggerPosts().length]).toEqual([0, 0, 0]);
    expect(existsSync(join(dataDir, 'zendesk.json'))).toBe(false);
  });

  it('with --dry-run after a setup, finds everything and would create nothing', async () => {
    await cli(['setup'], { env });
    const result = await cli(['setup', '--dry-run'], { env });
    expect(result.stdout.split('\n').filter((line) => line.startsWith('would create'))).toEqual([]);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('found'))).toHaveLength(12);
  });

  it('creates a new webhook and trigger when PUBLIC_URL moves, keeping the fields', async () => {
    await cli(['setup'], { env });
    const moved = await cli(['setup'], { env: { ...env, PUBLIC_URL: 'https://new.acme.example/' } });
    expect(moved.status).toBe(0);
    const file = JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'));
    const webhook = sandbox.state.webhooks.find((candidate) => candidate.id === file.webhook.id)!;
    expect([webhook.endpoint, fieldPosts().length, webhookPosts().length, triggerPosts().length]).toEqual([
      'https://new.acme.example/webhooks/zendesk',
      10,
      2,
      2,
    ]);
  });

  it('exits 2 naming PUBLIC_URL when it is not set', async () => {
    const { PUBLIC_URL: _unused, ...withoutPublicUrl } = env;
    const result = await cli(['setup'], { env: withoutPublicUrl });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'upgrade-windows setup: PUBLIC_URL is not set: the webhook Zendesk calls is PUBLIC_URL/webhooks/zendesk\n',
    });
  });

  it('exits 2 naming the variables without Zendesk credentials', async () => {
    const result = await cli(['setup'], { env: { DATA_DIR: dataDir } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^upgrade-windows setup: no Zendesk configured: set ZENDESK_URL/);
  });

  // zod's email() wants a top-level domain of two letters or more; Zendesk accounts use any address they like.
  it('accepts any address of the form local@domain.tld as ZENDESK_EMAIL, a@b.c included', async () => {
    const result = await cli(['setup', '--dry-run'], { env: { ...env, ZENDESK_EMAIL: 'a@b.c' } });
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(sandbox.ledger().filter((entry) => entry.method === 'GET').length).toBeGreaterThan(0);
  });

  it.each(['admin', 'admin@acme', 'ad min@acme.example', '@acme.example'])(
    'exits 2 naming ZENDESK_EMAIL for %j',
    async (email) => {
      const result = await cli(['setup'], { env: { ...env, ZENDESK_EMAIL: email } });
      expect(result).toEqual({
        status: 2,
        stdout: '',
        stderr: 'upgrade-windows setup: invalid configuration: ZENDESK_EMAIL: must be an email address\n',
      });
    },
  );

  it('creates a DATA_DIR that does not exist yet, as serve does', async () => {
    const nested = join(dataDir, 'not', 'yet');
    const result = await cli(['setup'], { env: { ...env, DATA_DIR: nested } });
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(existsSync(join(nested, 'zendesk.json'))).toBe(true);
  });

  it('exits 2 naming a DATA_DIR that cannot be created, before touching Zendesk', async () => {
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    const result = await cli(['setup'], { env: { ...env, DATA_DIR: join(file, 'data') } });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `upgrade-windows setup: DATA_DIR ${join(file, 'data')} cannot be created: a file is in the way\n`,
    });
    expect(sandbox.ledger()).toEqual([]);
  });

  it('exits 3 when Zendesk cannot be reached', async () => {
    const result = await cli(['setup'], { env: { ...env, ZENDESK_URL: 'http://127.0.0.1:9' } });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^upgrade-windows setup: cannot reach Zendesk at http:\/\/127\.0\.0\.1:9/);
  });

  it('creates "Upgrade product" from the policy\'s products, then adds a new product\'s option in place', async () => {
    const policy = JSON.parse(readFileSync(join(__dirname, '../../examples/multi-product.json'), 'utf8'));
    const policyFile = join(dataDir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(policy));
    const first = await cli(['setup'], { env: { ...env, POLICY_FILE: policyFile } });
    expect(first.status).toBe(0);
    const file = JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'));
    expect(first.stdout).toContain(`created  Upgrade product (${file.fields.product})\n`);
    const field = sandbox.state.ticketFields.find((candidate) => candidate.id === file.fields.product)!;
    expect(field.custom_field_options!.map((option) => [option.name, option.value])).toEqual([
      ['Online Community', 'uw_product_community'],
      ['Communications Professional', 'uw_product_informz'],
    ]);
    const ids = field.custom_field_options!.map((option) => option.id);

    const grown = { ...policy, products: { ...policy.products, crm: { name: 'CRM' } } };
    writeFileSync(policyFile, JSON.stringify(grown));
    expect((await cli(['setup', '--dry-run', '--policy', policyFile], { env })).stdout).toContain(
      "would update Upgrade product options to the policy's products\n",
    );
    const second = await cli(['setup', '--policy', policyFile], { env });
    expect(second.stdout).toContain("updated Upgrade product options to the policy's products\n");
    expect(field.custom_field_options!.map((option) => option.value)).toEqual([
      'uw_product_community',
      'uw_product_informz',
      'uw_product_crm',
    ]);
    expect(field.custom_field_options!.slice(0, 2).map((option) => option.id)).toEqual(ids);
    expect(fieldPosts()).toHaveLength(11);
  });

  it('exits 2 naming an invalid policy before touching Zendesk', async () => {
    const policyFile = join(dataDir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ timeZone: 'America/New_York', rules: [], products: { x: {} } }));
    const before = sandbox.ledger().length;
    const result = await cli(['setup', '--policy', policyFile], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`invalid policy ${policyFile}: products.x`);
    expect(sandbox.ledger().length).toBe(before);
  });

  it('copes with the seeded fields that use the unprefixed tags (scheduled, go, ...)', async () => {
    const foreign = sandbox.state.ticketFields.find((field) => field.title === 'Change approval');
    expect(foreign?.custom_field_options?.map((option) => option.value)).toEqual(['go', 'no_go']);
    expect((await cli(['setup'], { env })).status).toBe(0);
  });

  it('creates nothing and names the field and the tag when a uw_ tag is taken', async () => {
    const taken = await fetch(`${served.url}/api/v2/ticket_fields.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer any-oauth-token' },
      body: JSON.stringify({
        ticket_field: {
          type: 'tagger',
          title: 'Legacy approval',
          custom_field_options: [{ name: 'Yes', value: 'uw_decision_go' }],
        },
      }),
    });
    expect(taken.status).toBe(201);
    const legacyId = ((await taken.json()) as { ticket_field: { id: number } }).ticket_field.id;
    const before = sandbox.ledger().length;
    const result = await cli(['setup'], { env });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `upgrade-windows setup: the tag "uw_decision_go" is already used by the ticket field "Legacy approval" (id ${legacyId}); nothing was created: free that tag in Zendesk, then run setup again\n`,
    );
    const writes = sandbox
      .ledger()
      .slice(before)
      .filter((entry) => entry.method !== 'GET');
    expect(writes).toEqual([]);
    expect(existsSync(join(dataDir, 'zendesk.json'))).toBe(false);
    expect((await cli(['setup', '--dry-run'], { env })).status).toBe(1);
  });

  it('migrates an install made with the unprefixed tags: options renamed in place, trigger updated', async () => {
    sandbox = createSandbox({ collidingFields: false });
    await served.close();
    served = await serveSandbox(sandbox, { port: 0 });
    env.ZENDESK_URL = served.url;
    expect((await cli(['setup'], { env })).status).toBe(0);
    const file = JSON.parse(readFileSync(join(dataDir, 'zendesk.json'), 'utf8'));
    // Turn the install into one made before the prefix: bare option values, a trigger testing them.
    const status = sandbox.state.ticketFields.find((field) => field.id === file.fields.status)!;
    const optionIds = status.custom_field_options!.map((option) => option.id);
    for (const option of status.custom_field_options!) option.value = option.value.replace('uw_status_', '');
    const decision = sandbox.state.ticketFields.find((field) => field.id === file.fields.decision)!;
    for (const option of decision.custom_field_options!) option.value = option.value.replace('uw_decision_', '');
    const trigger = sandbox.state.triggers.find((candidate) => candidate.id === file.trigger.id)!;
    trigger.conditions = {
      all: trigger.conditions.all,
      any: [{ field: `custom_fields_${status.id}`, operator: 'is', value: 'scheduled' }],
    };

    const dry = await cli(['setup', '--dry-run'], { env });
    expect(dry.stdout).toContain('would migrate Upgrade status to the uw_ tags');
    expect(dry.stdout).toContain('would update trigger');
    const result = await cli(['setup'], { env });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'migrated Upgrade status to the uw_ tags\nmigrated Upgrade decision to the uw_ tags',
    );
    expect(status.custom_field_options!.map((option) => [option.id, option.value])).toEqual(
      optionIds.map((id, index) => [
        id,
        `uw_status_${['unscheduled', 'offered', 'scheduled', 'in_progress', 'awaiting_decision', 'rolling_back', 'completed', 'cancelled'][index]}`,
      ]),
    );
    expect(decision.custom_field_options!.map((option) => option.value)).toEqual([
      'uw_decision_go',
      'uw_decision_no_go',
    ]);
    expect(trigger.conditions.any).toHaveLength(6);
    expect(result.stdout).toContain(`updated  trigger`);
    expect(fieldPosts()).toHaveLength(10);
  });
});
