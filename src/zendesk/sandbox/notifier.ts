import { deliverInvocation, type DeliveryDeps, type InvocationRecord } from './delivery.js';
import { isoSeconds, type SandboxState, type StoredWebhook } from './state.js';
import { matchingTriggers, renderBodyTemplate, type UpdateContext } from './triggers.js';
import { takeWebhookFault, type WebhookFault } from './webhook-faults.js';

// The outgoing side: which triggers an update sets off, and the webhook calls they make, faults included.

export interface NotifierDeps extends Omit<DeliveryDeps, 'accountId' | 'signedAt'> {
  state: () => SandboxState;
  newInvocationId: () => string;
}

interface HeldInvocation {
  /** The sandbox time from which it is redelivered. */
  due: number;
  signedAt: string;
  webhook: StoredWebhook;
  record: InvocationRecord;
}

export function createNotifier(deps: NotifierDeps) {
  let faults: WebhookFault[] = [];
  let held: HeldInvocation[] = [];
  const pending = new Set<Promise<unknown>>();

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
    return promise;
  }

  function deliver(webhook: StoredWebhook, record: InvocationRecord, signedAt?: string): Promise<InvocationRecord> {
    return deliverInvocation(webhook, record, {
      ...deps,
      accountId: deps.state().accountId,
      ...(signedAt !== undefined ? { signedAt } : {}),
    });
  }

  /** Sends one invocation as its fault (if any) says; resolves when what is sent now has been answered. */
  async function send(webhook: StoredWebhook, record: InvocationRecord): Promise<InvocationRecord> {
    const fault = takeWebhookFault(faults, webhook.id);
    if (fault) record.fault = fault.webhook;
    switch (fault?.webhook) {
      case 'drop':
        return record;
      case 'late': {
        const now = deps.now();
        held.push({ due: now + (fault.delayMs ?? 0), signedAt: isoSeconds(now), webhook, record });
        return record;
      }
      case 'delay':
        await deps.sleep(fault.delayMs ?? 0);
        return deliver(webhook, record);
      case 'duplicate':
        await deliver(webhook, record);
        return deliver(webhook, record);
      default:
        return deliver(webhook, record);
    }
  }

  /** Evaluates the triggers for one update and sends each matching webhook; resolves with the invocations. */
  function fire(update: UpdateContext, origin: string): { records: InvocationRecord[]; done: Promise<unknown> } {
    const state = deps.state();
    const records: InvocationRecord[] = [];
    const sends: Promise<InvocationRecord>[] = [];
    for (const trigger of matchingTriggers(state.triggers, update)) {
      for (const action of trigger.actions) {
        if (action.field !== 'notification_webhook' || !Array.isArray(action.value)) continue;
        const [webhookId, template] = action.value as [string, string];
        const webhook = state.webhooks.find((candidate) => candidate.id === webhookId && candidate.status === 'active');
        if (!webhook) continue;
        const record: InvocationRecord = {
          invocationId: deps.newInvocationId(),
          webhookId,
          triggerId: trigger.id,
          ticketId: update.ticket.id,
          endpoint: webhook.endpoint,
          body: renderBodyTemplate(template, update, origin, webhook.request_format),
          delivered: false,
          attempts: [],
        };
        records.push(record);
        sends.push(send(webhook, record));
      }
    }
    return { records, done: track(Promise.all(sends)) };
  }

  /** Redelivers the late invocations whose time has come on the sandbox's clock. */
  function releaseDue(now: number): void {
    const due = held.filter((item) => item.due <= now);
    if (due.length === 0) return;
    held = held.filter((item) => item.due > now);
    for (const item of due) void track(deliver(item.webhook, item.record, item.signedAt));
  }

  return {
    fire,
    releaseDue,
    faults: () => faults,
    addFault: (fault: WebhookFault) => faults.push(fault),
    reset() {
      faults = [];
      held = [];
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
