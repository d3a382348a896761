import { formatInZone, formatSpan, isKnownZone, offsetAt, wallTimeToIso } from '../../src/app/format/dates.js';
import { isRtlLocale, themeForLocale } from '../../src/app/theme.js';

describe('wallTimeToIso', () => {
  it('reads a wall-clock time in the agent zone, in winter and in summer', () => {
    expect(wallTimeToIso('2026-12-01T18:00', 'America/New_York')).toBe('2026-12-01T23:00:00Z');
    expect(wallTimeToIso('2026-07-01T18:00', 'Europe/Paris')).toBe('2026-07-01T16:00:00Z');
  });

  it('returns null for an incomplete input', () => {
    expect(wallTimeToIso('2026-12-01', 'UTC')).toBeNull();
  });
});

describe('offsetAt', () => {
  it("gives Chicago's winter offset in milliseconds", () => {
    expect(offsetAt(Date.parse('2026-12-01T12:00:00Z'), 'America/Chicago')).toBe(-21_600_000);
  });
});

describe('formatSpan', () => {
  it('shows the two largest units', () => {
    expect(formatSpan(100_200_000, 'en')).toBe('1d 3h');
    expect(formatSpan(11_400_000, 'en')).toBe('3h 10m');
    expect(formatSpan(30_000, 'en')).toBe('0m');
  });
});

describe('formatInZone', () => {
  it('formats an ISO instant in a zone with the zone name, in the locale', () => {
    expect(formatInZone('2026-12-01T18:00:00-06:00', 'America/Chicago', 'en-US')).toBe('Tue, Dec 1, 06:00 PM CST');
  });

  it('knows IANA zones and refuses others', () => {
    expect([isKnownZone('Europe/Paris'), isKnownZone('Mars/Olympus'), isKnownZone(null)]).toEqual([true, false, false]);
  });
});

describe('themeForLocale', () => {
  it('is right to left for Arabic, Hebrew, Persian and Urdu only', () => {
    expect(['ar', 'he-IL', 'fa', 'ur', 'fr', 'en-US'].map(isRtlLocale)).toEqual([true, true, true, true, false, false]);
    expect(themeForLocale('he').rtl).toBe(true);
  });
});
