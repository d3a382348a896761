import { formatInstant, parseInstant } from '../../../src/core/time/format.js';

describe('formatInstant', () => {
  it('prints the offset of the zone, never Z', () => {
    expect(formatInstant(Date.UTC(2026, 11, 2), 'America/Chicago')).toBe('2026-12-01T18:00:00-06:00');
    expect(formatInstant(Date.UTC(2026, 11, 2), 'UTC')).toBe('2026-12-02T00:00:00+00:00');
  });

  it('drops milliseconds, rounding down to the second', () => {
    expect(formatInstant(Date.UTC(2026, 11, 2, 14, 43, 4, 744), 'America/Chicago')).toBe('2026-12-02T08:43:04-06:00');
  });

  it('prints half-hour offsets', () => {
    expect(formatInstant(Date.UTC(2026, 0, 1), 'Asia/Kolkata')).toBe('2026-01-01T05:30:00+05:30');
  });
});

describe('parseInstant', () => {
  it('reads an offset or Z', () => {
    expect(parseInstant('2026-12-01T18:00:00-06:00')).toBe(Date.UTC(2026, 11, 2));
    expect(parseInstant('2026-12-02T00:00Z')).toBe(Date.UTC(2026, 11, 2));
  });

  it('refuses a local time without offset and malformed text', () => {
    expect(parseInstant('2026-12-01T18:00:00')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseInstant('2026-02-30T10:00:00Z')).toBeNull();
  });
});
