import { parseCommandArgs } from '../args.js';
import { BackendUnreachableError, backendFromEnv, errorMessageOf, exitStatusOf } from '../backend-client.js';
import { BOOKINGS_PAGE_MAX, type BookingRow } from '../../contract/bookings.js';
import type { Command } from '../io.js';
import { instantOption } from '../policy.js';

const USAGE = `Usage: upgrade-windows bookings [--from ISO] [--to ISO] [--conflicts] [--json]

Lists the booked windows (BACKEND_URL, AUTOMATION_API_TOKEN), in start order: every page the backend
has for the range, read one after the other.

  --from ISO, --to ISO   only windows overlapping [from, to) (offset or Z)
  --conflicts            only bookings the current policy no longer allows, with the reasons
  --json                 the bookings as one JSON array, each as the backend answers it

Exit status: 0, 2 bad input (or a range of more than 500,000 bookings), 3 backend unreachable.
`;

/** Pages read before giving up: 1,000 pages of BOOKINGS_PAGE_MAX are 500,000 bookings, far more than any range holds. */
export const MAX_PAGES = 1_000;

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
    query.set('limit', String(BOOKINGS_PAGE_MAX));
    const backend = backendFromEnv(io.env);
    const rows: BookingRow[] = [];
    // Every page, following the backend's `Link: <…>; rel="next"` (docs/DECISIONS.md, 52), so the list stays whole.
    let next: string | null = `?${query}`;
    const asked = new Set<string>();
    while (next !== null) {
      if (asked.size >= MAX_PAGES) {
        io.stderr(
          `upgrade-windows bookings: more than ${MAX_PAGES} pages of ${BOOKINGS_PAGE_MAX} bookings; narrow --from and --to\n`,
        );
        return 2;
      }
      if (asked.has(next)) {
        io.stderr('upgrade-windows bookings: the backend sent the same next page twice; stopped\n');
        return 3;
      }
      asked.add(next);
      let answer;
      try {
        answer = await backend.request('GET', `/api/bookings${next}`);
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
      rows.push(...(answer.body as BookingRow[]));
      next = nextPageQuery(answer.headers.get('link'));
    }
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

/**
 * The query of the `rel="next"` target of a Link header (RFC 8288), or null when there is none. Only the query is
 * kept: the page is asked of this route on BACKEND_URL, whatever path a proxy in between gives it.
 */
function nextPageQuery(link: string | null): string | null {
  if (link === null) return null;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match === null || !/(^|;)\s*rel="?next"?\s*(;|$)/i.test(match[2]!)) continue;
    const target = new URL(match[1]!, 'http://backend/api/bookings');
    return target.search === '' ? null : target.search;
  }
  return null;
}
