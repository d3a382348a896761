// How often the agent-workspace page asks for fresh data. A fixed 1.5 s poll made two preview requests (and about
// fifteen sandbox requests) every 1.5 s for as long as a tab stayed open: the page now polls fast only while
// something is changing and backs off, doubling the pause, while nothing does.

export const POLL = { fastestMs: 1_500, slowestMs: 30_000 } as const;

/**
 * The pause before the next poll: back to the fastest after a change (or an action of the agent's), otherwise
 * twice the last pause, at most the slowest. `nextPollDelay(1500, false)` → 3000; `nextPollDelay(24000, false)`
 * → 30000; `nextPollDelay(30000, true)` → 1500.
 */
export function nextPollDelay(previousMs: number, changed: boolean): number {
  if (changed) return POLL.fastestMs;
  return Math.min(POLL.slowestMs, Math.max(POLL.fastestMs, previousMs * 2));
}

/** When and how a poller runs; the page gives the browser's own, tests give fakes. */
export interface PollerHost {
  isVisible: () => boolean;
  onVisible: (listener: () => void) => void;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
}

/**
 * Runs `poll` (which says whether anything changed) with nextPollDelay's pauses, only while the page is visible:
 * a hidden tab makes no request at all, and becoming visible polls at once. `soon()` polls now and at the fastest
 * pace again, for after the agent did something.
 */
export function startPoller(poll: () => Promise<boolean>, host: PollerHost): { soon: () => void } {
  let delay: number = POLL.fastestMs;
  let timer: unknown = null;
  let running = false;
  const schedule = (): void => {
    if (timer !== null) host.clearTimer(timer);
    timer = host.isVisible() ? host.setTimer(() => void run(), delay) : null;
  };
  const run = async (): Promise<void> => {
    timer = null;
    if (running || !host.isVisible()) return;
    running = true;
    let changed = false;
    try {
      changed = await poll();
    } catch {
      changed = false;
    } finally {
      running = false;
    }
    delay = nextPollDelay(delay, changed);
    schedule();
  };
  host.onVisible(() => {
    delay = POLL.fastestMs;
    void run();
  });
  schedule();
  return {
    soon: () => {
      delay = POLL.fastestMs;
      if (timer !== null) host.clearTimer(timer);
      void run();
    },
  };
}
