import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

describe('upgrade-windows decision --offer / --booked', () => {
  let dir: string;
  let offer: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'decision-scheduling-'));
    offer = join(dir, 'offer.json');
    // As `windows --json` prints them.
    writeFileSync(
      offer,
      JSON.stringify([
        { rule: 'standard', start: '2026-12-08T18:00:00-06:00', end: '2026-12-09T00:00:00-06:00' },
        { rule: 'standard', start: '2026-12-11T18:00:00-06:00', end: '2026-12-12T00:00:00-06:00' },
        { rule: 'standard', start: '2026-12-15T18:00:00-06:00', end: '2026-12-16T00:00:00-06:00' },
      ]),
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const reply = { from: '2026-12-02T10:00:00-06:00' };

  it('prints CHOICE with the window number for a reply naming one offered window', async () => {
    const result = await cli(
      ['decision', '--offer', offer, '--tz', 'America/Chicago', '--from', reply.from, '--json'],
      {
        stdin: 'Option 2 please\n\nSent from my iPhone',
      },
    );
    expect(result).toEqual({
      status: 0,
      stdout: `${JSON.stringify({ decision: 'CHOICE', evidence: '"Option 2"', choice: 2 })}\n`,
      stderr: '',
    });
  });

  it('reads "le vendredi 11" in French and prints the choice as text', async () => {
    const result = await cli(['decision', '--offer', offer, '--tz', 'America/Chicago', '--locale', 'fr'], {
      stdin: 'Le vendredi 11, merci.',
    });
    expect(result).toEqual({ status: 0, stdout: 'CHOICE\nevidence: "vendredi 11"\nchoice: 2\n', stderr: '' });
  });

  it('prints RESCHEDULE with the day named, resolved in the customer zone', async () => {
    const args = ['decision', '--booked', '2026-12-11T18:00:00-06:00', '--tz', 'America/Chicago', '--from', reply.from];
    const english = await cli([...args, '--json'], { stdin: 'Can we do the following Tuesday?' });
    expect(JSON.parse(english.stdout)).toMatchObject({ decision: 'RESCHEDULE', date: '2026-12-15' });
    const french = await cli([...args, '--locale', 'fr', '--json'], { stdin: 'Pouvez-vous décaler au 22/12 ?' });
    expect(JSON.parse(french.stdout)).toMatchObject({ decision: 'RESCHEDULE', date: '2026-12-22' });
  });

  it('answers GO / NO-GO as before with --booked when the reply asks no move', async () => {
    const result = await cli(['decision', '--booked', '2026-12-11T18:00:00-06:00', '--tz', 'UTC', '--json'], {
      stdin: 'Please roll back',
    });
    expect(JSON.parse(result.stdout)).toEqual({ decision: 'NO_GO', evidence: 'roll back' });
  });

  it.each([
    [
      ['--offer', 'x.json', '--booked', '2026-12-11T18:00:00Z', '--tz', 'UTC'],
      '--offer and --booked cannot be used together',
    ],
    [['--booked', '2026-12-11T18:00:00Z'], '--tz ZONE'],
    [['--booked', '2026-12-11T18:00:00Z', '--tz', 'Mars/Olympus'], 'unknown IANA time zone "Mars/Olympus"'],
    [['--booked', '2026-12-11T18:00:00Z', '--tz', 'cst'], '--tz: "cst" is not an IANA time zone name'],
    [['--booked', '2026-12-11 18:00', '--tz', 'UTC'], '--booked must be an ISO instant'],
    [['--booked', '2026-12-11T18:00:00Z', '--tz', 'UTC', '--from', 'yesterday'], '--from must be an ISO instant'],
    [['--booked', '2026-12-11T18:00:00Z', '--tz', 'UTC', '--locale', 'fr FR'], '--locale must be a language tag'],
    [['--tz', 'UTC'], '--tz is read only with --offer or --booked'],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const result = await cli(['decision', ...args], { stdin: '2' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['{"start":"2026-12-08T18:00:00-06:00"}', 'must be a JSON array of 1 to 1000 windows'],
    ['[]', 'must be a JSON array of 1 to 1000 windows'],
    ['[{"rule":"standard"}]', '[0].start is missing'],
    ['[{"start":"2026-12-08T18:00"}]', '[0].start must be an ISO instant'],
    ['not json', 'not valid JSON'],
  ])('exits 2 naming the problem in an offer file holding %s', async (content, message) => {
    const path = join(dir, 'bad-offer.json');
    writeFileSync(path, content);
    const result = await cli(['decision', '--offer', path, '--tz', 'UTC'], { stdin: '2' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
