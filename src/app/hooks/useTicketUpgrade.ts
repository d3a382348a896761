import type { BackendApi } from '../api/backend.js';
import { useRequest } from './useRequest.js';

/** Wraps `GET /api/tickets/:id`: the ticket's upgrade. */
export function useTicketUpgrade(api: BackendApi, ticketId: string) {
  return useRequest(`ticket:${ticketId}`, () => api.getTicket());
}
