import { cli } from '../helpers/cli.js';
import { AUTOMATION_TOKEN, call, newTicket, startStack, type Stack } from '../server/helpers.js';
import { defaultKey } from '../../src/cli/commands/event.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('upgrade-windows event', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  let clock = NOW;
  beforeAll(async () => {
    stack = await startStack({ now: () => clock });
    env = { BACKEND_URL: stack.backend.url, AUTOMATION_API_TOKEN: AUTOMATION_TOKEN };
  });
  afterAll(async () => {
    await stack.close();
  });

  it('reports an accepted event with exit 0, and the same event again is replayed, not posted twice', async () => {
    const ticketId = await newTicket(stack);
    clock = NOW;
    const windows = await call(stack.backend.url, 'GET', '/api/windows?count=1');
    await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: windows.body[0].start, class: 'maintenance' },
    });
    clock = Date.parse('2026-12-02T00:00:00Z');
    const first = await cli(['event', String(ticketId), 'upgrade_started'], { env });
    expect(first).toEqual({
      status: 0,
      stdout: `accepted: upgrade_started on ticket ${ticketId}, now in_progress\n`,
      stderr: '',
    });
    const again = await cli(['event', String(ticketId), 'upgrade_started'], { env });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(
      `accepted: upgrade_started on ticket ${ticketId}, now in_progress (already reported with this key)\n`,
    );
    const view = await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`);
    expect(view.body.history.map((entry: { type: string }) => entry.type)).toEqual([
      'window_scheduled',
      'upgrade_started',
    ]);
  });

  it('exits 1 with the reason on one stderr line when the backend refuses the transition', async () => {
    const result = await cli(['event', '31337', 'validation_completed'], { env });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^upgrade-windows event: refused: [^\n]+\n$/);
  });

  it('says when a refusal is the replayed answer of its key, and that a new --key reports the event anew', async () => {
    const result = await cli(['event', '31338', 'validation_completed'], { env });
    expect(result.stderr).not.toContain('pass a new --key');
    const again = await cli(['event', '31338', 'validation_completed'], { env });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(
      `(the answer first given to key ${defaultKey(31338, { type: 'validation_completed' })}`,
    );
    expect(again.stderr).toContain('pass a new --key)');
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['event', '12x', 'upgrade_started'], 'TICKET must be a Zendesk ticket id'],
    [['event', '5', 'coffee_break'], 'TYPE must be one of'],
    [['event', '5', 'decision_requested', '--anticipated-end', 'tomorrow'], '--anticipated-end must be an ISO instant'],
    [['event', '5', 'upgrade_started', '--colour', 'red'], 'unknown option'],
    [['event', '5', 'instance_upgrade_started'], 'instance_upgrade_started needs --instance NAME'],
    [['event', '5', 'instance_upgrade_failed', '--reason', 'disk full'], 'instance_upgrade_failed needs --instance'],
    [['event', '5', 'validation_started', '--instance', 'eu-1'], 'validation_started is not about one instance'],
    [['event', '5', 'decision_requested', '--reason', 'slow'], 'decision_requested needs --reason TEXT'],
  ])('exits 2 with one line for bad input %j', async (argv, message) => {
    const result = await cli(argv, { env });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('exits 2 naming the variable when AUTOMATION_API_TOKEN is unset', async () => {
    const result = await cli(['event', '5', 'upgrade_started'], { env: { BACKEND_URL: stack.backend.url } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('AUTOMATION_API_TOKEN is not set');
  });

  it('exits 3 when the backend cannot be reached', async () => {
    const result = await cli(['event', '5', 'upgrade_started'], {
      env: { BACKEND_URL: 'http://127.0.0.1:9', AUTOMATION_API_TOKEN: AUTOMATION_TOKEN },
    });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^upgrade-windows event: cannot reach the backend at http:\/\/127\.0\.0\.1:9 \([^)]+\)\n$/,
    );
  });

  it('derives the default key from ticket, type, instance, reason and anticipated end only', () => {
    const key = defaultKey(10231, { type: 'instance_upgrade_failed', instance: 'eu-1', reason: 'disk full' });
    expect(key).toMatch(/^cli-[0-9a-f]{32}$/);
    expect(defaultKey(10231, { type: 'instance_upgrade_failed', instance: 'eu-1', reason: 'disk full' })).toBe(key);
    expect(defaultKey(10231, { type: 'instance_upgrade_failed', instance: 'eu-2', reason: 'disk full' })).not.toBe(key);
  });
});
