import { findProduct, listWindows, nextEligibleWindow, type Policy } from '../../core/schedule.js';
import { DAY_MS } from '../../core/time/calendar.js';
import type { LifecycleContext } from '../../core/lifecycle/index.js';
import type { Window } from '../../core/types.js';
import type { StoreOps } from '../store/types.js';

/** How far a No-Go or a rollback looks for the next window (within a year, docs/LIFECYCLE.md), as the engine does. */
const YEAR_MS = 366 * DAY_MS;

/**
 * How many bookings other than `ticketId`'s each window holds, for a request at `requestAt`: the windows from a
 * month before it, so a decision read late still sees the windows around it, while the counts never read the years
 * of finished windows whose bookings stay active (docs/DECISIONS.md, 49).
 */
export function bookingCountsAt(
  ops: Pick<StoreOps, 'activeBookingCounts'>,
  ticketId: number | undefined,
  requestAt: number,
): Promise<Map<number, number>> {
  return ops.activeBookingCounts(ticketId, requestAt - 31 * DAY_MS);
}

/**
 * The lifecycle's context: the clock, the policy and the next window, counting the other tickets' bookings. With
 * the ticket's product, the next window is one of its product's (a product the policy no longer has counts as none).
 */
export function lifecycleContext(
  policy: Policy,
  counts: Map<number, number>,
  now: number,
  product?: string,
): LifecycleContext {
  const booked = (start: number) => counts.get(start) ?? 0;
  const served = product !== undefined && findProduct(policy, product) !== null ? product : undefined;
  return {
    now,
    policy,
    nextWindow: (requestAt, except) => {
      const offer =
        except === undefined
          ? nextEligibleWindow(policy, requestAt, booked, served)
          : // The first two eligible windows: one of them is not the excepted one.
            (listWindows(policy, {
              ...(served !== undefined ? { product: served } : {}),
              requestAt,
              count: 2,
              booked,
            }).find((candidate) => candidate.start !== except.start || candidate.rule !== except.rule) ?? null);
      if (offer === null || offer.start >= requestAt + YEAR_MS) return null;
      return { rule: offer.rule, start: offer.start, end: offer.end, timeZone: offer.timeZone } satisfies Window;
    },
  };
}

/** The same, read in a transaction for `ticketId` (its own booking does not count against it). */
export async function lifecycleContextIn(
  tx: StoreOps,
  policy: Policy,
  ticketId: number,
  now: number,
): Promise<LifecycleContext> {
  const record = await tx.getUpgrade(ticketId);
  const counts = await bookingCountsAt(tx, ticketId, now);
  return lifecycleContext(policy, counts, now, record?.upgrade.product);
}
