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
import { POLICY_LIMITS } from './limits.js';
import { policySchema, type PolicyInput, type ProductInput, type RuleInput } from './schema.js';
import type { Blackout, ParsePolicyResult, Policy, Product, Recurrence, Rule } from './types.js';

type Path = readonly PropertyKey[];

/**
 * Parses and validates a schedule policy (docs/POLICY.md). A policy that breaks any rule is refused as a whole,
 * with one message per problem naming its field: `rules[0].end: "25:00" is not a time HH:mm (00:00 to 24:00)`.
 */
export function parsePolicy(input: unknown): ParsePolicyResult {
  const parsed = policySchema.safeParse(input, { reportInput: true });
  const errors = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap(describeIssue)),
    ...crossFieldErrors(input),
    ...productErrors(input),
  ];
  if (!parsed.success || errors.length > 0) return { ok: false, errors: capped(errors) };
  return { ok: true, policy: normalise(parsed.data) };
}

/** The most problems reported one by one: a policy of 100,000 broken rules gets a readable answer, not a book. */
const MAX_REPORTED_ERRORS = 50;

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), `policy: and ${rest} more problem${rest === 1 ? '' : 's'}`];
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
  // A record key that fails its schema (a product's locale): the key schema's own message, not zod's generic one.
  if (issue.code === 'invalid_key') return [at(issue.path, issue.issues[0]?.message ?? issue.message)];
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
  // Past the limits, zod already refuses the list; looking further would only cost time.
  const rules = Array.isArray(input.rules) ? input.rules.slice(0, POLICY_LIMITS.rules) : [];
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
    errors.push(...duplicates(rule.weekly, [...path, 'weekly'], 'weekday'));
    if (isRecord(rule.monthly))
      errors.push(...duplicates(rule.monthly.months, [...path, 'monthly', 'months'], 'month'));
  });
  const zone = typeof input.timeZone === 'string' && isValidZone(input.timeZone) ? input.timeZone : null;
  const blackouts = Array.isArray(input.blackouts) ? input.blackouts.slice(0, POLICY_LIMITS.blackouts) : [];
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

/** One message per repeated item of a list (the second `"tuesday"` of `["tuesday", "friday", "tuesday"]`). */
function duplicates(list: unknown, path: Path, what: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) =>
    list.indexOf(item) < index ? [at([...path, index], `duplicate ${what} ${JSON.stringify(item)}`)] : [],
  );
}

/**
 * Product ids become Zendesk tags (`uw_product_<id>`) and dropdown values, so they are lower-case letters,
 * digits, `_` and `-`; the 200-character limit of every id applies too.
 */
const PRODUCT_ID = /^[a-z0-9][a-z0-9_-]{0,199}$/;

/** Product ids, how many products, and the products each rule names (docs/POLICY.md, Products, classes and lockouts). */
function productErrors(input: unknown): string[] {
  if (!isRecord(input)) return [];
  const errors: string[] = [];
  const products = isRecord(input.products) ? Object.keys(input.products) : [];
  if (products.length > POLICY_LIMITS.products) {
    errors.push(at(['products'], `at most ${POLICY_LIMITS.products} products, got ${products.length}`));
  }
  for (const id of products.slice(0, POLICY_LIMITS.products)) {
    if (!PRODUCT_ID.test(id)) {
      errors.push(
        at(
          ['products', id.slice(0, 40)],
          'a product id is 1 to 200 lower-case letters, digits, "_" or "-" (it becomes a Zendesk tag)',
        ),
      );
    }
  }
  const known = new Set(products);
  const rules = Array.isArray(input.rules) ? input.rules.slice(0, POLICY_LIMITS.rules) : [];
  rules.forEach((rule, index) => {
    if (!isRecord(rule) || !Array.isArray(rule.products)) return;
    const path = ['rules', index, 'products'];
    errors.push(...duplicates(rule.products, path, 'product'));
    rule.products.forEach((id: unknown, productIndex) => {
      if (typeof id !== 'string')
        errors.push(at([...path, productIndex], `expected a product id, got ${describeValue(id)}`));
      else if (!known.has(id)) {
        const list = products.length === 0 ? 'the policy has no products' : `products: ${products.join(', ')}`;
        errors.push(at([...path, productIndex], `unknown product ${JSON.stringify(id.slice(0, 40))} (${list})`));
      }
    });
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
  if (rule.monthly !== undefined) {
    const { weekday, week, months } = rule.monthly;
    return {
      kind: 'monthly',
      weekday: weekday as Weekday,
      week,
      ...(months !== undefined ? { months: [...months].sort((a, b) => a - b) } : {}),
    };
  }
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
    ...(rule.products !== undefined ? { products: [...rule.products] } : {}),
    ...(rule.class !== undefined ? { class: rule.class } : {}),
    ...(rule.lockout !== undefined ? { lockout: rule.lockout } : {}),
  };
}

function normaliseProducts(products: Record<string, ProductInput> | undefined): Product[] {
  return Object.entries(products ?? {}).map(([id, product]) => ({
    id,
    name: product.name,
    names: { ...product.names },
  }));
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
  const vendor = input.vendor
    ? { ...input.vendor, locale: input.vendor.locale ?? OPTIONAL_DEFAULTS.vendor.locale }
    : { ...OPTIONAL_DEFAULTS.vendor };
  const offer = { expires: input.offer?.expires ?? OPTIONAL_DEFAULTS.offer.expires };
  const selfService = {
    reschedule: input.selfService?.reschedule ?? OPTIONAL_DEFAULTS.selfService.reschedule,
    maxDeferrals: input.selfService?.maxDeferrals ?? OPTIONAL_DEFAULTS.selfService.maxDeferrals,
  };
  const blackoutInputs = input.blackouts ?? [];
  const blackouts: Blackout[] = blackoutInputs.map((blackout) => ({
    start: readBlackoutTime(blackout.start, input.timeZone)!,
    end: readBlackoutTime(blackout.end, input.timeZone)!,
    reason: blackout.reason ?? null,
  }));
  return {
    timeZone: input.timeZone,
    leadTime: parseCalendarDuration(leadTime) as CalendarDuration,
    products: normaliseProducts(input.products),
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
      ...(input.products !== undefined ? { products: input.products } : {}),
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
