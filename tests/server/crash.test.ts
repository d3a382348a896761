import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createZendeskClient } from '../../src/zendesk/client/index.js';
import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../src/zendesk/sandbox/index.js';
import { setupTicketFields } from '../../src/server/setup/run-setup.js';
import { AGENT_TOKEN, AUTOMATION_TOKEN, call, eventually, newTicket, productComments } from './helpers.js';

const NOW = '2026-11-23T15:00:00Z';
const POLICY = {
  timeZone: 'America/Chicago',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
};
const FIXTURES = join(__dirname, 'fixtures');

/** A backend in its own process, killed with SIGKILL at a named crash point (docs/DECISIONS.md §14). */
class BackendProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<BackendProcess> {
    const child = fork(join(FIXTURES, 'register.cjs'), [join(FIXTURES, 'backend-entry.ts')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve((message as { port: number }).port));
      child.once('exit', (code, signal) => reject(new Error(`backend exited before listening (${code ?? signal})`)));
    });
    return new BackendProcess(child, `http://127.0.0.1:${port}`);
  }

  exited(): Promise<NodeJS.Signals | number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.resolve(this.child.signalCode ?? this.child.exitCode);
    }
    return new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? code)));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      await this.exited();
    }
  }
}

// Each test starts the backend twice in a child process that compiles the sources at start: seconds on a quiet
// machine, far more on a loaded CI one. The ceiling only says when to give up waiting; nothing here is timed.
jest.setTimeout(120_000);

describe('crash safety: a backend killed with SIGKILL and restarted delivers every comment exactly once', () => {
  let sandbox: Sandbox;
  let served: ServedSandbox;
  let dataDir: string;
  let env: Record<string, string>;
  let running: BackendProcess | null = null;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'uw-crash-'));
    sandbox = createSandbox();
    served = await serveSandbox(sandbox, { port: 0 });
    const client = createZendeskClient({ baseUrl: served.url, auth: { email: 'admin@example.com', apiToken: 'x' } });
    const setup = await setupTicketFields(client, dataDir);
    env = {
      DATA_DIR: dataDir,
      SANDBOX_URL: served.url,
      FIELD_IDS: JSON.stringify(setup.file!.fields),
      POLICY_JSON: JSON.stringify(POLICY),
      AGENT_TOKEN,
      AUTOMATION_TOKEN,
      NOW,
    };
  });

  afterEach(async () => {
    await running?.stop();
    running = null;
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function bookAndCrash(point: string): Promise<number> {
    const ticketId = await newTicket({ served });
    running = await BackendProcess.start({ ...env, CRASH_AT: point });
    const windows = await call(running.url, 'GET', '/api/windows?count=1');
    // The worker may reach the crash point before the answer leaves (the booking is committed by then):
    // a dropped connection is then what the agent sees, and the restart must still deliver.
    const booked = await call(running.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: windows.body[0].start, class: 'maintenance' },
    }).catch(() => null);
    expect([201, undefined]).toContain(booked?.status);
    expect(await running.exited()).toBe('SIGKILL');
    return ticketId;
  }

  async function restartAndSettle(ticketId: number) {
    running = await BackendProcess.start(env);
    const url = running.url;
    await eventually('deliveries settled after the restart', async () => {
      const view = await call(url, 'GET', `/api/tickets/${ticketId}`);
      return view.body.history.every(
        (entry: { delivery: { status: string } }) => entry.delivery.status === 'delivered',
      );
    });
    return (await call(url, 'GET', `/api/tickets/${ticketId}`)).body;
  }

  const puts = (ticketId: number) =>
    sandbox.ledger().filter((entry) => entry.method === 'PUT' && entry.path === `/api/v2/tickets/${ticketId}.json`);

  it('after claiming an item, before sending: the restart sends it once', async () => {
    const ticketId = await bookAndCrash('after-claim');
    expect(puts(ticketId)).toHaveLength(0);
    const view = await restartAndSettle(ticketId);
    expect([view.state, view.booking.start]).toEqual(['scheduled', '2026-12-01T18:00:00-06:00']);
    expect(productComments({ sandbox }, ticketId)).toHaveLength(1);
    expect(puts(ticketId)).toHaveLength(1);
  });

  it('after sending, before recording: the restart finds the marker and does not send again', async () => {
    const ticketId = await bookAndCrash('after-send');
    expect(productComments({ sandbox }, ticketId)).toHaveLength(1);
    const view = await restartAndSettle(ticketId);
    expect(view.history.map((entry: { type: string }) => entry.type)).toEqual(['window_scheduled']);
    expect(productComments({ sandbox }, ticketId)).toHaveLength(1);
    expect(puts(ticketId)).toHaveLength(1);
    const reads = sandbox
      .ledger()
      .filter((entry) => entry.method === 'GET' && entry.path === `/api/v2/tickets/${ticketId}.json`);
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it('after recording: the restart has nothing left to send, and later events still go out once each', async () => {
    const ticketId = await bookAndCrash('after-record');
    const view = await restartAndSettle(ticketId);
    expect(view.state).toBe('scheduled');
    const cancelled = await call(running!.url, 'DELETE', `/api/tickets/${ticketId}/window`);
    expect(cancelled.status).toBe(200);
    await restartAndSettleAgain(ticketId);
    expect(productComments({ sandbox }, ticketId)).toHaveLength(2);
    expect(puts(ticketId)).toHaveLength(2);
  });

  async function restartAndSettleAgain(ticketId: number) {
    const url = running!.url;
    await eventually('the cancellation delivered', async () => {
      const view = await call(url, 'GET', `/api/tickets/${ticketId}`);
      return (
        view.body.history.length === 2 &&
        view.body.history.every((entry: { delivery: { status: string } }) => entry.delivery.status === 'delivered')
      );
    });
  }

  it('refuses a second backend on the same data directory with a clear message', async () => {
    running = await BackendProcess.start(env);
    const second = fork(join(FIXTURES, 'register.cjs'), [join(FIXTURES, 'backend-entry.ts')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    second.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => second.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).not.toBe(0);
    expect(stderr).toContain(`is in use by process ${running.child.pid}`);
  });
});
