import { cli } from '../helpers/cli.js';
import { AUTOMATION_TOKEN, call, startStack, type Stack } from '../server/helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');

describe('upgrade-windows bookings', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    env = { BACKEND_URL: stack.backend.url, AUTOMATION_API_TOKEN: AUTOMATION_TOKEN };
    await call(stack.backend.url, 'POST', '/api/tickets/301/window', {
      body: { start: '2026-12-04T18:00:00-06:00', class: 'maintenance' },
    });
    await call(stack.backend.url, 'POST', '/api/tickets/302/window', {
      body: { start: '2026-12-01T18:00:00-06:00', class: 'maintenance' },
    });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('lists the booked windows in start order', async () => {
    const result = await cli(['bookings'], { env });
    expect(result).toEqual({
      status: 0,
      stdout:
        '2026-12-01T18:00:00-06:00  2026-12-02T00:00:00-06:00  ticket 302  maintenance standard\n' +
        '2026-12-04T18:00:00-06:00  2026-12-05T00:00:00-06:00  ticket 301  maintenance standard\n',
      stderr: '',
    });
  });

  it('filters by --from and --to and prints JSON', async () => {
    const result = await cli(['bookings', '--from', '2026-12-03T00:00:00Z', '--to', '2026-12-10T00:00:00Z', '--json'], {
      env,
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        ticketId: 301,
        start: '2026-12-04T18:00:00-06:00',
        end: '2026-12-05T00:00:00-06:00',
        rule: 'standard',
        class: 'maintenance',
        reason: null,
      },
    ]);
  });

  it('says when no booking conflicts with the policy', async () => {
    const result = await cli(['bookings', '--conflicts'], { env });
    expect(result).toEqual({ status: 0, stdout: 'no booking conflicts with the policy\n', stderr: '' });
  });

  it('exits 2 for a malformed instant', async () => {
    const result = await cli(['bookings', '--from', 'monday'], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--from must be an ISO instant');
  });
});
