import { customersOf, fieldValueText, isUpgradeField } from '../../src/preview/workspace.js';
import type { ZendeskTicketField, ZendeskUser } from '../../src/zendesk/types.js';

const decisionField = {
  id: 11,
  title: 'Upgrade decision',
  type: 'tagger',
  custom_field_options: [
    { name: 'Go', value: 'go' },
    { name: 'No-Go', value: 'no_go' },
  ],
} as unknown as ZendeskTicketField;

function user(id: number, name: string, role: ZendeskUser['role'] = 'end-user'): ZendeskUser {
  return {
    id,
    name,
    email: `${name.toLowerCase().replace(' ', '.')}@globex.example`,
    locale: 'en-US',
    iana_time_zone: 'America/Denver',
    role,
  } as ZendeskUser;
}

describe('the workspace view', () => {
  it('reads a dropdown value by its option name, a checkbox as Yes/No and an empty field as a dash', () => {
    expect(fieldValueText(decisionField, 'no_go')).toBe('No-Go');
    expect(fieldValueText(decisionField, null)).toBe('—');
    expect(fieldValueText({ ...decisionField, type: 'checkbox' } as ZendeskTicketField, true)).toBe('Yes');
    expect(fieldValueText({ ...decisionField, type: 'checkbox' } as ZendeskTicketField, null)).toBe('No');
  });

  it('shows only the product fields, whose titles start with "Upgrade"', () => {
    expect(isUpgradeField(decisionField)).toBe(true);
    expect(isUpgradeField({ ...decisionField, title: 'Priority' } as ZendeskTicketField)).toBe(false);
    expect(isUpgradeField({ ...decisionField, title: 'Upgraded plan' } as ZendeskTicketField)).toBe(false);
  });

  it('offers the requester first, then the other end users of the organization as approvers', () => {
    const priya = user(7, 'Priya Natarajan');
    const members = [priya, user(8, 'Marcus Holt'), user(9, 'Sam Rivera', 'agent')];
    expect(customersOf(priya, members).map((person) => [person.name, person.relation])).toEqual([
      ['Priya Natarajan', 'requester'],
      ['Marcus Holt', 'approver'],
    ]);
    expect(customersOf(undefined, members)).toEqual([]);
  });
});
