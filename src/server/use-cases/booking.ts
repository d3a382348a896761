import { book, cancel, type Upgrade } from '../../core/lifecycle/index.js';
import { checkStart, type Policy } from '../../core/schedule.js';
import type { Window } from '../../core/types.js';
import { bookingCountsAt, lifecycleContext } from '../changes/context.js';
import { Refused, refusedBy } from '../errors.js';
import type { BookingInput } from '../http/input.js';
import type { AgentRef } from '../store/types.js';
import type { TicketView } from '../views/ticket.js';
import { upgradeOf, type UseCaseDeps } from './deps.js';
import { productFor } from './products.js';
import { readTicket } from './reads.js';

/**
 * The one booking check, for booking and its preview alike: the proposed start must be a bookable window now
 * (docs/CLI.md, check), counting the other tickets' bookings; otherwise WINDOW_UNAVAILABLE with the reasons.
 */
export function bookableWindow(
  policy: Policy,
  input: BookingInput,
  now: number,
  counts: Map<number, number>,
  product?: string,
): Window {
  const check = checkStart(policy, {
    ...(product !== undefined ? { product } : {}),
    start: input.start,
    requestAt: now,
    class: input.class,
    ...(input.duration !== undefined ? { durationMinutes: input.duration } : {}),
    ...(input.overrideBlackout === true ? { overrideBlackout: true } : {}),
    booked: (start) => counts.get(start) ?? 0,
  });
  if (!check.ok || check.window === null) {
    const message = check.reasons.map((reason) => reason.message).join(' ') || 'this window cannot be booked';
    throw new Refused('WINDOW_UNAVAILABLE', message, { reasons: check.reasons });
  }
  return check.window;
}

/** The lifecycle's booking of a checked window (a first booking or a move), keeping the ticket's product. */
export function bookChecked(
  upgrade: Upgrade,
  input: BookingInput,
  window: Window,
  now: number,
  counts: Map<number, number>,
  policy: Policy,
  product?: string,
) {
  return book(
    product !== undefined ? { ...upgrade, product } : upgrade,
    { window, class: input.class, reason: input.reason ?? null, requestedAt: now },
    lifecycleContext(policy, counts, now, product),
  );
}

/** `POST /api/tickets/:id/window`: books the window or moves the booking there; `created` for a first booking. */
export async function bookWindow(
  deps: UseCaseDeps,
  ticketId: number,
  input: BookingInput,
  agent: AgentRef | null,
): Promise<{ created: boolean; ticket: TicketView }> {
  const now = deps.now();
  const created = await deps.store.transaction(async (tx) => {
    const { upgrade, version } = await upgradeOf(tx, ticketId);
    const counts = await bookingCountsAt(tx, ticketId, Math.min(now, input.start));
    const product = productFor(deps.policy, input.product, upgrade.product, true);
    const window = bookableWindow(deps.policy, input, now, counts, product);
    const hadBooking = (await tx.activeBooking(ticketId)) !== null;
    const result = bookChecked(upgrade, input, window, now, counts, deps.policy, product);
    if (!result.ok) throw refusedBy(result);
    await deps.changes.write(tx, { ticketId, version, before: upgrade, result, agent, now, cause: 'booking' });
    return !hadBooking;
  });
  deps.onEnqueued();
  return { created, ticket: await readTicket(deps, ticketId) };
}

/** `DELETE /api/tickets/:id/window`: withdraws the booking before the upgrade starts. */
export async function cancelWindow(deps: UseCaseDeps, ticketId: number, agent: AgentRef | null): Promise<TicketView> {
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    const { upgrade, version, record } = await upgradeOf(tx, ticketId);
    if (record === null || (await tx.activeBooking(ticketId)) === null) {
      throw new Refused('NO_BOOKING', `ticket ${ticketId} has no booked window to cancel`);
    }
    const counts = await bookingCountsAt(tx, ticketId, now);
    const result = cancel(upgrade, lifecycleContext(deps.policy, counts, now, upgrade.product));
    if (!result.ok) throw refusedBy(result);
    await deps.changes.write(tx, { ticketId, version, before: upgrade, result, agent, now, cause: 'cancellation' });
  });
  deps.onEnqueued();
  return readTicket(deps, ticketId);
}
