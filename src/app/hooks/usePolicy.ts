import type { BackendApi } from '../api/backend.js';
import { useRequest } from './useRequest.js';

/** Wraps `GET /api/policy`: the vendor's zone and the hot-fix default duration. */
export function usePolicy(api: BackendApi) {
  return useRequest('policy', () => api.getPolicy());
}
