import {
  readMoveReply,
  readOfferReply,
  readReply,
  type OfferedWindow,
  type ReplyInput,
  type SchedulingReading,
} from '../../core/decisions/index.js';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';
import { readJsonFile, readTextFile } from '../io.js';
import { instantOption, zoneOption } from '../policy.js';

const USAGE = `Usage: upgrade-windows decision [FILE] [--html] [--json]
       upgrade-windows decision [FILE] (--offer FILE | --booked START) --tz ZONE [--from ISO] [--locale L] [--html] [--json]

The decision in a customer's reply, read as the backend reads it: the Zendesk reply delimiter, quoted
messages, signatures, disclaimers and mobile footers are cut; anything that is not one clear decision is
UNCLEAR.

Arguments:
  FILE            the reply (plain text, or HTML with --html); standard input when absent or "-"

Options:
  --html          the reply is HTML (a comment's html_body); a reply that starts with an
                  HTML tag (<html>, <div>, <p>...) is read as HTML without it
  --offer FILE    the windows offered to the customer (JSON as \`windows --json\` prints them):
                  the answer is CHOICE with the window's number (1-based) when the reply names
                  exactly one of them, else UNCLEAR
  --booked START  the booked window's start (ISO with an offset): the answer is RESCHEDULE, with
                  the day named if there is exactly one, when the reply asks to move it, else
                  GO / NO_GO / UNCLEAR as without it
  --tz ZONE       the customer's IANA time zone: days named are resolved there (required with
                  --offer and --booked)
  --from ISO      when the reply was written, with an offset or Z (default: now)
  --locale L      the customer's locale, for the order of day and month in "22/12" (default: en,
                  which writes the month first; en-GB, fr and most others write the day first)
  --json          print { "decision", "evidence", "choice"?, "date"? }
  -h, --help      show this help

Exit status 0 for every decision, 2 for an unreadable file or a bad option.

Examples:
  echo "Yes, go ahead" | upgrade-windows decision
  upgrade-windows decision reply.html --html --json
  echo "Option 2 please" | upgrade-windows decision --offer offer.json --tz America/Chicago --json
  echo "Can we do Friday the 18th instead?" | upgrade-windows decision \\
    --booked 2026-12-11T18:00:00-06:00 --tz America/Chicago --from 2026-12-02T10:00:00-06:00
`;

/** A reply that opens with one of these tags is HTML even without --html: its markup must never be read as words. */
const LOOKS_LIKE_HTML = /^\s*<(?:!doctype|html|head|body|div|p|span|table|br|blockquote|meta|style|font|b|strong)\b/i;
/** As many windows as `windows --count` may print. */
const MOST_OFFERED = 1000;

const OPTIONS = {
  html: { type: 'boolean' },
  json: { type: 'boolean' },
  offer: { type: 'string' },
  booked: { type: 'string' },
  tz: { type: 'string' },
  from: { type: 'string' },
  locale: { type: 'string' },
} as const;

export const command: Command = {
  summary: "the GO / NO-GO decision in a customer's reply (or the window it chooses or asks for)",
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('decision', argv, OPTIONS, { min: 0, max: 1 });
    const scheduling = schedulingOptions(values, io.now());
    const file = positionals[0];
    const body = file === undefined || file === '-' ? await io.readStdin() : readTextFile(file, 'reply file');
    const html = values.html === true || LOOKS_LIKE_HTML.test(body);
    const input: ReplyInput = html ? { html: body } : { text: body };
    const reading: SchedulingReading =
      scheduling === null
        ? readReply(input)
        : 'windows' in scheduling
          ? readOfferReply(input, scheduling)
          : readMoveReply(input, scheduling);
    const answer = {
      decision: reading.decision,
      evidence: reading.evidence,
      ...(reading.choice === undefined ? {} : { choice: reading.choice }),
      ...(reading.date === undefined ? {} : { date: reading.date }),
    };
    if (values.json === true) {
      io.stdout(`${JSON.stringify(answer)}\n`);
    } else {
      const extra = `${answer.choice === undefined ? '' : `choice: ${answer.choice}\n`}${answer.date === undefined ? '' : `date: ${answer.date}\n`}`;
      io.stdout(`${answer.decision}\nevidence: ${answer.evidence}\n${extra}`);
    }
    return 0;
  },
};

type Values = { offer?: string; booked?: string; tz?: string; from?: string; locale?: string };
type Moment = { zone: string; at: number; locale: string };

/** The offer or booking the reply answers, with the customer's zone, the reply's time and locale; null without them. */
function schedulingOptions(
  values: Values,
  now: number,
): ({ windows: OfferedWindow[] } & Moment) | ({ start: string } & Moment) | null {
  if (values.offer === undefined && values.booked === undefined) {
    for (const name of ['tz', 'from', 'locale'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} is read only with --offer or --booked`);
    }
    return null;
  }
  if (values.offer !== undefined && values.booked !== undefined) {
    throw new UsageError('--offer and --booked cannot be used together: a reply answers an offer or a booking');
  }
  if (values.tz === undefined)
    throw new UsageError("--tz ZONE (the customer's time zone) is required with --offer and --booked");
  zoneOption('--tz', values.tz);
  const locale = values.locale ?? 'en';
  if (!/^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(locale)) {
    throw new UsageError(`--locale must be a language tag such as en-US or fr, got "${locale}"`);
  }
  const moment = { zone: values.tz, at: instantOption('--from', values.from, now), locale };
  if (values.booked !== undefined) {
    instantOption('--booked', values.booked, now);
    return { start: values.booked, ...moment };
  }
  return { windows: offeredWindows(readJsonFile(values.offer!, 'offer file'), values.offer!), ...moment };
}

function offeredWindows(json: unknown, path: string): OfferedWindow[] {
  if (!Array.isArray(json) || json.length === 0 || json.length > MOST_OFFERED) {
    throw new UsageError(
      `offer file ${path}: must be a JSON array of 1 to ${MOST_OFFERED} windows, as \`windows --json\` prints`,
    );
  }
  return json.map((window: unknown, index) => {
    const start = (window as { start?: unknown } | null)?.start;
    if (typeof start !== 'string') throw new UsageError(`offer file ${path}: [${index}].start is missing`);
    instantOption(`offer file ${path}: [${index}].start`, start, 0);
    return { start };
  });
}
