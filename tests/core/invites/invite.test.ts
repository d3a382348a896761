import ICAL from 'ical.js';
import { buildInvite } from '../../../src/core/invites/index.js';
import { BASE_INVITE } from './fixtures.js';
import { renderInvite } from '../../../src/core/templates/index.js';

const base = BASE_INVITE;

/** Parses with ical.js, registering the file's own VTIMEZONEs so TZID times resolve through them. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const iso = (time: ICAL.Time) => time.toJSDate().toISOString();
  const result = {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.uid,
    sequence: event.sequence,
    start: iso(event.startDate),
    end: iso(event.endDate),
    tzid: vevent.getFirstProperty('dtstart')!.getParameter('tzid'),
    status: vevent.getFirstPropertyValue('status'),
    organizer: vevent.getFirstPropertyValue('organizer'),
    // URI schemes are case-insensitive (RFC 3986); ical-generator writes MAILTO for attendees.
    attendee: String(vevent.getFirstPropertyValue('attendee')).toLowerCase(),
    alarms: vevent.getAllSubcomponents('valarm').map((alarm) => String(alarm.getFirstPropertyValue('trigger'))),
    stamp: iso(vevent.getFirstPropertyValue('dtstamp') as ICAL.Time),
    summary: event.summary,
  };
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.remove(String(zone.getFirstPropertyValue('tzid')));
  }
  return result;
}

describe('buildInvite', () => {
  it('writes a REQUEST with the instants, UID, sequence, organizer, attendee and two reminders', () => {
    expect(parse(buildInvite(base))).toEqual({
      method: 'REQUEST',
      uid: 'upgrade-42-1@acme.example',
      sequence: 0,
      start: '2026-12-02T00:00:00.000Z',
      end: '2026-12-02T06:00:00.000Z',
      tzid: 'America/Chicago',
      status: 'CONFIRMED',
      organizer: 'mailto:upgrades@acme.example',
      attendee: 'mailto:dana@customer.example',
      alarms: ['-P1D', '-PT1H'],
      stamp: '2026-11-22T12:00:00.000Z',
      summary: 'Acme Cloud upgrade window',
    });
  });

  it('writes a CANCEL with STATUS:CANCELLED, the same UID, a higher sequence and no reminders', () => {
    const parsed = parse(buildInvite({ ...base, method: 'CANCEL', sequence: 3 }));
    expect(parsed).toMatchObject({ method: 'CANCEL', uid: base.uid, sequence: 3, status: 'CANCELLED', alarms: [] });
  });

  it('carries a VTIMEZONE that resolves summer and winter times of the zone', () => {
    const summer = {
      ...base,
      start: Date.parse('2026-07-14T18:00:00-05:00'),
      end: Date.parse('2026-07-15T00:00:00-05:00'),
    };
    expect(parse(buildInvite(summer))).toMatchObject({
      start: '2026-07-14T23:00:00.000Z',
      end: '2026-07-15T05:00:00.000Z',
    });
    const ics = buildInvite(base);
    expect(ics).toContain('BEGIN:VTIMEZONE\r\nTZID:America/Chicago');
    expect(ics).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST',
    );
    expect(ics).toContain('DTSTART;TZID=America/Chicago:20261201T180000');
  });

  it('resolves a window that spans a DST change in the zone', () => {
    const paris = {
      ...base,
      timeZone: 'Europe/Paris',
      start: Date.parse('2026-10-24T22:00:00+02:00'),
      end: Date.parse('2026-10-25T04:00:00+01:00'),
    };
    expect(parse(buildInvite(paris))).toMatchObject({
      start: '2026-10-24T20:00:00.000Z',
      end: '2026-10-25T03:00:00.000Z',
      tzid: 'Europe/Paris',
    });
  });

  it('handles a zone without DST and a half-hour offset', () => {
    const kolkata = {
      ...base,
      timeZone: 'Asia/Kolkata',
      start: Date.parse('2026-12-01T18:00:00+05:30'),
      end: Date.parse('2026-12-01T20:00:00+05:30'),
    };
    const ics = buildInvite(kolkata);
    expect(ics).toContain('TZOFFSETTO:+0530');
    expect(parse(ics)).toMatchObject({ start: '2026-12-01T12:30:00.000Z', end: '2026-12-01T14:30:00.000Z' });
  });

  it('refuses unusable input, naming the argument', () => {
    expect(() => buildInvite({ ...base, end: base.start })).toThrow('buildInvite: end must be after start');
    expect(() => buildInvite({ ...base, timeZone: 'Mars/Olympus' })).toThrow('timeZone "Mars/Olympus" is unknown');
  });
});

describe('renderInvite', () => {
  it("writes the summary, description and reminders in the requester's language", () => {
    const ics = renderInvite(
      { ...base, organizer: base.organizer },
      {
        locale: 'fr-CA',
        requesterZone: 'America/Toronto',
        policy: { timeZone: 'America/Chicago', vendor: base.organizer },
        attendee: base.attendee,
        stamp: base.stamp,
      },
    );
    const parsed = parse(ics);
    expect(parsed.summary).toBe('Fenêtre de mise à niveau Acme Cloud');
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('DESCRIPTION:Acme Cloud met à niveau votre environnement');
    expect(unfolded).toContain(
      'mardi 1 décembre 2026\\, 19 h 00 – mercredi\\, 1 h 00 heure normale de l’Est (America/Toronto)',
    );
    expect(unfolded).toContain('DESCRIPTION:La fenêtre de mise à niveau Acme Cloud commence dans une heure');
  });
});
