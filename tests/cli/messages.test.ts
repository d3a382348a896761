import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_JSON } from '../../src/core/schedule.js';
import { escapeInvisible } from '../../src/cli/errors.js';
import { cli } from '../helpers/cli.js';

// What the command line reads from files and writes on stderr, whatever invisible characters they hold.

/** Any character a terminal does not show as itself, but the line break that ends a message. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('files and messages with invisible characters', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'uw-messages-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a policy file that starts with a UTF-8 byte-order mark', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ ...DEFAULT_POLICY_JSON, timeZone: 'Europe/Paris' })}`, 'utf8');
    const result = await cli(['windows', '--policy', file, '--count', '1', '--json']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)[0].start).toMatch(/^2026-12-\d\dT18:00:00\+01:00$/);
  });

  it('escapes a zero-width space in a policy key it names as unknown', async () => {
    const file = join(dir, 'zero-width.json');
    writeFileSync(file, `{"timeZone\u200B": "UTC", "timeZone": "UTC", "rules": []}`, 'utf8');
    const result = await cli(['windows', '--policy', file]);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `upgrade-windows windows: invalid policy ${file}: timeZone\\u200b: unknown key\n`,
    });
    expect(result.stderr.slice(0, -1)).not.toMatch(INVISIBLE);
  });

  it('escapes a bidi override and a newline in an option it quotes back, on one line', async () => {
    const result = await cli(['windows', '--tz', 'Europe/\u202EsiraP\nx']);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'upgrade-windows windows: --tz: unknown IANA time zone "Europe/\\u202esiraP\\nx"\n',
    });
  });

  it('writes control and format characters as JSON escapes, tab and carriage return by name, and keeps line breaks', () => {
    expect(escapeInvisible('a\u0000b\u001b[31mc\u00ADd\tz\r\u2028\nnext\u200D\u{E0001}')).toBe(
      'a\\u0000b\\u001b[31mc\\u00add\\tz\\r\\u2028\nnext\\u200d\\udb40\\udc01',
    );
    expect(escapeInvisible('Zoë, café, 東京, emoji 🎉')).toBe('Zoë, café, 東京, emoji 🎉');
  });

  it("keeps a JSON log line valid JSON that decodes to the same text (serve's logs go through it)", () => {
    const line = JSON.stringify({ msg: 'webhook ignored', why: 'name \u202Eevil\u200B, tag \u{E0001}', at: 1 });
    const escaped = escapeInvisible(line);
    expect(escaped).not.toMatch(INVISIBLE);
    expect(JSON.parse(escaped)).toEqual(JSON.parse(line));
  });
});
