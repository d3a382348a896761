import ICAL from 'ical.js';
import { renderScheduleHtml } from '../../src/server/views/schedule-html.js';
import { MAX_PUBLIC_WINDOWS, publicSchedule, renderScheduleIcs } from '../../src/server/views/schedule-page.js';
import { policyOf } from './helpers.js';
import { EVERY_QUARTER_HOUR_ON_WEEKDAYS } from '../support/schedule-policies.js';

const FROM = Date.parse('2026-11-23T15:00:00Z');

// 96 windows a day: a policy that would make the public page and feed list tens of thousands of windows.
const DENSE = policyOf(EVERY_QUARTER_HOUR_ON_WEEKDAYS);

describe('the public schedule', () => {
  it('lists at most MAX_PUBLIC_WINDOWS windows of a dense policy and says the list is cut', () => {
    const schedule = publicSchedule(DENSE, FROM, 24);
    expect(schedule.windows).toHaveLength(MAX_PUBLIC_WINDOWS);
    expect(schedule.truncated).toBe(true);
    expect(renderScheduleHtml(DENSE, schedule, { zone: 'America/Chicago', lang: 'en', origin: null })).toContain(
      `Showing the first ${MAX_PUBLIC_WINDOWS} windows of this period.`,
    );
  });

  it('lists every window of an ordinary policy without a note', () => {
    const policy = policyOf({
      timeZone: 'America/Chicago',
      rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
    });
    const schedule = publicSchedule(policy, FROM, 6);
    expect(schedule.truncated).toBe(false);
    expect(schedule.windows.length).toBeGreaterThan(50);
    expect(renderScheduleHtml(policy, schedule, { zone: 'Europe/Paris', lang: 'en', origin: null })).not.toContain(
      'Showing the first',
    );
  });

  it("derives each event's UID from the rule, the start and the vendor's domain", () => {
    const policy = policyOf({
      timeZone: 'America/Chicago',
      rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
      vendor: { name: 'Acme Cloud', email: 'upgrades@acme.example' },
    });
    const ics = renderScheduleIcs(policy, publicSchedule(policy, FROM, 1));
    expect(ics).toContain('UID:standard-20261202T000000Z@acme.example');
  });

  it('escapes the vendor name and rule ids, so no policy text becomes a line of the feed', () => {
    const parsed = policyOf({
      timeZone: 'America/Chicago',
      rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
    });
    // Built by hand: the policy parser refuses control characters, the feed must not rely on it.
    const policy = {
      ...parsed,
      vendor: { ...parsed.vendor, name: 'Acme\r\nX-INJECTED:name' },
      rules: parsed.rules.map((rule) => ({ ...rule, id: 'std\r\nX-INJECTED:id;a,b' })),
    };
    const ics = renderScheduleIcs(policy, publicSchedule(policy, FROM, 1));
    expect(
      ics
        .replace(/\r\n /g, '')
        .split('\r\n')
        .filter((line) => line.startsWith('X-INJECTED')),
    ).toEqual([]);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    // ical.js leaves an X- property's text as written: the escaped line break.
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme\\nX-INJECTED:name upgrade windows');
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(5);
    expect(events[0]!.getFirstPropertyValue('uid')).toBe('std\nX-INJECTED:id;a,b-20261125T000000Z@acme.example');
    expect(events[0]!.getFirstPropertyValue('summary')).toBe('Acme\nX-INJECTED:name upgrade window');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const parsed = policyOf({
      timeZone: 'America/Chicago',
      rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
    });
    const vendor = 'Ünïcødé Clöud ✓ '.repeat(8).trim();
    const policy = { ...parsed, vendor: { ...parsed.vendor, name: vendor } };
    const ics = renderScheduleIcs(policy, publicSchedule(policy, FROM, 1));
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
    expect(events[0]!.getFirstPropertyValue('summary')).toBe(`${vendor} upgrade window`);
  });
});
