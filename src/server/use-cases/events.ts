import { createHash } from 'node:crypto';
import { applyEvent, type EventInput as LifecycleEvent } from '../../core/lifecycle/index.js';
import { lifecycleContextIn } from '../changes/context.js';
import { KeyReused, Refused } from '../errors.js';
import type { EventInput } from '../http/input.js';
import type { AgentRef, IdempotencyRecord } from '../store/types.js';
import type { EventAccepted } from '../views/ticket.js';
import { upgradeOf, type UseCaseDeps } from './deps.js';

/** Idempotency keys are kept at least this long (docs/API.md, Idempotency: 7 days); purged a day later. */
export const IDEMPOTENCY_RETENTION_MS = 8 * 24 * 3_600_000;

type EventOutcome = { ok: true; accepted: EventAccepted } | { ok: false; code: string; message: string };

/**
 * `POST /api/tickets/:id/events`: applies a pipeline's event under its idempotency key, in one transaction with the
 * key's record. The same key and body answer as the first time did (a refusal too, thrown as `Refused` with
 * `replayed`); the same key with another body is `KeyReused`.
 */
export async function reportEvent(
  deps: UseCaseDeps,
  ticketId: number,
  input: EventInput,
  key: string,
  agent: AgentRef | null,
): Promise<{ accepted: EventAccepted; replayed: boolean }> {
  const now = deps.now();
  const requestHash = hashOf(input);
  const { outcome, replayed } = await deps.store.transaction(async (tx) => {
    const stored = await tx.getIdempotency(ticketId, key);
    if (stored !== null && stored.createdAt >= now - IDEMPOTENCY_RETENTION_MS) {
      if (stored.requestHash !== requestHash) {
        throw new KeyReused(
          `the Idempotency-Key "${key}" was used for a different event on this ticket; use a new key`,
        );
      }
      return { outcome: outcomeOf(stored), replayed: true };
    }
    const { upgrade: before, version } = await upgradeOf(tx, ticketId);
    const context = await lifecycleContextIn(tx, deps.policy, ticketId, now);
    const result = applyEvent(before, lifecycleEvent(input, key), context);
    let outcome: EventOutcome;
    if (!result.ok) {
      outcome = { ok: false, code: result.code, message: result.reason };
    } else {
      await deps.changes.write(tx, { ticketId, version, before, result, agent, now, cause: input.type, detail: input });
      outcome = { ok: true, accepted: { accepted: true, ticketId, type: input.type, state: result.upgrade.state } };
    }
    await tx.putIdempotency({ ticketId, key, requestHash, createdAt: now, ...recordOf(outcome) });
    return { outcome, replayed: false };
  });
  if (!outcome.ok) throw new Refused(outcome.code, outcome.message, {}, replayed);
  if (!replayed) deps.onEnqueued();
  return { accepted: outcome.accepted, replayed };
}

/**
 * A key's record keeps the answer as the caller first got it, in the form the table has always had (status 202
 * with the acceptance, 409 with the refusal's `{ error: { code, message } }`), so a replay answers the same.
 */
function recordOf(outcome: EventOutcome): Pick<IdempotencyRecord, 'status' | 'body'> {
  return outcome.ok
    ? { status: 202, body: outcome.accepted }
    : { status: 409, body: { error: { code: outcome.code, message: outcome.message } } };
}

function outcomeOf(record: IdempotencyRecord): EventOutcome {
  if (record.status === 202) return { ok: true, accepted: record.body as EventAccepted };
  const error = (record.body as { error: { code: string; message: string } }).error;
  return { ok: false, code: error.code, message: error.message };
}

/** A reported event in the lifecycle's terms: absent options are null. */
export function lifecycleEvent(input: EventInput, key: string): LifecycleEvent {
  return {
    type: input.type,
    instance: input.instance ?? null,
    reason: input.reason ?? null,
    anticipatedEnd: input.anticipatedEnd ?? null,
    key,
  };
}

/** A stable hash of a request body: keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
