import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

describe('upgrade-windows decision', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'decision-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads the reply from standard input and prints the decision and its evidence', async () => {
    const result = await cli(['decision'], { stdin: 'Yes, go ahead.\n\nSent from my iPhone' });
    expect(result).toEqual({ status: 0, stdout: 'GO\nevidence: go ahead\n', stderr: '' });
  });

  it('reads "-" as standard input', async () => {
    const result = await cli(['decision', '-', '--json'], { stdin: 'Please roll back' });
    expect(JSON.parse(result.stdout)).toEqual({ decision: 'NO_GO', evidence: 'roll back' });
  });

  it('prints { decision, evidence } with --json and exits 0 for NO_GO', async () => {
    const path = file(
      'reply.txt',
      'NO-GO\n\nOn Tue, Nov 3, 2026 at 9:14 PM Acme <upgrades@acme.example> wrote:\n> Reply GO or NO-GO\n',
    );
    const result = await cli(['decision', path, '--json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ decision: 'NO_GO', evidence: 'NO-GO' });
  });

  it('exits 0 for UNCLEAR and says why', async () => {
    const result = await cli(['decision', '--json'], { stdin: 'not ready to go yet' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      decision: 'UNCLEAR',
      evidence: 'a negation that is not an imperative NO-GO: "not ready to go yet"',
    });
  });

  it('reads HTML with --html, leaving the Gmail quote out', async () => {
    const path = file(
      'reply.html',
      '<div dir="ltr">Allez-y&nbsp;!</div><div class="gmail_quote"><blockquote class="gmail_quote">NO-GO</blockquote></div>',
    );
    const result = await cli(['decision', path, '--html']);
    expect(result).toEqual({ status: 0, stdout: 'GO\nevidence: Allez-y\n', stderr: '' });
  });

  it('reads a reply that starts with an HTML tag as HTML even without --html', async () => {
    const result = await cli(['decision', '--json'], { stdin: '<p>NO&#8209;GO</p><blockquote>GO</blockquote>' });
    expect(JSON.parse(result.stdout)).toEqual({ decision: 'NO_GO', evidence: 'NO\u2011GO' });
  });

  it('reads a plain reply that merely mentions a tag as text', async () => {
    const result = await cli(['decision', '--json'], { stdin: 'Go ahead, the <p> tags are fine' });
    expect(JSON.parse(result.stdout)).toEqual({ decision: 'GO', evidence: 'Go ahead' });
  });

  it('exits 2 with one line naming an unreadable file', async () => {
    const result = await cli(['decision', join(dir, 'missing.txt')]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`upgrade-windows decision: reply file ${join(dir, 'missing.txt')}: no such file\n`);
  });

  it('exits 2 with one line for a directory given as FILE', async () => {
    const result = await cli(['decision', dir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`upgrade-windows decision: reply file ${dir}: is a directory\n`);
  });

  it('exits 2 with one line naming an unknown option', async () => {
    const result = await cli(['decision', '--xml'], { stdin: 'GO' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("'--xml'");
  });

  it('exits 2 with one line for a second FILE', async () => {
    const result = await cli(['decision', 'a.txt', 'b.txt']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^upgrade-windows decision: .*unexpected argument "b\.txt"\n$/);
  });

  it('prints its usage with --help', async () => {
    const result = await cli(['decision', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: upgrade-windows decision \[FILE\] \[--html\] \[--json\]/);
  });
});
