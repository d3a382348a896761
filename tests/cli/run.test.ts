import { cli } from '../helpers/cli.js';

describe('upgrade-windows', () => {
  it('lists the commands and exits 2 when called without one', async () => {
    const result = await cli([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('windows');
    expect(result.stdout).toContain('decision');
  });

  it('refuses an unknown command with one line naming it', async () => {
    const result = await cli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('"frobnicate"');
  });

  it('prints the overall help with --help and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: upgrade-windows/);
  });
});

describe('bad options', () => {
  it('names an unknown option in one line, prefixed once by the command', async () => {
    const result = await cli(['windows', '--colour']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("upgrade-windows windows: unknown option '--colour'\n");
  });

  it('starts every parser message in lower case, like the rest', async () => {
    for (const argv of [
      ['check', '--from'],
      ['decision', '-x'],
      ['status', '5', '--json=yes'],
    ]) {
      const result = await cli(argv);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^upgrade-windows ${argv[0]}: [a-z-]`));
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
