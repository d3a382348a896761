import type { Blackout } from '../policy/types.js';
import { formatCalendarDuration, type CalendarDuration } from '../time/duration.js';
import { formatInstant } from '../time/format.js';
import type { Instant } from '../types.js';
import type { Reason } from './types.js';

/** The reasons' messages, in words a person reads, every instant with its offset in `zone`. */

export function inPast(start: Instant, requestAt: Instant, zone: string): Reason {
  return {
    code: 'IN_PAST',
    message: `starts at ${formatInstant(start, zone)}, before the request time ${formatInstant(requestAt, zone)}`,
  };
}

export function notAWindow(start: Instant, zone: string): Reason {
  return {
    code: 'NOT_A_WINDOW',
    message: `no schedule rule has a window starting at ${formatInstant(start, zone)}`,
  };
}

export function leadTime(earliest: Instant, lead: CalendarDuration, zone: string): Reason {
  return {
    code: 'LEAD_TIME',
    message: `starts before the earliest allowed start ${formatInstant(earliest, zone)} (lead time ${formatCalendarDuration(lead)})`,
    earliest: formatInstant(earliest, zone),
    leadTime: formatCalendarDuration(lead),
  };
}

export function blackout(start: Instant, end: Instant, period: Blackout, zone: string): Reason {
  const why = period.reason === null || period.reason.trim() === '' ? '' : ` (${period.reason})`;
  return {
    code: 'BLACKOUT',
    message: `the window ${formatInstant(start, zone)} to ${formatInstant(end, zone)} overlaps the blackout ${formatInstant(period.start, zone)} to ${formatInstant(period.end, zone)}${why}`,
    blackout: { start: formatInstant(period.start, zone), end: formatInstant(period.end, zone), reason: period.reason },
  };
}

export function full(start: Instant, booked: number, capacity: number, zone: string): Reason {
  return {
    code: 'FULL',
    message: `the window starting ${formatInstant(start, zone)} is full (${booked} of ${capacity} places booked)`,
    booked,
    capacity,
  };
}
