import { checkStart, parsePolicy, type CheckStartOptions, type Policy } from '../../../src/core/schedule.js';
import { formatInstant } from '../../../src/core/time/format.js';

const at = (iso: string): number => Date.parse(iso);

const policy: Policy = (() => {
  const result = parsePolicy({
    timeZone: 'America/Chicago',
    leadTime: 'P7D',
    rules: [
      { id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: 2 },
      { id: 'overflow', weekly: ['friday'], start: '18:00', duration: 'PT4H' },
    ],
    blackouts: [{ start: '2026-12-24T00:00', end: '2027-01-04T00:00', reason: 'Year-end freeze' }],
  });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.policy;
})();

const requestAt = at('2026-11-22T12:00:00Z');

function check(start: string, options: Partial<CheckStartOptions> = {}) {
  const result = checkStart(policy, { start: at(start), requestAt, class: 'maintenance', ...options });
  return {
    ok: result.ok,
    codes: result.reasons.map((reason) => reason.code),
    window:
      result.window &&
      `${result.window.rule} ${formatInstant(result.window.start, result.window.timeZone)} ${formatInstant(result.window.end, result.window.timeZone)}`,
    capacity: result.capacity,
    messages: result.reasons.map((reason) => reason.message),
  };
}

describe('checkStart for maintenance', () => {
  it('accepts an occurrence after the lead time and gives its window and capacity', () => {
    expect(check('2026-12-01T18:00:00-06:00')).toEqual({
      ok: true,
      codes: [],
      window: 'standard 2026-12-01T18:00:00-06:00 2026-12-02T00:00:00-06:00',
      capacity: 2,
      messages: [],
    });
  });

  it('matches the occurrence by instant, whatever offset START is written with', () => {
    expect(check('2026-12-02T00:00:00Z').window).toBe('standard 2026-12-01T18:00:00-06:00 2026-12-02T00:00:00-06:00');
  });

  it('says NOT_A_WINDOW then LEAD_TIME for a start that is no occurrence and too soon', () => {
    expect(check('2026-11-24T19:00:00-06:00')).toMatchObject({
      ok: false,
      codes: ['NOT_A_WINDOW', 'LEAD_TIME'],
      window: null,
      messages: [
        'no schedule rule has a window starting at 2026-11-24T19:00:00-06:00',
        'starts before the earliest allowed start 2026-11-29T06:00:00-06:00 (lead time P7D)',
      ],
    });
  });

  it('says IN_PAST, not LEAD_TIME, for a start before the request', () => {
    expect(check('2026-11-20T18:00:00-06:00')).toMatchObject({
      codes: ['IN_PAST'],
      messages: ['starts at 2026-11-20T18:00:00-06:00, before the request time 2026-11-22T06:00:00-06:00'],
    });
    expect(check('2026-11-20T19:00:00-06:00').codes).toEqual(['IN_PAST', 'NOT_A_WINDOW']);
  });

  it('says BLACKOUT then FULL for an occurrence in a blackout with no place left', () => {
    const booked = (): number => 2;
    expect(check('2026-12-29T18:00:00-06:00', { booked })).toMatchObject({
      codes: ['BLACKOUT', 'FULL'],
      messages: [
        'the window 2026-12-29T18:00:00-06:00 to 2026-12-30T00:00:00-06:00 overlaps the blackout 2026-12-24T00:00:00-06:00 to 2027-01-04T00:00:00-06:00 (Year-end freeze)',
        'the window starting 2026-12-29T18:00:00-06:00 is full (2 of 2 places booked)',
      ],
    });
  });

  it('waives the blackout when overridden, never the capacity', () => {
    expect(check('2026-12-29T18:00:00-06:00', { overrideBlackout: true, booked: () => 2 }).codes).toEqual(['FULL']);
    expect(check('2026-12-29T18:00:00-06:00', { overrideBlackout: true }).ok).toBe(true);
  });

  it('uses the given duration for the window, which may then reach a blackout', () => {
    expect(check('2026-12-22T18:00:00-06:00').ok).toBe(true);
    expect(check('2026-12-22T18:00:00-06:00', { durationMinutes: 30 * 60 + 1 })).toMatchObject({
      codes: ['BLACKOUT'],
      window: 'standard 2026-12-22T18:00:00-06:00 2026-12-24T00:01:00-06:00',
    });
  });

  it('chooses the first rule starting then that can be booked', () => {
    const booked = (): number => 2;
    expect(check('2026-12-04T18:00:00-06:00', { booked })).toMatchObject({
      ok: true,
      window: 'overflow 2026-12-04T18:00:00-06:00 2026-12-04T22:00:00-06:00',
      capacity: null,
    });
    expect(check('2026-12-04T18:00:00-06:00').window).toBe(
      'standard 2026-12-04T18:00:00-06:00 2026-12-05T00:00:00-06:00',
    );
  });
});

describe('checkStart for a hot fix', () => {
  const hotfix = { class: 'hotfix' as const };

  it('accepts any future start, waiving the lead time and the recurrence, for hotfix.defaultDuration', () => {
    expect(check('2026-11-23T10:15:00-06:00', hotfix)).toEqual({
      ok: true,
      codes: [],
      window: 'hotfix 2026-11-23T10:15:00-06:00 2026-11-23T12:15:00-06:00',
      capacity: null,
      messages: [],
    });
  });

  it('refuses a start before the request', () => {
    expect(check('2026-11-22T05:00:00-06:00', hotfix).codes).toEqual(['IN_PAST']);
  });

  it('refuses a blackout it reaches with its duration, unless overridden; touching the edge is fine', () => {
    expect(check('2026-12-23T22:00:00-06:00', hotfix).ok).toBe(true);
    expect(check('2026-12-23T22:00:00-06:00', { ...hotfix, durationMinutes: 121 }).codes).toEqual(['BLACKOUT']);
    expect(check('2026-12-23T22:00:00-06:00', { ...hotfix, durationMinutes: 121, overrideBlackout: true }).ok).toBe(
      true,
    );
  });

  it('ignores rule capacity', () => {
    expect(check('2026-12-01T18:00:00-06:00', { ...hotfix, booked: () => 5 }).ok).toBe(true);
  });

  it('throws a RangeError for a duration that is not positive', () => {
    expect(() => check('2026-12-01T18:00:00-06:00', { ...hotfix, durationMinutes: 0 })).toThrow(
      'checkStart: durationMinutes must be positive, got 0',
    );
  });
});
