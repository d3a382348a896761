import type { BookingsRequest } from '../../contract/bookings.js';
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

/** `GET /api/bookings`: active bookings in a range; with `conflicts`, only those the policy in force no longer allows. */
export async function listBookingsView(deps: UseCaseDeps, query: BookingsRequest): Promise<BookingView[]> {
  const bookings = await deps.store.listBookings({
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
  });
  if (query.conflicts !== true || bookings.length === 0) return bookings.map((booking) => bookingView(booking));
  // In start order: the first listed booking's window is the earliest whose count matters.
  const counts = await deps.store.activeBookingCounts(undefined, bookings[0]!.start);
  return bookings
    .map((booking) => ({ booking, reasons: conflictsOf(deps, booking, counts) }))
    .filter((row) => row.reasons.length > 0)
    .map(({ booking, reasons }) => bookingView(booking, reasons));
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
