import { PollingLoop } from '../../src/server/polling-loop.js';
import { onFakeTimers } from '../support/fake-timers.js';

/** Polls an hour apart: in these tests the clock never reaches a poll, so only kicks and work bring passes. */
const HOUR = 3_600_000;

/** A pass that records each call and lets the test wait for the nth one. */
function recordingPass(results: number[]) {
  const calls: number[] = [];
  const waiters = new Map<number, () => void>();
  const pass = async () => {
    calls.push(calls.length + 1);
    waiters.get(calls.length)?.();
    return results[calls.length - 1] ?? 0;
  };
  const nth = (n: number) => new Promise<void>((resolve) => (calls.length >= n ? resolve() : waiters.set(n, resolve)));
  return { pass, calls, nth };
}

/** A loop over a pass that finds no work, started on fake timers, its first pass done. */
async function startedLoop() {
  const recording = recordingPass([0]);
  const loop = new PollingLoop(recording.pass, HOUR, () => undefined);
  loop.start();
  await jest.advanceTimersByTimeAsync(0);
  return { ...recording, loop };
}

describe('PollingLoop', () => {
  it('runs a pass at once when kicked while waiting for its next poll', () =>
    onFakeTimers(async () => {
      const { loop, calls } = await startedLoop();
      expect(calls).toEqual([1]);
      loop.kick();
      await jest.advanceTimersByTimeAsync(0);
      expect(calls).toEqual([1, 2]);
      await loop.stop();
    }));

  it('keeps passing while a pass finds work, then waits for the poll', async () => {
    const { pass, calls, nth } = recordingPass([2, 1, 0]);
    const loop = new PollingLoop(pass, HOUR, () => undefined);
    loop.start();
    await nth(3);
    await loop.stop();
    expect(calls).toEqual([1, 2, 3]);
  });

  it('reports a failed pass and goes on when kicked', async () => {
    const errors: unknown[] = [];
    let first = true;
    const { pass, nth } = recordingPass([]);
    const loop = new PollingLoop(
      async () => {
        const done = await pass();
        if (first) {
          first = false;
          throw new Error('store busy');
        }
        return done;
      },
      HOUR,
      (error) => errors.push(error),
    );
    loop.start();
    await nth(1);
    await new Promise((resolve) => setImmediate(resolve));
    loop.kick();
    await nth(2);
    await loop.stop();
    expect(errors.map((error) => (error as Error).message)).toEqual(['store busy']);
  });

  it('waits its first delay before the first pass, unless kicked', async () => {
    const { pass, calls, nth } = recordingPass([0]);
    const loop = new PollingLoop(pass, HOUR, () => undefined);
    loop.start(HOUR);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    loop.kick();
    await nth(1);
    await loop.stop();
  });

  it('runs no pass after stop', () =>
    onFakeTimers(async () => {
      const { loop, calls } = await startedLoop();
      await loop.stop();
      loop.kick();
      // Past two poll intervals: neither the kick nor a poll may bring a pass.
      await jest.advanceTimersByTimeAsync(2 * HOUR);
      expect(calls).toEqual([1]);
    }));
});
