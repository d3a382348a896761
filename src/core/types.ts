/**
 * Types shared by every part of the core. Instants are milliseconds since the Unix epoch
 * everywhere inside the core; they become ISO strings only at the edges (CLI, HTTP, templates).
 */
export type Instant = number;

/** One occurrence of a schedule rule (or a hot fix), as a half-open interval [start, end). */
export interface Window {
  /** The id of the rule the window comes from; `"hotfix"` for a hot fix. */
  rule: string;
  start: Instant;
  end: Instant;
  /** The IANA zone the window is expressed in: the rule's zone, or the policy's. */
  timeZone: string;
}
