import type { BackendError } from '../api/backend.js';

/** Every wait in the sidebar is one of these; `RequestView` renders them all the same way. */
export type RequestState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: BackendError | Error }
  | { status: 'empty' }
  | { status: 'data'; data: T };

export const LOADING: RequestState<never> = { status: 'loading' };

/** The state a finished request lands in: `empty` when `isEmpty` says the answer holds nothing to show. */
export function settledState<T>(data: T, isEmpty: (data: T) => boolean = () => false): RequestState<T> {
  return isEmpty(data) ? { status: 'empty' } : { status: 'data', data };
}
