import { addMembership, addOrganization, addTicketField, addUser, emptyState, type SandboxState } from './state.js';
import { createTicket } from './tickets.js';

const DAY = 86_400_000;

/**
 * The seed: requesters in several zones and languages, one organization with three approvers (one of them a
 * member through a second organization), an agent, the admin API user, and a handful of open tickets. Everything is created relative to `now`, a few days in the past.
 */
export function seedState(now: number, options: { collidingFields?: boolean } = {}): SandboxState {
  const start = now - 10 * DAY;
  const state = emptyState(start);
  const globex = addOrganization(state, start, 'Globex Corporation', 'globex.example');
  addUser(state, start, {
    name: 'Sam Rivera',
    email: 'sam.rivera@acme-cloud.example',
    role: 'agent',
    locale: 'en-US',
    timeZone: 'America/Chicago',
  });
  const jane = addUser(state, start, {
    name: 'Jane Cooper',
    email: 'jane.cooper@initech.example',
    locale: 'en-US',
    timeZone: 'America/New_York',
  });
  const elodie = addUser(state, start, {
    name: 'Élodie Tremblay',
    email: 'elodie.tremblay@bouchard.example',
    locale: 'fr-CA',
    timeZone: 'America/Montreal',
  });
  const luc = addUser(state, start, {
    name: 'Luc Moreau',
    email: 'luc.moreau@lumiere.example',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  const oliver = addUser(state, start, {
    name: 'Oliver Bennett',
    email: 'oliver.bennett@hartwell.example',
    locale: 'en-GB',
    timeZone: 'Europe/London',
  });
  const priya = addUser(state, start, {
    name: 'Priya Natarajan',
    email: 'priya.natarajan@globex.example',
    locale: 'en-US',
    timeZone: 'America/Denver',
    organizationId: globex.id,
  });
  addUser(state, start, {
    name: 'Marcus Holt',
    email: 'marcus.holt@globex.example',
    locale: 'en-US',
    timeZone: 'America/Denver',
    organizationId: globex.id,
  });

  // Several memberships: Dana's default organization is Initech, and she also approves for Globex.
  const initech = addOrganization(state, start, 'Initech', 'initech.example');
  const dana = addUser(state, start, {
    name: 'Dana Whitfield',
    email: 'dana.whitfield@initech.example',
    locale: 'en-US',
    timeZone: 'America/New_York',
    organizationId: initech.id,
  });
  addMembership(state, start, dana.id, globex.id);
  // No zone given: Zendesk still fills iana_time_zone, with the account's default.
  addUser(state, start, { name: 'Kim Sato', email: 'kim.sato@hartwell.example', locale: 'en-GB' });

  const tickets: [number, number | null, string, string][] = [
    [
      jane.id,
      null,
      'Upgrade request: production to 8.4',
      'Hello, we would like our production environment upgraded to release 8.4. Our busiest hours are 9-17 Eastern.',
    ],
    [
      elodie.id,
      null,
      'Demande de mise à niveau : environnement de production',
      'Bonjour, nous souhaitons planifier la mise à niveau de notre environnement de production vers la version 8.4. Merci !',
    ],
    [
      luc.id,
      null,
      'Mise à niveau de la plateforme',
      'Bonjour, pouvez-vous mettre à niveau notre instance ? Nous préférons un créneau en fin de semaine.',
    ],
    [
      oliver.id,
      null,
      'Please schedule our staging upgrade',
      'Hi, could you schedule the upgrade of our staging environment? Any window next week suits us.',
    ],
    [
      priya.id,
      globex.id,
      'Globex: upgrade of the EU and US instances',
      'Hi team, please upgrade both our EU and US instances. Marcus or I can approve any change on our side.',
    ],
  ];
  if (options.collidingFields !== false) addCollidingFields(state, start);
  tickets.forEach(([requesterId, organizationId, subject, description], index) => {
    createTicket(state, start + (index + 1) * DAY, {
      subject,
      description,
      requesterId,
      organizationId,
      channel: 'email',
    });
  });
  return state;
}

/**
 * An account that has been in use: an admin's own dropdowns whose option tags are the plain words an app might
 * also want (`scheduled`, `go`, ...). Zendesk tags are unique per account, so an app creating the same tags is
 * refused with 422, and a macro adding one of them changes these fields.
 */
function addCollidingFields(state: SandboxState, at: number): void {
  addTicketField(state, at, 'tagger', 'Release train', [
    { name: 'Scheduled', value: 'scheduled' },
    { name: 'In progress', value: 'in_progress' },
    { name: 'Completed', value: 'completed' },
    { name: 'Cancelled', value: 'cancelled' },
  ]);
  addTicketField(state, at, 'tagger', 'Change approval', [
    { name: 'Go', value: 'go' },
    { name: 'No-Go', value: 'no_go' },
  ]);
}
