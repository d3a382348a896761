import { DEFAULT_POLICY_JSON, parsePolicy, type Policy } from '../../../src/core/policy/index.js';
import { formatInstant } from '../../../src/core/time/format.js';

const rule = { id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' };
const base = { timeZone: 'America/Chicago', leadTime: 'P7D', rules: [rule] };

function errorsOf(input: unknown): string[] {
  const result = parsePolicy(input);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

function policyOf(input: unknown): Policy {
  const result = parsePolicy(input);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.policy;
}

describe('parsePolicy', () => {
  it('normalises the default policy with durations in minutes and every default filled', () => {
    const policy = policyOf(DEFAULT_POLICY_JSON);
    expect(policy.leadTime).toEqual({ weeks: 0, days: 7, hours: 0, minutes: 0 });
    expect(policy.rules).toEqual([
      {
        id: 'standard',
        timeZone: 'America/Chicago',
        recurrence: { kind: 'weekly', weekdays: ['tuesday', 'friday'] },
        start: '18:00',
        end: { durationMinutes: 360 },
        capacity: null,
      },
    ]);
    expect(policy.hotfix).toEqual({ defaultDurationMinutes: 120 });
    expect(policy.decision).toEqual({ deadlineMinutes: 120, onTimeout: 'wait', approvers: 'requester' });
    expect(policy.overrunWarningMinutes).toBe(30);
    expect(policy.vendor).toEqual({ name: 'Acme Cloud', email: 'upgrades@acme.example', locale: 'en' });
    expect(policy.blackouts).toEqual([]);
  });

  it('fills the optional keys of a minimal policy and reports them in json', () => {
    const policy = policyOf({
      timeZone: 'Europe/Paris',
      rules: [{ ...rule, capacity: 2 }],
      decision: { onTimeout: 'no_go' },
    });
    expect(policy.decision).toEqual({ deadlineMinutes: 120, onTimeout: 'no_go', approvers: 'requester' });
    expect(policy.json).toEqual({
      timeZone: 'Europe/Paris',
      leadTime: 'P7D',
      rules: [{ ...rule, capacity: 2 }],
      blackouts: [],
      hotfix: { defaultDuration: 'PT2H' },
      decision: { deadline: 'PT2H', onTimeout: 'no_go', approvers: 'requester' },
      overrunWarning: 'PT30M',
      vendor: { name: 'Acme Cloud', email: 'upgrades@acme.example', locale: 'en' },
      offer: { expires: 'P3D' },
      selfService: { reschedule: false, maxDeferrals: 2 },
    });
  });

  it('writes internal notes in English unless vendor.locale names a translated language or a variant of one', () => {
    const vendor = { name: 'Nuage SA', email: 'maj@nuage.example' };
    expect(policyOf(base).vendor.locale).toBe('en');
    expect(policyOf({ ...base, vendor }).vendor).toEqual({ ...vendor, locale: 'en' });
    expect(policyOf({ ...base, vendor: { ...vendor, locale: 'fr' } }).vendor.locale).toBe('fr');
    expect(policyOf({ ...base, vendor: { ...vendor, locale: 'fr-CA' } }).json).toMatchObject({
      vendor: { ...vendor, locale: 'fr-CA' },
    });
  });

  it('takes IANA names of every shape, and UTC', () => {
    for (const zone of ['UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'US/Central']) {
      expect(policyOf({ ...base, timeZone: zone }).timeZone).toBe(zone);
    }
  });

  it('gives a rule without a zone the policy zone, and keeps a rule its own', () => {
    const policy = policyOf({ ...base, rules: [rule, { ...rule, id: 'eu', timeZone: 'Europe/London' }] });
    expect(policy.rules.map((r) => r.timeZone)).toEqual(['America/Chicago', 'Europe/London']);
  });

  it('reads the three recurrences', () => {
    const policy = policyOf({
      ...base,
      rules: [
        { ...rule, id: 'w' },
        { id: 'm', monthly: { weekday: 'saturday', week: -1 }, start: '22:00', end: '02:00' },
        { id: 'd', dates: ['2026-05-21', '2026-02-19'], start: '23:00', end: '03:00' },
      ],
    });
    expect(policy.rules.map((r) => r.recurrence)).toEqual([
      { kind: 'weekly', weekdays: ['tuesday', 'friday'] },
      { kind: 'monthly', weekday: 'saturday', week: -1 },
      { kind: 'dates', dates: ['2026-02-19', '2026-05-21'] },
    ]);
    expect(policy.rules[1]!.end).toEqual({ wallClock: '02:00' });
  });

  it('accepts an end of 24:00 as midnight at the end of the day', () => {
    const policy = policyOf({ ...base, rules: [{ id: 'late', weekly: ['thursday'], start: '19:00', end: '24:00' }] });
    expect(policy.rules[0]!.end).toEqual({ wallClock: '00:00' });
  });

  it('reads lead times of weeks, days, hours and minutes', () => {
    expect(policyOf({ ...base, leadTime: 'P1W' }).leadTime).toEqual({ weeks: 1, days: 0, hours: 0, minutes: 0 });
    expect(policyOf({ ...base, leadTime: 'PT48H' }).leadTime).toEqual({ weeks: 0, days: 0, hours: 48, minutes: 0 });
    expect(policyOf({ ...base, leadTime: 'P1DT12H' }).leadTime).toEqual({ weeks: 0, days: 1, hours: 12, minutes: 0 });
  });

  it('reads blackouts local to the policy zone, with the DST rules, or with an explicit offset', () => {
    const policy = policyOf({
      ...base,
      blackouts: [
        { start: '2026-12-24T00:00', end: '2027-01-04T00:00', reason: 'Year-end freeze' },
        { start: '2026-03-08T02:30', end: '2026-03-08T05:00:30' },
        { start: '2026-07-01T00:00:00Z', end: '2026-07-02T00:00+02:00' },
      ],
    });
    expect(
      policy.blackouts.map((b) => [
        formatInstant(b.start, 'America/Chicago'),
        formatInstant(b.end, 'America/Chicago'),
        b.reason,
      ]),
    ).toEqual([
      ['2026-12-24T00:00:00-06:00', '2027-01-04T00:00:00-06:00', 'Year-end freeze'],
      ['2026-03-08T03:30:00-05:00', '2026-03-08T05:00:30-05:00', null],
      ['2026-06-30T19:00:00-05:00', '2026-07-01T17:00:00-05:00', null],
    ]);
  });

  describe('refuses, one message per problem naming the field', () => {
    it('unknown keys, wherever they are', () => {
      expect(
        errorsOf({
          ...base,
          blackout: [],
          rules: [
            { ...rule, colour: 'red' },
            { id: 'm', monthly: { weekday: 'saturday', week: -1, month: 2 }, start: '22:00', end: '02:00' },
          ],
          blackouts: [{ start: '2026-12-24T00:00', end: '2027-01-04T00:00', why: 'x' }],
        }),
      ).toEqual([
        'rules[0].colour: unknown key',
        'rules[1].monthly.month: unknown key',
        'blackouts[0].why: unknown key',
        'blackout: unknown key',
      ]);
    });

    it('something that is not a policy at all', () => {
      expect(errorsOf(null)).toEqual(['policy: expected an object, got null']);
      expect(errorsOf({})).toEqual(['timeZone: required', 'rules: required']);
    });

    it('an unknown IANA zone, for the policy and for a rule', () => {
      expect(errorsOf({ ...base, timeZone: 'America/Chicag', rules: [{ ...rule, timeZone: 'US/Centrall' }] })).toEqual([
        'timeZone: unknown IANA time zone "America/Chicag"',
        'rules[0].timeZone: unknown IANA time zone "US/Centrall"',
      ]);
    });

    it.each(['cst', 'CST', 'EST', 'PST', 'CET', 'GMT', 'EST5EDT'])(
      'a zone abbreviation the runtime would accept, for the policy and for a rule: %s',
      (abbreviation) => {
        const advice = 'is not an IANA time zone name; give one such as America/Chicago, Europe/Paris or UTC';
        const errors = errorsOf({ ...base, timeZone: abbreviation, rules: [{ ...rule, timeZone: abbreviation }] });
        expect(errors).toEqual([
          `timeZone: "${abbreviation}" ${advice} (an abbreviation names several zones)`,
          `rules[0].timeZone: "${abbreviation}" ${advice} (an abbreviation names several zones)`,
        ]);
      },
    );

    it('missing and duplicate rule ids', () => {
      const { id: _id, ...withoutId } = rule;
      expect(errorsOf({ ...base, rules: [rule, withoutId, { ...rule }] })).toEqual([
        'rules[1].id: required',
        'rules[2].id: duplicate id "standard" (also rules[0].id)',
      ]);
    });

    it('no recurrence, or more than one', () => {
      const { weekly: _weekly, ...bare } = rule;
      expect(errorsOf({ ...base, rules: [bare, { ...rule, id: 'two', dates: ['2026-12-01'] }] })).toEqual([
        'rules[0]: needs one recurrence: weekly, monthly or dates',
        'rules[1]: has weekly and dates; give exactly one recurrence',
      ]);
    });

    it('no end, or both a duration and an end', () => {
      const { duration: _duration, ...endless } = rule;
      expect(errorsOf({ ...base, rules: [endless, { ...rule, id: 'both', end: '23:00' }] })).toEqual([
        'rules[0]: needs duration or end',
        'rules[1]: has both duration and end; give exactly one',
      ]);
    });

    it('weekdays, monthly weeks and dates that do not exist', () => {
      expect(
        errorsOf({
          ...base,
          rules: [
            { ...rule, weekly: ['tuesday', 'Friday', 'tuesday'] },
            { id: 'm', monthly: { weekday: 'sat', week: 5 }, start: '22:00', end: '02:00' },
            { id: 'd', dates: ['2026-02-30', '2026-2-3'], start: '23:00', end: '03:00' },
            { id: 'e', weekly: [], start: '23:00', end: '03:00' },
          ],
        }),
      ).toEqual([
        'rules[0].weekly[1]: "Friday" is not a weekday (monday, tuesday, ... sunday, lower case)',
        'rules[1].monthly.weekday: "sat" is not a weekday (monday, tuesday, ... sunday, lower case)',
        'rules[1].monthly.week: 5 is not 1, 2, 3, 4 or -1 (the last)',
        'rules[2].dates[0]: "2026-02-30" is not a real date YYYY-MM-DD',
        'rules[2].dates[1]: "2026-2-3" is not a real date YYYY-MM-DD',
        'rules[3].weekly: needs at least one weekday',
        'rules[0].weekly[2]: duplicate weekday "tuesday"',
      ]);
    });

    it('start and end times that are not HH:mm', () => {
      expect(
        errorsOf({
          ...base,
          rules: [
            { id: 'x', weekly: ['monday'], start: '24:00', end: '7:00' },
            { ...rule, id: 'y', start: 1800 },
          ],
        }),
      ).toEqual([
        'rules[0].start: "24:00" is not a time HH:mm (00:00 to 23:59)',
        'rules[0].end: "7:00" is not a time HH:mm (00:00 to 24:00)',
        'rules[1].start: expected a string, got number 1800',
      ]);
    });

    it('durations that are not positive hours and minutes', () => {
      expect(
        errorsOf({
          ...base,
          rules: [
            { ...rule, duration: 'P1D' },
            { ...rule, id: 'z', duration: 'PT0M' },
          ],
          hotfix: { defaultDuration: 'PT2S' },
        }),
      ).toEqual([
        'rules[0].duration: "P1D" is not a positive duration of hours and minutes (PT6H, PT4H30M)',
        'rules[1].duration: "PT0M" is not a positive duration of hours and minutes (PT6H, PT4H30M)',
        'hotfix.defaultDuration: "PT2S" is not a positive duration of hours and minutes (PT6H, PT4H30M)',
      ]);
    });

    it('capacities that are not whole numbers of at least 1', () => {
      expect(
        errorsOf({
          ...base,
          rules: [
            { ...rule, capacity: 0 },
            { ...rule, id: 'b', capacity: 1.5 },
            { ...rule, id: 'c', capacity: '2' },
          ],
        }),
      ).toEqual([
        'rules[0].capacity: must be at least 1 (or null for unlimited)',
        'rules[1].capacity: 1.5 is not a whole number',
        'rules[2].capacity: expected a number, got string "2"',
      ]);
    });

    it('lead times with years, months or seconds', () => {
      expect(errorsOf({ ...base, leadTime: 'P1M' })).toEqual([
        'leadTime: "P1M" is not a duration of weeks, days, hours and minutes (P7D, P1W, PT48H, P1DT12H)',
      ]);
      expect(errorsOf({ ...base, leadTime: 'PT30S' })).toHaveLength(1);
    });

    it('decision, overrun warning and vendor values', () => {
      expect(
        errorsOf({
          ...base,
          decision: { deadline: 'PT0M', onTimeout: 'later', approvers: 'anyone' },
          overrunWarning: '30 minutes',
          vendor: { name: ' ', email: 'nobody' },
        }),
      ).toEqual([
        'decision.deadline: "PT0M" is not a positive duration of weeks, days, hours and minutes (PT2H, P1D)',
        'decision.onTimeout: "later" is not "wait" or "no_go"',
        'decision.approvers: "anyone" is not "requester" or "organization"',
        'overrunWarning: "30 minutes" is not a positive duration of weeks, days, hours and minutes (PT2H, P1D)',
        'vendor.name: must not be empty',
        'vendor.email: "nobody" is not an email address',
      ]);
    });

    it('a vendor locale the templates are not translated into, naming vendor.locale', () => {
      const vendor = { name: 'Acme Cloud', email: 'upgrades@acme.example' };
      expect(errorsOf({ ...base, vendor: { ...vendor, locale: 'de' } })).toEqual([
        'vendor.locale: "de" is not a language the templates are translated into (en, fr, or a variant such as fr-CA)',
      ]);
      expect(errorsOf({ ...base, vendor: { ...vendor, locale: 'French' } })).toEqual([
        'vendor.locale: "French" is not a language the templates are translated into (en, fr, or a variant such as fr-CA)',
      ]);
      expect(errorsOf({ ...base, vendor: { ...vendor, locale: 7 } })[0]).toMatch(/^vendor\.locale: /);
    });

    it('blackouts that are malformed or end before they start', () => {
      expect(
        errorsOf({
          ...base,
          blackouts: [
            { start: '2026-12-24', end: '2027-01-04T00:00' },
            { start: '2026-12-24T00:00', end: '2026-12-24T00:00' },
            { start: '2026-12-24T07:00:00Z', end: '2026-12-24T00:00' },
          ],
        }),
      ).toEqual([
        'blackouts[0].start: "2026-12-24" is not a date-time YYYY-MM-DDTHH:mm[:ss], local to the policy zone or with an offset',
        'blackouts[1].end: must be after start (2026-12-24T00:00)',
        'blackouts[2].end: must be after start (2026-12-24T07:00:00Z)',
      ]);
    });
  });
});
