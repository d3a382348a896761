import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export type ActionState =
  { status: 'idle' } | { status: 'sending' } | { status: 'error'; error: Error } | { status: 'done' };

/**
 * Wraps one agent action (a POST or DELETE): `run()` sends it, `state` shows progress and the failure,
 * and `run()` again is the retry. Answers arriving after unmount are dropped.
 */
export function useAction(send: () => Promise<unknown>, onDone?: () => void): { state: ActionState; run: () => void } {
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const latest = useRef({ send, onDone });
  // Updated after each render (not during it), so `run` stays stable and still calls the latest callbacks.
  useLayoutEffect(() => {
    latest.current = { send, onDone };
  });
  const run = useCallback(() => {
    setState({ status: 'sending' });
    latest.current.send().then(
      () => {
        if (!live.current) return;
        setState({ status: 'done' });
        latest.current.onDone?.();
      },
      (error: unknown) =>
        live.current && setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }, []);
  return { state, run };
}
