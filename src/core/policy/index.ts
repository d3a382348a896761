export { parsePolicy, formatPath } from './parse.js';
export { DEFAULT_POLICY_JSON } from './defaults.js';
export type { Policy, Rule, Recurrence, Blackout, ParsePolicyResult, Weekday } from './types.js';
