import type { BackendApi } from '../api/backend.js';
import type { WindowOffer } from '../../contract/index.js';
import { useRequest } from './useRequest.js';

/** Wraps `GET /api/windows?all=true&count=40&ticket=:id`: the next windows, bookable or not; empty when none. */
export function useWindowOffers(api: BackendApi, ticketId: string) {
  return useRequest(
    `windows:${ticketId}`,
    () => api.listWindows(),
    (offers: WindowOffer[]) => offers.length === 0,
  );
}
