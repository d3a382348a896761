import { OverrunWatch } from '../../../src/server/watch/watch.js';
import type { ChangeWriter } from '../../../src/server/changes/write.js';
import type { Store } from '../../../src/server/store/types.js';
import { onFakeTimers } from '../../support/fake-timers.js';
import { policyOf } from '../helpers.js';

// The watch runs on the same polling loop as the workers: passes on its own at its interval, none after stop.

describe('overrun watch loop', () => {
  it('looks at the watched upgrades every interval once started, and stops looking when stopped', () =>
    onFakeTimers(async () => {
      let passes = 0;
      const store = {
        // The only replica here: it leads the watch.
        holdLeadership: async () => true,
        listUpgradesInStates: async (states: readonly string[]) => {
          expect(states).toEqual(['scheduled', 'in_progress', 'awaiting_decision']);
          passes += 1;
          return [];
        },
      } as unknown as Store;
      const intervalMs = 1_000;
      const watch = new OverrunWatch({
        store,
        changes: {} as ChangeWriter,
        policy: policyOf({
          timeZone: 'UTC',
          rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
        }),
        now: () => 0,
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        intervalMs,
      });
      watch.start();
      // The first pass comes one interval after the start, then one each interval.
      await jest.advanceTimersByTimeAsync(intervalMs - 1);
      expect(passes).toBe(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(passes).toBe(1);
      await jest.advanceTimersByTimeAsync(2 * intervalMs);
      expect(passes).toBe(3);
      await watch.stop();
      await jest.advanceTimersByTimeAsync(10 * intervalMs);
      expect(passes).toBe(3);
    }));
});
