import { OverrunWatch } from '../../../src/server/watch/watch.js';
import type { ChangeWriter } from '../../../src/server/changes/write.js';
import type { Store } from '../../../src/server/store/types.js';
import { policyOf } from '../helpers.js';

// The watch runs on the same polling loop as the workers: passes on its own at its interval, none after stop.

describe('overrun watch loop', () => {
  it('looks at the watched upgrades every interval once started, and stops looking when stopped', async () => {
    let passes = 0;
    let wake: () => void = () => undefined;
    const store = {
      // The only replica here: it leads the watch.
      holdLeadership: async () => true,
      listUpgradesInStates: async (states: readonly string[]) => {
        expect(states).toEqual(['scheduled', 'in_progress', 'awaiting_decision']);
        passes += 1;
        if (passes === 3) wake();
        return [];
      },
    } as unknown as Store;
    const watch = new OverrunWatch({
      store,
      changes: {} as ChangeWriter,
      policy: policyOf({
        timeZone: 'UTC',
        rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
      }),
      now: () => 0,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      intervalMs: 5,
    });
    watch.start();
    expect(passes).toBe(0);
    await new Promise<void>((resolve) => (wake = resolve));
    await watch.stop();
    const after = passes;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(passes).toBe(after);
  });
});
