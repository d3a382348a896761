import { useCallback, useEffect, useState } from 'react';
import { LOADING, settledState, type RequestState } from '../state/requestState.js';

/**
 * Runs `load` when `key` changes or `reload()` is called, as a `RequestState`. `refresh()` loads again without
 * showing progress: the answer on screen stays until the new one replaces it, and a failed refresh keeps it (the
 * next refresh tries again). A request still in flight when the component unmounts or the key changes is
 * abandoned: its answer never reaches the state (`client.request` cannot be aborted, so it is ignored instead).
 */
export function useRequest<T>(
  key: string,
  load: () => Promise<T>,
  isEmpty?: (data: T) => boolean,
): { state: RequestState<T>; reload: () => void; refresh: () => void } {
  const [generation, setGeneration] = useState({ count: 0, quiet: false });
  // The settled answer remembers which request it answers; any other request is still loading (or, for a quiet
  // refresh of the same key, still shows the previous answer). No setState inside the effect's body.
  const [settled, setSettled] = useState<{ request: string; key: string; state: RequestState<T> } | null>(null);
  const request = `${generation.count}:${key}`;
  const quiet = generation.quiet;
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setSettled({ request, key, state: settledState(data, isEmpty) }),
      (error: unknown) =>
        live &&
        setSettled((shown) =>
          quiet && shown?.key === key && shown.state.status !== 'error'
            ? { ...shown, request }
            : { request, key, state: { status: 'error', error: asError(error) } },
        ),
    );
    return () => {
      live = false;
    };
    // `load` and `isEmpty` are new closures on every render; `request` names what they fetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  const state = settled?.request === request ? settled.state : quiet && settled?.key === key ? settled.state : LOADING;
  const reload = useCallback(() => setGeneration((g) => ({ count: g.count + 1, quiet: false })), []);
  const refresh = useCallback(() => setGeneration((g) => ({ count: g.count + 1, quiet: true })), []);
  return { state, reload, refresh };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
