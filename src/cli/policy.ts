import {
  DEFAULT_POLICY_JSON,
  findProduct,
  zoneNameProblem,
  parsePolicy,
  productRequired,
  type Policy,
} from '../core/schedule.js';
import { formatInstant, parseInstant, readInstant } from '../core/time/format.js';
import { UsageError } from './errors.js';
import { readJsonFile } from './io.js';

/**
 * The schedule policy a command works with: `--policy FILE`, else the file named by POLICY_FILE, else the
 * default policy (docs/POLICY.md). An invalid policy is a UsageError listing every problem on one line:
 * `invalid policy policy.json: rules[0].end: ...; leadTime: ...`.
 */
export function loadPolicy(file: string | undefined, env: NodeJS.ProcessEnv): Policy {
  const path = file ?? (env.POLICY_FILE !== undefined && env.POLICY_FILE !== '' ? env.POLICY_FILE : undefined);
  const parsed = parsePolicy(path === undefined ? DEFAULT_POLICY_JSON : readJsonFile(path, 'policy'));
  if (!parsed.ok) throw new UsageError(`invalid policy ${path ?? '(default)'}: ${parsed.errors.join('; ')}`);
  return parsed.policy;
}

/**
 * How many tickets each window already has, from `--bookings FILE`: a JSON object from window start (ISO
 * with an offset or Z) to a whole number. Keys are matched by instant, so `2026-12-01T18:00:00-06:00` and
 * `2026-12-02T00:00:00Z` count for the same window (and add up). No file: no bookings.
 */
export function loadBookings(file: string | undefined): (start: number) => number {
  if (file === undefined) return () => 0;
  const json = readJsonFile(file, 'bookings');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`bookings ${file}: expected a JSON object from window start to number of tickets`);
  }
  const counts = new Map<number, number>();
  for (const [key, value] of Object.entries(json)) {
    const start = parseInstant(key);
    if (start === null)
      throw new UsageError(`bookings ${file}: ${JSON.stringify(key)} is not an instant with an offset or Z`);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new UsageError(
        `bookings ${file}: ${JSON.stringify(key)} must map to a whole number of tickets (0 or more), got ${JSON.stringify(value)}`,
      );
    }
    counts.set(start, (counts.get(start) ?? 0) + value);
  }
  return (start) => counts.get(start) ?? 0;
}

/** An instant given on the command line (offset or Z required), or a UsageError naming the option. */
export function instantOption(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const reading = readInstant(text);
  if (reading.ok) return reading.value;
  if (reading.overLimit) throw new UsageError(`${name}: ${reading.error}`);
  throw new UsageError(`${name} must be an ISO instant with an offset or Z (2026-12-01T18:00:00-06:00), got "${text}"`);
}

/**
 * `--product ID` (docs/CLI.md, windows): a product of the policy. Required when the policy's products are offered different
 * windows; without products in the policy, or when all are served alike, it may be left out.
 */
export function productOption(policy: Policy, text: string | undefined): string | undefined {
  const known = policy.products.map((product) => product.id).join(', ');
  if (text === undefined) {
    if (productRequired(policy)) {
      throw new UsageError(`--product is required: this policy's products have different windows (${known})`);
    }
    return undefined;
  }
  if (findProduct(policy, text) === null) {
    const list = known === '' ? 'the policy has no products' : `products: ${known}`;
    throw new UsageError(`--product: unknown product ${JSON.stringify(text.slice(0, 60))} (${list})`);
  }
  return text;
}

/** A zone given on the command line: an IANA name (`Europe/Paris`, `America/Chicago`) or `UTC` (zoneNameProblem). */
export function zoneOption(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const problem = zoneNameProblem(text);
  if (problem !== null) throw new UsageError(`${name}: ${problem}`);
  return text;
}

/**
 * Output instants carry four-digit years (`9999-12-31T18:00:00-06:00`); past them luxon writes `+010000-01-01...`,
 * which no reader of this product's output expects. Checked in each zone the instant is printed in.
 */
export function requireFourDigitYears(instants: readonly number[], zones: readonly string[], what: string): void {
  const printable = (instant: number) => zones.every((zone) => /^\d{4}-/.test(formatInstant(instant, zone)));
  if (!instants.every(printable)) {
    throw new UsageError(
      `${what} would hold instants outside the years 0000 to 9999 (ISO 8601 with four-digit years); ask about an earlier date`,
    );
  }
}
