import { cli } from '../helpers/cli.js';
import { AUTOMATION_TOKEN } from '../server/helpers.js';
import {
  bookedTicket,
  reply,
  requestDecision,
  startCaptureStack,
  T0,
  WINDOW_START,
  type CaptureStack,
} from '../server/capture/stack.js';

// `status --wait-decision`: how a deploy pipeline learns the customer's answer, against the real server.

/** Counts the command's GETs of `url` (it reads the backend through the global fetch), until `restore`. */
function countReads(url: string): { reached: (count: number) => Promise<void>; restore: () => void } {
  const original = globalThis.fetch;
  let reads = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const spy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const answer = await original(input, init);
    if (String(input) === url) {
      reads += 1;
      for (const waiter of waiters.filter((candidate) => reads >= candidate.count)) waiter.resolve();
    }
    return answer;
  });
  return {
    reached: (count) => new Promise<void>((resolve) => (reads >= count ? resolve() : waiters.push({ count, resolve }))),
    restore: () => spy.mockRestore(),
  };
}

describe('upgrade-windows status --wait-decision', () => {
  let stack: CaptureStack;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stack = await startCaptureStack();
    env = { BACKEND_URL: stack.backend.url, AUTOMATION_API_TOKEN: AUTOMATION_TOKEN };
  });

  afterAll(async () => {
    await stack.close();
  });

  async function awaitingTicket(): Promise<number> {
    stack.clock.now = T0;
    const { ticketId } = await bookedTicket(stack);
    stack.clock.now = WINDOW_START + 5 * 60_000;
    await requestDecision(stack, ticketId, 'the data migration is slower than planned');
    return ticketId;
  }

  it('waits while the decision is awaited and prints the ticket once the customer answers', async () => {
    const ticketId = await awaitingTicket();
    const polls = countReads(`${stack.backend.url}/api/tickets/${ticketId}`);
    const waiting = cli(['status', String(ticketId), '--wait-decision', '--json', '--interval', '0.05'], { env });
    let settled = false;
    void waiting.then(() => {
      settled = true;
    });
    // Three reads that all found the decision awaited: the command must still be waiting, however slow the machine.
    // A command that stopped after its first read settles first, and the race says so at once.
    await Promise.race([polls.reached(3), waiting]);
    polls.restore();
    expect(settled).toBe(false);
    await reply(stack, ticketId, 'Go ahead, thanks');
    const result = await waiting;
    expect([result.status, result.stderr]).toEqual([0, '']);
    const view = JSON.parse(result.stdout);
    expect([view.state, view.decision.value, view.decision.evidence, view.decision.source]).toEqual([
      'in_progress',
      'GO',
      'Go ahead',
      'customer',
    ]);
  });

  it('prints a NO-GO for a person and exits 0', async () => {
    const ticketId = await awaitingTicket();
    const waiting = cli(['status', String(ticketId), '--wait-decision', '--interval', '0.05'], { env });
    await reply(stack, ticketId, 'No-go, please roll back.');
    const result = await waiting;
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(0, 1)).toEqual([`ticket ${ticketId}: rolling_back`]);
    expect(result.stdout).toContain('decision: NO_GO at 2026-12-01T18:05:00-06:00 by Dana Scully (');
  });

  it('exits 3 when the backend cannot be reached', async () => {
    const result = await cli(['status', '5', '--wait-decision'], {
      env: { ...env, BACKEND_URL: 'http://127.0.0.1:9' },
    });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^upgrade-windows status: cannot reach the backend at http:\/\/127\.0\.0\.1:9/);
  });

  it('exits 2 with one line for a bad --interval', async () => {
    const result = await cli(['status', '5', '--wait-decision', '--interval', 'soon'], { env });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'upgrade-windows status: --interval must be a number of seconds from 0.05 to 300, got "soon"\n',
    });
  });
});
