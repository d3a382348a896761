import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import type { Instant } from '../types.js';
import { icsAddress, icsEscapedText, icsParameter, icsText } from './text.js';
import { buildVtimezone } from './vtimezone.js';

export interface Person {
  name: string;
  email: string;
}

/** Which booking an invite is about, when, and who sends it: what the lifecycle decides (its `InviteSpec`). */
export interface InviteEvent {
  /** Stable per booking: a reschedule keeps it, so calendars update the event instead of adding one. */
  uid: string;
  /** Grows with each change of the booking (RFC 5546: the higher SEQUENCE wins). */
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: Instant;
  end: Instant;
  /** The policy zone: DTSTART/DTEND carry its TZID and the file carries its VTIMEZONE. */
  timeZone: string;
  organizer: Person;
}

export interface InviteInput extends InviteEvent {
  summary: string;
  description: string;
  location?: string | null;
  attendee: Person;
  /** DTSTAMP: when this version was made. A parameter because the core never reads the clock. */
  stamp: Instant;
  /** Texts of the reminders one day and one hour before; default: the summary. */
  reminders?: { day: string; hour: string };
}

const HOUR_SECONDS = 3600;
/** iCalendar writes four-digit years (RFC 5545 §3.3.4); a day's margin keeps every zone's local date inside. */
const FIRST_INSTANT = Date.parse('0001-01-02T00:00:00Z');
const LAST_INSTANT = Date.parse('9999-12-30T00:00:00Z');
const DAY_SECONDS = 24 * HOUR_SECONDS;

/**
 * The `.ics` text of a booking's invite (RFC 5545/5546), built with ical-generator: METHOD:REQUEST with the vendor
 * as ORGANIZER, the requester as ATTENDEE and reminders one day and one hour before; or METHOD:CANCEL with
 * STATUS:CANCELLED. Throws a RangeError naming the argument when the input is unusable.
 */
export function buildInvite(input: InviteInput): string {
  checkInput(input);
  const cancel = input.method === 'CANCEL';
  const calendar = ical({
    prodId: { company: 'Upgrade Windows for Zendesk', product: 'upgrade-windows', language: 'EN' },
    method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-level zone name: ical-generator would then write DTSTAMP in local time without "Z" (invalid);
    // the event's own zone still gets its VTIMEZONE from the generator.
    timezone: { name: null, generator: (zone) => buildVtimezone(zone, input.start, input.end) },
  });
  calendar.createEvent({
    id: icsEscapedText(input.uid),
    sequence: input.sequence,
    stamp: DateTime.fromMillis(input.stamp, { zone: 'UTC' }),
    start: DateTime.fromMillis(input.start, { zone: input.timeZone }),
    end: DateTime.fromMillis(input.end, { zone: input.timeZone }),
    timezone: input.timeZone,
    summary: icsText(input.summary),
    description: icsText(input.description),
    location: input.location == null ? null : icsText(input.location),
    status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: icsParameter(input.organizer.name), email: icsAddress(input.organizer.email) },
    attendees: [
      {
        name: icsParameter(input.attendee.name),
        email: icsAddress(input.attendee.email),
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
        rsvp: !cancel,
      },
    ],
    alarms: cancel
      ? []
      : [
          {
            type: ICalAlarmType.display,
            triggerBefore: DAY_SECONDS,
            description: icsText(input.reminders?.day ?? input.summary),
          },
          {
            type: ICalAlarmType.display,
            triggerBefore: HOUR_SECONDS,
            description: icsText(input.reminders?.hour ?? input.summary),
          },
        ],
  });
  return calendar.toString();
}

function checkInput(input: InviteInput): void {
  const problems: string[] = [];
  if (input.uid.trim() === '') problems.push('uid must not be empty');
  if (!Number.isInteger(input.sequence) || input.sequence < 0) problems.push('sequence must be a whole number');
  if (!Number.isFinite(input.start) || !Number.isFinite(input.end) || input.end <= input.start) {
    problems.push('end must be after start');
  } else if (input.start < FIRST_INSTANT || input.end > LAST_INSTANT) {
    problems.push('start and end must fall within the years 0001 to 9999');
  }
  if (!DateTime.fromMillis(0, { zone: input.timeZone }).isValid)
    problems.push(`timeZone "${input.timeZone}" is unknown`);
  if (!Number.isFinite(input.stamp)) problems.push('stamp must be an instant');
  if (problems.length > 0) throw new RangeError(`buildInvite: ${problems.join('; ')}`);
}
