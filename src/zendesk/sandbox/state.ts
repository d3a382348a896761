import type {
  WebhookAuthentication,
  ZendeskAttachment,
  ZendeskComment,
  ZendeskOrganization,
  ZendeskTicket,
  ZendeskTicketField,
  ZendeskTrigger,
  ZendeskUser,
  ZendeskWebhook,
} from '../types.js';

// The sandbox's whole state: plain JSON, so `snapshot()` is a copy and `restore()` a parse. Objects are stored
// without their absolute `url`s, which depend on where the sandbox is served and are added when rendering.

export type StoredUser = Omit<ZendeskUser, 'url'>;
export type StoredOrganization = Omit<ZendeskOrganization, 'url'>;
export type StoredComment = Omit<ZendeskComment, 'attachments'> & { attachmentIds: number[] };
export type StoredTicket = Omit<ZendeskTicket, 'url' | 'custom_fields'> & {
  /** Custom field values by field id; rendered as Zendesk's `custom_fields` list (every custom field, null when unset). */
  fieldValues: Record<string, unknown>;
  comments: StoredComment[];
  /** When the ticket was last set to solved (null while it is not solved): the close-automation counts from here. */
  solvedAt?: string | null;
  /** Follow-up tickets opened by replies to this ticket once closed, as Zendesk lists them. */
  followup_ids?: number[];
};
export type StoredAttachment = Omit<ZendeskAttachment, 'url' | 'content_url' | 'mapped_content_url'> & {
  contentBase64: string;
};
export type StoredTicketField = Omit<ZendeskTicketField, 'url'>;
export type StoredWebhook = ZendeskWebhook & { secret: string; authenticationData: WebhookAuthentication | null };
export type StoredTrigger = Omit<ZendeskTrigger, 'url'>;
/** A user's membership of an organization; `organization_id` on the user is only the default one. */
export interface StoredMembership {
  id: number;
  user_id: number;
  organization_id: number;
  default: boolean;
  organization_name: string;
  created_at: string;
  updated_at: string;
}

export interface SandboxState {
  version: 1;
  accountId: number;
  /** The admin integration user every API write acts as. */
  apiUserId: number;
  sequences: Record<
    'ticket' | 'user' | 'organization' | 'event' | 'attachment' | 'field' | 'option' | 'trigger',
    number
  > & { membership?: number; invocation?: number };
  /** How far the sandbox's clock runs ahead of the real one (`POST /_sandbox/clock`). */
  clockOffsetMs?: number;
  organizationMemberships?: StoredMembership[];
  users: StoredUser[];
  organizations: StoredOrganization[];
  tickets: StoredTicket[];
  uploads: { token: string; attachmentIds: number[]; expires_at: string }[];
  attachments: StoredAttachment[];
  ticketFields: StoredTicketField[];
  webhooks: StoredWebhook[];
  triggers: StoredTrigger[];
}

/** Zendesk prints instants as ISO 8601 UTC without milliseconds: 2015-04-16T09:14:57Z. */
export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Takes the next id of a sequence. Ids look like Zendesk's: tickets count up per account, the rest are large. */
export function nextId(state: SandboxState, sequence: keyof SandboxState['sequences']): number {
  const next = (state.sequences[sequence] ?? LATER_SEQUENCES_FROM[sequence as keyof typeof LATER_SEQUENCES_FROM]) + 1;
  state.sequences[sequence] = next;
  return next;
}

/** Where the sequences a saved state may lack start (added after its version 1). */
const LATER_SEQUENCES_FROM = {
  membership: 4_210_000_000,
  // Zendesk's webhook invocation ids are numbers (`x-zendesk-webhook-invocation-id: 8350205582` in "Anatomy of a
  // webhook request"), not ULIDs as its webhook ids are.
  invocation: 8_350_205_000,
};

// Zendesk stores a user's zone under its Rails name and derives `iana_time_zone`; zones without a Rails name keep the IANA id.
const RAILS_ZONE_NAMES: Record<string, string> = {
  'America/New_York': 'Eastern Time (US & Canada)',
  'America/Chicago': 'Central Time (US & Canada)',
  'America/Denver': 'Mountain Time (US & Canada)',
  'America/Los_Angeles': 'Pacific Time (US & Canada)',
  'America/Halifax': 'Atlantic Time (Canada)',
  'Europe/London': 'London',
  'Europe/Paris': 'Paris',
  'Europe/Berlin': 'Berlin',
  'Europe/Madrid': 'Madrid',
  'Asia/Tokyo': 'Tokyo',
  'Australia/Sydney': 'Sydney',
  'Etc/UTC': 'UTC',
  UTC: 'UTC',
};

export function railsZoneName(ianaZone: string): string {
  return RAILS_ZONE_NAMES[ianaZone] ?? ianaZone;
}

export function emptyState(now: number): SandboxState {
  const state: SandboxState = {
    version: 1,
    accountId: 24_117_608,
    apiUserId: 0,
    sequences: {
      ticket: 10_230,
      user: 8_447_388_090_000,
      organization: 360_012_345_000,
      event: 38_790_000_000_000,
      attachment: 31_456_000_000_000,
      field: 360_041_000_000,
      option: 360_098_000_000,
      trigger: 360_112_000_000,
      membership: LATER_SEQUENCES_FROM.membership,
      invocation: LATER_SEQUENCES_FROM.invocation,
    },
    users: [],
    organizations: [],
    tickets: [],
    uploads: [],
    attachments: [],
    ticketFields: [],
    webhooks: [],
    triggers: [],
    clockOffsetMs: 0,
    organizationMemberships: [],
  };
  state.apiUserId = addUser(state, now, {
    name: 'Upgrade Windows',
    email: 'upgrade-windows@acme-cloud.example',
    role: 'admin',
    locale: 'en-US',
    timeZone: 'America/Chicago',
  }).id;
  for (const [type, title] of SYSTEM_FIELDS) addTicketField(state, now, type, title);
  return state;
}

const SYSTEM_FIELDS: [StoredTicketField['type'], string][] = [
  ['subject', 'Subject'],
  ['description', 'Description'],
  ['status', 'Status'],
  ['priority', 'Priority'],
  ['assignee', 'Assignee'],
];

/** Adds a ticket field as an admin made it; system fields (subject, status...) are the ones no one can remove. */
export function addTicketField(
  state: SandboxState,
  now: number,
  type: StoredTicketField['type'],
  title: string,
  options: { name: string; value: string }[] = [],
): StoredTicketField {
  const system = SYSTEM_FIELDS.some(([systemType]) => systemType === type);
  const field: StoredTicketField = {
    id: nextId(state, 'field'),
    type,
    title,
    raw_title: title,
    description: '',
    raw_description: '',
    position: state.ticketFields.length,
    active: true,
    required: type === 'subject' || type === 'description',
    visible_in_portal: system,
    editable_in_portal: type === 'subject' || type === 'description',
    removable: !system,
    tag: null,
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  if (options.length > 0) {
    field.custom_field_options = options.map((option) => ({
      id: nextId(state, 'option'),
      name: option.name,
      raw_name: option.name,
      value: option.value,
      default: false,
    }));
  }
  state.ticketFields.push(field);
  return field;
}

export interface NewUser {
  name: string;
  email: string;
  role?: StoredUser['role'];
  locale?: string;
  timeZone?: string;
  organizationId?: number | null;
}

export function addUser(state: SandboxState, now: number, input: NewUser): StoredUser {
  const zone = input.timeZone ?? 'America/Chicago';
  const user: StoredUser = {
    id: nextId(state, 'user'),
    name: input.name,
    email: input.email.toLowerCase(),
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
    time_zone: railsZoneName(zone),
    iana_time_zone: zone,
    phone: null,
    locale: input.locale ?? 'en-US',
    organization_id: input.organizationId ?? null,
    role: input.role ?? 'end-user',
    verified: true,
    active: true,
    suspended: false,
    tags: [],
  };
  state.users.push(user);
  if (input.organizationId !== undefined && input.organizationId !== null)
    addMembership(state, now, user.id, input.organizationId);
  return user;
}

/** Adds a membership; the user's first one becomes the default, as in Zendesk. */
export function addMembership(
  state: SandboxState,
  now: number,
  userId: number,
  organizationId: number,
): StoredMembership {
  const memberships = (state.organizationMemberships ??= []);
  const known = memberships.find((item) => item.user_id === userId && item.organization_id === organizationId);
  if (known) return known;
  const membership: StoredMembership = {
    id: nextId(state, 'membership'),
    user_id: userId,
    organization_id: organizationId,
    default: !memberships.some((item) => item.user_id === userId),
    organization_name: state.organizations.find((organization) => organization.id === organizationId)?.name ?? '',
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  memberships.push(membership);
  const user = state.users.find((candidate) => candidate.id === userId);
  if (user && user.organization_id === null) user.organization_id = organizationId;
  return membership;
}

export function addOrganization(state: SandboxState, now: number, name: string, domain?: string): StoredOrganization {
  const organization: StoredOrganization = {
    id: nextId(state, 'organization'),
    name,
    domain_names: domain ? [domain] : [],
    details: '',
    notes: '',
    group_id: null,
    shared_tickets: false,
    shared_comments: false,
    external_id: null,
    tags: [],
    organization_fields: {},
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  state.organizations.push(organization);
  return organization;
}
