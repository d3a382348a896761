import { DateTime } from 'luxon';
import {
  earliestStart,
  findProduct,
  formatCalendarDuration,
  listWindows,
  type WindowOffer,
} from '../../core/schedule.js';
import { formatInstant } from '../../core/time/format.js';
import { integerOption, parseCommandArgs } from '../args.js';
import type { Command } from '../io.js';
import {
  instantOption,
  loadBookings,
  loadPolicy,
  productOption,
  requireFourDigitYears,
  zoneOption,
} from '../policy.js';

const USAGE = `Usage: upgrade-windows windows [--policy FILE] [--from ISO] [--count N] [--tz ZONE] [--bookings FILE]
                               [--product ID] [--json]

The next eligible upgrade windows for a request made at --from: in start order, at or after the
earliest start the lead time allows, outside blackouts, and not full. Routine updates are never listed.

Options:
  --policy FILE    schedule policy (JSON); default: $POLICY_FILE, else the built-in default policy
  --from ISO       request instant, with an offset or Z (default: now)
  --count N        how many windows, 1 to 1000 (default: 10)
  --tz ZONE        also show the times in this IANA zone (Europe/Paris; not an abbreviation like CET)
  --bookings FILE  JSON object from window start (ISO) to tickets already booked (default: none)
  --product ID     only windows of rules serving this product (required when the policy's products
                   have different windows)
  --json           print [{ "rule", "start", "end" }] with instants in each rule's zone
  -h, --help       show this help

Examples:
  upgrade-windows windows --from 2026-11-22T12:00:00Z --count 3
  upgrade-windows windows --policy policy.json --tz Europe/Paris --json
  upgrade-windows windows --policy examples/multi-product.json --product informz
`;

const OPTIONS = {
  policy: { type: 'string' },
  from: { type: 'string' },
  count: { type: 'string' },
  tz: { type: 'string' },
  bookings: { type: 'string' },
  product: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const command: Command = {
  summary: 'the next eligible upgrade windows',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs('windows', argv, OPTIONS, { min: 0, max: 0 });
    const count = integerOption('count', values.count, 10, 1, 1000);
    const requestAt = instantOption('--from', values.from, io.now());
    const otherZone = zoneOption('--tz', values.tz);
    const policy = loadPolicy(values.policy, io.env);
    const product = productOption(policy, values.product);
    const booked = loadBookings(values.bookings);
    const windows = listWindows(policy, { requestAt, count, booked, ...(product !== undefined ? { product } : {}) });
    requireFourDigitYears(
      [requestAt, earliestStart(policy, requestAt), ...windows.flatMap((window) => [window.start, window.end])],
      [policy.timeZone, ...new Set(windows.map((window) => window.timeZone)), ...(otherZone ? [otherZone] : [])],
      `the windows for a request at ${values.from ?? 'now'}`,
    );
    if (values.json === true) {
      const rows = windows.map((window) => ({
        rule: window.rule,
        start: formatInstant(window.start, window.timeZone),
        end: formatInstant(window.end, window.timeZone),
      }));
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    const zone = policy.timeZone;
    const earliest = earliestStart(policy, requestAt);
    const named = product === undefined ? null : findProduct(policy, product);
    const forProduct = named === null ? '' : ` of ${named.name} (${named.id})`;
    io.stdout(
      `Windows${forProduct} for a request at ${formatInstant(requestAt, zone)}: earliest start ${formatInstant(earliest, zone)} ` +
        `(lead time ${formatCalendarDuration(policy.leadTime)}), times in ${zone}.\n\n`,
    );
    if (windows.length === 0) {
      io.stdout('No eligible window: the policy has no occurrence left to offer.\n');
      return 0;
    }
    io.stdout(table(windows, zone, otherZone));
    if (windows.length < count) io.stdout(`\nOnly ${windows.length} of ${count} windows: the rules offer no more.\n`);
    return 0;
  },
};

/** `Tue 2026-12-01 18:00 CST`: a time as a person reads it, with the zone's abbreviation or offset. */
function humanTime(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('ccc yyyy-MM-dd HH:mm ZZZZ', { locale: 'en-US' });
}

function table(windows: WindowOffer[], zone: string, otherZone: string | undefined): string {
  const headers = ['Rule', `Start (${zone})`, `End (${zone})`];
  if (otherZone !== undefined) headers.push(`Start (${otherZone})`, `End (${otherZone})`);
  headers.push('Places left');
  const rows = windows.map((window) => {
    const row = [window.rule, humanTime(window.start, zone), humanTime(window.end, zone)];
    if (otherZone !== undefined) row.push(humanTime(window.start, otherZone), humanTime(window.end, otherZone));
    row.push(window.remaining === null ? 'unlimited' : String(window.remaining));
    return row;
  });
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') + '\n';
}
