import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { ZafClient } from '../zaf/client.js';

/**
 * Wraps `client.invoke('resize', ...)`: the iframe follows the height of `ref`'s element. The positional
 * form is required: the bulk `invoke({ resize: [...] })` accepts only arrays of strings (src/app/README.md).
 */
export function useResize(client: ZafClient, ref: RefObject<HTMLElement | null>): void {
  const lastHeight = useRef<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const resize = () => {
      const height = Math.ceil(element.getBoundingClientRect().height || element.scrollHeight);
      if (height === lastHeight.current) return;
      lastHeight.current = height;
      void client.invoke('resize', { width: '100%', height: `${height}px` }).catch(() => undefined);
    };
    resize();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    return () => observer.disconnect();
  }, [client, ref]);
}
