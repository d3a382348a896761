import { accepted } from './effects.js';
import type { Accepted, UpgradeState, Upgrade } from './types.js';

/**
 * What a customer's reply does when it is not a decision the lifecycle applies: an unclear reply asks an agent
 * to review it, a clear reply that came at the wrong time becomes an internal note. Neither changes the state.
 */

/** Longest part of a reply quoted in the unclear_reply note; longer replies are cut with an ellipsis. */
export const QUOTE_LIMIT = 2000;

/** Why a clear reply was not acted on: the `why` values the reply_not_acted_on template knows. */
export const NOT_ACTED_ON = [
  'go_outside_request',
  'after_completion',
  'after_cancellation',
  'nothing_to_stop',
] as const;
export type NotActedOn = (typeof NOT_ACTED_ON)[number];

/**
 * Who may decide, as the notes name them: the requester, and with `approvers: organization` the members of the
 * requester's organization (its name; null when only the requester may).
 */
export interface WhoMayDecide {
  organization: string | null;
}

export interface UnclearReply {
  /** The Zendesk comment id. */
  commentId: string;
  /** Who wrote it, as notes show people: `Dana Customer (7)`. */
  author: string;
  /** The reply's text, quoted in the note (cut at QUOTE_LIMIT). */
  text: string;
  /** Why it is unclear, kept on the review. */
  evidence: string;
}

/** An unclear reply: the upgrade waits for an agent's review, and an internal note quotes the reply. */
export function flagUnclearReply(upgrade: Upgrade, reply: UnclearReply, who: WhoMayDecide): Accepted {
  const text = reply.text.length <= QUOTE_LIMIT ? reply.text : `${reply.text.slice(0, QUOTE_LIMIT)}…`;
  const vars = { author: reply.author, reply: text, organization: who.organization };
  return accepted({ ...upgrade, review: { commentId: reply.commentId, evidence: reply.evidence } }, [
    { kind: 'comment', template: 'unclear_reply', public: false, vars },
    { kind: 'review', action: 'set', reason: 'unclear reply' },
  ]);
}

/**
 * Why a clear GO or NO-GO cannot act now: the lifecycle's refusal code when it is one of the known reasons,
 * otherwise what the state says (a GO outside an open request, a NO-GO with nothing left to stop).
 */
export function whyNotActedOn(refusalCode: string | null, decision: 'GO' | 'NO_GO', state: UpgradeState): NotActedOn {
  const known = NOT_ACTED_ON.find((why) => why === refusalCode);
  if (known !== undefined) return known;
  if (state === 'completed') return 'after_completion';
  if (state === 'cancelled') return 'after_cancellation';
  return decision === 'GO' ? 'go_outside_request' : 'nothing_to_stop';
}

/** A clear reply that cannot act: an internal note saying so; the upgrade is unchanged. */
export function noteReplyNotActedOn(
  upgrade: Upgrade,
  reply: { author: string; decision: 'GO' | 'NO_GO'; why: NotActedOn },
  who: WhoMayDecide,
): Accepted {
  const vars = {
    author: reply.author,
    decision: reply.decision,
    why: reply.why,
    state: upgrade.state.replace(/_/g, ' '),
    organization: who.organization,
  };
  return accepted(upgrade, [{ kind: 'comment', template: 'reply_not_acted_on', public: false, vars }]);
}
