import { createSandbox, type Sandbox } from '../../../src/zendesk/sandbox/index.js';
import { manualClock, sandboxHandler } from '../helpers.js';

// Zendesk's rate limits: an account budget per minute with its headers on every answer, and 30 updates of one
// ticket per 10 minutes; over either, 429 with Retry-After, and nothing changes.

let sandbox: Sandbox;
let clock: ReturnType<typeof manualClock>;

beforeEach(() => {
  clock = manualClock('2026-11-20T15:00:10Z');
  sandbox = createSandbox({ now: clock.now });
});

const request = sandboxHandler(() => sandbox);

const comment = (body: string) => ({ ticket: { comment: { body, public: false } } });

describe('the account budget', () => {
  it("sends Zendesk's rate-limit headers on every API answer, counting down", async () => {
    const first = await request('GET', '/api/v2/tickets.json');
    const second = await request('GET', '/api/v2/users/me.json');
    expect(first.headers).toMatchObject({
      'x-rate-limit': '700',
      'x-rate-limit-remaining': '699',
      'ratelimit-limit': '700',
      'ratelimit-remaining': '699',
      'ratelimit-reset': '50',
    });
    expect(second.headers['x-rate-limit-remaining']).toBe('698');
  });

  it('answers 429 with Retry-After once the minute is spent, and serves again in the next minute', async () => {
    await request('POST', '/_sandbox/settings', { accountRequestsPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) expect((await request('GET', '/api/v2/tickets.json')).status).toBe(200);
    const refused = await request('GET', '/api/v2/tickets.json');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('50');
    expect(refused.headers['x-rate-limit-remaining']).toBe('0');
    expect(refused.body.error).toBe('APIRateLimitExceeded');
    // The sandbox's own routes are neither limited nor counted.
    expect((await request('GET', '/_sandbox/ledger')).status).toBe(200);
    clock.advance(50_000);
    expect((await request('GET', '/api/v2/tickets.json')).status).toBe(200);
  });

  it('takes its budget from the options, for tests and benches that need more', async () => {
    sandbox = createSandbox({ now: clock.now, settings: { accountRequestsPerMinute: 100_000 } });
    expect((await request('GET', '/api/v2/tickets.json')).headers['x-rate-limit']).toBe('100000');
  });

  it('refuses settings it does not know or cannot honour, naming them', async () => {
    const unknown = await request('POST', '/_sandbox/settings', { requestsPerHour: 5 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.description).toMatch(/unknown setting requestsPerHour/);
    const zero = await request('POST', '/_sandbox/settings', { accountRequestsPerMinute: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.description).toMatch(/accountRequestsPerMinute must be an integer from 1/);
    expect((await request('GET', '/_sandbox/settings')).body.settings.accountRequestsPerMinute).toBe(700);
  });
});

describe('the per-ticket update limit', () => {
  it('allows 30 updates of one ticket in 10 minutes, refuses the 31st without applying it, and others go on', async () => {
    for (let i = 1; i <= 30; i += 1) {
      expect((await request('PUT', '/api/v2/tickets/10231.json', comment(`update ${i}`))).status).toBe(200);
      clock.advance(10_000);
    }
    const refused = await request('PUT', '/api/v2/tickets/10231.json', comment('one too many'));
    expect(refused.status).toBe(429);
    // The first update leaves the window 10 minutes after it was made: 600 s - 300 s elapsed.
    expect(refused.headers['retry-after']).toBe('300');
    expect(refused.headers['x-rate-limit']).toBe('700');
    expect(sandbox.state.tickets[0]!.comments).toHaveLength(31);
    expect((await request('PUT', '/api/v2/tickets/10232.json', comment('another ticket'))).status).toBe(200);
    // Reading the ticket is not an update.
    expect((await request('GET', '/api/v2/tickets/10231.json')).status).toBe(200);

    clock.advance(300_000);
    expect((await request('PUT', '/api/v2/tickets/10231.json', comment('in the next window'))).status).toBe(200);
  });

  it('counts on the sandbox clock, so moving it frees the ticket', async () => {
    await request('POST', '/_sandbox/settings', { ticketUpdatesPerWindow: 2 });
    await request('PUT', '/api/v2/tickets/10231.json', comment('one'));
    await request('PUT', '/api/v2/tickets/10231.json', comment('two'));
    expect((await request('PUT', '/api/v2/tickets/10231.json', comment('three'))).status).toBe(429);
    await request('POST', '/_sandbox/clock', { advanceMs: 600_000 });
    expect((await request('PUT', '/api/v2/tickets/10231.json', comment('three'))).status).toBe(200);
  });
});
