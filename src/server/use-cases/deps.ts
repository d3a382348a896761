import { newUpgrade, type Upgrade } from '../../core/lifecycle/index.js';
import type { Policy } from '../../core/schedule.js';
import type { ChangeWriter } from '../changes/write.js';
import type { DeliveryComment, RenderedDelivery, Requester } from '../delivery/worker.js';
import type { RequesterDirectory } from '../requesters.js';
import type { StoreOps, Store, UpgradeRecord } from '../store/types.js';

/** What every use case may use: the store, the policy, the change writer, the requesters and the clock. */
export interface UseCaseDeps {
  store: Store;
  policy: Policy;
  changes: ChangeWriter;
  requesters: RequesterDirectory;
  render: (comment: DeliveryComment, requester: Requester) => RenderedDelivery;
  now: () => number;
  /** Called after a commit that queued deliveries (wakes the delivery worker). */
  onEnqueued: () => void;
}

/** The ticket's stored upgrade and its version, or a new one at version 0 for a ticket never seen. */
export async function upgradeOf(
  store: Pick<StoreOps, 'getUpgrade'>,
  ticketId: number,
): Promise<{ upgrade: Upgrade; version: number; record: UpgradeRecord | null }> {
  const record = await store.getUpgrade(ticketId);
  return { upgrade: record?.upgrade ?? newUpgrade(String(ticketId)), version: record?.version ?? 0, record };
}
