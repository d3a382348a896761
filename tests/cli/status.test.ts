import { cli } from '../helpers/cli.js';
import { AUTOMATION_TOKEN, call, newTicket, startStack, type Stack } from '../server/helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('upgrade-windows status', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    env = { BACKEND_URL: stack.backend.url, AUTOMATION_API_TOKEN: AUTOMATION_TOKEN };
  });
  afterAll(async () => {
    await stack.close();
  });

  it('prints a booked ticket for a person', async () => {
    const ticketId = await newTicket(stack);
    await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: '2026-12-01T18:00:00-06:00', class: 'maintenance' },
    });
    const result = await cli(['status', String(ticketId)], { env });
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `ticket ${ticketId}: scheduled`,
      'window: 2026-12-01T18:00:00-06:00 to 2026-12-02T00:00:00-06:00, maintenance standard',
      'next events: none now',
    ]);
    expect(lines[3]).toMatch(/^ {2}2026-11-23T09:00:00-06:00 {2}window_scheduled \(public\) (pending|delivered)$/);
  });

  it('prints the backend view as JSON with --json, an unknown ticket as unscheduled', async () => {
    const result = await cli(['status', '424242', '--json'], { env });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ticketId: 424242,
      state: 'unscheduled',
      booking: null,
      history: [],
    });
  });

  it('with --wait-decision, does not wait for a ticket that awaits no decision, and exits 1 without one', async () => {
    const result = await cli(['status', '5', '--wait-decision'], { env });
    expect([result.status, result.stdout.split('\n')[0], result.stderr]).toEqual([
      1,
      'ticket 5: unscheduled',
      'upgrade-windows status: no decision was captured: the upgrade is unscheduled\n',
    ]);
  });

  it('exits 2 when the token is wrong', async () => {
    const result = await cli(['status', '5'], { env: { ...env, AUTOMATION_API_TOKEN: 'wrong-token-0000000000' } });
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'upgrade-windows status: the token is not valid\n' });
  });
});
