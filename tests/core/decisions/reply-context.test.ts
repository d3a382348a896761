import { beforeTheUpgrade, decisionContextOf, type ReplyFacts } from '../../../src/core/decisions/index.js';
import type { Upgrade, UpgradeState } from '../../../src/core/lifecycle/index.js';
import { fixtures } from '../lifecycle/helpers.js';

const { in_progress: inProgress, awaiting_decision: awaiting } = fixtures() as Record<UpgradeState, Upgrade>;
const PEOPLE = { requesterId: 7, requesterOrganizationId: 70, productUserIds: [1] };

describe('decisionContextOf', () => {
  it('names the open request while the upgrade awaits a decision', () => {
    const context = decisionContextOf(awaiting, [], 'organization', PEOPLE);
    expect(context).toEqual({
      state: 'awaiting_decision',
      ...PEOPLE,
      approvers: 'organization',
      decisionRequest: { requestedAt: awaiting.decisionRequest!.requestedAt },
      capturedForRequest: null,
    });
  });

  it('keeps an answered request of this run, with its decision, so an opposite reply is unclear', () => {
    const requestedAt = inProgress.startedAt! + 60_000;
    const answered = {
      ...inProgress,
      decision: {
        value: 'GO' as const,
        at: requestedAt + 1,
        by: 'Dana',
        evidence: 'go',
        commentId: 'c',
        source: 'customer' as const,
      },
    };
    const history = [
      { type: 'decision_requested', createdAt: requestedAt },
      { type: 'decision_received', createdAt: requestedAt + 1 },
    ];
    const context = decisionContextOf(answered, history, 'requester', PEOPLE);
    expect(context.decisionRequest).toEqual({ requestedAt });
    expect(context.capturedForRequest).toBe('GO');
  });

  it('forgets a request of an earlier run (before this start)', () => {
    const history = [{ type: 'decision_requested', createdAt: inProgress.startedAt! - 1 }];
    expect(decisionContextOf(inProgress, history, 'requester', PEOPLE).decisionRequest).toBeNull();
  });
});

describe('beforeTheUpgrade', () => {
  const facts = (commentId: number, createdAt: number): ReplyFacts => ({
    commentId,
    public: true,
    channel: 'email',
    authorId: 7,
    authorRole: 'end-user',
    authorOrganizationIds: [70],
    createdAt,
  });
  const booked = [{ type: 'window_scheduled', createdAt: 10_500 }];

  it('ignores every reply of a ticket with no upgrade booked', () => {
    expect(beforeTheUpgrade(facts(5, 20_000), [], null)).toEqual({
      action: 'ignore',
      why: 'the ticket has no upgrade booked',
    });
  });

  it("once the product's first comment exists, the past precedes it as well as the booking", () => {
    expect(beforeTheUpgrade(facts(99, 9_000), booked, 100)).toMatchObject({ action: 'ignore' });
    // After that comment by id, whatever Zendesk's clock says (it may run behind ours).
    expect(beforeTheUpgrade(facts(101, 0), booked, 100)).toBeNull();
  });

  it("keeps a reply written after the booking but before the product's first comment was posted (delivery late)", () => {
    expect(beforeTheUpgrade(facts(99, 99_000), booked, 100)).toBeNull();
    expect(beforeTheUpgrade(facts(99, 10_000), booked, 100)).toBeNull();
  });

  it('until then, compares with the booking instant to the second', () => {
    expect(beforeTheUpgrade(facts(5, 9_000), booked, null)).toMatchObject({ action: 'ignore' });
    expect(beforeTheUpgrade(facts(5, 10_000), booked, null)).toBeNull();
  });
});
