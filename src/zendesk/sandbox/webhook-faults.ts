// Webhook delivery faults (`POST /_sandbox/faults` with `webhook`): Zendesk's webhooks are best-effort, and a
// receiver must cope with each of these.
//   drop       the invocation is never sent (a circuit breaker open, a lost call);
//   delay      sent after `delayMs` of real time, signed when sent;
//   duplicate  sent twice with the same invocation id;
//   late       not sent now; redelivered once the sandbox clock has moved `delayMs` past it (`POST /_sandbox/clock`),
//              still signed with the original timestamp, which a receiver's replay window should refuse.

export type WebhookFaultKind = 'drop' | 'delay' | 'duplicate' | 'late';

export interface WebhookFault {
  webhook: WebhookFaultKind;
  /** Only invocations of this webhook (default: any). */
  webhookId?: string;
  delayMs?: number;
  times: number;
}

const KINDS: WebhookFaultKind[] = ['drop', 'delay', 'duplicate', 'late'];
const MAX_DELAY_MS = 30 * 86_400_000;

export type WebhookFaultCheck = { ok: true; fault: WebhookFault } | { ok: false; error: string };

export function parseWebhookFault(raw: Record<string, unknown>): WebhookFaultCheck {
  if (!KINDS.includes(raw.webhook as WebhookFaultKind))
    return { ok: false, error: `webhook must be one of ${KINDS.join(', ')}` };
  const known = new Set(['webhook', 'webhookId', 'delayMs', 'times']);
  const unknown = Object.keys(raw).find((key) => !known.has(key));
  if (unknown !== undefined) return { ok: false, error: `${unknown} does not apply to a webhook fault` };
  if (raw.webhookId !== undefined && (typeof raw.webhookId !== 'string' || raw.webhookId === ''))
    return { ok: false, error: 'webhookId must be a webhook id' };
  if (
    raw.delayMs !== undefined &&
    !(Number.isInteger(raw.delayMs) && (raw.delayMs as number) >= 0 && (raw.delayMs as number) <= MAX_DELAY_MS)
  )
    return { ok: false, error: `delayMs must be an integer from 0 to ${MAX_DELAY_MS} (30 days)` };
  if ((raw.webhook === 'delay' || raw.webhook === 'late') && raw.delayMs === undefined)
    return { ok: false, error: `a ${raw.webhook} fault needs delayMs` };
  const times = raw.times ?? 1;
  if (!(Number.isInteger(times) && (times as number) >= 1))
    return { ok: false, error: 'times must be an integer of at least 1' };
  const fault: WebhookFault = { webhook: raw.webhook as WebhookFaultKind, times: times as number };
  if (raw.webhookId !== undefined) fault.webhookId = raw.webhookId as string;
  if (raw.delayMs !== undefined) fault.delayMs = raw.delayMs as number;
  return { ok: true, fault };
}

/** Takes one use of the first webhook fault for `webhookId`, if any. */
export function takeWebhookFault(faults: WebhookFault[], webhookId: string): WebhookFault | null {
  const index = faults.findIndex((fault) => fault.webhookId === undefined || fault.webhookId === webhookId);
  if (index === -1) return null;
  const fault = faults[index]!;
  fault.times -= 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return { ...fault };
}
