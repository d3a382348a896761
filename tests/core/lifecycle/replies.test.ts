import {
  flagUnclearReply,
  noteReplyNotActedOn,
  QUOTE_LIMIT,
  whyNotActedOn,
  type Upgrade,
  type UpgradeState,
} from '../../../src/core/lifecycle/index.js';
import { fixtures } from './helpers.js';

const { scheduled, awaiting_decision: awaiting } = fixtures() as Record<UpgradeState, Upgrade>;
/** Only the requester may decide (`approvers: requester`). */
const NOBODY_ELSE = { organization: null };

describe('flagUnclearReply', () => {
  it('opens a review on the comment and quotes the reply in an internal note, state unchanged', () => {
    const result = flagUnclearReply(
      awaiting,
      {
        commentId: '901',
        author: 'Dana Customer (7)',
        text: 'Maybe, let me check',
        evidence: 'no GO or NO-GO found',
      },
      { organization: 'Globex Corporation' },
    );
    expect(result.upgrade).toEqual({ ...awaiting, review: { commentId: '901', evidence: 'no GO or NO-GO found' } });
    expect(result.effects).toEqual([
      {
        kind: 'comment',
        template: 'unclear_reply',
        public: false,
        vars: { author: 'Dana Customer (7)', reply: 'Maybe, let me check', organization: 'Globex Corporation' },
      },
      { kind: 'review', action: 'set', reason: 'unclear reply' },
    ]);
  });

  it('cuts a long reply at the quote limit with an ellipsis', () => {
    const text = 'a'.repeat(QUOTE_LIMIT) + 'tail';
    const result = flagUnclearReply(awaiting, { commentId: '1', author: 'x', text, evidence: 'e' }, NOBODY_ELSE);
    expect(result.effects[0]).toMatchObject({ vars: { reply: `${'a'.repeat(QUOTE_LIMIT)}…` } });
    const exact = flagUnclearReply(
      awaiting,
      {
        commentId: '1',
        author: 'x',
        text: 'b'.repeat(QUOTE_LIMIT),
        evidence: 'e',
      },
      NOBODY_ELSE,
    );
    expect(exact.effects[0]).toMatchObject({ vars: { reply: 'b'.repeat(QUOTE_LIMIT) } });
  });
});

describe('whyNotActedOn', () => {
  it("keeps the lifecycle's refusal code when the note template knows it", () => {
    expect(whyNotActedOn('after_completion', 'GO', 'scheduled')).toBe('after_completion');
  });

  it('falls back on the state, then on the decision, for other codes', () => {
    expect(whyNotActedOn('INVALID_STATE', 'NO_GO', 'completed')).toBe('after_completion');
    expect(whyNotActedOn(null, 'GO', 'cancelled')).toBe('after_cancellation');
    expect(whyNotActedOn(null, 'GO', 'scheduled')).toBe('go_outside_request');
    expect(whyNotActedOn(null, 'NO_GO', 'unscheduled')).toBe('nothing_to_stop');
  });
});

describe('noteReplyNotActedOn', () => {
  it('writes an internal note naming the state in words, and changes nothing', () => {
    const result = noteReplyNotActedOn(
      scheduled,
      { author: 'Dana (7)', decision: 'GO', why: 'go_outside_request' },
      NOBODY_ELSE,
    );
    expect(result.upgrade).toBe(scheduled);
    expect(result.effects).toEqual([
      {
        kind: 'comment',
        template: 'reply_not_acted_on',
        public: false,
        vars: { author: 'Dana (7)', decision: 'GO', why: 'go_outside_request', state: 'scheduled', organization: null },
      },
    ]);
  });
});
