import type { BackendApi } from '../api/backend.js';
import type { WindowOffer } from '../../contract/index.js';
import { useRequest } from './useRequest.js';

/**
 * Wraps `GET /api/windows?all=true&count=40&ticket=:id[&product=]`: the next windows, bookable or not, of
 * `product` when one is chosen; empty when none.
 */
export function useWindowOffers(api: BackendApi, ticketId: string, product?: string) {
  return useRequest(
    `windows:${ticketId}:${product ?? ''}`,
    () => api.listWindows(product),
    (offers: WindowOffer[]) => offers.length === 0,
  );
}
