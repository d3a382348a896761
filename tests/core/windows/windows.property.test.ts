import fc from 'fast-check';
import { checkStart, listWindows, localToInstant, parsePolicy } from '../../../src/core/schedule.js';
import { referenceInstant, referenceWindows, type RawPolicy, type RawRule } from '../../oracle/reference.js';

/**
 * The engine against the brute-force reference in tests/oracle/, over random zones (half-hour and 45-minute
 * shifts, southern hemisphere, DST at midnight), random requests from 2020 to 2035, and random rules.
 */

const ZONES = [
  'America/Chicago',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Santiago',
  'Pacific/Auckland',
  'America/Havana',
  'America/St_Johns',
  'Europe/Dublin',
  'Asia/Tehran',
  'America/Sao_Paulo',
  'Africa/Casablanca',
  'UTC',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const pad = (n: number): string => String(n).padStart(2, '0');

// Times near midnight and the usual transition hours come up often, so gaps and repeats are hit.
const clock = fc
  .tuple(fc.constantFrom(0, 1, 2, 3, 23, 22, 12, 18, 9), fc.constantFrom(0, 15, 30, 45, 59))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);
const anyClock = fc.oneof(
  clock,
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${pad(h)}:${pad(m)}`),
);

const requestAt = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => ms - (ms % 60_000));

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const rule = (index: number, at: number): fc.Arbitrary<RawRule> =>
  fc
    .record({
      zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
      recurrence: fc.oneof(
        fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 3 }).map((weekly) => ({ weekly })),
        fc
          .record({ weekday: fc.constantFrom(...WEEKDAYS), week: fc.constantFrom(1, 2, 3, 4, -1) })
          .map((monthly) => ({ monthly })),
        fc
          .uniqueArray(fc.integer({ min: -20, max: 200 }), { minLength: 1, maxLength: 6 })
          .map((offsets) => ({ dates: offsets.map((days) => isoDate(at + days * 86_400_000)) })),
      ),
      start: anyClock,
      end: fc.oneof(
        fc
          .integer({ min: 1, max: 30 * 60 })
          .map((minutes) => ({ duration: `PT${Math.floor(minutes / 60)}H${minutes % 60}M` })),
        fc.oneof(clock, fc.constant('24:00')).map((end) => ({ end })),
      ),
      capacity: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    })
    .map(({ zone, recurrence, start, end, capacity }) => ({
      id: `r${index}`,
      ...(zone !== undefined ? { timeZone: zone } : {}),
      ...recurrence,
      start,
      ...end,
      ...(capacity !== undefined ? { capacity } : {}),
    }));

const scenario = requestAt.chain((at) =>
  fc.record({
    at: fc.constant(at),
    timeZone: fc.constantFrom(...ZONES),
    leadTime: fc
      .record({
        w: fc.integer({ min: 0, max: 2 }),
        d: fc.integer({ min: 0, max: 9 }),
        h: fc.integer({ min: 0, max: 50 }),
        m: fc.constantFrom(0, 30),
      })
      .map(({ w, d, h, m }) => `P${w ? `${w}W` : ''}${d}D${h || m ? `T${h}H${m}M` : ''}`),
    rules: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rule(i, at)))),
    blackouts: fc.array(
      fc.record({ from: fc.integer({ min: 0, max: 120 * 24 }), hours: fc.integer({ min: 1, max: 24 * 20 }) }),
      { maxLength: 3 },
    ),
    count: fc.integer({ min: 1, max: 12 }),
  }),
);

/**
 * Bookings as a fixed function of the start (0 to 3 tickets, changing from one day to the next), so capacity is
 * exercised without shared state and no rule is full forever.
 */
const booked = (start: number): number => Math.floor(start / 86_400_000) % 4;

function localText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

describe('the schedule engine against the brute-force reference', () => {
  it('offers the same windows for random zones, rules, lead times, blackouts and bookings', () => {
    fc.assert(
      fc.property(scenario, ({ at, timeZone, leadTime, rules, blackouts, count }) => {
        const raw: RawPolicy = {
          timeZone,
          leadTime,
          rules,
          // Local blackout times (no offset), read in the policy zone with the DST rules.
          blackouts: blackouts.map(({ from, hours }) => ({
            start: localText(at + from * 3_600_000),
            end: localText(at + (from + hours) * 3_600_000),
          })),
        };
        const parsed = parsePolicy(raw);
        if (!parsed.ok) throw new Error(parsed.errors.join('; '));
        const engine = listWindows(parsed.policy, { requestAt: at, count, booked }).map(({ rule, start, end }) => ({
          rule,
          start,
          end,
        }));
        const reference = referenceWindows(raw, at, count, booked, 366 * 2);
        expect(engine.slice(0, reference.length)).toEqual(reference);
        // The reference looks two years ahead; the engine may find more beyond, never fewer.
        if (engine.length > reference.length)
          expect(engine[reference.length]!.start).toBeGreaterThan(at + 366 * 2 * 86_400_000 - 4 * 86_400_000);
        // Every offered window passes check on its own.
        for (const window of engine.slice(0, 3)) {
          const result = checkStart(parsed.policy, {
            start: window.start,
            requestAt: at,
            class: 'maintenance',
            booked,
          });
          expect(result.reasons).toEqual([]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('converts local times like the reference in every zone, gaps and repeats included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        anyClock,
        (zone, day, time) => {
          const date = isoDate(day);
          const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
          const [h, mi] = time.split(':').map(Number) as [number, number];
          expect(localToInstant(date, time, zone)).toBe(referenceInstant(y, mo, d, h, mi, 0, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
