import { BOOKINGS_PAGE_DEFAULT, type BookingKey, type BookingsRequest } from '../../contract/bookings.js';
import type { WindowsRequest } from '../../contract/windows.js';
import { checkStart, listWindows, type Reason } from '../../core/schedule.js';
import type { BookingRecord } from '../store/types.js';
import { bookingCountsAt } from '../changes/context.js';
import { bookingView, windowView, type BookingView, type WindowView } from '../views/schedule.js';
import { ticketView, type TicketView } from '../views/ticket.js';
import { upgradeOf, type UseCaseDeps } from './deps.js';
import { productFor } from './products.js';

/**
 * `GET /api/windows`: the next windows from `from` (default now), counting the other tickets' bookings; only the
 * windows of `product`, else of the ticket's own product when it has one.
 */
export async function listWindowsView(deps: UseCaseDeps, query: WindowsRequest): Promise<WindowView[]> {
  const stored = query.ticket === undefined ? undefined : (await deps.store.getUpgrade(query.ticket))?.upgrade.product;
  const product = productFor(deps.policy, query.product, stored);
  const requestAt = query.from ?? deps.now();
  const counts = await bookingCountsAt(deps.store, query.ticket, requestAt);
  const offers = listWindows(deps.policy, {
    ...(product !== undefined ? { product } : {}),
    requestAt,
    count: query.count ?? 10,
    booked: (start) => counts.get(start) ?? 0,
    all: query.all === true,
  });
  return offers.map(windowView);
}

/** `GET /api/tickets/:id`: the upgrade, its history and the requester; a ticket never seen is unscheduled. */
export async function readTicket(deps: UseCaseDeps, ticketId: number): Promise<TicketView> {
  const [{ upgrade }, history, requester] = await Promise.all([
    upgradeOf(deps.store, ticketId),
    deps.store.listHistory(ticketId),
    deps.requesters.of(ticketId),
  ]);
  return ticketView(ticketId, upgrade, history, requester, deps.policy, deps.now());
}

/** One page of `GET /api/bookings`, and the key to continue after when the range holds more. */
export interface BookingsPage {
  bookings: BookingView[];
  next: BookingKey | null;
}

/**
 * `GET /api/bookings`: one page of the active bookings in a range, by start then ticket id; with `conflicts`, only
 * those the policy in force no longer allows. The page is taken over the range, then filtered: a conflicts page may
 * hold fewer than `limit` bookings, even none, and still have a next page (docs/DECISIONS.md, 52). Each request
 * reads at most `limit + 1` bookings, the one more telling whether a next page exists.
 */
export async function listBookingsView(deps: UseCaseDeps, query: BookingsRequest): Promise<BookingsPage> {
  const limit = query.limit ?? BOOKINGS_PAGE_DEFAULT;
  const read = await deps.store.listBookings({
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(query.after !== undefined ? { after: query.after } : {}),
    limit: limit + 1,
  });
  const page = read.slice(0, limit);
  const last = page.at(-1);
  const next = read.length > limit && last !== undefined ? { start: last.start, ticketId: last.ticketId } : null;
  if (query.conflicts !== true || last === undefined)
    return { bookings: page.map((booking) => bookingView(booking)), next };
  // The counts of the page's own windows only: the first booking's start to the last's.
  const counts = await deps.store.activeBookingCounts(undefined, page[0]!.start, last.start);
  const bookings = page
    .map((booking) => ({ booking, reasons: conflictsOf(deps, booking, counts) }))
    .filter((row) => row.reasons.length > 0)
    .map(({ booking, reasons }) => bookingView(booking, reasons));
  return { bookings, next };
}

/** Why a booking no longer fits the policy in force: its occurrence is gone, a blackout covers it, or it is over capacity. */
function conflictsOf(deps: UseCaseDeps, booking: BookingRecord, counts: Map<number, number>): Reason[] {
  const others = (counts.get(booking.start) ?? 1) - 1;
  // Asked as if long before the window, so lead time and "in the past" never count as conflicts.
  const check = checkStart(deps.policy, {
    start: booking.start,
    requestAt: booking.start - 400 * 24 * 3_600_000,
    class: booking.class,
    durationMinutes: Math.max(1, Math.round((booking.end - booking.start) / 60_000)),
    booked: (start) => (start === booking.start ? others : 0),
  });
  return check.reasons.filter((reason) => ['NOT_A_WINDOW', 'BLACKOUT', 'FULL'].includes(reason.code));
}
