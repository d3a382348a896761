import type { z } from 'zod';
import { DAY_MS, MINUTE_MS, parseDate, parseTime, type Weekday } from '../time/calendar.js';
import {
  calendarDurationMinutes,
  parseCalendarDuration,
  parseElapsedMinutes,
  type CalendarDuration,
} from '../time/duration.js';
import { parseInstant } from '../time/format.js';
import { isValidZone, localToInstantMs } from '../time/zone.js';
import type { Instant } from '../types.js';
import { OPTIONAL_DEFAULTS } from './defaults.js';
import { policySchema, type PolicyInput, type RuleInput } from './schema.js';
import type { Blackout, ParsePolicyResult, Policy, Recurrence, Rule } from './types.js';

type Path = readonly PropertyKey[];

/**
 * Parses and validates a schedule policy (DESIGN §2). A policy that breaks any rule is refused as a whole,
 * with one message per problem naming its field: `rules[0].end: "25:00" is not a time HH:mm (00:00 to 24:00)`.
 */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const parsed = policySchema.safeParse(input, { reportInput: true });
  const errors = [...(parsed.success ? [] : parsed.error.issues.flatMap(describeIssue)), ...crossFieldErrors(input)];
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, policy: normalise(parsed.data) };
}

/** `rules[0].end` from `['rules', 0, 'end']`. */
export function formatPath(path: Path): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? String(segment) : `.${String(segment)}`,
    )
    .join('');
}

function at(path: Path, message: string): string {
  return path.length === 0 ? `policy: ${message}` : `${formatPath(path)}: ${message}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => at([...issue.path, key], 'unknown key'));
  if (issue.input === undefined && ['invalid_type', 'invalid_union', 'invalid_value'].includes(issue.code)) {
    return [at(issue.path, 'required')];
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int') {
    return [at(issue.path, `${JSON.stringify(issue.input)} is not a whole number`)];
  }
  if (issue.code === 'invalid_type') {
    const expected =
      issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`;
    return [at(issue.path, `expected ${expected}, got ${describeValue(issue.input)}`)];
  }
  return [at(issue.path, issue.message)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rules zod's per-field checks cannot see: one recurrence, one end, unique ids, blackouts in order. */
function crossFieldErrors(input: unknown): string[] {
  if (!isRecord(input)) return [];
  const errors: string[] = [];
  const rules = Array.isArray(input.rules) ? input.rules : [];
  const firstById = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!isRecord(rule)) return;
    const path = ['rules', index];
    const recurrences = ['weekly', 'monthly', 'dates'].filter((key) => rule[key] !== undefined);
    if (recurrences.length === 0) errors.push(at(path, 'needs one recurrence: weekly, monthly or dates'));
    if (recurrences.length > 1) errors.push(at(path, `has ${recurrences.join(' and ')}; give exactly one recurrence`));
    const ends = ['duration', 'end'].filter((key) => rule[key] !== undefined);
    if (ends.length === 0) errors.push(at(path, 'needs duration or end'));
    if (ends.length > 1) errors.push(at(path, 'has both duration and end; give exactly one'));
    if (typeof rule.id === 'string') {
      const first = firstById.get(rule.id);
      if (first === undefined) firstById.set(rule.id, index);
      else errors.push(at([...path, 'id'], `duplicate id ${JSON.stringify(rule.id)} (also rules[${first}].id)`));
    }
    if (Array.isArray(rule.weekly)) {
      rule.weekly.forEach((day, dayIndex) => {
        if (rule.weekly instanceof Array && rule.weekly.indexOf(day) < dayIndex) {
          errors.push(at([...path, 'weekly', dayIndex], `duplicate weekday ${JSON.stringify(day)}`));
        }
      });
    }
  });
  const zone = typeof input.timeZone === 'string' && isValidZone(input.timeZone) ? input.timeZone : null;
  const blackouts = Array.isArray(input.blackouts) ? input.blackouts : [];
  blackouts.forEach((blackout, index) => {
    if (!isRecord(blackout) || typeof blackout.start !== 'string' || typeof blackout.end !== 'string') return;
    const start = readBlackoutTime(blackout.start, zone);
    const end = readBlackoutTime(blackout.end, zone);
    if (start !== null && end !== null && end <= start) {
      errors.push(at(['blackouts', index, 'end'], `must be after start (${blackout.start})`));
    }
  });
  return errors;
}

/**
 * A blackout's start or end: with an offset it is that instant; without, a local date-time of the policy
 * zone under the product's DST rules. Null when malformed or when the zone is unknown.
 */
function readBlackoutTime(text: string, zone: string | null): Instant | null {
  const withOffset = parseInstant(text);
  if (withOffset !== null) return withOffset;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(text);
  if (match === null || zone === null) return null;
  const day = parseDate(match[1]!);
  const minutes = parseTime(match[2]!);
  if (day === null || minutes === null) return null;
  return localToInstantMs(day * DAY_MS + minutes * MINUTE_MS + Number(match[3] ?? 0) * 1000, zone);
}

function recurrenceOf(rule: RuleInput): Recurrence {
  if (rule.weekly !== undefined) return { kind: 'weekly', weekdays: rule.weekly as Weekday[] };
  if (rule.monthly !== undefined)
    return { kind: 'monthly', weekday: rule.monthly.weekday as Weekday, week: rule.monthly.week };
  return { kind: 'dates', dates: [...new Set(rule.dates ?? [])].sort() };
}

function normaliseRule(rule: RuleInput, policyZone: string): Rule {
  return {
    id: rule.id,
    timeZone: rule.timeZone ?? policyZone,
    recurrence: recurrenceOf(rule),
    start: rule.start,
    // "24:00" is midnight at the end of the day; "00:00" is not after any start, so it means the same.
    end:
      rule.duration !== undefined
        ? { durationMinutes: parseElapsedMinutes(rule.duration)! }
        : { wallClock: rule.end === '24:00' ? '00:00' : rule.end! },
    capacity: rule.capacity ?? null,
  };
}

function normalise(input: PolicyInput): Policy {
  const leadTime = input.leadTime ?? OPTIONAL_DEFAULTS.leadTime;
  const hotfix = { defaultDuration: input.hotfix?.defaultDuration ?? OPTIONAL_DEFAULTS.hotfix.defaultDuration };
  const decision = {
    deadline: input.decision?.deadline ?? OPTIONAL_DEFAULTS.decision.deadline,
    onTimeout: input.decision?.onTimeout ?? OPTIONAL_DEFAULTS.decision.onTimeout,
    approvers: input.decision?.approvers ?? OPTIONAL_DEFAULTS.decision.approvers,
  };
  const overrunWarning = input.overrunWarning ?? OPTIONAL_DEFAULTS.overrunWarning;
  const vendor = input.vendor ?? { ...OPTIONAL_DEFAULTS.vendor };
  const offer = { expires: input.offer?.expires ?? OPTIONAL_DEFAULTS.offer.expires };
  const selfService = { ...OPTIONAL_DEFAULTS.selfService, ...input.selfService };
  const blackoutInputs = input.blackouts ?? [];
  const blackouts: Blackout[] = blackoutInputs.map((blackout) => ({
    start: readBlackoutTime(blackout.start, input.timeZone)!,
    end: readBlackoutTime(blackout.end, input.timeZone)!,
    reason: blackout.reason ?? null,
  }));
  return {
    timeZone: input.timeZone,
    leadTime: parseCalendarDuration(leadTime) as CalendarDuration,
    rules: input.rules.map((rule) => normaliseRule(rule, input.timeZone)),
    blackouts,
    hotfix: { defaultDurationMinutes: parseElapsedMinutes(hotfix.defaultDuration)! },
    decision: {
      deadlineMinutes: calendarDurationMinutes(parseCalendarDuration(decision.deadline)!),
      onTimeout: decision.onTimeout,
      approvers: decision.approvers,
    },
    overrunWarningMinutes: calendarDurationMinutes(parseCalendarDuration(overrunWarning)!),
    vendor,
    offer: { expiresMinutes: calendarDurationMinutes(parseCalendarDuration(offer.expires)!) },
    selfService,
    json: {
      timeZone: input.timeZone,
      leadTime,
      rules: input.rules.map((rule) => ({ ...rule, capacity: rule.capacity ?? null })),
      blackouts: blackoutInputs.map((blackout) => ({ ...blackout, reason: blackout.reason ?? null })),
      hotfix,
      decision,
      overrunWarning,
      vendor,
      offer,
      selfService,
    },
  };
}
