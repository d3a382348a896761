import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { Policy } from '../../src/core/schedule.js';
import { PublicScheduleCache } from '../../src/server/views/schedule-cache.js';
import {
  formatRange,
  publicSchedule,
  renderScheduleHtml,
  renderScheduleIcs,
} from '../../src/server/views/schedule-page.js';
import { policyOf } from './helpers.js';
import { EVERY_QUARTER_HOUR_ON_WEEKDAYS } from '../support/schedule-policies.js';

const NOW = Date.parse('2026-11-23T15:00:07Z');

const ORDINARY = policyOf({
  timeZone: 'America/Chicago',
  rules: [
    { id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' },
    { id: 'quarterly', monthly: { weekday: 'friday', week: 3 }, start: '23:00', end: '03:00' },
  ],
  blackouts: [{ start: '2026-12-24T00:00', end: '2027-01-04T00:00', reason: 'Year-end freeze' }],
});

// 96 windows a day: the public list is cut at 1,000 windows, a little over two weeks.
const DENSE = policyOf(EVERY_QUARTER_HOUR_ON_WEEKDAYS);

/** The policy with a count of the expansions made from it (each reads `rules` once). */
function counted(policy: Policy): { policy: Policy; expansions: () => number } {
  let reads = 0;
  const spied = Object.create(policy) as Policy;
  Object.defineProperty(spied, 'rules', {
    get: () => {
      reads += 1;
      return policy.rules;
    },
  });
  return { policy: spied, expansions: () => reads };
}

const text = (answer: { text: string } | { limited: number }) => ('text' in answer ? answer.text : null);

describe('the public schedule cache', () => {
  it('expands the policy once a minute, whatever zones and periods are asked', () => {
    const { policy, expansions } = counted(ORDINARY);
    const cache = new PublicScheduleCache(policy, { rendersPerClientPerMinute: 1000 });
    for (const zone of ['Europe/Paris', 'europe/paris', 'Asia/Tokyo', 'UTC']) {
      for (const months of [1, 6, 24]) cache.html(zone, months, NOW, 'client');
    }
    cache.ics(12, NOW + 1_000, 'client');
    expect(expansions()).toBe(1);
    cache.ics(12, NOW + 60_000, 'client');
    expect(expansions()).toBe(2);
  });

  it('gives for each period exactly what expanding that period alone gives', () => {
    for (const [policy, periods] of [
      [ORDINARY, [1, 2, 6, 13, 24]],
      [DENSE, [1, 24]],
    ] as const) {
      const cache = new PublicScheduleCache(policy, { rendersPerClientPerMinute: 1000 });
      for (const months of periods) {
        const alone = publicSchedule(policy, NOW, months);
        expect(text(cache.html('Europe/Paris', months, NOW, 'c'))).toBe(
          renderScheduleHtml(policy, alone, 'Europe/Paris'),
        );
        expect(text(cache.ics(months, NOW, 'c'))).toBe(renderScheduleIcs(policy, alone));
      }
    }
  });

  it("keeps one entry per zone however it is spelt, and says so in the zone's own spelling", () => {
    const cache = new PublicScheduleCache(ORDINARY, { rendersPerClientPerMinute: 1 });
    const first = text(cache.html('Europe/Paris', 6, NOW, 'c'));
    expect(text(cache.html('EUROPE/PARIS', 6, NOW, 'c'))).toBe(first);
    expect(first).toContain('Times in Europe/Paris.');
  });

  it('lets one client cause a bounded number of renderings a minute, still serving it what is kept', () => {
    const cache = new PublicScheduleCache(ORDINARY, { rendersPerClientPerMinute: 3 });
    for (const months of [1, 2, 3]) expect(text(cache.ics(months, NOW, 'greedy'))).not.toBeNull();
    expect(cache.ics(4, NOW, 'greedy')).toEqual({ limited: 53 });
    expect(text(cache.ics(2, NOW, 'greedy'))).not.toBeNull();
    expect(text(cache.ics(4, NOW, 'someone-else'))).not.toBeNull();
    expect(text(cache.ics(5, NOW + 60_000, 'greedy'))).not.toBeNull();
  });
});

describe('formatRange', () => {
  it('writes what luxon writes, much faster', () => {
    const zones = ['America/Chicago', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC', 'America/St_Johns'];
    const luxon = (start: number, end: number, zone: string) => {
      const from = DateTime.fromMillis(start, { zone }).setLocale('en-GB');
      const to = DateTime.fromMillis(end, { zone }).setLocale('en-GB');
      const days = Math.round(to.startOf('day').diff(from.startOf('day'), 'days').days);
      const nextDay = days === 0 ? '' : ` (+${days} day${days === 1 ? '' : 's'})`;
      return `${from.toFormat('ccc d LLL yyyy, HH:mm')} – ${to.toFormat('HH:mm')}${nextDay} ${to.toFormat('ZZZZ')}`;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 7 * 24 * 60 }),
        fc.constantFrom(...zones),
        (start, minutes, zone) => {
          const end = start + minutes * 60_000;
          expect(formatRange(start, end, zone)).toBe(luxon(start, end, zone));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('renders a page and a feed of 1,000 windows in well under a second each (it took 1 to 3 s)', () => {
    const schedule = publicSchedule(DENSE, NOW, 24);
    renderScheduleHtml(DENSE, schedule, 'Europe/Paris');
    renderScheduleIcs(DENSE, schedule);
    let began = performance.now();
    renderScheduleHtml(DENSE, schedule, 'Asia/Tokyo');
    expect(performance.now() - began).toBeLessThan(300);
    began = performance.now();
    renderScheduleIcs(DENSE, schedule);
    expect(performance.now() - began).toBeLessThan(300);
  });
});
