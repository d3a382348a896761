import pino from 'pino';
import { DeliveryWorker, type WorkerDeps } from '../../src/server/delivery/worker.js';
import type { Store } from '../../src/server/store/types.js';

/**
 * Queues `count` public comments of the `step` template on the ticket, in step order, each with the history entry
 * that mirrors its delivery, as the service queues a lifecycle step's comment; each comment's vars are `{ step }`
 * and `vars`. Returns the history entries' ids.
 */
export async function queueStepComments(
  store: Store,
  ticketId: number,
  count: number,
  at: number,
  vars: Record<string, unknown> = {},
): Promise<number[]> {
  const historyIds: number[] = [];
  for (let step = 1; step <= count; step += 1) {
    const history = await store.addHistory({
      ticketId,
      type: 'window_scheduled',
      createdAt: at,
      public: true,
      agent: null,
      detail: null,
    });
    historyIds.push(history.id);
    const payload = { comment: { template: 'step', public: true, vars: { step, ...vars } }, fields: {} };
    await store.enqueue({ ticketId, kind: 'zendesk', payload, createdAt: at }, history.id);
  }
  return historyIds;
}

/** The production delivery worker, silent, rendering each `step` comment as the plain text `text(vars)`. */
export function stepCommentWorker(
  deps: Pick<WorkerDeps, 'store' | 'client' | 'fieldIds' | 'now'>,
  text: (vars: Record<string, unknown>) => string,
): DeliveryWorker {
  return new DeliveryWorker({
    ...deps,
    render: (comment) => {
      const rendered = text(comment.vars);
      return { text: rendered, html: `<p>${rendered}</p>`, attachments: [] };
    },
    logger: pino({ level: 'silent' }),
  });
}
