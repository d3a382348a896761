import { NotFound, Refused } from '../errors.js';
import type { TicketView } from '../views/ticket.js';
import type { UseCaseDeps } from './deps.js';
import { readTicket } from './reads.js';

/** `POST /api/tickets/:id/deliveries/:historyId/retry`: puts a failed delivery back in its queue (the sidebar's "retry"). */
export async function retryDelivery(deps: UseCaseDeps, ticketId: number, historyId: number): Promise<TicketView> {
  const entry = await deps.store.getHistory(historyId);
  if (entry === null || entry.ticketId !== ticketId) {
    throw new NotFound(`ticket ${ticketId} has no history entry ${historyId}`);
  }
  if (entry.outboxId === null || entry.delivery.status !== 'failed') {
    throw new Refused('NOT_FAILED', `history entry ${historyId} is ${entry.delivery.status}, not a failed delivery`);
  }
  await deps.store.requeue(entry.outboxId, deps.now());
  deps.onEnqueued();
  return readTicket(deps, ticketId);
}
