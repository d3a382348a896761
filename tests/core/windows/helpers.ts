import { parsePolicy, type Policy } from '../../../src/core/schedule.js';
import { formatInstant } from '../../../src/core/time/format.js';

/** A policy for a test: no lead time and the Chicago zone unless the input says otherwise. */
export function policyOf(input: Record<string, unknown>, timeZone = 'America/Chicago'): Policy {
  const result = parsePolicy({ timeZone, leadTime: 'P0D', ...input });
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.policy;
}

export const at = (iso: string): number => Date.parse(iso);

/** A window as `rule start end`, instants printed in its zone. */
export const show = (w: { rule: string; start: number; end: number; timeZone: string }): string =>
  `${w.rule} ${formatInstant(w.start, w.timeZone)} ${formatInstant(w.end, w.timeZone)}`;
