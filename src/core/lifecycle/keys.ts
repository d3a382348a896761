/**
 * Idempotency keys: an event or decision applied once answers the same key again as it did the first time, with
 * no effects; a key reused for something else is refused.
 */
import type { Instant } from '../types.js';
import { refuse } from './rules.js';
import type { Accepted, LifecycleResult, Upgrade } from './types.js';

export function replayOf(upgrade: Upgrade, key: string, type: string, instance: string | null): LifecycleResult | null {
  if (key.trim() === '') return refuse('KEY_REQUIRED', 'every event needs an idempotency key');
  const applied = upgrade.appliedKeys[key];
  if (applied === undefined) return null;
  if (applied.type !== type || applied.instance !== instance) {
    const what = applied.instance === null ? applied.type : `${applied.type} of instance \`${applied.instance}\``;
    return refuse('KEY_REUSED', `the key "${key}" was already used for ${what}`);
  }
  return { ok: true, upgrade, effects: [], replayed: true };
}

/** The accepted step with its key recorded, so that the same key again is answered by `replayOf`. */
export function withAppliedKey(
  result: Accepted,
  key: string,
  type: string,
  instance: string | null,
  at: Instant,
): Accepted {
  const next: Upgrade = {
    ...result.upgrade,
    appliedKeys: { ...result.upgrade.appliedKeys, [key]: { type, instance, at, state: result.upgrade.state } },
  };
  return { ...result, upgrade: next };
}
