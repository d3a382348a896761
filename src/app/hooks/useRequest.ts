import { useCallback, useEffect, useState } from 'react';
import { LOADING, settledState, type RequestState } from '../state/requestState.js';

/**
 * Runs `load` when `key` changes or `reload()` is called, as a `RequestState`. A request still in flight
 * when the component unmounts or the key changes is abandoned: its answer never reaches the state
 * (`client.request` cannot be aborted, so it is ignored instead).
 */
export function useRequest<T>(
  key: string,
  load: () => Promise<T>,
  isEmpty?: (data: T) => boolean,
): { state: RequestState<T>; reload: () => void } {
  const [state, setState] = useState<RequestState<T>>(LOADING);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState(LOADING);
    load().then(
      (data) => live && setState(settledState(data, isEmpty)),
      (error: unknown) => live && setState({ status: 'error', error: asError(error) }),
    );
    return () => {
      live = false;
    };
    // `load` and `isEmpty` are new closures on every render; `key` names what they fetch.
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, reload };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
