import { call, startStack, type Stack } from './helpers.js';

describe('GET /schedule under a caller who varies every parameter', () => {
  let stack: Stack;
  let now = Date.parse('2026-11-23T15:00:00Z');
  beforeAll(async () => {
    stack = await startStack({ now: () => now });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('renders a bounded number of distinct pages per client and minute, then answers 429 with Retry-After', async () => {
    const zones = ['Europe/Paris', 'Asia/Tokyo', 'UTC', 'America/New_York', 'Europe/London'];
    const statuses: number[] = [];
    for (const zone of zones) {
      for (const months of [1, 2, 3, 4, 5]) {
        const answer = await call(stack.backend.url, 'GET', `/schedule?tz=${zone}&months=${months}`, { token: null });
        statuses.push(answer.status);
        if (answer.status === 429) {
          expect(answer.headers.get('retry-after')).toBe('60');
          expect(answer.body.error.code).toBe('RATE_LIMITED');
        }
      }
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    // What is kept is still served, in any spelling of the zone; and the next minute starts afresh.
    expect((await call(stack.backend.url, 'GET', '/schedule?tz=europe/paris&months=1', { token: null })).status).toBe(
      200,
    );
    now += 60_000;
    expect((await call(stack.backend.url, 'GET', '/schedule?tz=Asia/Dubai', { token: null })).status).toBe(200);
  });
});
