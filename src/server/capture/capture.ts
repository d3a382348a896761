import {
  beforeTheUpgrade,
  decisionContextOf,
  judgeReply,
  orderReplies,
  readReply,
  type DecisionContext,
  type Judgement,
  type Reading,
  type ReplyFacts,
} from '../../core/decisions/index.js';
import {
  applyDecision,
  flagUnclearReply,
  newUpgrade,
  noteReplyNotActedOn,
  whyNotActedOn,
  type Accepted,
  type Upgrade,
  type WhoMayDecide,
} from '../../core/lifecycle/index.js';
import { HTTPError, type ZendeskClient } from '../../zendesk/client/index.js';
import type { ZendeskComment, ZendeskUser } from '../../zendesk/types.js';
import { lifecycleContextIn } from '../changes/context.js';
import type { ChangingPartDeps } from '../changes/write.js';
import { requesterOf } from '../delivery/worker.js';
import type { StoreOps } from '../store/types.js';
import { applySchedulingReply } from './scheduling.js';

export interface CaptureDeps extends ChangingPartDeps {
  zendesk: ZendeskClient;
}

/** What capture did with one comment (kept in `processed_comments`, the log docs/REPLIES.md describes). */
export interface CommentOutcome {
  commentId: number;
  outcome: 'captured' | 'review' | 'note' | 'ignored';
  detail: string;
}

interface Candidate {
  comment: ZendeskComment;
  facts: ReplyFacts;
  author: ZendeskUser | null;
}

/**
 * Decision capture (docs/REPLIES.md): a webhook only says "look at this ticket". The ticket's comments are read back
 * through the API, each judged once (by comment id) in creation order, and the outcome applied in one
 * transaction with the comment's "processed" mark: a GO / NO-GO through the lifecycle, UNCLEAR as a review
 * and an internal note, a reply that cannot act as an internal note, anything else logged.
 */
export class DecisionCapture {
  private productUsers: number[] | null = null;

  constructor(private readonly deps: CaptureDeps) {}

  /** Judges the ticket's comments not judged yet. Zendesk errors propagate (the inbox retries the invocation). */
  async processTicket(ticketId: number): Promise<CommentOutcome[]> {
    const { store, zendesk } = this.deps;
    const done = await store.processedCommentIds(ticketId);
    const all = await zendesk.listComments(ticketId);
    const fresh = all.filter((comment) => !done.has(comment.id));
    if (fresh.length === 0) return [];
    const ticket = await zendesk.getTicket(ticketId);
    const users = new Map<number, ZendeskUser | null>();
    const userOf = async (id: number): Promise<ZendeskUser | null> => {
      if (!users.has(id)) users.set(id, await this.findUser(id));
      return users.get(id)!;
    };
    const requester = await userOf(ticket.requester_id);
    // The ticket's organization is the one it was raised for; a requester in several has only one default.
    const requesterOrganizationId = ticket.organization_id ?? requester?.organization_id ?? null;
    const who = await this.whoMayDecide(requesterOrganizationId);
    const productUserIds = await this.productUserIds();
    // The product's first comment on the ticket (the booking's): what was written before it answers nothing.
    const firstOwn = all.find((comment) => productUserIds.includes(comment.author_id))?.id ?? null;
    const candidates: Candidate[] = [];
    for (const comment of fresh) {
      const author = await userOf(comment.author_id);
      const organizationIds = await this.organizationsOf(author, ticket.requester_id);
      candidates.push({ comment, author, facts: factsOf(comment, author, organizationIds) });
    }
    const byId = new Map(candidates.map((candidate) => [candidate.comment.id, candidate]));
    const ordered = orderReplies(candidates.map((candidate) => ({ ...candidate.facts })));
    const outcomes: CommentOutcome[] = [];
    for (const facts of ordered) {
      const candidate = byId.get(facts.commentId)!;
      const outcome = await this.judgeAndApply(
        ticketId,
        candidate,
        {
          requesterId: ticket.requester_id,
          requesterOrganizationId,
          productUserIds,
          firstOwn,
          requester: requester === null ? { timeZone: null, locale: null } : requesterOf(requester),
        },
        who,
      );
      if (outcome !== null) outcomes.push(outcome);
    }
    this.deps.onEnqueued?.();
    return outcomes;
  }

  private async judgeAndApply(
    ticketId: number,
    candidate: Candidate,
    people: {
      requesterId: number;
      requesterOrganizationId: number | null;
      productUserIds: number[];
      firstOwn: number | null;
      requester: { timeZone: string | null; locale: string | null };
    },
    who: WhoMayDecide,
  ): Promise<CommentOutcome | null> {
    const { comment, facts, author } = candidate;
    const reading = readComment(comment);
    const now = this.deps.now();
    const outcome = await this.deps.store.transaction(async (tx): Promise<CommentOutcome | null> => {
      // Another invocation judged it meanwhile: the processed mark decides, inside this transaction.
      if ((await tx.processedCommentIds(ticketId)).has(comment.id)) return null;
      const record = await tx.getUpgrade(ticketId);
      const upgrade = record?.upgrade ?? newUpgrade(String(ticketId));
      const history = await tx.listHistory(ticketId);
      const context = decisionContextOf(upgrade, history, this.deps.policy.decision.approvers, people);
      const judged = author === null ? unknownAuthor(comment.author_id) : judgeReply(facts, reading, context);
      const judgement =
        judged.action === 'ignore' ? judged : (beforeTheUpgrade(facts, history, people.firstOwn) ?? judged);
      const result = await this.apply(tx, ticketId, record?.version ?? 0, upgrade, {
        comment,
        author,
        reading,
        judgement,
        context,
        requester: people.requester,
        now,
        who,
      });
      await tx.markCommentProcessed({
        ticketId,
        commentId: comment.id,
        outcome: result.outcome,
        detail: result.detail,
        processedAt: now,
      });
      return result;
    });
    if (outcome !== null) {
      this.deps.logger.info({ ticketId, ...outcome }, `reply ${outcome.outcome}`);
    }
    return outcome;
  }

  private async apply(
    tx: StoreOps,
    ticketId: number,
    version: number,
    upgrade: Upgrade,
    input: {
      comment: ZendeskComment;
      author: ZendeskUser | null;
      reading: Reading;
      judgement: Judgement;
      context: DecisionContext;
      requester: { timeZone: string | null; locale: string | null };
      now: number;
      who: WhoMayDecide;
    },
  ): Promise<CommentOutcome> {
    const { comment, author, reading, judgement, context, requester, now, who } = input;
    const { changes, policy } = this.deps;
    const commentId = comment.id;
    const authorName = author === null ? `user ${comment.author_id}` : `${author.name} (${author.id})`;
    const write = (result: Accepted, cause: string, detail: unknown) =>
      changes.write(tx, { ticketId, version, before: upgrade, result, agent: null, now, cause, detail });

    if (judgement.action === 'ignore') return { commentId, outcome: 'ignored', detail: judgement.why };
    // Replies to an offer or about a booked window first: a chosen window, a move asked for.
    const scheduling = await applySchedulingReply(policy, {
      tx,
      ticketId,
      version,
      upgrade,
      comment,
      author: authorName,
      requester,
      who,
      now,
      write,
    });
    if (scheduling !== null) return scheduling;
    // The same decision again for a request that has it (a second "GO"): nothing to say, nothing to do.
    if (reading.decision !== 'UNCLEAR' && context.capturedForRequest === reading.decision) {
      return { commentId, outcome: 'ignored', detail: `${reading.decision} already recorded for this request` };
    }

    if (judgement.action === 'review') {
      const text = comment.plain_body.trim() || comment.body.trim();
      const result = flagUnclearReply(
        upgrade,
        {
          commentId: String(commentId),
          author: authorName,
          text,
          evidence: judgement.why,
        },
        who,
      );
      await write(result, 'unclear_reply', { commentId, evidence: judgement.why });
      return { commentId, outcome: 'review', detail: judgement.why };
    }

    const decision = reading.decision === 'GO' ? 'GO' : 'NO_GO';
    let refusalCode: string | null = null;
    if (judgement.action === 'capture') {
      const lifecycleContext = await lifecycleContextIn(tx, policy, ticketId, now);
      const result = applyDecision(
        upgrade,
        {
          value: decision,
          at: Date.parse(comment.created_at),
          by: authorName,
          evidence: reading.evidence,
          commentId: String(commentId),
          source: 'customer',
        },
        lifecycleContext,
      );
      if (result.ok && result.effects.length > 0) {
        // The core counts a No-Go against the deferral budget, and escalates one past it (docs/REPLIES.md).
        await write(result, 'decision_captured', { commentId, decision, evidence: reading.evidence });
        return { commentId, outcome: 'captured', detail: `${decision}: ${reading.evidence}` };
      }
      if (result.ok) return { commentId, outcome: 'ignored', detail: 'decision already applied' };
      // The judge and the lifecycle agree on when a decision counts; a refusal here is a note like any other.
      refusalCode = result.code;
    }
    const why = whyNotActedOn(refusalCode, decision, upgrade.state);
    const words = judgement.action === 'note' ? judgement.why : why;
    // A note changes nothing of the upgrade; it goes through the same path so that it reaches Zendesk in order.
    const note = noteReplyNotActedOn(upgrade, { author: authorName, decision, why }, who);
    await write(note, 'reply_not_acted_on', { commentId, decision, why: words });
    return { commentId, outcome: 'note', detail: words };
  }

  /** The product's own Zendesk user (the API user), read once: its comments never decide. */
  private async productUserIds(): Promise<number[]> {
    if (this.productUsers === null) {
      const me = await this.deps.zendesk.getCurrentUser();
      this.productUsers = [me.id];
    }
    return this.productUsers;
  }

  /**
   * Who the notes say may decide: with `approvers: organization`, the members of the ticket's organization, named.
   * An organization Zendesk no longer has leaves its id, so the note still says which one.
   */
  private async whoMayDecide(organizationId: number | null): Promise<WhoMayDecide> {
    if (this.deps.policy.decision.approvers !== 'organization' || organizationId === null)
      return { organization: null };
    try {
      return { organization: (await this.deps.zendesk.getOrganization(organizationId)).name };
    } catch (error) {
      if (error instanceof HTTPError && error.status === 404) return { organization: `organization ${organizationId}` };
      throw error;
    }
  }

  /**
   * The author's organizations as far as judging needs them: all their memberships when a member of the
   * requester's organization may decide (a user may belong to several), else the default one only.
   */
  private async organizationsOf(author: ZendeskUser | null, requesterId: number): Promise<number[]> {
    if (author === null) return [];
    const own = author.organization_id === null ? [] : [author.organization_id];
    const memberships =
      this.deps.policy.decision.approvers === 'organization' && author.role === 'end-user' && author.id !== requesterId;
    if (!memberships) return own;
    try {
      return [...new Set([...own, ...(await this.deps.zendesk.listUserOrganizationIds(author.id))])];
    } catch (error) {
      // A user deleted meanwhile belongs to nothing; any other failure is retried with the invocation.
      if (error instanceof HTTPError && error.status === 404) return own;
      throw error;
    }
  }

  private async findUser(id: number): Promise<ZendeskUser | null> {
    try {
      return await this.deps.zendesk.getUser(id);
    } catch (error) {
      // A deleted author cannot be an approver; any other failure is retried with the invocation.
      if (error instanceof HTTPError && error.status === 404) return null;
      throw error;
    }
  }
}

function unknownAuthor(authorId: number): Judgement {
  return { action: 'ignore', why: `the author (user ${authorId}) no longer exists` };
}

/** The comment as the judge sees it: its visibility, channel, author's role and organization, creation instant. */
function factsOf(comment: ZendeskComment, author: ZendeskUser | null, organizationIds: number[]): ReplyFacts {
  return {
    commentId: comment.id,
    public: comment.public,
    channel: String(comment.via?.channel ?? 'unknown'),
    authorId: comment.author_id,
    authorRole: author?.role ?? 'agent',
    authorOrganizationIds: organizationIds,
    createdAt: Date.parse(comment.created_at),
  };
}

/** HTML keeps the quote structure (blockquotes, Gmail's quote divs) the reader cuts on; plain text otherwise. */
function readComment(comment: ZendeskComment): Reading {
  const html = typeof comment.html_body === 'string' ? comment.html_body : '';
  if (html.trim() !== '') return readReply({ html });
  return readReply({ text: comment.plain_body ?? comment.body ?? '' });
}
