import { formatCommentTime } from '../../src/preview/browser/format.js';
import { POLL, nextPollDelay, startPoller, type PollerHost } from '../../src/preview/browser/polling.js';
import { expiringCache } from '../../src/preview/routes.js';
import { commentText } from '../../src/preview/workspace.js';

/** A page whose clock and visibility the test moves by hand. */
function fakePage(visible: boolean) {
  const timers: { at: number; callback: () => void; id: number }[] = [];
  let now = 0;
  let nextId = 1;
  let onVisible: () => void = () => undefined;
  const host: PollerHost = {
    isVisible: () => visible,
    onVisible: (listener) => {
      onVisible = listener;
    },
    setTimer: (callback, ms) => {
      timers.push({ at: now + ms, callback, id: nextId });
      return nextId++;
    },
    clearTimer: (id) => {
      const index = timers.findIndex((timer) => timer.id === id);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  return {
    host,
    /** Runs the next timer and lets the poll it starts settle; returns when it fired. */
    async tick(): Promise<number | null> {
      timers.sort((a, b) => a.at - b.at);
      const timer = timers.shift();
      if (timer === undefined) return null;
      now = timer.at;
      timer.callback();
      await new Promise((resolve) => setImmediate(resolve));
      return now;
    },
    show(): void {
      visible = true;
      onVisible();
    },
    hide(): void {
      visible = false;
    },
  };
}

describe("the workspace page's polling", () => {
  it('doubles the pause while nothing changes, up to 30 s, and is fast again after a change', () => {
    expect(nextPollDelay(1_500, false)).toBe(3_000);
    expect(nextPollDelay(24_000, false)).toBe(POLL.slowestMs);
    expect(nextPollDelay(POLL.slowestMs, false)).toBe(POLL.slowestMs);
    expect(nextPollDelay(POLL.slowestMs, true)).toBe(POLL.fastestMs);
  });

  it('polls about twenty times in ten idle minutes instead of 400', async () => {
    const page = fakePage(true);
    let polls = 0;
    startPoller(async () => {
      polls += 1;
      return false;
    }, page.host);
    let at = 0;
    while (at <= 600_000) at = (await page.tick()) ?? Infinity;
    // 1.5 + 3 + 6 + 12 + 24 s, then every 30 s: 21 polls in 10 minutes, each two requests.
    expect(polls).toBeLessThan(25);
  });

  it('polls nothing while the page is hidden, and at once when it shows again', async () => {
    const page = fakePage(false);
    let polls = 0;
    startPoller(async () => {
      polls += 1;
      return true;
    }, page.host);
    expect(await page.tick()).toBeNull();
    page.show();
    await new Promise((resolve) => setImmediate(resolve));
    expect(polls).toBe(1);
    page.hide();
    await page.tick();
    expect(polls).toBe(1);
  });

  it('keeps polling after a failed request', async () => {
    const page = fakePage(true);
    let polls = 0;
    startPoller(async () => {
      polls += 1;
      throw new Error('HTTP 502');
    }, page.host);
    await page.tick();
    await page.tick();
    expect(polls).toBe(2);
  });
});

describe('the conversation', () => {
  it("shows each comment's time in the agent's zone, named", () => {
    expect(formatCommentTime('2026-12-02T00:15:00Z', 'America/Chicago')).toBe('Dec 1, 2026, 6:15 PM (America/Chicago)');
    expect(formatCommentTime('2026-12-02T00:15:00Z', 'Europe/Paris')).toBe('Dec 2, 2026, 1:15 AM (Europe/Paris)');
    expect(formatCommentTime('2026-12-02T00:15:00Z', null)).toBe('Dec 2, 2026, 12:15 AM (UTC)');
  });

  it('keeps the bullet of every list item that plain_body drops', () => {
    const html =
      '<div class="zd-comment" dir="auto"><p>Please prepare:</p>\n<ul><li>a backup</li><li>a <b>contact</b></li></ul>\n<p>Acme Cloud</p></div>';
    expect(
      commentText({ html_body: html, plain_body: 'Please prepare:\n\na backup\n\na contact\n\nAcme Cloud', body: '' }),
    ).toBe('Please prepare:\n\n• a backup\n• a contact\n\nAcme Cloud');
    expect(commentText({ html_body: '<p>GO</p>', plain_body: 'GO', body: 'GO' })).toBe('GO');
  });
});

describe("the preview's sandbox look-ups", () => {
  it('reads a user once per 30 s however often the page polls, and again after a failure', async () => {
    let now = 0;
    let reads = 0;
    const cache = expiringCache<string>(30_000, () => now);
    const read = async () => {
      reads += 1;
      return 'Priya';
    };
    await Promise.all([cache.get('7', read), cache.get('7', read)]);
    now = 29_999;
    await cache.get('7', read);
    expect(reads).toBe(1);
    now = 30_000;
    await cache.get('7', read);
    expect(reads).toBe(2);
    await expect(cache.get('8', async () => Promise.reject(new Error('502')))).rejects.toThrow('502');
    expect(await cache.get('8', read)).toBe('Priya');
  });
});
