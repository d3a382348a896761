import {
  EXAMPLES,
  TEMPLATES,
  TEMPLATE_NAMES,
  TemplateError,
  audienceLocale,
  isTemplateName,
  renderComment,
  type TemplateName,
  type VariableSpec,
} from '../../core/templates/index.js';
import { parseInstant } from '../../core/time/format.js';
import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';
import { readJsonFile } from '../io.js';
import { loadPolicy, zoneOption } from '../policy.js';
import { TemplateCatalogError, loadTemplateCatalog } from '../templates.js';

const USAGE = `Usage: upgrade-windows render EVENT [--locale L] [--vars FILE | --example] [--html] [--tz ZONE] [--policy FILE]
       upgrade-windows render --list [EVENT]

The comment that EVENT posts on a ticket (or the agent note it adds), rendered as the customer or agent reads it.

Options:
  --locale L     the requester's locale (fr, fr-CA... use French; anything else English; default: en,
                 or the policy's vendor.locale for an internal note)
  --vars FILE    the template's variables as a JSON object; instants are ISO strings with an offset or Z
  --example      a realistic built-in variable set for EVENT
  --html         print the HTML body (Zendesk html_body) instead of the plain text
  --tz ZONE      the requester's IANA time zone (default: the policy's, shown once)
  --policy FILE  schedule policy for the vendor's name, address and zone (default: $POLICY_FILE, else built in)
  --list         the events and the variables each one needs
  -h, --help     show this help

Texts come from the built-in templates, with the vendor's overrides from $TEMPLATES_DIR when set.

Examples:
  upgrade-windows render window_scheduled --example --locale fr-CA --tz America/Montreal
  upgrade-windows render decision_requested --vars vars.json --html
`;

const OPTIONS = {
  locale: { type: 'string' },
  vars: { type: 'string' },
  example: { type: 'boolean' },
  html: { type: 'boolean' },
  list: { type: 'boolean' },
  tz: { type: 'string' },
  policy: { type: 'string' },
} as const;

function describeVariable(spec: VariableSpec): string {
  const type = spec.type.kind === 'enum' ? spec.type.values.join('|') : spec.type.kind;
  return `${spec.name}: ${type}${spec.nullable ? ' or null' : ''}`;
}

/** `--list`: one line per template, then one per variable. */
function listing(names: readonly TemplateName[]): string {
  return names
    .map((name) => {
      const spec = TEMPLATES[name];
      const variables = spec.variables.map(
        (variable) => `    ${describeVariable(variable)}  (${variable.description})`,
      );
      return [
        `${name}  [${spec.audience}] ${spec.description}`,
        ...(variables.length > 0 ? variables : ['    (no variables)']),
      ].join('\n');
    })
    .join('\n');
}

function eventName(text: string | undefined): TemplateName {
  if (text === undefined) throw new UsageError('missing EVENT (see --list)');
  if (!isTemplateName(text)) throw new UsageError(`unknown event "${text}" (see --list)`);
  return text;
}

/** Variables from a --vars file: ISO instants become instants; anything else is left for the template to judge. */
function varsFromFile(name: TemplateName, file: string): Record<string, unknown> {
  const json = readJsonFile(file, 'vars');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UsageError(`vars ${file}: expected a JSON object of variables`);
  }
  const vars: Record<string, unknown> = { ...(json as Record<string, unknown>) };
  for (const spec of TEMPLATES[name].variables) {
    const value = vars[spec.name];
    if (spec.type.kind !== 'instant' || value === null || value === undefined) continue;
    const instant = typeof value === 'string' ? parseInstant(value) : null;
    if (instant === null) {
      throw new UsageError(
        `vars ${file}: ${spec.name} must be an ISO instant with an offset or Z (2026-12-01T18:00:00-06:00), got ${JSON.stringify(value)}`,
      );
    }
    vars[spec.name] = instant;
  }
  return vars;
}

export const command: Command = {
  summary: 'the comment that a lifecycle event posts',
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('render', argv, OPTIONS, { min: 0, max: 1 });
    if (values.list === true) {
      const names = positionals[0] === undefined ? TEMPLATE_NAMES : [eventName(positionals[0])];
      io.stdout(`${listing(names)}\n`);
      return 0;
    }
    const name = eventName(positionals[0]);
    if (values.vars !== undefined && values.example === true)
      throw new UsageError('give either --vars FILE or --example, not both');
    if (values.vars === undefined && values.example !== true) throw new UsageError('give --vars FILE or --example');
    const requesterZone = zoneOption('--tz', values.tz) ?? null;
    const vars = values.vars !== undefined ? varsFromFile(name, values.vars) : EXAMPLES[name];
    const policy = loadPolicy(values.policy, io.env);
    let catalog;
    try {
      catalog = loadTemplateCatalog(io.env.TEMPLATES_DIR);
    } catch (error) {
      if (error instanceof TemplateCatalogError) throw new UsageError(error.message);
      throw error;
    }
    try {
      const rendered = renderComment(name, vars, {
        // An internal note is written in the vendor's language unless the caller asks for another.
        locale: values.locale ?? audienceLocale(name, null, policy),
        requesterZone,
        policy,
        catalog,
      });
      io.stdout(`${values.html === true ? rendered.html : rendered.text}\n`);
      return 0;
    } catch (error) {
      if (error instanceof TemplateError) throw new UsageError(error.message);
      throw error;
    }
  },
};
