import {
  MAX_EXAMINED_OCCURRENCES,
  blackoutOverlapping,
  listWindows,
  nextEligibleWindow,
} from '../../../src/core/schedule.js';
import { formatInstant } from '../../../src/core/time/format.js';
import { at, policyOf, show } from './helpers.js';

describe('a window never ends at or before its start (docs/POLICY.md, spring forward)', () => {
  it('keeps the wall-clock length of a window whose start moves out of the gap past its end', () => {
    // Chicago, 2026-03-08: 02:00 jumps to 03:00. 02:30 becomes 03:30; the end 03:00 would come before it.
    const policy = policyOf({ rules: [{ id: 'gap', weekly: ['sunday'], start: '02:30', end: '03:00' }] });
    expect(listWindows(policy, { requestAt: at('2026-03-02T00:00:00-06:00'), count: 2 }).map(show)).toEqual([
      'gap 2026-03-08T03:30:00-05:00 2026-03-08T04:00:00-05:00',
      'gap 2026-03-15T02:30:00-05:00 2026-03-15T03:00:00-05:00',
    ]);
  });

  it('keeps an end that still comes after the moved start, and one that falls in the gap', () => {
    const policy = policyOf({
      rules: [
        { id: 'from-gap', weekly: ['sunday'], start: '02:00', end: '04:00' },
        { id: 'into-gap', weekly: ['sunday'], start: '01:00', end: '02:30' },
      ],
    });
    expect(listWindows(policy, { requestAt: at('2026-03-08T00:00:00-06:00'), count: 2 }).map(show)).toEqual([
      'into-gap 2026-03-08T01:00:00-06:00 2026-03-08T03:30:00-05:00',
      'from-gap 2026-03-08T03:00:00-05:00 2026-03-08T04:00:00-05:00',
    ]);
  });

  it('holds for every start and end of the day on the spring-forward Sunday', () => {
    for (let start = 0; start < 24 * 60; start += 30) {
      for (const end of [start + 30, start, start - 30].map((m) => (m + 24 * 60) % (24 * 60))) {
        const clock = (m: number) =>
          `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const policy = policyOf({ rules: [{ id: 'r', weekly: ['sunday'], start: clock(start), end: clock(end) }] });
        const [window] = listWindows(policy, { requestAt: at('2026-03-07T12:00:00-06:00'), count: 1 });
        expect(window!.end).toBeGreaterThan(window!.start);
      }
    }
  });
});

describe('bounded work for any valid policy', () => {
  // The heaviest valid policy: 500 rules with a window every day of the week, and everything blacked out.
  const dense = policyOf({
    rules: Array.from({ length: 500 }, (_, i) => ({
      id: `r${i}`,
      weekly: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
      start: `${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      duration: 'PT1H',
    })),
    blackouts: [{ start: '2026-01-01T00:00', end: '9999-01-01T00:00' }],
  });

  it('stops after a fixed number of occurrences when nothing can be offered', () => {
    expect(MAX_EXAMINED_OCCURRENCES).toBe(20_000);
    expect(listWindows(dense, { requestAt: at('2026-06-01T00:00:00Z'), count: 10 })).toEqual([]);
    expect(nextEligibleWindow(dense, at('2026-06-01T00:00:00Z'))).toBeNull();
  });

  it('lists a thousand windows of the densest policy when nothing blocks them', () => {
    const open = policyOf({ rules: dense.json ? (dense.json as { rules: unknown[] }).rules : [] });
    expect(listWindows(open, { requestAt: at('2026-06-01T00:00:00Z'), count: 1000 })).toHaveLength(1000);
  });

  it('never looks past the year 9999', () => {
    const policy = policyOf({ rules: [{ id: 'w', weekly: ['friday'], start: '18:00', duration: 'PT6H' }] });
    const windows = listWindows(policy, { requestAt: at('9999-12-01T00:00:00Z'), count: 10 });
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.every((w) => formatInstant(w.end, w.timeZone).startsWith('9999-'))).toBe(true);
  });
});

describe('blackoutOverlapping with the most blackouts a policy may have', () => {
  // 9,999 one-hour blackouts through 2027, then one from 2028 to 2030: every window of 2029 overlaps only the last.
  const hour = 3_600_000;
  const first = at('2027-01-01T00:00:00Z');
  const policy = policyOf({
    rules: [{ id: 'w', weekly: ['friday'], start: '18:00', duration: 'PT6H' }],
    blackouts: [
      ...Array.from({ length: 9_999 }, (_, i) => ({
        start: new Date(first + i * 2 * hour).toISOString(),
        end: new Date(first + (i * 2 + 1) * hour).toISOString(),
      })),
      { start: '2028-01-01T00:00:00Z', end: '2030-01-01T00:00:00Z', reason: 'long freeze' },
    ],
  });

  it('answers the first overlapping blackout by start, as a scan of every blackout would', () => {
    const sorted = [...policy.blackouts].sort((a, b) => a.start - b.start);
    for (let i = 0; i < 400; i += 1) {
      const start = first - 10 * hour + ((i * 7919) % 50_000) * (hour / 2);
      const end = start + (1 + (i % 5)) * (hour / 2);
      const expected = sorted.find((blackout) => blackout.start < end && start < blackout.end) ?? null;
      expect(blackoutOverlapping(policy, start, end)).toBe(expected);
    }
    expect(blackoutOverlapping(policy, at('2029-06-01T00:00:00Z'), at('2029-06-01T06:00:00Z'))?.reason).toBe(
      'long freeze',
    );
  });

  it('skips the two blacked-out years in one search', () => {
    expect(listWindows(policy, { requestAt: at('2028-01-01T00:00:00Z'), count: 1 }).map(show)).toEqual([
      'w 2030-01-04T18:00:00-06:00 2030-01-05T00:00:00-06:00',
    ]);
  });
});
