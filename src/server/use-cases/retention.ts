import type { Store } from '../store/types.js';
import { IDEMPOTENCY_RETENTION_MS } from './events.js';

/**
 * Processed webhook invocations are kept this long, as the idempotency keys are. A row is only the record that an
 * invocation id was already taken: Zendesk retries an invocation within minutes, and comments are judged once
 * through `processed_comments` (kept), so a row older than this prevents nothing. Without a purge the inbox grows
 * with every webhook ever received, and its writer's cost with it (docs/DECISIONS.md, 61).
 */
export const INBOX_RETENTION_MS = IDEMPOTENCY_RETENTION_MS;
/**
 * Invocations forgotten per store call, and the pause after each: acceptance first. Each batch shares a commit of
 * the inbox writer with the webhooks arriving meanwhile, and its deletes spread over the inbox's random-id index:
 * unpaced, 200 at a time, a purge raised the webhook p99 at 1,000/s from 7-10 ms to 40-46 ms (docs/DECISIONS.md,
 * 61). Paced so, it forgets at most 500 invocations a second (about 440 while accepting 1,000 webhooks a second),
 * 1.8 million an hour: the inbox stays flat while webhooks average less than that (each is a customer's comment).
 */
export const INBOX_PURGE_BATCH = 10;
export const INBOX_PURGE_GAP_MS = 20;

export interface RetentionDeps {
  store: Pick<Store, 'purgeIdempotency' | 'purgeInbox'>;
  /** The clock that stamps idempotency keys (the use cases'). */
  now: () => number;
  /** The clock that stamps an invocation processed (the inbox worker's, start.ts's `deliveryClock`). */
  workNow: () => number;
}

export interface Purged {
  keys: number;
  invocations: number;
}

/**
 * Forgets the idempotency keys and the processed webhook invocations past their retention, the invocations in
 * paced batches until the store has none left to look at or `stopping()` says so.
 */
export async function purgeExpired(deps: RetentionDeps, stopping: () => boolean = () => false): Promise<Purged> {
  const keys = await deps.store.purgeIdempotency(deps.now() - IDEMPOTENCY_RETENTION_MS);
  const before = deps.workNow() - INBOX_RETENTION_MS;
  let invocations = 0;
  let from: number | null = 0;
  while (from !== null && !stopping()) {
    const batch = await deps.store.purgeInbox(before, INBOX_PURGE_BATCH, from);
    invocations += batch.forgotten;
    from = batch.next;
    if (from !== null) await pause(INBOX_PURGE_GAP_MS);
  }
  return { keys, invocations };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
