import { earliestStart, listWindows, nextEligibleWindow, type Policy } from '../../../src/core/schedule.js';
import { formatInstant } from '../../../src/core/time/format.js';
import { at, policyOf } from './helpers.js';

/** The windows as `rule start end`, instants printed in each rule's zone. */
function windows(policy: Policy, requestAt: string, count: number, booked?: (start: number) => number): string[] {
  return listWindows(policy, { requestAt: at(requestAt), count, ...(booked ? { booked } : {}) }).map(
    (w) => `${w.rule} ${formatInstant(w.start, w.timeZone)} ${formatInstant(w.end, w.timeZone)}`,
  );
}

const standard = { id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' };

describe('listWindows', () => {
  it('offers the default schedule after the 7-day lead time, in start order', () => {
    const policy = policyOf({ leadTime: 'P7D', rules: [standard] });
    expect(windows(policy, '2026-11-22T12:00:00Z', 3)).toEqual([
      'standard 2026-12-01T18:00:00-06:00 2026-12-02T00:00:00-06:00',
      'standard 2026-12-04T18:00:00-06:00 2026-12-05T00:00:00-06:00',
      'standard 2026-12-08T18:00:00-06:00 2026-12-09T00:00:00-06:00',
    ]);
  });

  it('moves a start in the spring-forward gap forward by the gap, and counts its duration elapsed', () => {
    const policy = policyOf({ rules: [{ id: 'night', weekly: ['sunday'], start: '02:30', duration: 'PT1H' }] });
    expect(windows(policy, '2026-03-02T00:00:00-06:00', 1)).toEqual([
      'night 2026-03-08T03:30:00-05:00 2026-03-08T04:30:00-05:00',
    ]);
  });

  it('starts a window in the fall-back repeat at the earlier instant; an hour later the wall clock shows the same time', () => {
    const policy = policyOf({ rules: [{ id: 'night', weekly: ['sunday'], start: '01:30', duration: 'PT1H' }] });
    expect(windows(policy, '2026-10-26T00:00:00-05:00', 1)).toEqual([
      'night 2026-11-01T01:30:00-05:00 2026-11-01T01:30:00-06:00',
    ]);
  });

  describe('lead time', () => {
    // Tuesday 2026-03-03 17:30 CST; the clocks go forward on Sunday 2026-03-08.
    const request = '2026-03-03T17:30:00-06:00';

    it('adds days on the wall clock of the policy zone across a DST change', () => {
      const policy = policyOf({ leadTime: 'P7D', rules: [standard] });
      expect(formatInstant(earliestStart(policy, at(request)), 'America/Chicago')).toBe('2026-03-10T17:30:00-05:00');
      // 18:00 on the 10th is only 167.5 elapsed hours after the request, yet it is eligible.
      expect(windows(policy, request, 1)).toEqual(['standard 2026-03-10T18:00:00-05:00 2026-03-11T00:00:00-05:00']);
    });

    it('adds hours and minutes as elapsed time', () => {
      const policy = policyOf({ leadTime: 'PT168H', rules: [standard] });
      expect(formatInstant(earliestStart(policy, at(request)), 'America/Chicago')).toBe('2026-03-10T18:30:00-05:00');
      expect(windows(policy, request, 1)).toEqual(['standard 2026-03-13T18:00:00-05:00 2026-03-14T00:00:00-05:00']);
    });

    it('adds the calendar part first, then the time part', () => {
      const policy = policyOf({ leadTime: 'P1W1DT1H30M', rules: [standard] });
      expect(formatInstant(earliestStart(policy, at(request)), 'America/Chicago')).toBe('2026-03-11T19:00:00-05:00');
    });

    it('keeps the wall-clock time across the fall-back too', () => {
      const policy = policyOf({ leadTime: 'P1D', rules: [standard] });
      expect(formatInstant(earliestStart(policy, at('2026-10-31T12:00:00-05:00')), 'America/Chicago')).toBe(
        '2026-11-01T12:00:00-06:00',
      );
    });

    it('offers a window starting exactly at the earliest allowed start', () => {
      const policy = policyOf({ leadTime: 'P7D', rules: [standard] });
      expect(windows(policy, '2026-11-24T18:00:00-06:00', 1)).toEqual([
        'standard 2026-12-01T18:00:00-06:00 2026-12-02T00:00:00-06:00',
      ]);
      expect(windows(policy, '2026-11-24T18:00:01-06:00', 1)).toEqual([
        'standard 2026-12-04T18:00:00-06:00 2026-12-05T00:00:00-06:00',
      ]);
    });
  });

  describe('windows crossing midnight', () => {
    const crossing = { id: 'late', weekly: ['saturday'], start: '23:00', end: '03:00' };

    it('end on the next day, five hours later on the fall-back night', () => {
      expect(windows(policyOf({ rules: [crossing] }), '2026-10-30T00:00:00-05:00', 1)).toEqual([
        'late 2026-10-31T23:00:00-05:00 2026-11-01T03:00:00-06:00',
      ]);
    });

    it('end on the next day, three hours later on the spring-forward night', () => {
      expect(windows(policyOf({ rules: [crossing] }), '2026-03-06T00:00:00-06:00', 1)).toEqual([
        'late 2026-03-07T23:00:00-06:00 2026-03-08T03:00:00-05:00',
      ]);
    });

    it('end after the gap when the wall-clock end falls in it', () => {
      const policy = policyOf({ rules: [{ id: 'late', weekly: ['saturday'], start: '22:00', end: '02:30' }] });
      expect(windows(policy, '2026-03-06T00:00:00-06:00', 1)).toEqual([
        'late 2026-03-07T22:00:00-06:00 2026-03-08T03:30:00-05:00',
      ]);
    });

    it('treat an end of 24:00 as midnight at the end of the day', () => {
      const policy = policyOf({ rules: [{ id: 'thu', weekly: ['thursday'], start: '19:00', end: '24:00' }] });
      expect(windows(policy, '2026-12-01T00:00:00-06:00', 1)).toEqual([
        'thu 2026-12-03T19:00:00-06:00 2026-12-04T00:00:00-06:00',
      ]);
    });
  });

  it('finds the last Saturday of each month, the fifth one in months that have five', () => {
    const policy = policyOf({
      rules: [
        {
          id: 'monthly',
          timeZone: 'America/Denver',
          monthly: { weekday: 'saturday', week: -1 },
          start: '22:00',
          end: '02:00',
        },
      ],
    });
    // September and November 2026 have four Saturdays, October five; Denver falls back on 2026-11-01 at 02:00.
    expect(windows(policy, '2026-09-15T00:00:00Z', 3)).toEqual([
      'monthly 2026-09-26T22:00:00-06:00 2026-09-27T02:00:00-06:00',
      'monthly 2026-10-31T22:00:00-06:00 2026-11-01T02:00:00-07:00',
      'monthly 2026-11-28T22:00:00-07:00 2026-11-29T02:00:00-07:00',
    ]);
  });

  it('finds the nth weekday of a month', () => {
    const rules = [1, 4].map((week) => ({
      id: `week${week}`,
      monthly: { weekday: 'saturday', week },
      start: '10:00',
      duration: 'PT1H',
    }));
    // August 2026 begins on a Saturday.
    expect(windows(policyOf({ rules }), '2026-07-31T00:00:00-05:00', 2)).toEqual([
      'week1 2026-08-01T10:00:00-05:00 2026-08-01T11:00:00-05:00',
      'week4 2026-08-22T10:00:00-05:00 2026-08-22T11:00:00-05:00',
    ]);
  });

  describe('blackouts, half-open', () => {
    const tuesday = { id: 'tue', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' };
    const first = 'tue 2026-12-01T18:00:00-06:00 2026-12-02T00:00:00-06:00';
    const second = 'tue 2026-12-08T18:00:00-06:00 2026-12-09T00:00:00-06:00';
    const request = '2026-11-30T00:00:00-06:00';

    it('offer a window that starts when a blackout ends', () => {
      const policy = policyOf({
        rules: [tuesday],
        blackouts: [{ start: '2026-12-01T06:00', end: '2026-12-01T18:00' }],
      });
      expect(windows(policy, request, 1)).toEqual([first]);
    });

    it('offer a window that ends when a blackout starts', () => {
      const policy = policyOf({
        rules: [tuesday],
        blackouts: [{ start: '2026-12-02T00:00', end: '2026-12-03T00:00' }],
      });
      expect(windows(policy, request, 1)).toEqual([first]);
    });

    it('refuse a window that overlaps a blackout by one minute at either edge', () => {
      for (const blackout of [
        { start: '2026-12-01T06:00', end: '2026-12-01T18:01' },
        { start: '2026-12-01T23:59', end: '2026-12-03T00:00' },
        { start: '2026-12-01T20:00:00-06:00', end: '2026-12-01T21:00:00-06:00' },
      ]) {
        expect(windows(policyOf({ rules: [tuesday], blackouts: [blackout] }), request, 1)).toEqual([second]);
      }
    });

    it('are found among many', () => {
      const blackouts = Array.from({ length: 500 }, (_, i) => ({
        start: `2026-${String(1 + (i % 11)).padStart(2, '0')}-0${1 + (i % 9)}T00:00`,
        end: `2026-${String(1 + (i % 11)).padStart(2, '0')}-0${1 + (i % 9)}T01:00`,
      }));
      blackouts.push({ start: '2026-12-01T17:00', end: '2026-12-01T19:00' });
      expect(windows(policyOf({ rules: [tuesday], blackouts }), request, 1)).toEqual([second]);
    });
  });

  it('keeps rule order for windows that start at the same instant', () => {
    const policy = policyOf({
      rules: [
        { id: 'b', weekly: ['tuesday'], start: '18:00', duration: 'PT2H' },
        { id: 'a', timeZone: 'America/New_York', weekly: ['tuesday'], start: '19:00', duration: 'PT1H' },
      ],
    });
    expect(windows(policy, '2026-11-30T00:00:00-06:00', 2)).toEqual([
      'b 2026-12-01T18:00:00-06:00 2026-12-01T20:00:00-06:00',
      'a 2026-12-01T19:00:00-05:00 2026-12-01T20:00:00-05:00',
    ]);
  });

  it('reads each rule on its own zone and prints its windows in that zone', () => {
    const policy = policyOf({
      rules: [
        standard,
        { id: 'london', timeZone: 'Europe/London', weekly: ['wednesday'], start: '09:00', duration: 'PT2H' },
      ],
    });
    expect(windows(policy, '2026-11-30T00:00:00-06:00', 3)).toEqual([
      'standard 2026-12-01T18:00:00-06:00 2026-12-02T00:00:00-06:00',
      'london 2026-12-02T09:00:00+00:00 2026-12-02T11:00:00+00:00',
      'standard 2026-12-04T18:00:00-06:00 2026-12-05T00:00:00-06:00',
    ]);
  });

  it('leaves out full windows and says how many places the others have', () => {
    const policy = policyOf({ rules: [{ ...standard, capacity: 2 }] });
    const booked = (start: number): number =>
      start === at('2026-12-01T18:00:00-06:00') ? 2 : start === at('2026-12-04T18:00:00-06:00') ? 1 : 0;
    const offers = listWindows(policy, { requestAt: at('2026-11-30T00:00:00-06:00'), count: 2, booked });
    expect(offers.map((o) => [formatInstant(o.start, o.timeZone), o.capacity, o.remaining, o.bookable])).toEqual([
      ['2026-12-04T18:00:00-06:00', 2, 1, true],
      ['2026-12-08T18:00:00-06:00', 2, 2, true],
    ]);
  });

  it('with all, lists every occurrence from the request on with the reasons it cannot be booked', () => {
    const policy = policyOf({
      leadTime: 'P2D',
      rules: [{ ...standard, capacity: 1 }],
      blackouts: [{ start: '2026-12-04T20:00', end: '2026-12-05T00:00', reason: 'Data centre move' }],
    });
    const offers = listWindows(policy, {
      requestAt: at('2026-11-30T12:00:00-06:00'),
      count: 3,
      all: true,
      booked: (start) => (start === at('2026-12-08T18:00:00-06:00') ? 1 : 0),
    });
    expect(offers.map((o) => [formatInstant(o.start, o.timeZone), o.remaining, o.bookable, o.reasons])).toEqual([
      [
        '2026-12-01T18:00:00-06:00',
        1,
        false,
        [
          {
            code: 'LEAD_TIME',
            message: 'starts before the earliest allowed start 2026-12-02T12:00:00-06:00 (lead time P2D)',
            earliest: '2026-12-02T12:00:00-06:00',
            leadTime: 'P2D',
          },
        ],
      ],
      [
        '2026-12-04T18:00:00-06:00',
        1,
        false,
        [
          {
            code: 'BLACKOUT',
            message:
              'the window 2026-12-04T18:00:00-06:00 to 2026-12-05T00:00:00-06:00 overlaps the blackout 2026-12-04T20:00:00-06:00 to 2026-12-05T00:00:00-06:00 (Data centre move)',
            blackout: {
              start: '2026-12-04T20:00:00-06:00',
              end: '2026-12-05T00:00:00-06:00',
              reason: 'Data centre move',
            },
          },
        ],
      ],
      [
        '2026-12-08T18:00:00-06:00',
        0,
        false,
        [
          {
            code: 'FULL',
            message: 'the window starting 2026-12-08T18:00:00-06:00 is full (1 of 1 places booked)',
            booked: 1,
            capacity: 1,
          },
        ],
      ],
    ]);
  });

  it('ends with what exists when the rules cannot fill the count', () => {
    const policy = policyOf({
      rules: [{ id: 'q', dates: ['2026-02-19', '2026-12-17', '2027-02-18'], start: '23:00', end: '03:00' }],
    });
    expect(windows(policy, '2026-11-22T12:00:00Z', 10)).toEqual([
      'q 2026-12-17T23:00:00-06:00 2026-12-18T03:00:00-06:00',
      'q 2027-02-18T23:00:00-06:00 2027-02-19T03:00:00-06:00',
    ]);
    expect(windows(policy, '2027-03-01T00:00:00Z', 10)).toEqual([]);
  });

  it('never offers a window before the request, even with no lead time', () => {
    const policy = policyOf({ rules: [standard] });
    expect(windows(policy, '2026-12-01T18:00:01-06:00', 1)).toEqual([
      'standard 2026-12-04T18:00:00-06:00 2026-12-05T00:00:00-06:00',
    ]);
  });
});

describe('nextEligibleWindow', () => {
  it('is the first bookable window', () => {
    const policy = policyOf({ leadTime: 'P7D', rules: [standard] });
    const window = nextEligibleWindow(policy, at('2026-11-22T12:00:00Z'));
    expect(window && formatInstant(window.start, window.timeZone)).toBe('2026-12-01T18:00:00-06:00');
  });

  it('is null when nothing is bookable within a year', () => {
    const policy = policyOf({ rules: [{ id: 'q', dates: ['2028-01-04'], start: '18:00', duration: 'PT1H' }] });
    expect(nextEligibleWindow(policy, at('2026-11-22T12:00:00Z'))).toBeNull();
    expect(nextEligibleWindow(policy, at('2027-06-01T12:00:00Z'))?.rule).toBe('q');
  });
});
