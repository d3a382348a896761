import type { Policy } from '../policy/types.js';
import { DAY_MS, MINUTE_MS } from '../time/calendar.js';
import { instantToLocal, localToInstantMs } from '../time/zone.js';
import type { Instant } from '../types.js';

/**
 * The earliest start allowed for a request made at `requestAt` (docs/POLICY.md, Lead time): the lead time's calendar part
 * (weeks, days) is added on the wall clock of the policy zone, with the DST rules, then its time part
 * (hours, minutes) as elapsed time.
 * Example (Chicago, P7D): a request at 2026-03-03T09:00:00-06:00 may start from 2026-03-10T09:00:00-05:00,
 * six days and 23 hours later, because the clocks went forward on 2026-03-08.
 */
export function earliestStart(policy: Policy, requestAt: Instant): Instant {
  const { weeks, days, hours, minutes } = policy.leadTime;
  const calendarDays = weeks * 7 + days;
  const afterCalendar =
    calendarDays === 0
      ? requestAt
      : localToInstantMs(instantToLocal(requestAt, policy.timeZone) + calendarDays * DAY_MS, policy.timeZone);
  return afterCalendar + (hours * 60 + minutes) * MINUTE_MS;
}
