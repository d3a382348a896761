import { renderTicket } from '../render.js';
import type { StoredTicket } from '../state.js';
import type { ApiDeps, ApiRequest, ApiResult } from './common.js';

// `GET /api/v2/incremental/tickets/cursor.json`: Zendesk's Incremental Ticket Export, cursor based
// (developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/, and "Using the Incremental
// Exports API"), as strict as Zendesk:
// - `start_time` (unix seconds) or `cursor`; a start time less than one minute old answers 422 "Too recent start_time";
// - tickets in the order of their last change (`generated_timestamp`, which every change moves, then id), up to
//   `per_page` (at most 1,000) a page; a ticket changed again after the cursor passed it comes again;
// - the changes of the last minute are left out (Zendesk excludes them "to ensure the accuracy of the data"), and
//   `end_of_stream` is true once a page reached them;
// - a page from a start time that finds nothing has no cursor (`after_cursor: null`), as users of the API report, so
//   a client must keep its start time; from a cursor, an empty page hands the same cursor back;
// - 10 requests a minute on top of the account budget (rate-limits.ts).

const PATH = '/api/v2/incremental/tickets/cursor.json';
const MAX_PER_PAGE = 1000;
/** Changes younger than this are not exported yet (Zendesk: one minute). */
export const EXPORT_LAG_MS = 60_000;

interface Position {
  /** The change's second (`generated_timestamp`). */
  at: number;
  id: number;
}

/** A ticket's place in the export: every change moves `updated_at` (tickets.ts `touchTicket`, clock.ts). */
function positionOf(ticket: StoredTicket): Position {
  return { at: Math.floor(Date.parse(ticket.updated_at) / 1000), id: ticket.id };
}

function after(a: Position, b: Position): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id);
}

/** Shaped like Zendesk's (`MTU3NjYxMzUzOS4wfHw0Njd8` is `1576613539.0||467|`): opaque to clients all the same. */
function encodeCursor(position: Position): string {
  return Buffer.from(`${position.at}.0||${position.id}|`).toString('base64');
}

function decodeCursor(cursor: string): Position | null {
  const match = /^(\d{1,12})\.0\|\|(\d{1,16})\|$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? { at: Number(match[1]), id: Number(match[2]) } : null;
}

function invalid(description: string, status = 400): ApiResult {
  return { status, body: { error: 'InvalidValue', description } };
}

export function exportTicketsByCursor(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const params = request.url.searchParams;
  const now = deps.now();
  const cursorParam = params.get('cursor');
  const startParam = params.get('start_time');
  let perPage = MAX_PER_PAGE;
  if (params.has('per_page')) {
    const asked = params.get('per_page')!;
    if (!/^\d{1,7}$/.test(asked) || Number(asked) < 1) return invalid('per_page must be a positive integer');
    perPage = Math.min(MAX_PER_PAGE, Number(asked));
  }
  // The cursor, when given, carries the position; start_time is for the first request only.
  let from: Position;
  let inclusive: boolean;
  if (cursorParam !== null && cursorParam !== '') {
    const decoded = decodeCursor(cursorParam);
    if (decoded === null) return invalid('cursor is not a cursor this endpoint handed out');
    from = decoded;
    inclusive = false;
  } else if (startParam !== null) {
    if (!/^\d{1,12}$/.test(startParam)) return invalid('start_time must be a unix epoch time in seconds');
    const startTime = Number(startParam);
    if (startTime * 1000 > now - EXPORT_LAG_MS) {
      return invalid('Too recent start_time. Use a start_time older than 1 minute.', 422);
    }
    from = { at: startTime, id: 0 };
    inclusive = true;
  } else {
    return invalid('start_time or cursor is required');
  }

  const state = deps.state();
  const newest = Math.floor((now - EXPORT_LAG_MS) / 1000);
  const eligible = state.tickets
    .map((ticket) => ({ ticket, position: positionOf(ticket) }))
    .filter(({ position }) => position.at <= newest && (inclusive ? position.at >= from.at : after(position, from)))
    .sort((a, b) => a.position.at - b.position.at || a.position.id - b.position.id);
  const page = eligible.slice(0, perPage);
  const endOfStream = page.length === eligible.length;
  const last = page[page.length - 1];
  const afterCursor = last ? encodeCursor(last.position) : inclusive ? null : cursorParam;
  const beforeCursor = page[0] ? encodeCursor(page[0].position) : null;
  const url = (cursor: string | null) =>
    cursor === null ? null : `${request.origin}${PATH}?cursor=${encodeURIComponent(cursor)}`;
  return {
    status: 200,
    body: {
      tickets: page.map(({ ticket, position }) => ({
        ...renderTicket(state, ticket, request.origin),
        generated_timestamp: position.at,
      })),
      after_url: url(afterCursor),
      after_cursor: afterCursor,
      before_url: url(beforeCursor),
      before_cursor: beforeCursor,
      end_of_stream: endOfStream,
    },
  };
}
