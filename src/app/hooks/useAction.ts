import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { isRefusal, type BackendError } from '../api/backend.js';

export type ActionState =
  { status: 'idle' } | { status: 'sending' } | { status: 'error'; error: Error } | { status: 'done' };

/**
 * Wraps one agent action (a POST or DELETE): `run()` sends it, `state` shows progress and the failure,
 * and `run()` again is the retry. A refusal calls `onRefused`: what the agent saw was stale, so the caller
 * refreshes it. Answers arriving after unmount are dropped.
 */
export function useAction(
  send: () => Promise<unknown>,
  onDone?: () => void,
  onRefused?: (refusal: BackendError) => void,
): { state: ActionState; run: () => void } {
  const [state, setState] = useState<ActionState>({ status: 'idle' });
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const latest = useRef({ send, onDone, onRefused });
  // Updated after each render (not during it), so `run` stays stable and still calls the latest callbacks.
  useLayoutEffect(() => {
    latest.current = { send, onDone, onRefused };
  });
  const run = useCallback(() => {
    setState({ status: 'sending' });
    latest.current.send().then(
      () => {
        if (!live.current) return;
        setState({ status: 'done' });
        latest.current.onDone?.();
      },
      (failure: unknown) => {
        if (!live.current) return;
        const error = failure instanceof Error ? failure : new Error(String(failure));
        setState({ status: 'error', error });
        if (isRefusal(error)) latest.current.onRefused?.(error);
      },
    );
  }, []);
  return { state, run };
}
