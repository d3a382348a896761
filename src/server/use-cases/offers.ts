import { DEFAULT_OFFER_COUNT, offerWindows, type LifecycleResult, type Upgrade } from '../../core/lifecycle/index.js';
import { listWindows, type Policy } from '../../core/schedule.js';
import type { Window } from '../../core/types.js';
import { bookingCountsAt } from '../changes/context.js';
import { refusedBy } from '../errors.js';
import type { AgentRef } from '../store/types.js';
import type { TicketView } from '../views/ticket.js';
import { upgradeOf, type UseCaseDeps } from './deps.js';
import { productFor } from './products.js';
import { readTicket } from './reads.js';

/** `POST /api/tickets/:id/offer` as the use cases receive it. */
export interface OfferInput {
  count?: number | undefined;
  product?: string | undefined;
}

/**
 * The next `count` eligible windows of the ticket's product for a request made at `now`, counting the other
 * tickets' bookings (`counts`), as the lifecycle's windows. Bounded by `count` (at most 5).
 */
export function eligibleWindows(
  policy: Policy,
  now: number,
  counts: Map<number, number>,
  count: number,
  product: string | undefined,
): Window[] {
  return listWindows(policy, {
    ...(product !== undefined ? { product } : {}),
    requestAt: now,
    count,
    booked: (start) => counts.get(start) ?? 0,
  }).map((offer) => ({ rule: offer.rule, start: offer.start, end: offer.end, timeZone: offer.timeZone }));
}

/**
 * The lifecycle's offer of the next eligible windows (docs/REPLIES.md, Offers), keeping the ticket's product.
 * `reason` says why the windows are offered again (the chosen one filled up meanwhile).
 */
export function offerNext(
  upgrade: Upgrade,
  input: OfferInput,
  policy: Policy,
  now: number,
  counts: Map<number, number>,
  reason: string | null = null,
): LifecycleResult {
  const product = productFor(policy, input.product, upgrade.product, true);
  const windows = eligibleWindows(policy, now, counts, input.count ?? DEFAULT_OFFER_COUNT, product);
  const offered = product !== undefined ? { ...upgrade, product } : upgrade;
  return offerWindows(offered, windows, { now, policy }, reason);
}

/** `POST /api/tickets/:id/offer`: posts `window_offered` with the next eligible windows; state `offered`. */
export async function offerTicketWindows(
  deps: UseCaseDeps,
  ticketId: number,
  input: OfferInput,
  agent: AgentRef | null,
): Promise<TicketView> {
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    const { upgrade, version } = await upgradeOf(tx, ticketId);
    const counts = await bookingCountsAt(tx, ticketId, now);
    const result = offerNext(upgrade, input, deps.policy, now, counts);
    if (!result.ok) throw refusedBy(result);
    const detail = { count: result.upgrade.offer?.windows.length ?? 0 };
    await deps.changes.write(tx, { ticketId, version, before: upgrade, result, agent, now, cause: 'offer', detail });
  });
  deps.onEnqueued();
  return readTicket(deps, ticketId);
}
