import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTemplateCatalog, TemplateCatalogError } from '../../src/cli/templates.js';
import { BUILT_IN_CATALOG, TEMPLATE_NAMES } from '../../src/core/templates/index.js';
import { cli } from '../helpers/cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'render-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('render', () => {
  it.each(TEMPLATE_NAMES.flatMap((name) => [[name, 'en'] as const, [name, 'fr'] as const]))(
    'renders %s in %s with --example',
    async (name, locale) => {
      const result = await cli(['render', name, '--example', '--locale', locale]);
      expect([result.status, result.stderr]).toEqual([0, '']);
      expect(result.stdout).not.toMatch(/undefined|\{|\}/);
      expect(result.stdout.length).toBeGreaterThan(20);
    },
  );

  it('renders variables from a file, instants given with offsets, in the requester zone and the vendor zone', async () => {
    const vars = file('scheduled.json', {
      windowStart: '2026-12-02T00:00:00Z',
      windowEnd: '2026-12-02T06:00:00Z',
      windowClass: 'maintenance',
      reason: null,
    });
    const result = await cli(['render', 'window_scheduled', '--vars', vars, '--tz', 'America/New_York']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Tuesday, December 1, 2026, 7:00 PM – Wednesday, 1:00 AM Eastern Standard Time (America/New_York), that is Tuesday, December 1, 2026, 6:00 PM – Wednesday, 12:00 AM Central Standard Time (America/Chicago)',
    );
  });

  it('prints the HTML body with --html', async () => {
    const result = await cli(['render', 'validation_failed', '--example', '--html']);
    expect(result.stdout).toBe(
      '<p>Validation testing failed.<br>Reason: login smoke test failed on eu-1</p>\n<p>Our team is on it; we will post the next step here.</p>\n',
    );
  });

  it('takes the vendor from --policy', async () => {
    const policy = file('policy.json', {
      timeZone: 'Europe/Paris',
      leadTime: 'P7D',
      rules: [{ id: 'standard', weekly: ['tuesday'], start: '22:00', duration: 'PT4H' }],
      vendor: { name: 'Nuage SA', email: 'maj@nuage.example' },
    });
    const result = await cli(['render', 'upgrade_completed', '--example', '--policy', policy, '--locale', 'fr-FR']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('Nuage SA');
  });

  it("writes an internal note in the policy's vendor.locale unless --locale says otherwise", async () => {
    const policy = file('policy-fr.json', {
      timeZone: 'Europe/Paris',
      rules: [{ id: 'standard', weekly: ['tuesday'], start: '22:00', duration: 'PT4H' }],
      vendor: { name: 'Nuage SA', email: 'maj@nuage.example', locale: 'fr' },
    });
    const vendorLanguage = await cli(['render', 'overrun_warning', '--example', '--policy', policy]);
    expect(vendorLanguage.stdout).toMatch(/^La fenêtre de mise à niveau se termine le /);
    const asked = await cli(['render', 'overrun_warning', '--example', '--policy', policy, '--locale', 'en']);
    expect(asked.stdout).toMatch(/^The upgrade window ends on /);
  });

  it('lists the events with the variables each needs', async () => {
    const result = await cli(['render', '--list']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('decision_requested  [public]');
    expect(result.stdout).toContain('    anticipatedEnd: instant  (the new anticipated end)');
    expect(result.stdout).toContain('    onTimeout: wait|no_go');
    expect(result.stdout).toContain('unclear_reply  [internal]');
    const listed = result.stdout
      .split('\n')
      .filter((line) => /^\S/.test(line))
      .map((line) => line.split(' ')[0]);
    expect(listed).toEqual(TEMPLATE_NAMES);
  });

  it('exits 2 naming missing and unknown variables', async () => {
    const vars = file('bad.json', { windowStart: '2026-12-02T00:00:00Z', colour: 'red', reason: null });
    const result = await cli(['render', 'window_cancelled', '--vars', vars]);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'upgrade-windows render: window_cancelled: missing variable windowEnd; unknown variable colour\n',
    });
  });

  it('exits 2 on an instant without an offset, an unknown event, or no variables', async () => {
    const vars = file('local.json', { windowEnd: '2026-12-02T00:00' });
    const local = await cli(['render', 'upgrade_started', '--vars', vars]);
    expect(local.status).toBe(2);
    expect(local.stderr).toContain('windowEnd must be an ISO instant with an offset or Z');
    expect(await cli(['render', 'upgrade_exploded', '--example'])).toMatchObject({
      status: 2,
      stderr: 'upgrade-windows render: unknown event "upgrade_exploded" (see --list)\n',
    });
    expect((await cli(['render', 'upgrade_started'])).stderr).toBe(
      'upgrade-windows render: give --vars FILE or --example\n',
    );
    expect((await cli(['render', 'upgrade_started', '--example', '--tz', 'Nowhere/Land'])).status).toBe(2);
    expect(await cli(['render', 'upgrade_started', '--example', '--tz', 'cst'])).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'upgrade-windows render: --tz: "cst" is not an IANA time zone name; give one such as America/Chicago, Europe/Paris or UTC (an abbreviation names several zones)\n',
    });
  });

  it("uses the vendor's texts from TEMPLATES_DIR, and refuses a broken folder in one line", async () => {
    const good = join(dir, 'good');
    mkdirSync(good);
    writeFileSync(
      join(good, 'en.json'),
      JSON.stringify({ templates: { validation_completed: 'Tests passed, {vendorName}.' } }),
    );
    const result = await cli(['render', 'validation_completed', '--example'], { env: { TEMPLATES_DIR: good } });
    expect(result.stdout).toBe('Tests passed, Acme Cloud.\n');
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'fr.json'), JSON.stringify({ templates: { missed_start: 'Trop tard.' } }));
    const refused = await cli(['render', 'validation_completed', '--example'], { env: { TEMPLATES_DIR: bad } });
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('fr.templates.missed_start: placeholders differ from en');
  });
});

describe('loadTemplateCatalog', () => {
  it('is the built-in catalog without a folder', () => {
    expect(loadTemplateCatalog(undefined)).toBe(BUILT_IN_CATALOG);
  });

  it('lists every problem of a folder: unreadable JSON and unknown keys', () => {
    const folder = join(dir, 'problems');
    mkdirSync(folder);
    writeFileSync(join(folder, 'en.json'), '{ not json');
    writeFileSync(join(folder, 'fr.json'), JSON.stringify({ templates: { upgrade_exploded: 'Boum' } }));
    let error: unknown;
    try {
      loadTemplateCatalog(folder);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TemplateCatalogError);
    const { problems } = error as TemplateCatalogError;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^templates .*en\.json: not valid JSON/);
    expect(problems[1]).toBe('fr.templates.upgrade_exploded: unknown template');
    expect(() => loadTemplateCatalog(join(dir, 'missing'))).toThrow(
      `TEMPLATES_DIR ${join(dir, 'missing')}: no such directory`,
    );
  });
});
