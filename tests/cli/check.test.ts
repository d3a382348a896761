import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

// The helper's pinned clock: 2026-11-22T12:00:00Z (06:00 in Chicago).
let dir: string;
let policy: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-cli-'));
  policy = join(dir, 'policy.json');
  writeFileSync(
    policy,
    JSON.stringify({
      timeZone: 'America/Chicago',
      leadTime: 'P7D',
      rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: 1 }],
      blackouts: [{ start: '2026-12-24T00:00', end: '2027-01-04T00:00', reason: 'Year-end freeze' }],
      hotfix: { defaultDuration: 'PT1H' },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function checkJson(argv: string[]): Promise<{ status: number; body: unknown }> {
  const result = await cli(['check', ...argv, '--json']);
  expect(result.stderr).toBe('');
  return { status: result.status, body: JSON.parse(result.stdout) };
}

describe('upgrade-windows check', () => {
  it('exits 0 with no reasons for an occurrence of the default policy after the lead time', async () => {
    expect(await checkJson(['2026-12-01T18:00:00-06:00'])).toEqual({ status: 0, body: { ok: true, reasons: [] } });
    expect(await checkJson(['2026-12-02T00:00:00Z'])).toEqual({ status: 0, body: { ok: true, reasons: [] } });
  });

  it('exits 1 with LEAD_TIME, naming the earliest allowed start and the lead time', async () => {
    expect(await checkJson(['2026-12-04T18:00:00-06:00', '--from', '2026-12-01T15:00:00Z'])).toEqual({
      status: 1,
      body: {
        ok: false,
        reasons: [
          {
            code: 'LEAD_TIME',
            message: 'starts before the earliest allowed start 2026-12-08T09:00:00-06:00 (lead time P7D)',
          },
        ],
      },
    });
  });

  it('gives IN_PAST and NOT_A_WINDOW in that order', async () => {
    expect(await checkJson(['2026-11-20T10:00:00-06:00'])).toEqual({
      status: 1,
      body: {
        ok: false,
        reasons: [
          {
            code: 'IN_PAST',
            message: 'starts at 2026-11-20T10:00:00-06:00, before the request time 2026-11-22T06:00:00-06:00',
          },
          { code: 'NOT_A_WINDOW', message: 'no schedule rule has a window starting at 2026-11-20T10:00:00-06:00' },
        ],
      },
    });
  });

  it('gives BLACKOUT then FULL for a booked occurrence in a blackout; --override-blackout waives only the first', async () => {
    const bookings = join(dir, 'bookings.json');
    writeFileSync(bookings, JSON.stringify({ '2026-12-30T00:00:00Z': 1 }));
    const args = ['2026-12-29T18:00:00-06:00', '--policy', policy, '--bookings', bookings];
    expect(await checkJson(args)).toEqual({
      status: 1,
      body: {
        ok: false,
        reasons: [
          {
            code: 'BLACKOUT',
            message:
              'the window 2026-12-29T18:00:00-06:00 to 2026-12-30T00:00:00-06:00 overlaps the blackout 2026-12-24T00:00:00-06:00 to 2027-01-04T00:00:00-06:00 (Year-end freeze)',
          },
          { code: 'FULL', message: 'the window starting 2026-12-29T18:00:00-06:00 is full (1 of 1 places booked)' },
        ],
      },
    });
    const overridden = await checkJson([...args, '--override-blackout']);
    expect(overridden.status).toBe(1);
    expect((overridden.body as { reasons: { code: string }[] }).reasons.map((r) => r.code)).toEqual(['FULL']);
  });

  it('uses --duration for a maintenance window', async () => {
    const result = await checkJson(['2026-12-22T18:00:00-06:00', '--policy', policy, '--duration', 'PT30H1M']);
    expect(result.status).toBe(1);
    expect((result.body as { reasons: { message: string }[] }).reasons[0]!.message).toContain(
      'the window 2026-12-22T18:00:00-06:00 to 2026-12-24T00:01:00-06:00 overlaps the blackout',
    );
  });

  describe('for a hot fix', () => {
    it('waives lead time and recurrence, using hotfix.defaultDuration', async () => {
      expect(await checkJson(['2026-12-23T23:00:00-06:00', '--policy', policy, '--class', 'hotfix'])).toEqual({
        status: 0,
        body: { ok: true, reasons: [] },
      });
    });

    it('refuses a blackout reached with --duration unless --override-blackout', async () => {
      const args = ['2026-12-23T23:00:00-06:00', '--policy', policy, '--class', 'hotfix', '--duration', 'PT1H1M'];
      expect(await checkJson(args)).toEqual({
        status: 1,
        body: {
          ok: false,
          reasons: [
            {
              code: 'BLACKOUT',
              message:
                'the window 2026-12-23T23:00:00-06:00 to 2026-12-24T00:01:00-06:00 overlaps the blackout 2026-12-24T00:00:00-06:00 to 2027-01-04T00:00:00-06:00 (Year-end freeze)',
            },
          ],
        },
      });
      expect((await checkJson([...args, '--reason', 'CVE-2026-1234', '--override-blackout'])).status).toBe(0);
    });
  });

  it('answers people in words', async () => {
    const ok = await cli(['check', '2026-12-01T18:00:00-06:00']);
    expect(ok).toEqual({
      status: 0,
      stdout: 'OK: the "standard" window 2026-12-01T18:00:00-06:00 to 2026-12-02T00:00:00-06:00 may be booked.\n',
      stderr: '',
    });
    const refused = await cli([
      'check',
      '2026-11-25T10:00:00-06:00',
      '--class',
      'hotfix',
      '--reason',
      'CVE',
      '--from',
      '2026-11-26T00:00:00Z',
    ]);
    expect(refused).toEqual({
      status: 1,
      stdout:
        'NOT BOOKABLE: hot fix window 2026-11-25T10:00:00-06:00 to 2026-11-25T12:00:00-06:00 (reason: CVE)\n' +
        '  IN_PAST: starts at 2026-11-25T10:00:00-06:00, before the request time 2026-11-25T18:00:00-06:00\n',
      stderr: '',
    });
  });

  it('prints its usage with --help', async () => {
    const result = await cli(['check', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^Usage: upgrade-windows check START \[--policy FILE\] \[--from ISO\] \[--class maintenance\|hotfix\]/,
    );
    expect(result.stdout).toContain('--override-blackout');
  });

  it('answers for a window that ends on the last day of the year 9999', async () => {
    const result = await cli(['check', '9999-12-31T10:00:00Z', '--class', 'hotfix', '--from', '9999-12-01T00:00:00Z']);
    expect(result).toEqual({
      status: 0,
      stdout: 'OK: the hot fix window 9999-12-31T04:00:00-06:00 to 9999-12-31T06:00:00-06:00 may be booked.\n',
      stderr: '',
    });
  });

  describe('refuses bad input with exit status 2 and one line', () => {
    const cases: [string[], string][] = [
      [
        ['2026-12-01T18:00'],
        'START must be an ISO instant with an offset or Z (2026-12-01T18:00:00-06:00), got "2026-12-01T18:00"',
      ],
      [
        ['2026-12-01T18:00:00Z', '--from', 'yesterday'],
        '--from must be an ISO instant with an offset or Z (2026-12-01T18:00:00-06:00), got "yesterday"',
      ],
      [['2026-12-01T18:00:00Z', '--class', 'urgent'], '--class must be maintenance or hotfix, got "urgent"'],
      [
        ['2026-12-01T18:00:00Z', '--duration', 'P1D'],
        '--duration must be a positive duration of hours and minutes (PT2H, PT4H30M), got "P1D"',
      ],
      [
        ['2026-12-01T18:00:00Z', '--duration', 'PT0M'],
        '--duration must be a positive duration of hours and minutes (PT2H, PT4H30M), got "PT0M"',
      ],
      [
        ['9999-12-31T23:00:00-06:00', '--class', 'hotfix', '--from', '9999-12-01T00:00:00Z'],
        'the answer about 9999-12-31T23:00:00-06:00 would hold instants outside the years 0000 to 9999 (ISO 8601 with four-digit years); ask about an earlier date',
      ],
      [
        ['9999-12-28T18:00:00-06:00', '--from', '9999-12-27T00:00:00Z'],
        'the answer about 9999-12-28T18:00:00-06:00 would hold instants outside the years 0000 to 9999 (ISO 8601 with four-digit years); ask about an earlier date',
      ],
    ];
    it.each(cases)('check %j', async (argv, message) => {
      expect(await cli(['check', ...argv])).toEqual({
        status: 2,
        stdout: '',
        stderr: `upgrade-windows check: ${message}\n`,
      });
    });

    it('a missing START, a second one, or an unknown option', async () => {
      for (const argv of [[], ['2026-12-01T18:00:00Z', '2026-12-04T18:00:00Z'], ['2026-12-01T18:00:00Z', '--force']]) {
        const result = await cli(['check', ...argv]);
        expect(result.status).toBe(2);
        expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(
          /missing argument|unexpected argument "2026-12-04T18:00:00Z"|unknown option '--force'/,
        );
      }
    });

    it('an invalid policy or bookings file', async () => {
      const invalid = join(dir, 'invalid.json');
      writeFileSync(invalid, JSON.stringify({ timeZone: 'America/Chicago', rules: [], blackout: [] }));
      expect(await cli(['check', '2026-12-01T18:00:00Z', '--policy', invalid])).toEqual({
        status: 2,
        stdout: '',
        stderr: `upgrade-windows check: invalid policy ${invalid}: blackout: unknown key\n`,
      });
      const bookings = join(dir, 'bad-bookings.json');
      writeFileSync(bookings, JSON.stringify({ '2026-12-01T18:00:00Z': 'one' }));
      expect((await cli(['check', '2026-12-01T18:00:00Z', '--bookings', bookings])).stderr).toBe(
        `upgrade-windows check: bookings ${bookings}: "2026-12-01T18:00:00Z" must map to a whole number of tickets (0 or more), got "one"\n`,
      );
    });
  });
});
