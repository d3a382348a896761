import { readReply } from '../../core/decisions/index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../io.js';
import { readTextFile } from '../io.js';

const USAGE = `Usage: upgrade-windows decision [FILE] [--html] [--json]

The GO / NO-GO decision in a customer's reply, read as the backend reads it: the Zendesk reply
delimiter, quoted messages, signatures and mobile footers are cut; anything that is not one clear
decision is UNCLEAR.

Arguments:
  FILE        the reply (plain text, or HTML with --html); standard input when absent or "-"

Options:
  --html      the reply is HTML (a comment's html_body); a reply that starts with an
              HTML tag (<html>, <div>, <p>...) is read as HTML without it
  --json      print { "decision": "GO" | "NO_GO" | "UNCLEAR", "evidence": string }
  -h, --help  show this help

Exit status 0 for all three decisions, 2 for an unreadable file or a bad option.

Examples:
  echo "Yes, go ahead" | upgrade-windows decision
  upgrade-windows decision reply.html --html --json
`;

/** A reply that opens with one of these tags is HTML even without --html: its markup must never be read as words. */
const LOOKS_LIKE_HTML = /^\s*<(?:!doctype|html|head|body|div|p|span|table|br|blockquote|meta|style|font|b|strong)\b/i;

const OPTIONS = {
  html: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

export const command: Command = {
  summary: "the GO / NO-GO decision in a customer's reply",
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('decision', argv, OPTIONS, { min: 0, max: 1 });
    const file = positionals[0];
    const body = file === undefined || file === '-' ? await io.readStdin() : readTextFile(file, 'reply file');
    const html = values.html === true || LOOKS_LIKE_HTML.test(body);
    const reading = readReply(html ? { html: body } : { text: body });
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ decision: reading.decision, evidence: reading.evidence })}\n`);
    } else {
      io.stdout(`${reading.decision}\nevidence: ${reading.evidence}\n`);
    }
    return 0;
  },
};
