import type { Upgrade } from '../lifecycle/types.js';
import type { Instant } from '../types.js';
import type { DecisionContext, Judgement, ReplyFacts } from './judge-reply.js';

/** What the ticket's history says, as far as a reply's meaning depends on it: entry types and instants. */
export interface HistoryFact {
  type: string;
  createdAt: Instant;
}

/** Who the reply is judged against: the requester, their organization and the product's own users. */
export interface ReplyPeople {
  requesterId: number;
  requesterOrganizationId: number | null;
  productUserIds: number[];
}

/**
 * The ticket as a reply's meaning depends on it. The request a reply may answer is the open one or, once
 * answered, the latest of this run (posted after the upgrade started), so that an opposite reply to a request
 * that already has a decision is UNCLEAR (docs/REPLIES.md) rather than a new decision.
 */
export function decisionContextOf(
  upgrade: Upgrade,
  history: readonly HistoryFact[],
  approvers: DecisionContext['approvers'],
  people: ReplyPeople,
): DecisionContext {
  const requests = history.filter((entry) => entry.type === 'decision_requested');
  const requestedAt = upgrade.decisionRequest?.requestedAt ?? null;
  const lastRequestAt = requestedAt ?? requests[requests.length - 1]?.createdAt ?? null;
  const ofThisRun =
    lastRequestAt !== null &&
    (requestedAt !== null || (upgrade.startedAt !== null && lastRequestAt >= upgrade.startedAt));
  const captured =
    ofThisRun &&
    upgrade.decision !== null &&
    history.some((entry) => entry.type === 'decision_received' && entry.createdAt >= lastRequestAt);
  return {
    state: upgrade.state,
    requesterId: people.requesterId,
    requesterOrganizationId: people.requesterOrganizationId,
    approvers,
    productUserIds: people.productUserIds,
    decisionRequest: ofThisRun ? { requestedAt: lastRequestAt } : null,
    capturedForRequest: captured && upgrade.decision !== null ? upgrade.decision.value : null,
  };
}

/**
 * Comments written before the ticket's upgrade was first booked (the request itself, earlier conversation) answer
 * nothing the product asked: the first webhook of a ticket must not send its whole past to review. Zendesk's
 * comment ids grow with time, so "before" is "before the product's first comment" (`firstOwnCommentId`, the
 * booking's), which no clock skew or whole-second `created_at` blurs; until that comment is posted, the first
 * history entry's instant (to the second) decides. Null when the reply comes after.
 */
export function beforeTheUpgrade(
  facts: ReplyFacts,
  history: readonly HistoryFact[],
  firstOwnCommentId: number | null,
): Judgement | null {
  const first = history[0];
  if (first === undefined) return { action: 'ignore', why: 'the ticket has no upgrade booked' };
  const before =
    firstOwnCommentId !== null
      ? facts.commentId < firstOwnCommentId
      : facts.createdAt < Math.floor(first.createdAt / 1000) * 1000;
  return before ? { action: 'ignore', why: 'written before the upgrade was booked' } : null;
}
