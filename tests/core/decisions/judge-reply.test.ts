import {
  judgeReply,
  orderReplies,
  type DecisionContext,
  type ReplyFacts,
} from '../../../src/core/decisions/judge-reply.js';
import type { Reading } from '../../../src/core/decisions/read-reply.js';

const REQUESTED_AT = Date.parse('2026-11-03T21:14:00-06:00');
const requester = 101;
const colleague = 102;
const outsider = 103;
const agent = 201;
const bot = 900;

const reply = (overrides: Partial<ReplyFacts> = {}): ReplyFacts => ({
  commentId: 5001,
  public: true,
  channel: 'email',
  authorId: requester,
  authorRole: 'end-user',
  authorOrganizationIds: [77],
  createdAt: REQUESTED_AT + 10 * 60_000,
  ...overrides,
});

const context = (overrides: Partial<DecisionContext> = {}): DecisionContext => ({
  state: 'awaiting_decision',
  requesterId: requester,
  requesterOrganizationId: 77,
  approvers: 'requester',
  productUserIds: [bot],
  decisionRequest: { requestedAt: REQUESTED_AT },
  capturedForRequest: null,
  ...overrides,
});

const GO: Reading = { decision: 'GO', evidence: 'go ahead' };
const NO_GO: Reading = { decision: 'NO_GO', evidence: 'roll back' };
const UNCLEAR: Reading = {
  decision: 'UNCLEAR',
  evidence: 'a negation that is not an imperative NO-GO: "not ready to go"',
};

describe('judgeReply: who may decide', () => {
  it("captures the requester's public email GO while a decision is awaited", () => {
    expect(judgeReply(reply(), GO, context())).toEqual({ action: 'capture', decision: 'GO' });
  });

  it('captures a reply from the help centre (web channel)', () => {
    expect(judgeReply(reply({ channel: 'web' }), NO_GO, context())).toEqual({ action: 'capture', decision: 'NO_GO' });
  });

  it('ignores an internal note, even with a clear GO', () => {
    expect(judgeReply(reply({ public: false }), GO, context())).toEqual({ action: 'ignore', why: 'internal note' });
  });

  it('ignores a comment through the API or any other channel', () => {
    expect(judgeReply(reply({ channel: 'api' }), GO, context())).toEqual({
      action: 'ignore',
      why: 'arrived through "api", not email or web',
    });
  });

  it("ignores an agent's or an admin's public comment", () => {
    expect(judgeReply(reply({ authorId: agent, authorRole: 'agent' }), GO, context())).toEqual({
      action: 'ignore',
      why: 'comment by an agent',
    });
    expect(judgeReply(reply({ authorId: agent, authorRole: 'admin' }), NO_GO, context())).toEqual({
      action: 'ignore',
      why: 'comment by an admin',
    });
  });

  it("ignores the product's own comment even when Zendesk shows it as an end user's", () => {
    expect(judgeReply(reply({ authorId: bot }), GO, context())).toEqual({
      action: 'ignore',
      why: "the product's own comment",
    });
  });

  it('ignores a colleague of the requester when only the requester may decide', () => {
    expect(judgeReply(reply({ authorId: colleague }), GO, context())).toEqual({
      action: 'ignore',
      why: 'the author is not the requester',
    });
  });

  it("captures an end user of the requester's organization when the organization may decide", () => {
    expect(judgeReply(reply({ authorId: colleague }), GO, context({ approvers: 'organization' }))).toEqual({
      action: 'capture',
      decision: 'GO',
    });
  });

  it('ignores an end user of another organization, or of none, when the organization may decide', () => {
    const why = "the author is neither the requester nor a member of the requester's organization";
    expect(
      judgeReply(
        reply({ authorId: outsider, authorOrganizationIds: [78] }),
        GO,
        context({ approvers: 'organization' }),
      ),
    ).toEqual({ action: 'ignore', why });
    expect(
      judgeReply(
        reply({ authorId: outsider, authorOrganizationIds: [] }),
        GO,
        context({ approvers: 'organization', requesterOrganizationId: null }),
      ),
    ).toEqual({ action: 'ignore', why });
  });

  it("captures a member of the requester's organization whose default organization is another one", () => {
    const member = reply({ authorId: colleague, authorOrganizationIds: [78, 77] });
    expect(judgeReply(member, GO, context({ approvers: 'organization' }))).toEqual({
      action: 'capture',
      decision: 'GO',
    });
    expect(judgeReply(member, GO, context({ approvers: 'requester' }))).toEqual({
      action: 'ignore',
      why: 'the author is not the requester',
    });
  });

  it("ignores an agent of the requester's organization when the organization may decide", () => {
    expect(
      judgeReply(reply({ authorId: agent, authorRole: 'agent' }), GO, context({ approvers: 'organization' })),
    ).toEqual({ action: 'ignore', why: 'comment by an agent' });
  });
});

describe('judgeReply: what a reading does', () => {
  it('sends an UNCLEAR reply to review with its reason', () => {
    expect(judgeReply(reply(), UNCLEAR, context())).toEqual({ action: 'review', why: UNCLEAR.evidence });
  });

  it('notes a GO outside awaiting_decision and changes nothing', () => {
    for (const state of ['scheduled', 'in_progress', 'unscheduled', 'rolling_back'] as const) {
      expect(judgeReply(reply(), GO, context({ state, decisionRequest: null }))).toEqual({
        action: 'note',
        why: `GO received while the upgrade is ${state}, not awaiting a decision`,
      });
    }
  });

  it('captures a NO-GO in scheduled, in_progress and awaiting_decision', () => {
    for (const state of ['scheduled', 'in_progress', 'awaiting_decision'] as const) {
      expect(judgeReply(reply(), NO_GO, context({ state, decisionRequest: null }))).toEqual({
        action: 'capture',
        decision: 'NO_GO',
      });
    }
  });

  it('notes a NO-GO in unscheduled and rolling_back', () => {
    expect(judgeReply(reply(), NO_GO, context({ state: 'unscheduled', decisionRequest: null }))).toEqual({
      action: 'note',
      why: 'NO-GO received while the upgrade is unscheduled: nothing to stop',
    });
    expect(judgeReply(reply(), NO_GO, context({ state: 'rolling_back' }))).toEqual({
      action: 'note',
      why: 'NO-GO received while the upgrade is rolling_back: nothing to stop',
    });
  });

  it('notes a GO or NO-GO while windows are offered: only a choice answers an offer', () => {
    expect(judgeReply(reply(), NO_GO, context({ state: 'offered', decisionRequest: null }))).toEqual({
      action: 'note',
      why: 'NO-GO received while the upgrade is offered: nothing to stop',
    });
    expect(judgeReply(reply(), GO, context({ state: 'offered', decisionRequest: null })).action).toBe('note');
  });

  it('notes any decision after completed or cancelled', () => {
    expect(judgeReply(reply(), GO, context({ state: 'completed' }))).toEqual({
      action: 'note',
      why: 'GO received after the upgrade was completed: nothing changed',
    });
    expect(judgeReply(reply(), NO_GO, context({ state: 'cancelled' }))).toEqual({
      action: 'note',
      why: 'NO-GO received after the upgrade was cancelled: nothing changed',
    });
  });

  it('notes a GO written before the open decision request was posted', () => {
    expect(judgeReply(reply({ createdAt: REQUESTED_AT - 60_000 }), GO, context())).toEqual({
      action: 'note',
      why: 'GO written before the open decision request was posted: it does not answer it',
    });
  });

  it('captures a GO written at the very instant the request was posted', () => {
    expect(judgeReply(reply({ createdAt: REQUESTED_AT }), GO, context())).toEqual({
      action: 'capture',
      decision: 'GO',
    });
  });

  it("captures a GO from the same second as the request: Zendesk's created_at has no milliseconds", () => {
    const requestedAt = REQUESTED_AT + 700;
    expect(judgeReply(reply({ createdAt: REQUESTED_AT }), GO, context({ decisionRequest: { requestedAt } }))).toEqual({
      action: 'capture',
      decision: 'GO',
    });
    expect(
      judgeReply(reply({ createdAt: REQUESTED_AT - 1_000 }), GO, context({ decisionRequest: { requestedAt } })),
    ).toEqual({ action: 'note', why: 'GO written before the open decision request was posted: it does not answer it' });
  });

  it('sends a reply opposite to the decision already captured for the request to review', () => {
    expect(judgeReply(reply(), NO_GO, context({ state: 'in_progress', capturedForRequest: 'GO' }))).toEqual({
      action: 'review',
      why: 'NO-GO received after GO was already recorded for this decision request: roll back',
    });
    expect(judgeReply(reply(), GO, context({ state: 'rolling_back', capturedForRequest: 'NO_GO' }))).toEqual({
      action: 'review',
      why: 'GO received after NO-GO was already recorded for this decision request: go ahead',
    });
    expect(judgeReply(reply(), GO, context({ state: 'scheduled', capturedForRequest: 'NO_GO' }))).toEqual({
      action: 'review',
      why: 'GO received after NO-GO was already recorded for this decision request: go ahead',
    });
  });

  it('notes the same decision again as already recorded', () => {
    expect(judgeReply(reply(), GO, context({ state: 'in_progress', capturedForRequest: 'GO' }))).toEqual({
      action: 'note',
      why: 'GO already recorded for this decision request',
    });
  });

  it('notes a decision written before a request that already has one', () => {
    expect(
      judgeReply(
        reply({ createdAt: REQUESTED_AT - 1 }),
        NO_GO,
        context({ state: 'in_progress', capturedForRequest: 'GO' }),
      ),
    ).toEqual({ action: 'note', why: 'NO-GO written before the open decision request, which already has a decision' });
  });

  it('captures a clear reply that follows an unclear one: an open review never blocks', () => {
    const earlier = judgeReply(reply({ commentId: 1 }), UNCLEAR, context());
    const later = judgeReply(reply({ commentId: 2, createdAt: REQUESTED_AT + 20 * 60_000 }), GO, context());
    expect(earlier.action).toBe('review');
    expect(later).toEqual({ action: 'capture', decision: 'GO' });
  });
});

describe('orderReplies', () => {
  it('orders by creation time, then by id, whatever the arrival order, without touching the input', () => {
    const arrived = [
      reply({ commentId: 30, createdAt: 3000 }),
      reply({ commentId: 12, createdAt: 1000 }),
      reply({ commentId: 11, createdAt: 1000 }),
      reply({ commentId: 20, createdAt: 2000 }),
    ];
    expect(orderReplies(arrived).map((comment) => comment.commentId)).toEqual([11, 12, 20, 30]);
    expect(arrived.map((comment) => comment.commentId)).toEqual([30, 12, 11, 20]);
  });
});
