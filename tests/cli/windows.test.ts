import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, expectUsageError } from '../helpers/cli.js';

// The helper's pinned clock: 2026-11-22T12:00:00Z, a Sunday (06:00 in Chicago).
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'windows-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const capped = {
  timeZone: 'America/Chicago',
  leadTime: 'P7D',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: 1 }],
};

describe('upgrade-windows windows', () => {
  it('prints the next windows of the default policy as JSON, from now', async () => {
    const result = await cli(['windows', '--count', '3', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { rule: 'standard', start: '2026-12-01T18:00:00-06:00', end: '2026-12-02T00:00:00-06:00' },
      { rule: 'standard', start: '2026-12-04T18:00:00-06:00', end: '2026-12-05T00:00:00-06:00' },
      { rule: 'standard', start: '2026-12-08T18:00:00-06:00', end: '2026-12-09T00:00:00-06:00' },
    ]);
  });

  it('prints ten windows by default and up to 1000', async () => {
    expect(JSON.parse((await cli(['windows', '--json'])).stdout)).toHaveLength(10);
    const thousand = JSON.parse((await cli(['windows', '--json', '--count', '1000'])).stdout) as { start: string }[];
    expect(thousand).toHaveLength(1000);
    // Tuesdays and Fridays from 2026-12-01: the thousandth is Friday 2036-06-27, in daylight time.
    expect(thousand[999]!.start).toBe('2036-06-27T18:00:00-05:00');
  });

  it('takes the request instant from --from, with any offset', async () => {
    const result = await cli(['windows', '--from', '2026-03-04T00:30:00+01:00', '--count', '1', '--json']);
    // 2026-03-03T17:30 in Chicago; seven days on the wall clock is 2026-03-10T17:30-05:00.
    expect(JSON.parse(result.stdout)).toEqual([
      { rule: 'standard', start: '2026-03-10T18:00:00-05:00', end: '2026-03-11T00:00:00-05:00' },
    ]);
  });

  it('prints a table in the policy zone for people, with another zone on --tz', async () => {
    const result = await cli(['windows', '--count', '2', '--tz', 'Europe/Paris']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        'Windows for a request at 2026-11-22T06:00:00-06:00: earliest start 2026-11-29T06:00:00-06:00 (lead time P7D), times in America/Chicago.',
        '',
        'Rule      Start (America/Chicago)   End (America/Chicago)     Start (Europe/Paris)        End (Europe/Paris)          Places left',
        '--------  ------------------------  ------------------------  --------------------------  --------------------------  -----------',
        'standard  Tue 2026-12-01 18:00 CST  Wed 2026-12-02 00:00 CST  Wed 2026-12-02 01:00 GMT+1  Wed 2026-12-02 07:00 GMT+1  unlimited',
        'standard  Fri 2026-12-04 18:00 CST  Sat 2026-12-05 00:00 CST  Sat 2026-12-05 01:00 GMT+1  Sat 2026-12-05 07:00 GMT+1  unlimited',
        '',
      ].join('\n'),
    );
  });

  it('reads the policy from --policy, else from POLICY_FILE', async () => {
    const london = file('london.json', {
      timeZone: 'Europe/London',
      leadTime: 'PT12H',
      rules: [{ id: 'uk', weekly: ['monday'], start: '09:00', end: '11:30' }],
    });
    const expected = [{ rule: 'uk', start: '2026-11-23T09:00:00+00:00', end: '2026-11-23T11:30:00+00:00' }];
    expect(JSON.parse((await cli(['windows', '--policy', london, '--count', '1', '--json'])).stdout)).toEqual(expected);
    expect(
      JSON.parse((await cli(['windows', '--count', '1', '--json'], { env: { POLICY_FILE: london } })).stdout),
    ).toEqual(expected);
    const other = file('other.json', { ...capped, timeZone: 'Asia/Kolkata' });
    const overridden = await cli(['windows', '--policy', london, '--count', '1', '--json'], {
      env: { POLICY_FILE: other },
    });
    expect(JSON.parse(overridden.stdout)).toEqual(expected);
  });

  it('leaves out full windows, matching --bookings keys by instant', async () => {
    const policy = file('capped.json', capped);
    const bookings = file('bookings.json', { '2026-12-02T00:00:00Z': 1, '2026-12-04T18:00:00-06:00': 0 });
    const result = await cli(['windows', '--policy', policy, '--bookings', bookings, '--count', '2', '--json']);
    expect(JSON.parse(result.stdout)).toEqual([
      { rule: 'standard', start: '2026-12-04T18:00:00-06:00', end: '2026-12-05T00:00:00-06:00' },
      { rule: 'standard', start: '2026-12-08T18:00:00-06:00', end: '2026-12-09T00:00:00-06:00' },
    ]);
    const table = await cli(['windows', '--policy', policy, '--bookings', bookings, '--count', '1']);
    expect(table.stdout).toContain('Fri 2026-12-04 18:00 CST  Sat 2026-12-05 00:00 CST  1\n');
  });

  it('prints what exists when the rules cannot fill the count', async () => {
    const policy = file('dates.json', {
      ...capped,
      rules: [{ id: 'q', dates: ['2026-02-19', '2026-12-17'], start: '23:00', end: '03:00' }],
    });
    expect(JSON.parse((await cli(['windows', '--policy', policy, '--json'])).stdout)).toEqual([
      { rule: 'q', start: '2026-12-17T23:00:00-06:00', end: '2026-12-18T03:00:00-06:00' },
    ]);
    expect((await cli(['windows', '--policy', policy])).stdout).toContain(
      'Only 1 of 10 windows: the rules offer no more.\n',
    );
    const past = await cli(['windows', '--policy', policy, '--from', '2027-01-01T00:00:00Z']);
    expect(past.status).toBe(0);
    expect(past.stdout).toContain('No eligible window');
    expect((await cli(['windows', '--policy', policy, '--from', '2027-01-01T00:00:00Z', '--json'])).stdout).toBe(
      '[]\n',
    );
  });

  it('prints its usage with --help', async () => {
    const result = await cli(['windows', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Usage: upgrade-windows windows \[--policy FILE\] \[--from ISO\] \[--count N\] \[--tz ZONE\]/,
    );
    expect(result.stdout).toContain('--bookings FILE');
  });

  describe('refuses bad input with exit status 2 and one line', () => {
    it('a count outside 1 to 1000', async () => {
      expectUsageError(
        await cli(['windows', '--count', '0']),
        'upgrade-windows windows: --count must be from 1 to 1000, got 0',
      );
      expectUsageError(
        await cli(['windows', '--count', '1001']),
        'upgrade-windows windows: --count must be from 1 to 1000, got 1001',
      );
      expectUsageError(
        await cli(['windows', '--count', '-1']),
        'upgrade-windows windows: --count must be a whole number from 1 to 1000, got "-1"',
      );
      expectUsageError(
        await cli(['windows', '--count=-5']),
        'upgrade-windows windows: --count must be a whole number from 1 to 1000, got "-5"',
      );
      expectUsageError(
        await cli(['windows', '--count', 'ten']),
        'upgrade-windows windows: --count must be a whole number from 1 to 1000, got "ten"',
      );
    });

    it('a request whose windows run past the year 9999', async () => {
      expectUsageError(
        // The earliest start, printed above the table, would be in the year 10000.
        await cli(['windows', '--from', '9999-12-28T00:00:00Z', '--count', '2']),
        'upgrade-windows windows: the windows for a request at 9999-12-28T00:00:00Z would hold instants outside the years 0000 to 9999 (ISO 8601 with four-digit years); ask about an earlier date',
      );
      const lastOnes = await cli(['windows', '--from', '9999-12-20T00:00:00Z', '--count', '1', '--json']);
      expect([lastOnes.status, JSON.parse(lastOnes.stdout)[0].end]).toEqual([0, '9999-12-29T00:00:00-06:00']);
    });

    it('an instant without an offset', async () => {
      expectUsageError(
        await cli(['windows', '--from', '2026-12-01T18:00']),
        'upgrade-windows windows: --from must be an ISO instant with an offset or Z (2026-12-01T18:00:00-06:00), got "2026-12-01T18:00"',
      );
    });

    it('an unknown zone for --tz', async () => {
      expectUsageError(
        await cli(['windows', '--tz', 'Europe/Pariss']),
        'upgrade-windows windows: --tz: unknown IANA time zone "Europe/Pariss"',
      );
    });

    it.each(['cst', 'CST', 'EST', 'CET', 'GMT'])('a zone abbreviation for --tz: %s', async (abbreviation) => {
      expectUsageError(
        await cli(['windows', '--tz', abbreviation]),
        `upgrade-windows windows: --tz: "${abbreviation}" is not an IANA time zone name; give one such as America/Chicago, Europe/Paris or UTC (an abbreviation names several zones)`,
      );
    });

    it('accepts UTC and Area/Location names for --tz', async () => {
      for (const zone of ['UTC', 'Etc/GMT+5', 'America/Argentina/Buenos_Aires']) {
        const result = await cli(['windows', '--count', '1', '--tz', zone]);
        expect([result.status, result.stderr]).toEqual([0, '']);
        expect(result.stdout).toContain(`Start (${zone})`);
      }
    });

    it('an unknown option or an argument', async () => {
      // The wording of these two comes from the shared argument parser (src/cli/args.ts).
      for (const argv of [
        ['windows', '--colour'],
        ['windows', 'now'],
      ]) {
        const result = await cli(argv);
        expect(result.status).toBe(2);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(argv[1] === 'now' ? /unexpected argument "now"/ : /unknown option '--colour'/);
      }
    });

    it('a missing, unreadable or invalid policy, with every problem on the line', async () => {
      const missing = join(dir, 'missing.json');
      expectUsageError(
        await cli(['windows', '--policy', missing]),
        `upgrade-windows windows: policy ${missing}: no such file`,
      );
      expectUsageError(
        await cli(['windows'], { env: { POLICY_FILE: missing } }),
        `upgrade-windows windows: policy ${missing}: no such file`,
      );
      const broken = file('broken.json', '{ "timeZone": ');
      const notJson = await cli(['windows', '--policy', broken]);
      expect(notJson.status).toBe(2);
      expect(notJson.stderr).toMatch(
        new RegExp(`^upgrade-windows windows: policy ${broken}: not valid JSON \\(.*\\)\\n$`),
      );
      const invalid = file('invalid.json', {
        ...capped,
        leadTime: 'P1M',
        rules: [{ ...capped.rules[0], end: '25:00' }],
      });
      expectUsageError(
        await cli(['windows', '--policy', invalid]),
        `upgrade-windows windows: invalid policy ${invalid}: leadTime: "P1M" is not a duration of weeks, days, hours and minutes (P7D, P1W, PT48H, P1DT12H); rules[0].end: "25:00" is not a time HH:mm (00:00 to 24:00); rules[0]: has both duration and end; give exactly one`,
      );
    });

    it('bookings that are not an object of instants to whole numbers', async () => {
      const cases: [unknown, string][] = [
        [[1], 'expected a JSON object from window start to number of tickets'],
        [{ '2026-12-01T18:00': 1 }, '"2026-12-01T18:00" is not an instant with an offset or Z'],
        [
          { '2026-12-01T18:00:00-06:00': -1 },
          '"2026-12-01T18:00:00-06:00" must map to a whole number of tickets (0 or more), got -1',
        ],
        [
          { '2026-12-01T18:00:00-06:00': '2' },
          '"2026-12-01T18:00:00-06:00" must map to a whole number of tickets (0 or more), got "2"',
        ],
        [
          { '2026-12-01T18:00:00-06:00': 1.5 },
          '"2026-12-01T18:00:00-06:00" must map to a whole number of tickets (0 or more), got 1.5',
        ],
      ];
      for (const [content, message] of cases) {
        const path = file('bad-bookings.json', content);
        expectUsageError(
          await cli(['windows', '--bookings', path]),
          `upgrade-windows windows: bookings ${path}: ${message}`,
        );
      }
    });
  });
});
