import { formatInstant } from '../../../src/core/time/format.js';
import { instantToLocal, isValidZone, localToInstant, offsetAt } from '../../../src/core/time/zone.js';

/** The instant of a local time, printed with its offset in the same zone. */
function resolved(date: string, time: string, zone: string): string {
  return formatInstant(localToInstant(date, time, zone), zone);
}

describe('localToInstant', () => {
  describe('moves a time in a spring-forward gap forward by the length of the gap', () => {
    it('in America/Chicago (02:00 jumps to 03:00 on 2026-03-08)', () => {
      expect(resolved('2026-03-08', '02:30', 'America/Chicago')).toBe('2026-03-08T03:30:00-05:00');
      expect(localToInstant('2026-03-08', '02:30', 'America/Chicago')).toBe(Date.parse('2026-03-08T08:30:00Z'));
    });

    it('in Europe/London (01:00 jumps to 02:00 on 2026-03-29)', () => {
      expect(resolved('2026-03-29', '01:30', 'Europe/London')).toBe('2026-03-29T02:30:00+01:00');
    });

    it('in Australia/Lord_Howe, whose clocks jump only 30 minutes (02:00 to 02:30 on 2026-10-04)', () => {
      expect(resolved('2026-10-04', '02:15', 'Australia/Lord_Howe')).toBe('2026-10-04T02:45:00+11:00');
    });
  });

  describe('takes the earlier instant of a time repeated by a fall-back', () => {
    it('in America/Chicago (01:00 to 02:00 twice on 2026-11-01)', () => {
      expect(resolved('2026-11-01', '01:30', 'America/Chicago')).toBe('2026-11-01T01:30:00-05:00');
      expect(localToInstant('2026-11-01', '01:30', 'America/Chicago')).toBe(Date.parse('2026-11-01T06:30:00Z'));
    });

    it('in Europe/London (01:00 to 02:00 twice on 2026-10-25)', () => {
      expect(resolved('2026-10-25', '01:30', 'Europe/London')).toBe('2026-10-25T01:30:00+01:00');
    });

    it('in Australia/Lord_Howe, whose clocks fall back 30 minutes (01:30 to 02:00 twice on 2026-04-05)', () => {
      expect(resolved('2026-04-05', '01:45', 'Australia/Lord_Howe')).toBe('2026-04-05T01:45:00+11:00');
    });
  });

  it('reads the first wall-clock time after a change with the new offset', () => {
    expect(resolved('2026-03-08', '03:00', 'America/Chicago')).toBe('2026-03-08T03:00:00-05:00');
    expect(resolved('2026-11-01', '02:00', 'America/Chicago')).toBe('2026-11-01T02:00:00-06:00');
    expect(resolved('2026-10-04', '02:30', 'Australia/Lord_Howe')).toBe('2026-10-04T02:30:00+11:00');
  });

  it('reads ordinary times with the offset in force, including 45-minute zones', () => {
    expect(resolved('2026-06-15', '09:00', 'Asia/Kathmandu')).toBe('2026-06-15T09:00:00+05:45');
    expect(resolved('2026-12-15', '09:00', 'Pacific/Chatham')).toBe('2026-12-15T09:00:00+13:45');
  });

  it('throws a RangeError naming the malformed argument', () => {
    expect(() => localToInstant('2026-02-30', '09:00', 'UTC')).toThrow(
      'date must be a real YYYY-MM-DD date, got "2026-02-30"',
    );
    expect(() => localToInstant('2026-02-03', '9:00', 'UTC')).toThrow('time must be HH:mm, got "9:00"');
    expect(() => localToInstant('2026-02-03', '09:00', 'Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
  });
});

describe('zone tables', () => {
  it('answer the offset on both sides of a change to the second', () => {
    const change = Date.parse('2026-03-08T08:00:00Z');
    expect(offsetAt('America/Chicago', change - 1000)).toBe(-6 * 3_600_000);
    expect(offsetAt('America/Chicago', change)).toBe(-5 * 3_600_000);
  });

  it('give the wall clock of an instant as local milliseconds', () => {
    expect(instantToLocal(Date.parse('2026-12-02T00:00:00Z'), 'America/Chicago')).toBe(Date.UTC(2026, 11, 1, 18));
  });

  it('know IANA zones and refuse others', () => {
    expect(isValidZone('Australia/Lord_Howe')).toBe(true);
    expect(isValidZone('Mars/Olympus')).toBe(false);
    expect(isValidZone('')).toBe(false);
  });
});
