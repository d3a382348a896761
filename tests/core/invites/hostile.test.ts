import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { buildInvite } from '../../../src/core/invites/index.js';
import { BASE_INVITE } from './fixtures.js';

const base = BASE_INVITE;

/** The event as an independent reader (ical.js) understands it. */
function readEvent(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    calendar,
    event,
    attendees: event.getAllProperties('attendee').map((property) => ({
      cn: property.getParameter('cn'),
      partstat: property.getParameter('partstat'),
      value: String(property.getFirstValue()).toLowerCase(),
    })),
    organizerCn: event.getFirstProperty('organizer')!.getParameter('cn'),
    propertyNames: event.getAllProperties().map((property) => property.name),
  };
}

const observances = (ics: string) => ics.split('\r\n').filter((line) => /^BEGIN:(STANDARD|DAYLIGHT)$/.test(line));

describe('buildInvite with hostile input', () => {
  it('keeps a requester name with double quotes whole, and lets it add no parameter', () => {
    const names = ['Jane "JJ" Cooper', 'Jane "JJ" Cooper";PARTSTAT=ACCEPTED;X="', 'a^b \\ c'];
    for (const name of names) {
      const { attendees } = readEvent(buildInvite({ ...base, attendee: { name, email: 'jane@customer.example' } }));
      expect(attendees).toEqual([{ cn: name, partstat: 'NEEDS-ACTION', value: 'mailto:jane@customer.example' }]);
    }
  });

  it('never lets a line break in a text start a line of its own', () => {
    const injected = 'Acme\r\nATTENDEE:mailto:evil@example.com\nX-INJECTED:1\rEND:VEVENT';
    const ics = buildInvite({
      ...base,
      uid: 'upgrade-1\r\nX-UID-INJECTED:1',
      summary: injected,
      description: injected,
      location: injected,
      organizer: { name: injected, email: 'upgrades@acme.example\r\nX-MAIL:1' },
      attendee: { name: injected, email: 'dana@customer.example' },
    });
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded.split('\r\n').filter((line) => /^(X-|ATTENDEE:|END:VEVENT.)/.test(line))).toEqual([]);
    const { event, attendees, organizerCn, propertyNames } = readEvent(ics);
    expect(propertyNames.filter((name) => name.startsWith('x-'))).toEqual([]);
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.cn).toBe('Acme\nATTENDEE:mailto:evil@example.com\nX-INJECTED:1\nEND:VEVENT');
    expect(organizerCn).toBe(attendees[0]!.cn);
    expect(event.getFirstPropertyValue('summary')).toBe(attendees[0]!.cn);
    expect(event.getFirstPropertyValue('uid')).toBe('upgrade-1\nX-UID-INJECTED:1');
  });

  it('drops control characters other than line breaks from every text', () => {
    const ics = buildInvite({
      ...base,
      summary: 'up\u0000gr\u001bade\u007f',
      attendee: { ...base.attendee, name: 'D\u0007ana' },
    });
    expect(readEvent(ics).event.getFirstPropertyValue('summary')).toBe('upgrade');
    expect(readEvent(ics).attendees[0]!.cn).toBe('Dana');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(ics).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
  });

  it('describes only the years around each end of a window that lasts millennia', () => {
    const end = Date.parse('9999-06-01T00:00:00Z');
    const ics = buildInvite({ ...base, end });
    // Three years around the start and three around the end, two changes a year, plus one opening observance each.
    expect(observances(ics).length).toBeLessThanOrEqual(2 * (3 * 2 + 1));
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    ICAL.TimezoneService.register(zone);
    try {
      const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
      expect(event.startDate.toJSDate().getTime()).toBe(base.start);
      expect(event.endDate.toJSDate().getTime()).toBe(end);
    } finally {
      ICAL.TimezoneService.remove('America/Chicago');
    }
  });

  it('asks the zone data as often for a window of a century as for one of six hours', () => {
    // Counted rather than timed: each offset lookup is a call into Intl, the cost that grew with the duration.
    const lookups = (end: number) => {
      const spy = jest.spyOn(IANAZone.prototype, 'offset');
      try {
        buildInvite({ ...base, end });
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const short = lookups(base.end);
    // A century walked week by week is 5,200 steps against 156 for the three years around a short window.
    expect(lookups(Date.parse('2126-12-01T00:00:00Z'))).toBeLessThanOrEqual(2 * short);
  });

  it('refuses instants an iCalendar date cannot write, naming them', () => {
    expect(() => buildInvite({ ...base, end: Date.parse('+010000-01-01T00:00:00Z') })).toThrow(
      'buildInvite: start and end must fall within the years 0001 to 9999',
    );
    expect(() => buildInvite({ ...base, end: 8.64e15 + 1 })).toThrow('buildInvite:');
  });
});
