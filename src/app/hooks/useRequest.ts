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
  const [generation, setGeneration] = useState(0);
  // The settled answer remembers which request it answers; any other request is still loading. This shows
  // LOADING on a new key or a reload without a setState inside the effect.
  const [settled, setSettled] = useState<{ request: string; state: RequestState<T> } | null>(null);
  const request = `${generation}:${key}`;
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setSettled({ request, state: settledState(data, isEmpty) }),
      (error: unknown) => live && setSettled({ request, state: { status: 'error', error: asError(error) } }),
    );
    return () => {
      live = false;
    };
    // `load` and `isEmpty` are new closures on every render; `key` names what they fetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  const state = settled?.request === request ? settled.state : LOADING;
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, reload };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
