import {
  formatDayRange,
  formatInZone,
  formatSpan,
  humanizeMessage,
  isKnownZone,
  offsetAt,
  wallTimeToIso,
  zoneLabel,
} from '../../src/app/format/dates.js';
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
  it('formats an ISO instant in a zone as the comments write it: "6:00 PM", no "GMT+1"', () => {
    expect(formatInZone('2026-12-01T18:00:00-06:00', 'America/Chicago', 'en-US')).toBe('Tue, Dec 1, 6:00 PM');
    expect(formatInZone('2026-12-01T18:00:00-06:00', 'Europe/Paris', 'en-US')).toBe('Wed, Dec 2, 1:00 AM');
  });

  it('writes French dates as the French comments do: "1er", "18 h 00"', () => {
    expect(formatInZone('2026-12-01T18:00:00+01:00', 'Europe/Paris', 'fr')).toBe('mar. 1er déc., 18 h 00');
    expect(formatDayRange('2026-11-24T00:00:00Z', '2026-12-01T12:00:00Z', 'UTC', 'fr')).toBe('24 nov. – 1er déc.');
    expect(formatInZone('2026-12-11T18:00:00+01:00', 'Europe/Paris', 'fr')).toBe('ven. 11 déc., 18 h 00');
  });

  it('knows IANA zones and refuses others', () => {
    expect([isKnownZone('Europe/Paris'), isKnownZone('Mars/Olympus'), isKnownZone(null)]).toEqual([true, false, false]);
  });
});

describe('zoneLabel', () => {
  it('names a zone by its city', () => {
    expect([zoneLabel('America/New_York'), zoneLabel('Europe/Paris'), zoneLabel('UTC')]).toEqual([
      'New York',
      'Paris',
      'UTC',
    ]);
  });
});

describe('humanizeMessage', () => {
  it('writes the ISO instants of a backend message in the agent zone and drops code quotes', () => {
    expect(
      humanizeMessage('starts at `2026-12-09T03:35:13-06:00`, before 2026-12-09T09:00:00Z', 'America/Chicago', 'en'),
    ).toBe('starts at Wed, Dec 9, 3:35 AM, before Wed, Dec 9, 3:00 AM');
  });
});

describe('themeForLocale', () => {
  it('is right to left for Arabic, Hebrew, Persian and Urdu only', () => {
    expect(['ar', 'he-IL', 'fa', 'ur', 'fr', 'en-US'].map(isRtlLocale)).toEqual([true, true, true, true, false, false]);
    expect(themeForLocale('he').rtl).toBe(true);
  });
});
