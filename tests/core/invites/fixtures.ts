import type { InviteInput } from '../../../src/core/invites/index.js';

/** A REQUEST for a six-hour window in Chicago, the invite the tests vary. */
export const BASE_INVITE: InviteInput = {
  uid: 'upgrade-42-1@acme.example',
  sequence: 0,
  method: 'REQUEST',
  start: Date.parse('2026-12-01T18:00:00-06:00'),
  end: Date.parse('2026-12-02T00:00:00-06:00'),
  timeZone: 'America/Chicago',
  summary: 'Acme Cloud upgrade window',
  description: 'Your environment is offline; see you after.',
  organizer: { name: 'Acme Cloud', email: 'upgrades@acme.example' },
  attendee: { name: 'Dana Customer', email: 'dana@customer.example' },
  stamp: Date.parse('2026-11-22T12:00:00Z'),
};
