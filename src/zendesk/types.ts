// The Zendesk objects the product reads and writes, in Zendesk's own JSON shapes (snake_case, ids as numbers,
// instants as ISO 8601 UTC strings without milliseconds). Only the fields the product or the sandbox use are typed
// strictly; Zendesk sends more, and callers must tolerate extra keys.

export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';
export type UserRole = 'end-user' | 'agent' | 'admin';
export type CommentChannel = 'email' | 'web' | 'api' | 'mobile' | 'rule' | 'sample_ticket';

export interface ZendeskVia {
  channel: CommentChannel | string;
  source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null };
}

export interface CustomFieldValue {
  id: number;
  value: unknown;
}

export interface ZendeskTicket {
  id: number;
  url: string;
  external_id: string | null;
  via: ZendeskVia;
  created_at: string;
  updated_at: string;
  type: string | null;
  subject: string;
  raw_subject: string;
  description: string;
  priority: string | null;
  status: TicketStatus;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  collaborator_ids: number[];
  follower_ids: number[];
  email_cc_ids: number[];
  is_public: boolean;
  tags: string[];
  custom_fields: CustomFieldValue[];
  brand_id: number | null;
  allow_attachments: boolean;
}

export interface ZendeskAttachment {
  id: number;
  url: string;
  file_name: string;
  content_url: string;
  mapped_content_url: string;
  content_type: string;
  size: number;
  width: number | null;
  height: number | null;
  inline: boolean;
  deleted: boolean;
  thumbnails: unknown[];
}

export interface ZendeskComment {
  id: number;
  type: 'Comment' | 'VoiceComment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: ZendeskAttachment[];
  audit_id: number;
  via: ZendeskVia;
  created_at: string;
  metadata: Record<string, unknown>;
}

export interface ZendeskAuditEvent {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface ZendeskAudit {
  id: number;
  ticket_id: number;
  created_at: string;
  author_id: number;
  via: ZendeskVia;
  metadata: Record<string, unknown>;
  events: ZendeskAuditEvent[];
}

export interface ZendeskUser {
  id: number;
  url: string;
  name: string;
  email: string;
  created_at: string;
  updated_at: string;
  /** Zendesk's (Rails) zone name, e.g. "Eastern Time (US & Canada)". */
  time_zone: string;
  /** The IANA id of the same zone, e.g. "America/New_York": the one to compute with. */
  iana_time_zone: string;
  phone: string | null;
  locale: string;
  organization_id: number | null;
  role: UserRole;
  verified: boolean;
  active: boolean;
  suspended: boolean;
  tags: string[];
}

export interface ZendeskOrganization {
  id: number;
  url: string;
  name: string;
  domain_names: string[];
  details: string;
  notes: string;
  group_id: number | null;
  shared_tickets: boolean;
  shared_comments: boolean;
  external_id: string | null;
  tags: string[];
  organization_fields: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ZendeskUpload {
  token: string;
  expires_at: string;
  attachment: ZendeskAttachment;
  attachments: ZendeskAttachment[];
}

export type TicketFieldType =
  | 'subject'
  | 'description'
  | 'status'
  | 'priority'
  | 'assignee'
  | 'text'
  | 'textarea'
  | 'checkbox'
  | 'date'
  | 'integer'
  | 'decimal'
  | 'regexp'
  | 'tagger'
  | 'multiselect';

export interface CustomFieldOption {
  id: number;
  name: string;
  raw_name: string;
  value: string;
  default: boolean;
}

export interface ZendeskTicketField {
  id: number;
  url: string;
  type: TicketFieldType;
  title: string;
  raw_title: string;
  description: string;
  raw_description: string;
  position: number;
  active: boolean;
  required: boolean;
  visible_in_portal: boolean;
  editable_in_portal: boolean;
  removable: boolean;
  /** The tag a checkbox adds when ticked; null otherwise. */
  tag: string | null;
  custom_field_options?: CustomFieldOption[];
  created_at: string;
  updated_at: string;
}

/** What `createTicketField` sends: Zendesk fills in the rest. */
export interface NewTicketField {
  type: TicketFieldType;
  title: string;
  description?: string;
  active?: boolean;
  tag?: string;
  custom_field_options?: { name: string; value: string }[];
}

export interface TicketFieldUpdate {
  title?: string;
  description?: string;
  active?: boolean;
  custom_field_options?: { id?: number; name: string; value: string }[];
}

export type WebhookAuthentication =
  | { type: 'bearer_token'; data: { token: string }; add_position: 'header' }
  | { type: 'basic_auth'; data: { username: string; password: string }; add_position: 'header' }
  | { type: 'api_key'; data: { name: string; value: string }; add_position: 'header' };

export interface ZendeskWebhook {
  /** Zendesk webhook ids are strings (ULIDs such as "01GDXYD7ZTWYP6WWS1NH1F4GW7"), unlike every other id. */
  id: string;
  name: string;
  description?: string;
  status: 'active' | 'inactive';
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  subscriptions: string[];
  authentication?: { type: string; add_position: string };
  created_at: string;
  created_by: string;
  updated_at: string;
}

export interface NewWebhook {
  name: string;
  description?: string;
  status?: 'active' | 'inactive';
  endpoint: string;
  http_method: ZendeskWebhook['http_method'];
  request_format: ZendeskWebhook['request_format'];
  subscriptions: string[];
  authentication?: WebhookAuthentication;
}

export interface WebhookSigningSecret {
  secret: string;
  algorithm: 'sha256';
}

export interface TriggerCondition {
  field: string;
  operator: string;
  value?: unknown;
}

export interface TriggerAction {
  field: string;
  value: unknown;
}

export interface ZendeskTrigger {
  id: number;
  url: string;
  title: string;
  raw_title: string;
  description: string | null;
  active: boolean;
  position: number;
  conditions: { all: TriggerCondition[]; any: TriggerCondition[] };
  actions: TriggerAction[];
  created_at: string;
  updated_at: string;
}

export interface NewTrigger {
  title: string;
  description?: string;
  active?: boolean;
  position?: number;
  conditions: { all?: TriggerCondition[]; any?: TriggerCondition[] };
  actions: TriggerAction[];
}

/** A comment as `updateTicket` sends it: `body` (plain) or `html_body`; `public: false` is an internal note. */
export interface NewComment {
  body?: string;
  html_body?: string;
  public?: boolean;
  author_id?: number;
  uploads?: string[];
}

export interface TicketUpdate {
  comment?: NewComment;
  custom_fields?: CustomFieldValue[];
  status?: TicketStatus;
  tags?: string[];
  /** With `updated_stamp` (the ticket's last `updated_at`): Zendesk answers 409 when the ticket changed since. */
  safe_update?: boolean;
  updated_stamp?: string;
}

export interface TicketUpdateResult {
  ticket: ZendeskTicket;
  audit: ZendeskAudit;
}
