import { randomUUID } from 'node:crypto';
import { applyDecision, type DecisionInput } from '../../core/lifecycle/index.js';
import { lifecycleContextIn } from '../changes/context.js';
import { refusedBy } from '../errors.js';
import type { AgentRef } from '../store/types.js';
import type { TicketView } from '../views/ticket.js';
import { upgradeOf, type UseCaseDeps } from './deps.js';
import { readTicket } from './reads.js';

/**
 * `POST /api/tickets/:id/decision`: an agent records the customer's GO or NO-GO (docs/API.md, POST /api/tickets/:id/decision), under the same
 * lifecycle rules as a reply, recorded as the agent's; it clears an open review. A refusal changes nothing.
 */
export async function recordAgentDecision(
  deps: UseCaseDeps,
  ticketId: number,
  input: { decision: 'GO' | 'NO_GO'; note?: string | undefined },
  agent: AgentRef | null,
): Promise<TicketView> {
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    const { upgrade: before, version } = await upgradeOf(tx, ticketId);
    const result = applyDecision(
      before,
      agentDecisionInput(input, agent, now),
      await lifecycleContextIn(tx, deps.policy, ticketId, now),
    );
    if (!result.ok) throw refusedBy(result);
    const detail = { decision: input.decision, note: input.note ?? null };
    await deps.changes.write(tx, { ticketId, version, before, result, agent, now, cause: 'decision_recorded', detail });
  });
  deps.onEnqueued();
  return readTicket(deps, ticketId);
}

/** An agent's decision in the lifecycle's terms; the preview route builds the same one. */
export function agentDecisionInput(
  input: { decision: 'GO' | 'NO_GO'; note?: string | undefined },
  agent: AgentRef | null,
  now: number,
): DecisionInput {
  const who = agent === null ? 'an agent' : describeAgent(agent);
  return {
    value: input.decision,
    at: now,
    by: who,
    evidence: input.note ?? `recorded by ${who}`,
    // Unique per action: an agent's decision is an act, not a replayable comment.
    commentId: `agent:${now}:${randomUUID()}`,
    source: 'agent',
  };
}

/** How an agent appears in the "decision by" field: `Sam Rivera (381)`, or whichever of the two is known. */
export function describeAgent(agent: AgentRef): string {
  if (agent.name !== null && agent.id !== null) return `${agent.name} (${agent.id})`;
  return agent.name ?? agent.id ?? 'an agent';
}
