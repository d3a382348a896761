// react-merge-refs 2 (used by Garden's buttons and forms) ships ESM only, which jest's CommonJS runtime cannot
// require and jest.config.cjs does not transform. Each jsdom test maps it here:
//   jest.mock('react-merge-refs', () => jest.requireActual('./mergeRefs'));
// This is the same small function, for tests only.
type Ref<T> = ((value: T) => void) | { current: T | null } | null | undefined;

export function mergeRefs<T>(refs: Ref<T>[]) {
  return (value: T) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(value);
      else if (ref) ref.current = value;
    }
  };
}
