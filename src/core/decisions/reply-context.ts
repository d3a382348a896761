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
 * nothing the product asked: the first webhook of a ticket must not send its whole past to review. A comment is
 * that past only when both measures say so (docs/DECISIONS.md):
 * - it was written before the booking's second (the first history entry's instant; Zendesk's `created_at` has whole
 *   seconds, so a comment of the same second counts as after). The product's first comment cannot stand in for the
 *   booking: it is posted by the outbox, late when Zendesk is slow or rate-limited or a replica died holding it, and
 *   a customer's GO written meanwhile answers the upgrade, not its past;
 * - it precedes the product's first comment on the ticket (`firstOwnCommentId`; Zendesk's comment ids grow with
 *   time), so that a Zendesk clock behind ours never sends a reply written after that comment to the past.
 * Null when the reply comes after.
 */
export function beforeTheUpgrade(
  facts: ReplyFacts,
  history: readonly HistoryFact[],
  firstOwnCommentId: number | null,
): Judgement | null {
  const first = history[0];
  if (first === undefined) return { action: 'ignore', why: 'the ticket has no upgrade booked' };
  const beforeTheBooking = facts.createdAt < Math.floor(first.createdAt / 1000) * 1000;
  const beforeOurFirstComment = firstOwnCommentId === null || facts.commentId < firstOwnCommentId;
  return beforeTheBooking && beforeOurFirstComment
    ? { action: 'ignore', why: 'written before the upgrade was booked' }
    : null;
}
