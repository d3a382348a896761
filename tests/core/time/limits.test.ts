import {
  MAX_CALENDAR_MINUTES,
  MAX_WINDOW_MINUTES,
  parseCalendarDuration,
  parseElapsedMinutes,
  readCalendarDuration,
  readWindowDuration,
} from '../../../src/core/time/duration.js';
import { parseInstant, readInstant } from '../../../src/core/time/format.js';

describe('the limits of the time readers (docs/POLICY.md)', () => {
  describe('a window lasts at most P7D', () => {
    it('accepts exactly seven days, in hours or in minutes', () => {
      expect(readWindowDuration('PT168H')).toEqual({ ok: true, value: MAX_WINDOW_MINUTES });
      expect(readWindowDuration('PT10080M')).toEqual({ ok: true, value: 10080 });
      expect(readWindowDuration('PT167H60M')).toEqual({ ok: true, value: 10080 });
    });

    it('refuses one minute more, naming the limit', () => {
      expect(readWindowDuration('PT10081M')).toEqual({
        ok: false,
        error: '"PT10081M" is longer than a window may last (P7D, that is PT168H)',
        overLimit: true,
      });
      expect(parseElapsedMinutes('PT168H1M')).toBeNull();
    });

    it('refuses huge numbers with the same message, cut short', () => {
      expect(readWindowDuration('PT99999999999999999999M')).toMatchObject({
        ok: false,
        error: '"PT99999999999999999999M" is longer than a window may last (P7D, that is PT168H)',
      });
      const long = `PT${'9'.repeat(5000)}H`;
      const reading = readWindowDuration(long);
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.error.length).toBeLessThan(100);
    });

    it('refuses zero and malformed durations', () => {
      expect(readWindowDuration('PT0M')).toEqual({
        ok: false,
        error: '"PT0M" is not a positive duration of hours and minutes (PT6H, PT4H30M)',
      });
      expect(readWindowDuration('P1D').ok).toBe(false);
    });
  });

  describe('a calendar duration (lead time, deadline, warning) is at most P365D', () => {
    it('accepts exactly 365 days however it is written', () => {
      for (const text of ['P365D', 'P52W1D', 'PT8760H', 'P364DT24H']) {
        expect(readCalendarDuration(text).ok).toBe(true);
      }
      expect(MAX_CALENDAR_MINUTES).toBe(365 * 24 * 60);
    });

    it('refuses one minute more, and numbers that would stall the engine', () => {
      expect(readCalendarDuration('P365DT1M')).toEqual({
        ok: false,
        error: '"P365DT1M" is longer than the limit of 365 days (P365D)',
        overLimit: true,
      });
      expect(parseCalendarDuration('P99999999D')).toBeNull();
      expect(parseCalendarDuration('PT87600000H')).toBeNull();
    });
  });

  describe('instants carry an offset within -18:00..+18:00', () => {
    it('accepts the extremes', () => {
      expect(parseInstant('2026-01-01T00:00:00+18:00')).toBe(Date.UTC(2025, 11, 31, 6));
      expect(parseInstant('2026-01-01T00:00:00-18:00')).toBe(Date.UTC(2026, 0, 1, 18));
      expect(parseInstant('2026-01-01T00:00:00+0530')).toBe(Date.UTC(2025, 11, 31, 18, 30));
    });

    it('refuses offsets past 18 hours or with more than 59 minutes', () => {
      for (const text of ['2026-01-01T00:00+99:00', '2026-01-01T00:00+18:01', '2026-01-01T00:00-19:00']) {
        expect(readInstant(text)).toEqual({
          ok: false,
          error: `"${text}" has an offset outside -18:00..+18:00`,
          overLimit: true,
        });
      }
      expect(parseInstant('2026-01-01T00:00+05:99')).toBeNull();
    });

    it('says what a malformed instant should look like', () => {
      expect(readInstant('tomorrow')).toEqual({
        ok: false,
        error: '"tomorrow" is not an ISO 8601 instant with an offset or Z (2026-12-01T18:00:00-06:00)',
      });
    });
  });
});
