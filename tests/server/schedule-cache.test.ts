import fc from 'fast-check';
import { formatInTimeZone } from 'date-fns-tz';
import { enGB, enUS } from 'date-fns/locale';
import { DateTime } from 'luxon';
import type { Policy } from '../../src/core/schedule.js';
import { PublicScheduleCache } from '../../src/server/views/schedule-cache.js';
import { formatRange, renderScheduleHtml } from '../../src/server/views/schedule-html.js';
import { publicSchedule, renderScheduleIcs } from '../../src/server/views/schedule-page.js';
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
      for (const months of [1, 6, 24]) cache.html({ zone, months }, NOW, 'client');
    }
    cache.ics({ months: 12 }, NOW + 1_000, 'client');
    expect(expansions()).toBe(1);
    cache.ics({ months: 12 }, NOW + 60_000, 'client');
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
        expect(text(cache.html({ zone: 'Europe/Paris', months }, NOW, 'c'))).toBe(
          renderScheduleHtml(policy, alone, { zone: 'Europe/Paris', lang: 'en', origin: null }),
        );
        expect(text(cache.ics({ months: months }, NOW, 'c'))).toBe(renderScheduleIcs(policy, alone));
      }
    }
  });

  it("keeps one entry per zone however it is spelt, and says so in the zone's own spelling", () => {
    const cache = new PublicScheduleCache(ORDINARY, { rendersPerClientPerMinute: 1 });
    const first = text(cache.html({ zone: 'Europe/Paris', months: 6 }, NOW, 'c'));
    expect(text(cache.html({ zone: 'EUROPE/PARIS', months: 6 }, NOW, 'c'))).toBe(first);
    expect(first).toContain('Times in Europe/Paris (CET, CEST).');
  });

  it('lets one client cause a bounded number of renderings a minute, still serving it what is kept', () => {
    const cache = new PublicScheduleCache(ORDINARY, { rendersPerClientPerMinute: 3 });
    for (const months of [1, 2, 3]) expect(text(cache.ics({ months: months }, NOW, 'greedy'))).not.toBeNull();
    expect(cache.ics({ months: 4 }, NOW, 'greedy')).toEqual({ limited: 53 });
    expect(text(cache.ics({ months: 2 }, NOW, 'greedy'))).not.toBeNull();
    expect(text(cache.ics({ months: 4 }, NOW, 'someone-else'))).not.toBeNull();
    expect(text(cache.ics({ months: 5 }, NOW + 60_000, 'greedy'))).not.toBeNull();
  });
});

describe('formatRange', () => {
  /** The zone's abbreviation by date-fns-tz (docs/API.md, Public schedule): an oracle apart from luxon. */
  const abbreviation = (instant: number, zone: string) => {
    const american = /^([ECMP])[SD]T$/.exec(formatInTimeZone(instant, zone, 'zzz', { locale: enUS }));
    if (american) return `${american[1]}T`;
    const european = formatInTimeZone(instant, zone, 'zzz', { locale: enGB });
    return /^[A-Z]{3,4}$/.test(european) ? european : `UTC${formatInTimeZone(instant, zone, 'xxx')}`;
  };
  const oracle = (start: number, end: number, zone: string) => {
    const from = DateTime.fromMillis(start, { zone }).setLocale('en-GB');
    const to = DateTime.fromMillis(end, { zone }).setLocale('en-GB');
    const days = Math.round(to.startOf('day').diff(from.startOf('day'), 'days').days);
    const nextDay = days === 0 ? '' : ` (+${days} day${days === 1 ? '' : 's'})`;
    const [fromZone, toZone] = [abbreviation(start, zone), abbreviation(end, zone)];
    const fromTime = from.toFormat('HH:mm') + (fromZone === toZone ? '' : ` ${fromZone}`);
    return `${from.toFormat('ccc d LLL yyyy')}, ${fromTime} – ${to.toFormat('HH:mm')}${nextDay} ${toZone}`;
  };

  it('writes the dates as luxon and the zones as date-fns-tz would, much faster', () => {
    const zones = ['America/Chicago', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC', 'America/St_Johns'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
        fc.integer({ min: 1, max: 7 * 24 * 60 }),
        fc.constantFrom(...zones),
        (start, minutes, zone) => {
          const end = start + minutes * 60_000;
          expect(formatRange(start, end, zone)).toBe(oracle(start, end, zone));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('names North American zones ET/CT/MT/PT, Europe CET/CEST, and other zones by their UTC offset', () => {
    const winter = Date.parse('2027-01-15T23:00:00Z');
    const summer = Date.parse('2027-07-15T23:00:00Z');
    const cases: [string, number, string][] = [
      ['America/New_York', winter, 'ET'],
      ['America/New_York', summer, 'ET'],
      ['America/Toronto', summer, 'ET'],
      ['America/Chicago', winter, 'CT'],
      ['America/Denver', summer, 'MT'],
      ['America/Phoenix', summer, 'MT'],
      ['America/Los_Angeles', winter, 'PT'],
      ['Europe/Paris', winter, 'CET'],
      ['Europe/Paris', summer, 'CEST'],
      ['Asia/Kolkata', winter, 'UTC+05:30'],
      ['America/St_Johns', summer, 'UTC-02:30'],
      ['Asia/Tokyo', summer, 'UTC+09:00'],
    ];
    for (const [zone, instant, name] of cases) {
      expect([zone, abbreviation(instant, zone)]).toEqual([zone, name]);
      expect([
        zone,
        formatRange(instant, instant + 3_600_000, zone)
          .split(' ')
          .at(-1),
      ]).toEqual([zone, name]);
    }
  });

  it('names each end when summer time begins inside the range, and writes French dates and times', () => {
    // Europe/Paris springs forward at 02:00 on 28 March 2027.
    const start = Date.parse('2027-03-28T00:00:00Z');
    expect(formatRange(start, start + 3 * 3_600_000, 'Europe/Paris')).toBe('Sun 28 Mar 2027, 01:00 CET – 05:00 CEST');
    const thursday = Date.parse('2026-12-04T00:00:00Z'); // Thursday 19:00 in New York
    expect(formatRange(thursday, thursday + 5 * 3_600_000, 'America/New_York', 'fr')).toBe(
      'jeu. 3 déc. 2026, 19 h 00 – 0 h 00 (+1 jour) ET',
    );
  });

  it('renders every window of a page of 1,000 into the page and the feed (their speed is `npm run bench`)', () => {
    const schedule = publicSchedule(DENSE, NOW, 24);
    expect(schedule.windows).toHaveLength(1000);
    const html = renderScheduleHtml(DENSE, schedule, { zone: 'Asia/Tokyo', lang: 'fr', origin: null });
    const ics = renderScheduleIcs(DENSE, schedule);
    expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(1000);
    const last = schedule.windows.at(-1)!;
    expect(html).toContain(formatRange(last.start, last.end, 'Asia/Tokyo', 'fr'));
  });
});
