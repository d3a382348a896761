import { checkStart, earliestStart, readWindowDuration, type WorkClass } from '../../core/schedule.js';
import { formatInstant } from '../../core/time/format.js';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';
import { instantOption, loadBookings, loadPolicy, productOption, requireFourDigitYears } from '../policy.js';

const USAGE = `Usage: upgrade-windows check START [--policy FILE] [--from ISO] [--class maintenance|hotfix]
                              [--duration ISO] [--reason TEXT] [--override-blackout] [--bookings FILE]
                              [--product ID] [--json]

Whether a window starting at START (an ISO instant with an offset or Z) may be booked for a request made
at --from. Exit status 0 when it may, 1 when it may not (with the reasons), 2 for bad input.

Reasons, in this order:
  IN_PAST       START is before the request (--from)
  NOT_A_WINDOW  maintenance: no bookable rule (serving --product) has a window starting at START
  LEAD_TIME     maintenance: START is before the earliest start the lead time allows
  BLACKOUT      the window overlaps a blackout (waived by --override-blackout)
  FULL          the rule's window has no place left (see --bookings)

Options:
  --policy FILE        schedule policy (JSON); default: $POLICY_FILE, else the built-in default policy
  --from ISO           request instant, with an offset or Z (default: now)
  --class CLASS        maintenance (default) or hotfix (any start; no lead time, recurrence or capacity)
  --duration ISO       window length, PT2H or PT4H30M, at most PT168H (default: the rule's, or
                       hotfix.defaultDuration)
  --reason TEXT        why (a hot fix must be justified when booked; check accepts and shows it)
  --override-blackout  do not refuse a window that overlaps a blackout
  --bookings FILE      JSON object from window start (ISO) to tickets already booked (default: none)
  --product ID         only rules serving this product (required when the policy's products have
                       different windows); on a start two rules share, the one serving it is checked
  --json               print { "ok", "reasons": [{ "code", "message" }] }
  -h, --help           show this help

Examples:
  upgrade-windows check 2026-12-08T18:00:00-06:00 --from 2026-11-22T12:00:00Z
  upgrade-windows check 2026-12-25T10:00:00-06:00 --class hotfix --duration PT1H --reason "CVE fix" --json
`;

const OPTIONS = {
  policy: { type: 'string' },
  from: { type: 'string' },
  class: { type: 'string' },
  duration: { type: 'string' },
  reason: { type: 'string' },
  'override-blackout': { type: 'boolean' },
  bookings: { type: 'string' },
  product: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const command: Command = {
  summary: 'whether a window starting at START may be booked',
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('check', argv, OPTIONS, { min: 1, max: 1 });
    const start = instantOption('START', positionals[0], 0);
    const requestAt = instantOption('--from', values.from, io.now());
    const workClass = values.class ?? 'maintenance';
    if (workClass !== 'maintenance' && workClass !== 'hotfix') {
      throw new UsageError(`--class must be maintenance or hotfix, got "${workClass}"`);
    }
    let durationMinutes: number | undefined;
    if (values.duration !== undefined) {
      const reading = readWindowDuration(values.duration);
      if (!reading.ok && reading.overLimit) throw new UsageError(`--duration: ${reading.error}`);
      if (!reading.ok) {
        throw new UsageError(
          `--duration must be a positive duration of hours and minutes (PT2H, PT4H30M), got "${values.duration}"`,
        );
      }
      durationMinutes = reading.value;
    }
    const policy = loadPolicy(values.policy, io.env);
    const product = productOption(policy, values.product);
    const booked = loadBookings(values.bookings);
    const result = checkStart(policy, {
      start,
      requestAt,
      class: workClass as WorkClass,
      overrideBlackout: values['override-blackout'] === true,
      booked,
      ...(durationMinutes !== undefined ? { durationMinutes } : {}),
      ...(product !== undefined ? { product } : {}),
    });
    requireFourDigitYears(
      [
        start,
        requestAt,
        // Printed only in a LEAD_TIME reason.
        ...(result.reasons.some((reason) => reason.code === 'LEAD_TIME') ? [earliestStart(policy, requestAt)] : []),
        ...(result.window === null ? [] : [result.window.start, result.window.end]),
      ],
      [policy.timeZone, ...(result.window === null ? [] : [result.window.timeZone])],
      `the answer about ${positionals[0]}`,
    );
    if (values.json === true) {
      const reasons = result.reasons.map(({ code, message }) => ({ code, message }));
      io.stdout(`${JSON.stringify({ ok: result.ok, reasons }, null, 2)}\n`);
      return result.ok ? 0 : 1;
    }
    const window = result.window;
    const zone = window?.timeZone ?? policy.timeZone;
    const what =
      window === null
        ? `${formatInstant(start, zone)}`
        : `${window.rule === 'hotfix' ? 'hot fix' : `"${window.rule}"`} window ${formatInstant(window.start, zone)} to ${formatInstant(window.end, zone)}`;
    const why = values.reason !== undefined ? ` (reason: ${values.reason})` : '';
    if (result.ok) {
      io.stdout(`OK: the ${what} may be booked${why}.\n`);
      return 0;
    }
    io.stdout(
      `NOT BOOKABLE: ${what}${why}\n${result.reasons.map((reason) => `  ${reason.code}: ${reason.message}\n`).join('')}`,
    );
    return 1;
  },
};
