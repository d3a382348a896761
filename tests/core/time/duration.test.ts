import {
  formatCalendarDuration,
  formatElapsedMinutes,
  parseCalendarDuration,
  parseElapsedMinutes,
} from '../../../src/core/time/duration.js';

describe('durations', () => {
  it('reads elapsed hours and minutes as minutes', () => {
    expect(parseElapsedMinutes('PT6H')).toBe(360);
    expect(parseElapsedMinutes('PT4H30M')).toBe(270);
    expect(parseElapsedMinutes('PT90M')).toBe(90);
  });

  it('refuses elapsed durations with days, seconds or nothing', () => {
    expect(parseElapsedMinutes('P1D')).toBeNull();
    expect(parseElapsedMinutes('PT30S')).toBeNull();
    expect(parseElapsedMinutes('PT')).toBeNull();
  });

  it('reads calendar durations of weeks, days, hours and minutes', () => {
    expect(parseCalendarDuration('P7D')).toEqual({ weeks: 0, days: 7, hours: 0, minutes: 0 });
    expect(parseCalendarDuration('P1W')).toEqual({ weeks: 1, days: 0, hours: 0, minutes: 0 });
    expect(parseCalendarDuration('PT48H')).toEqual({ weeks: 0, days: 0, hours: 48, minutes: 0 });
    expect(parseCalendarDuration('P1DT12H')).toEqual({ weeks: 0, days: 1, hours: 12, minutes: 0 });
  });

  it('refuses years, months, seconds and empty parts', () => {
    for (const text of ['P1Y', 'P1M', 'PT1S', 'P', 'P1DT', '7D']) expect(parseCalendarDuration(text)).toBeNull();
  });

  it('writes durations back as ISO text', () => {
    expect(formatCalendarDuration({ weeks: 0, days: 7, hours: 0, minutes: 0 })).toBe('P7D');
    expect(formatCalendarDuration({ weeks: 0, days: 1, hours: 12, minutes: 30 })).toBe('P1DT12H30M');
    expect(formatCalendarDuration({ weeks: 0, days: 0, hours: 0, minutes: 0 })).toBe('P0D');
    expect(formatElapsedMinutes(270)).toBe('PT4H30M');
    expect(formatElapsedMinutes(60)).toBe('PT1H');
  });
});
