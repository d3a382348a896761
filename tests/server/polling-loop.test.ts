import { PollingLoop } from '../../src/server/polling-loop.js';

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

describe('PollingLoop', () => {
  it('runs a pass at once when kicked while waiting for its next poll', async () => {
    jest.useFakeTimers();
    try {
      const { pass, calls } = recordingPass([0]);
      // An hour between polls, and the clock never moves: only the kick can bring the second pass.
      const loop = new PollingLoop(pass, 3_600_000, () => undefined);
      loop.start();
      await jest.advanceTimersByTimeAsync(0);
      expect(calls).toEqual([1]);
      loop.kick();
      await jest.advanceTimersByTimeAsync(0);
      expect(calls).toEqual([1, 2]);
      await loop.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps passing while a pass finds work, then waits for the poll', async () => {
    const { pass, calls, nth } = recordingPass([2, 1, 0]);
    const loop = new PollingLoop(pass, 3_600_000, () => undefined);
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
      3_600_000,
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
    const loop = new PollingLoop(pass, 3_600_000, () => undefined);
    loop.start(3_600_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);
    loop.kick();
    await nth(1);
    await loop.stop();
  });

  it('runs no pass after stop', async () => {
    jest.useFakeTimers();
    try {
      const { pass, calls } = recordingPass([0]);
      const loop = new PollingLoop(pass, 3_600_000, () => undefined);
      loop.start();
      await jest.advanceTimersByTimeAsync(0);
      await loop.stop();
      loop.kick();
      // Past two poll intervals: neither the kick nor a poll may bring a pass.
      await jest.advanceTimersByTimeAsync(2 * 3_600_000);
      expect(calls).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });
});
