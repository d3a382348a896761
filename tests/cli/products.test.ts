import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, expectUsageError } from '../helpers/cli.js';

const multiProduct = join(__dirname, '../../examples/multi-product.json');
const from = '2026-02-11T12:00:00-05:00';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'products-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('windows and check --product (docs/CLI.md)', () => {
  /** `windows --policy examples/multi-product.json --product <product> --from <from> --count <count>`. */
  const windowsOf = (product: string, count: number, ...more: string[]) =>
    cli(['windows', '--policy', multiProduct, '--product', product, '--from', from, '--count', String(count), ...more]);

  it.each([
    {
      product: 'informz',
      count: 2,
      windows: [
        { rule: 'informz-weekly', start: '2026-02-19T19:00:00-05:00', end: '2026-02-20T00:00:00-05:00' },
        { rule: 'quarterly', start: '2026-02-20T23:00:00-05:00', end: '2026-02-21T03:00:00-05:00' },
      ],
    },
    {
      product: 'community',
      count: 1,
      windows: [{ rule: 'quarterly', start: '2026-02-20T23:00:00-05:00', end: '2026-02-21T03:00:00-05:00' }],
    },
  ])(
    'lists only the windows of rules serving $product, in the same JSON shape',
    async ({ product, count, windows }) => {
      const result = await windowsOf(product, count, '--json');
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual(windows);
    },
  );

  it('names the product in the table heading', async () => {
    const result = await windowsOf('informz', 1);
    expect(result.stdout.split('\n')[0]).toBe(
      'Windows of Communications Professional (informz) for a request at 2026-02-11T12:00:00-05:00: earliest start 2026-02-18T12:00:00-05:00 (lead time P7D), times in America/New_York.',
    );
    expect(result.stdout).toContain('informz-weekly  Thu 2026-02-19 19:00 EST  Fri 2026-02-20 00:00 EST  unlimited');
  });

  it('requires --product when the products have different windows, and names an unknown one', async () => {
    expectUsageError(
      await cli(['windows', '--policy', multiProduct, '--from', from]),
      "upgrade-windows windows: --product is required: this policy's products have different windows (community, informz)",
    );
    expectUsageError(
      await cli(['check', '2026-02-19T19:00:00-05:00', '--policy', multiProduct, '--product', 'chat']),
      'upgrade-windows check: --product: unknown product "chat" (products: community, informz)',
    );
    expectUsageError(
      await cli(['windows', '--product', 'informz']),
      'upgrade-windows windows: --product: unknown product "informz" (the policy has no products)',
    );
  });

  it('needs no --product when every product is served by the same rules', async () => {
    const alike = file('alike.json', {
      timeZone: 'America/New_York',
      products: { a: { name: 'A' }, b: { name: 'B' } },
      rules: [{ id: 'all', weekly: ['monday'], start: '20:00', duration: 'PT2H' }],
    });
    const result = await cli(['windows', '--policy', alike, '--from', from, '--count', '1', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { rule: 'all', start: '2026-02-23T20:00:00-05:00', end: '2026-02-23T22:00:00-05:00' },
    ]);
  });

  it('checks a start two rules share against the rule serving the product', async () => {
    const shared = file('shared.json', {
      timeZone: 'America/New_York',
      leadTime: 'P0D',
      products: { a: { name: 'A' }, b: { name: 'B' } },
      rules: [
        { id: 'a-night', products: ['a'], weekly: ['tuesday'], start: '18:00', duration: 'PT2H', capacity: 1 },
        { id: 'b-night', products: ['b'], weekly: ['tuesday'], start: '18:00', duration: 'PT2H' },
      ],
    });
    const bookings = file('bookings.json', { '2026-03-03T18:00:00-05:00': 1 });
    const args = [
      'check',
      '2026-03-03T18:00:00-05:00',
      '--policy',
      shared,
      '--bookings',
      bookings,
      '--from',
      from,
      '--json',
    ];
    const forA = await cli([...args, '--product', 'a']);
    expect(forA.status).toBe(1);
    expect(JSON.parse(forA.stdout).reasons.map((reason: { code: string }) => reason.code)).toEqual(['FULL']);
    expect(await cli([...args, '--product', 'b'])).toMatchObject({ status: 0 });
  });

  it('refuses a routine window as not a window', async () => {
    const result = await cli([
      'check',
      '2026-03-04T17:30:00-05:00',
      '--policy',
      multiProduct,
      '--product',
      'community',
      '--from',
      from,
      '--json',
    ]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).reasons.map((reason: { code: string }) => reason.code)).toEqual(['NOT_A_WINDOW']);
  });
});

describe('limits on the command line (docs/POLICY.md, Limits)', () => {
  it('a hot fix of at most seven days', async () => {
    const start = '2026-12-01T10:00:00-06:00';
    expect(await cli(['check', start, '--class', 'hotfix', '--duration', 'PT168H', '--json'])).toMatchObject({
      status: 0,
    });
    expectUsageError(
      await cli(['check', start, '--class', 'hotfix', '--duration', 'PT99999999999999999999M']),
      'upgrade-windows check: --duration: "PT99999999999999999999M" is longer than a window may last (P7D, that is PT168H)',
    );
  });

  it('offsets within -18:00..+18:00', async () => {
    expectUsageError(
      await cli(['windows', '--from', '2026-12-01T10:00:00+99:00']),
      'upgrade-windows windows: --from: "2026-12-01T10:00:00+99:00" has an offset outside -18:00..+18:00',
    );
  });

  it('a policy with a lead time past a year', async () => {
    const policy = file('lead.json', { timeZone: 'UTC', leadTime: 'P99999999D', rules: [] });
    expectUsageError(
      await cli(['windows', '--policy', policy]),
      `upgrade-windows windows: invalid policy ${policy}: leadTime: "P99999999D" is longer than the limit of 365 days (P365D)`,
    );
  });

  it.each([{ args: ['--count', '-1'] }, { args: ['--count=-1'] }])(
    'a negative count, on one line ($args)',
    async ({ args }) => {
      expectUsageError(
        await cli(['windows', ...args]),
        'upgrade-windows windows: --count must be a whole number from 1 to 1000, got "-1"',
      );
    },
  );
});
