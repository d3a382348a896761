import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
}

/**
 * Parses a command's arguments strictly: an unknown option or a missing value is a UsageError that
 * names it. `--help` is accepted by every command and reported as `values.help`.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  positionals: { min: number; max: number },
): ParsedArgs<O> & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const help = (parsed.values as Record<string, unknown>).help === true;
  if (!help) {
    const count = parsed.positionals.length;
    if (count < positionals.min) throw new UsageError(`missing argument (see upgrade-windows ${command} --help)`);
    if (count > positionals.max) {
      throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
    }
  }
  return {
    values: parsed.values as ParsedArgs<O>['values'],
    positionals: parsed.positionals,
    help,
  };
}

/**
 * `--count -1` is a value to check, not a second option: parseArgs calls it ambiguous and answers with three lines
 * of advice. A negative number after an option that takes a value is joined to it (`--count=-1`), so the option's
 * own check names the problem ("--count must be ... got \"-1\"").
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const next = argv[index + 1];
    const name = argument.startsWith('--') ? argument.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${argument}=${next}`);
      index += 1;
    } else {
      joined.push(argument);
    }
  }
  return joined;
}

function describeParseError(error: unknown): string {
  // Duck-typed: under jest, Node's errors come from another realm and fail `instanceof Error`.
  const message =
    typeof (error as { message?: unknown })?.message === 'string' ? (error as Error).message : String(error);
  // `--count -x`: Node's three-line advice comes down to one fact.
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous !== null)
    return `${ambiguous[1]} needs a value; write one that starts with "-" as ${ambiguous[1]}=VALUE`;
  // Node's messages end with advice about `--` that does not apply here; keep the first sentence, and start it in
  // lower case like every other message ("Unknown option '--x'" becomes "unknown option '--x'").
  const first = message.split(/\.(?: |\n)/)[0]!.replace(/\.$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Parses an integer option within bounds, or throws a UsageError naming the option. */
export function integerOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text))
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`--${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}
