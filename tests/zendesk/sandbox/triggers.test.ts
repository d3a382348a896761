import { seedState } from '../../../src/zendesk/sandbox/seed.js';
import type { StoredComment, StoredTrigger } from '../../../src/zendesk/sandbox/state.js';
import {
  conditionHolds,
  matchingTriggers,
  renderBodyTemplate,
  type UpdateContext,
} from '../../../src/zendesk/sandbox/triggers.js';
import type { TriggerCondition } from '../../../src/zendesk/types.js';

const state = seedState(Date.parse('2026-11-20T15:00:00Z'));
const ticket = {
  ...state.tickets[0]!,
  status: 'open' as const,
  fieldValues: { '7': 'uw_scheduled', '8': '', '9': true },
};
const requester = state.users.find((user) => user.id === ticket.requester_id)!;
const agent = state.users.find((user) => user.role === 'agent')!;
const publicComment = { ...ticket.comments[0]!, public: true, plain_body: 'Go ahead, thanks!' } as StoredComment;

function context(overrides: Partial<UpdateContext> = {}): UpdateContext {
  return {
    updateType: 'Change',
    ticket,
    previous: { status: 'pending', fieldValues: { '7': 'uw_in_progress' }, tags: [] },
    currentUser: requester,
    comment: publicComment,
    requester,
    ...overrides,
  };
}

const holds = (condition: TriggerCondition, overrides?: Partial<UpdateContext>) =>
  conditionHolds(condition, context(overrides));

describe('trigger conditions', () => {
  it('reads update_type case-insensitively', () => {
    expect(holds({ field: 'update_type', operator: 'is', value: 'Change' })).toBe(true);
    expect(holds({ field: 'update_type', operator: 'is', value: 'create' })).toBe(false);
  });

  it('tells public comments, internal notes and updates without a comment apart', () => {
    const note = { ...publicComment, public: false };
    expect(holds({ field: 'comment_is_public', operator: 'is', value: 'true' })).toBe(true);
    expect(holds({ field: 'comment_is_public', operator: 'is', value: true })).toBe(true);
    expect(holds({ field: 'comment_is_public', operator: 'is', value: 'true' }, { comment: note })).toBe(false);
    expect(holds({ field: 'comment_is_public', operator: 'is', value: 'false' }, { comment: note })).toBe(true);
    expect(holds({ field: 'comment_is_public', operator: 'is', value: 'true' }, { comment: null })).toBe(false);
    expect(holds({ field: 'comment_is_public', operator: 'is', value: 'not_relevant' }, { comment: null })).toBe(true);
  });

  it('sees end users as end_user and agents and admins as agent', () => {
    expect(holds({ field: 'role', operator: 'is', value: 'end_user' })).toBe(true);
    expect(holds({ field: 'role', operator: 'is', value: 'end_user' }, { currentUser: agent })).toBe(false);
    expect(holds({ field: 'role', operator: 'is_not', value: 'end_user' }, { currentUser: agent })).toBe(true);
  });

  it('compares statuses in Zendesk order and sees changes', () => {
    expect(holds({ field: 'status', operator: 'less_than', value: 'solved' })).toBe(true);
    expect(holds({ field: 'status', operator: 'greater_than', value: 'open' })).toBe(false);
    expect(holds({ field: 'status', operator: 'changed' })).toBe(true);
    expect(holds({ field: 'status', operator: 'value_previous', value: 'pending' })).toBe(true);
  });

  it('checks custom fields with is, is_not, includes, present and changed', () => {
    expect(holds({ field: 'custom_fields_7', operator: 'is', value: 'uw_scheduled' })).toBe(true);
    expect(holds({ field: 'custom_fields_7', operator: 'is_not', value: 'uw_scheduled' })).toBe(false);
    expect(holds({ field: 'custom_fields_7', operator: 'includes', value: ['uw_in_progress', 'uw_scheduled'] })).toBe(
      true,
    );
    expect(holds({ field: 'custom_fields_7', operator: 'includes', value: 'uw_completed uw_cancelled' })).toBe(false);
    expect(holds({ field: 'custom_fields_7', operator: 'not_includes', value: 'uw_completed' })).toBe(true);
    expect(holds({ field: 'custom_fields_8', operator: 'present' })).toBe(false);
    expect(holds({ field: 'custom_fields_9', operator: 'present' })).toBe(true);
    expect(holds({ field: 'custom_fields_7', operator: 'changed' })).toBe(true);
  });

  it('never holds for a field or operator it does not know', () => {
    expect(holds({ field: 'satisfaction_score', operator: 'is', value: 'good' })).toBe(false);
    expect(holds({ field: 'custom_fields_7', operator: 'matches_regex', value: '.*' })).toBe(false);
  });
});

describe('matchingTriggers', () => {
  const trigger = (
    id: number,
    all: TriggerCondition[],
    any: TriggerCondition[] = [],
    active = true,
    position = id,
  ): StoredTrigger => ({
    id,
    title: `t${id}`,
    raw_title: `t${id}`,
    description: null,
    active,
    position,
    conditions: { all, any },
    actions: [],
    created_at: '2026-11-20T15:00:00Z',
    updated_at: '2026-11-20T15:00:00Z',
  });
  const endUser = { field: 'role', operator: 'is', value: 'end_user' };
  const isScheduled = { field: 'custom_fields_7', operator: 'is', value: 'uw_scheduled' };
  const isCompleted = { field: 'custom_fields_7', operator: 'is', value: 'uw_completed' };

  it('needs every all condition and, when there are any conditions, at least one of them, in position order', () => {
    const triggers = [
      trigger(3, [endUser], [isCompleted, isScheduled]),
      trigger(1, [endUser], [isCompleted]),
      trigger(2, [endUser]),
      trigger(4, [endUser], [], false),
    ];
    expect(matchingTriggers(triggers, context()).map((candidate) => candidate.id)).toEqual([2, 3]);
  });
});

describe('renderBodyTemplate', () => {
  it('substitutes placeholders, applies filters, renders unknown ones empty and escapes values inside JSON', () => {
    const template =
      '{"ticket_id": "{{ticket.id}}", "who": "{{current_user.name | upcase}}", "x": "{{ticket.nope}}", "c": "{{ticket.latest_public_comment}}"}';
    const quoted = { ...publicComment, plain_body: 'He said "go"\nnow' };
    const rendered = renderBodyTemplate(
      template,
      context({ ticket: { ...ticket, comments: [quoted] } }),
      'http://127.0.0.1:3001',
      'json',
    );
    expect(JSON.parse(rendered)).toEqual({
      ticket_id: String(ticket.id),
      who: 'JANE COOPER',
      x: '',
      c: 'He said "go"\nnow',
    });
  });
});
