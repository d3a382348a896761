import { z } from 'zod';

// Zendesk's Incremental Ticket Export, cursor based: `GET /api/v2/incremental/tickets/cursor.json` with `start_time`
// (unix seconds, at least one minute old) for the first page and `cursor` (the last page's `after_cursor`) after
// that. Tickets come in the order of their last change, a ticket changed again comes again, and `end_of_stream` says
// the page reached the present (less Zendesk's last minute). Documented at
// developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/ (docs/DECISIONS.md, 53).

/** Where an export starts: a start time (the first request) or the cursor a previous page handed out. */
export type ExportFrom = { startTime: number } | { cursor: string };

/** Zendesk's largest page (and its default). */
export const EXPORT_MAX_PER_PAGE = 1000;

const exportedTicket = z.looseObject({
  id: z.number().int().positive(),
  /** `deleted` for a ticket deleted since (the export lists those unless `exclude_deleted=true`). */
  status: z.string(),
  updated_at: z.string(),
  /** The second of the ticket's last change of any kind, which the export orders by. */
  generated_timestamp: z.number().int().optional(),
});

/** One page, as Zendesk answers it (its tickets keep every other key Zendesk sends). */
export const exportPageSchema = z.looseObject({
  tickets: z.array(exportedTicket),
  after_cursor: z.string().nullable(),
  after_url: z.string().nullable(),
  before_cursor: z.string().nullable().optional(),
  before_url: z.string().nullable().optional(),
  end_of_stream: z.boolean(),
});

export type ExportPage = z.infer<typeof exportPageSchema>;
export type ExportedTicket = z.infer<typeof exportedTicket>;

/** The query of one export request; throws, naming the argument, on a start time or cursor no request should carry. */
export function exportQuery(from: ExportFrom, perPage: number | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if ('cursor' in from) {
    if (typeof from.cursor !== 'string' || from.cursor === '')
      throw new Error('exportTickets: cursor must not be empty');
    query.cursor = from.cursor;
  } else {
    if (!Number.isSafeInteger(from.startTime) || from.startTime < 0)
      throw new Error(`exportTickets: startTime must be unix seconds (an integer of 0 or more), got ${from.startTime}`);
    query.start_time = String(from.startTime);
  }
  if (perPage !== undefined) {
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > EXPORT_MAX_PER_PAGE)
      throw new Error(`exportTickets: perPage must be an integer from 1 to ${EXPORT_MAX_PER_PAGE}, got ${perPage}`);
    query.per_page = String(perPage);
  }
  return query;
}

/** Reads a page off Zendesk's answer; an answer of another shape throws, naming what differs. */
export function parseExportPage(body: unknown): ExportPage {
  const parsed = exportPageSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(
    `Zendesk's incremental ticket export answered an unexpected shape: ${issue.path.join('.') || '(body)'}: ${issue.message}`,
  );
}
