import { parseCommandArgs } from '../args.js';
import { BackendUnreachableError, backendFromEnv, errorMessageOf, exitStatusOf } from '../backend-client.js';
import type { Command } from '../io.js';
import { instantOption } from '../policy.js';

const USAGE = `Usage: upgrade-windows bookings [--from ISO] [--to ISO] [--conflicts] [--json]

Lists the booked windows (BACKEND_URL, AUTOMATION_API_TOKEN), in start order.

  --from ISO, --to ISO   only windows overlapping [from, to) (offset or Z)
  --conflicts            only bookings the current policy no longer allows, with the reasons
  --json                 the backend's answer as JSON

Exit status: 0, 2 bad input, 3 backend unreachable.
`;

interface BookingRow {
  ticketId: number;
  start: string;
  end: string;
  rule: string;
  class: string;
  reason: string | null;
  reasons?: { code: string; message: string }[];
}

export const command: Command = {
  summary: 'booked windows, and those the policy no longer allows',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs(
      'bookings',
      argv,
      { from: { type: 'string' }, to: { type: 'string' }, conflicts: { type: 'boolean' }, json: { type: 'boolean' } },
      { min: 0, max: 0 },
    );
    const query = new URLSearchParams();
    // Checked here so a typo is exit 2 with the option's name, then sent as typed.
    if (values.from !== undefined) {
      instantOption('--from', values.from, 0);
      query.set('from', values.from);
    }
    if (values.to !== undefined) {
      instantOption('--to', values.to, 0);
      query.set('to', values.to);
    }
    if (values.conflicts === true) query.set('conflicts', 'true');
    const backend = backendFromEnv(io.env);
    let answer;
    try {
      answer = await backend.request('GET', `/api/bookings${query.size > 0 ? `?${query}` : ''}`);
    } catch (error) {
      if (error instanceof BackendUnreachableError) {
        io.stderr(`upgrade-windows bookings: ${error.message}\n`);
        return 3;
      }
      throw error;
    }
    if (answer.status !== 200) {
      io.stderr(`upgrade-windows bookings: ${errorMessageOf(answer)}\n`);
      return exitStatusOf(answer.status);
    }
    const rows = answer.body as BookingRow[];
    if (values.json === true) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout(values.conflicts === true ? 'no booking conflicts with the policy\n' : 'no bookings\n');
      return 0;
    }
    for (const row of rows) {
      const why = row.reasons === undefined ? '' : `  ${row.reasons.map((reason) => reason.message).join(' ')}`;
      io.stdout(`${row.start}  ${row.end}  ticket ${row.ticketId}  ${row.class} ${row.rule}${why}\n`);
    }
    return 0;
  },
};
