import type { Reading } from './read-reply.js';

import type { UpgradeState } from '../lifecycle/types.js';

/** The lifecycle's own states (not a copy): a reply is judged against the upgrade as it stands. */
export type { UpgradeState };

/** What the backend knows of one ticket comment (Zendesk's comment and its author). */
export interface ReplyFacts {
  commentId: number;
  public: boolean;
  /** Zendesk's `via.channel`: "email", "web", "api", … */
  channel: string;
  authorId: number;
  authorRole: 'end-user' | 'agent' | 'admin';
  /** Every organization the author is a member of (Zendesk's memberships, not only the default organization). */
  authorOrganizationIds: readonly number[];
  /** Epoch ms. */
  createdAt: number;
}

/** The ticket's upgrade as far as a reply's meaning depends on it. */
export interface DecisionContext {
  state: UpgradeState;
  requesterId: number;
  /** The ticket's organization (the requester's default one when the ticket has none). */
  requesterOrganizationId: number | null;
  approvers: 'requester' | 'organization';
  /** Users the product itself posts as: their comments never decide. */
  productUserIds: number[];
  /** The open (latest) decision request, if any. */
  decisionRequest: { requestedAt: number } | null;
  /** A decision already captured for that request. */
  capturedForRequest: 'GO' | 'NO_GO' | null;
}

export type Judgement =
  /** Not an approver's public email or web reply: log only. */
  | { action: 'ignore'; why: string }
  /** An approver's, but not actionable now: internal note, no change. */
  | { action: 'note'; why: string }
  /** Apply it. */
  | { action: 'capture'; decision: 'GO' | 'NO_GO' }
  /** UNCLEAR: flag for an agent, internal note quoting the reply. */
  | { action: 'review'; why: string };

const DECIDING_CHANNELS = new Set(['email', 'web']);
/** docs/LIFECYCLE.md, No-Go: a No-Go is accepted before the upgrade starts, while it runs and when asked. */
const NO_GO_STATES = new Set<UpgradeState>(['scheduled', 'in_progress', 'awaiting_decision']);
const CLOSED_STATES = new Set<UpgradeState>(['completed', 'cancelled']);

/**
 * What the backend does with a reply (docs/REPLIES.md), from the comment's facts, its reading and the ticket.
 * Pure: the caller applies the judgement. An open review never blocks: it is not an input here, so a
 * later clear reply is judged like any other and captured.
 */
export function judgeReply(facts: ReplyFacts, reading: Reading, context: DecisionContext): Judgement {
  const notDeciding = whyNotAnApproversReply(facts, context);
  if (notDeciding !== null) return { action: 'ignore', why: notDeciding };
  if (reading.decision === 'UNCLEAR') return { action: 'review', why: reading.evidence };
  const decision = reading.decision;
  const label = decision === 'GO' ? 'GO' : 'NO-GO';
  if (CLOSED_STATES.has(context.state)) {
    return { action: 'note', why: `${label} received after the upgrade was ${context.state}: nothing changed` };
  }
  const request = context.decisionRequest;
  // Zendesk's created_at has whole seconds, the request's instant milliseconds: a reply in the same second as the
  // request answers it (compared to the millisecond, it would look older and be only noted).
  const answersRequest = request !== null && facts.createdAt >= Math.floor(request.requestedAt / 1000) * 1000;
  if (request !== null && context.capturedForRequest !== null) {
    if (!answersRequest) {
      return { action: 'note', why: `${label} written before the open decision request, which already has a decision` };
    }
    if (context.capturedForRequest === decision) {
      return { action: 'note', why: `${label} already recorded for this decision request` };
    }
    const captured = context.capturedForRequest === 'GO' ? 'GO' : 'NO-GO';
    return {
      action: 'review',
      why: `${label} received after ${captured} was already recorded for this decision request: ${reading.evidence}`,
    };
  }
  if (decision === 'GO') {
    if (context.state !== 'awaiting_decision') {
      return { action: 'note', why: `GO received while the upgrade is ${context.state}, not awaiting a decision` };
    }
    if (!answersRequest) {
      return { action: 'note', why: 'GO written before the open decision request was posted: it does not answer it' };
    }
    return { action: 'capture', decision };
  }
  if (!NO_GO_STATES.has(context.state)) {
    return { action: 'note', why: `NO-GO received while the upgrade is ${context.state}: nothing to stop` };
  }
  return { action: 'capture', decision };
}

/** Why a comment may not decide (internal, agent's, product's, other channel, not an approver), or null. */
function whyNotAnApproversReply(facts: ReplyFacts, context: DecisionContext): string | null {
  if (!facts.public) return 'internal note';
  if (context.productUserIds.includes(facts.authorId)) return "the product's own comment";
  if (facts.authorRole !== 'end-user') return `comment by an ${facts.authorRole}`;
  if (!DECIDING_CHANNELS.has(facts.channel)) return `arrived through "${facts.channel}", not email or web`;
  if (facts.authorId === context.requesterId) return null;
  if (
    context.approvers === 'organization' &&
    context.requesterOrganizationId !== null &&
    facts.authorOrganizationIds.includes(context.requesterOrganizationId)
  ) {
    return null;
  }
  return context.approvers === 'organization'
    ? "the author is neither the requester nor a member of the requester's organization"
    : 'the author is not the requester';
}

/** Comments in creation order (then by id), as docs/REPLIES.md takes them, whatever order they arrived in. */
export function orderReplies<T extends { createdAt: number; commentId: number }>(comments: readonly T[]): T[] {
  return [...comments].sort((a, b) => a.createdAt - b.createdAt || a.commentId - b.commentId);
}
