import type { Blackout, Policy } from '../policy/types.js';
import type { Instant } from '../types.js';

/**
 * The policy's blackouts sorted by start, with the latest end among each prefix, so that "does [s, e) overlap
 * a blackout?" is one binary search however many blackouts there are.
 */
interface BlackoutIndex {
  sorted: Blackout[];
  /** prefixEnd[i] is the latest end among sorted[0..i]. */
  prefixEnd: number[];
}

const indexes = new WeakMap<Policy, BlackoutIndex>();

function indexOf(policy: Policy): BlackoutIndex {
  let index = indexes.get(policy);
  if (index === undefined) {
    const sorted = [...policy.blackouts].sort((a, b) => a.start - b.start);
    const prefixEnd: number[] = [];
    sorted.forEach((blackout, i) => prefixEnd.push(Math.max(blackout.end, i > 0 ? prefixEnd[i - 1]! : -Infinity)));
    index = { sorted, prefixEnd };
    indexes.set(policy, index);
  }
  return index;
}

/**
 * The first blackout (by start) that overlaps the half-open window [start, end), or null. Intervals overlap
 * when `start < blackout.end && blackout.start < end`: a window ending exactly when a blackout starts, or
 * starting exactly when one ends, is free.
 */
export function blackoutOverlapping(policy: Policy, start: Instant, end: Instant): Blackout | null {
  const { sorted, prefixEnd } = indexOf(policy);
  // The last blackout that starts before the window ends.
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.start < end) low = middle + 1;
    else high = middle;
  }
  const last = low - 1;
  if (last < 0 || prefixEnd[last]! <= start) return null;
  // The first blackout whose prefix end passes `start` is the first (by start) that ends after it: the prefix end
  // rises there because of its own end. A binary search, so 10,000 blackouts cost 14 steps, not a scan.
  let first = 0;
  high = last;
  while (first < high) {
    const middle = (first + high) >> 1;
    if (prefixEnd[middle]! > start) high = middle;
    else first = middle + 1;
  }
  return sorted[first]!;
}
