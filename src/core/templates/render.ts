import type { Policy } from '../policy/types.js';
import type { Instant } from '../types.js';
import { BUILT_IN_CATALOG, lookup, type Catalog, type LanguageCatalog } from './catalog.js';
import { formatInterval, formatMoment, formattingLocale, languageOf, type Language } from './format.js';
import { TEMPLATES, isTemplateName, type TemplateName, type VariableSpec } from './spec.js';
import { parseTemplate, type Node } from './syntax.js';

/**
 * The part of the schedule policy templates read: the vendor's zone, name and address, and the language of
 * internal notes (`vendor.locale`, English when absent).
 */
export type TemplatePolicy = Pick<Policy, 'timeZone'> & {
  vendor: Pick<Policy['vendor'], 'name' | 'email'> & Partial<Pick<Policy['vendor'], 'locale'>>;
};

export interface RenderOptions {
  /** The requester's locale (Zendesk `locale`); null or unknown languages render in English. */
  locale: string | null;
  /** The requester's IANA zone; null shows times in the policy zone only. */
  requesterZone: string | null;
  policy: TemplatePolicy;
  /** Built-in texts with a vendor's overrides merged (`mergeCatalog`); the built-in catalog by default. */
  catalog?: Catalog;
}

export interface RenderedComment {
  text: string;
  html: string;
}

/** A template that cannot be rendered with the variables given; `problems` names each variable at fault. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly template: string,
    readonly problems: string[],
  ) {
    super(`${template}: ${problems.join('; ')}`);
  }
}

/** A value after checking: what `{name}` prints, and what sections test. */
type Value =
  | { kind: 'null' }
  | { kind: 'instant'; instant: Instant }
  | { kind: 'duration'; minutes: number }
  | { kind: 'plain'; text: string };

interface Context {
  language: Language;
  locale: string;
  requesterZone: string;
  vendorZone: string;
  catalog: Catalog;
}

/**
 * Renders the comment a lifecycle event (or an internal note) posts, as plain text and as HTML for Zendesk's
 * `html_body`. Every variable of the template must be given (nullable ones as null, optional flags may be left
 * out) and no other; otherwise a TemplateError names them, so a customer never reads an empty hole or "undefined".
 */
export function renderComment(name: string, vars: Record<string, unknown>, options: RenderOptions): RenderedComment {
  if (!isTemplateName(name)) throw new TemplateError(name, ['unknown template']);
  const values = checkVariables(name, vars, options.policy);
  const context = contextOf(options);
  return renderSource(lookup(context.catalog, context.language, 'templates', name), values, context);
}

/**
 * The locale a template is rendered in (docs/LIFECYCLE.md, Comments): the requester's for what the customer reads,
 * the vendor's (`vendor.locale`, English by default) for internal notes, which only agents read.
 */
export function audienceLocale(name: string, requesterLocale: string | null, policy: TemplatePolicy): string | null {
  if (isTemplateName(name) && TEMPLATES[name].audience === 'internal') return policy.vendor.locale ?? 'en';
  return requesterLocale;
}

/** Renders one text of the `invite` or `format` group with already-known values (for the invite's texts). */
export function renderSupportText(
  group: Exclude<keyof LanguageCatalog, 'templates'>,
  key: string,
  vars: Record<string, Instant | string>,
  options: RenderOptions,
): RenderedComment {
  const context = contextOf(options);
  const values = new Map<string, Value>([
    ['vendorName', { kind: 'plain', text: options.policy.vendor.name }],
    ['vendorEmail', { kind: 'plain', text: options.policy.vendor.email }],
  ]);
  for (const [name, value] of Object.entries(vars)) {
    values.set(name, typeof value === 'number' ? { kind: 'instant', instant: value } : { kind: 'plain', text: value });
  }
  return renderSource(lookup(context.catalog, context.language, group, key), values, context);
}

function contextOf(options: RenderOptions): Context {
  return {
    language: languageOf(options.locale),
    locale: formattingLocale(options.locale),
    requesterZone: options.requesterZone ?? options.policy.timeZone,
    vendorZone: options.policy.timeZone,
    catalog: options.catalog ?? BUILT_IN_CATALOG,
  };
}

/** Checks every variable against the template's list and turns each into a printable value. */
function checkVariables(name: TemplateName, vars: Record<string, unknown>, policy: TemplatePolicy): Map<string, Value> {
  const specs: readonly VariableSpec[] = TEMPLATES[name].variables;
  const problems: string[] = [];
  const values = new Map<string, Value>([
    ['vendorName', { kind: 'plain', text: policy.vendor.name }],
    ['vendorEmail', { kind: 'plain', text: policy.vendor.email }],
  ]);
  for (const spec of specs) {
    const given = vars[spec.name] === undefined && spec.optional === true ? false : vars[spec.name];
    if (given === undefined) {
      problems.push(`missing variable ${spec.name}`);
      continue;
    }
    if (given === null) {
      if (spec.nullable) values.set(spec.name, { kind: 'null' });
      else problems.push(`variable ${spec.name} must not be null`);
      continue;
    }
    const checked = checkValue(spec, given);
    if (typeof checked === 'string') problems.push(`variable ${spec.name} ${checked}`);
    else values.set(spec.name, checked);
  }
  for (const extra of Object.keys(vars)) {
    if (!specs.some((spec) => spec.name === extra)) problems.push(`unknown variable ${extra}`);
  }
  if (problems.length > 0) throw new TemplateError(name, problems);
  return values;
}

/** A checked value, or a phrase saying what is wrong with it. */
function checkValue(spec: VariableSpec, given: unknown): Value | string {
  switch (spec.type.kind) {
    case 'instant':
      return typeof given === 'number' && Number.isFinite(given)
        ? { kind: 'instant', instant: given }
        : 'must be an instant (epoch milliseconds)';
    case 'text':
      return typeof given === 'string' && given.trim() !== ''
        ? { kind: 'plain', text: given }
        : 'must be a non-empty text';
    case 'number':
      return typeof given === 'number' && Number.isFinite(given)
        ? { kind: 'plain', text: String(given) }
        : 'must be a number';
    case 'duration':
      return Number.isInteger(given) && (given as number) >= 0
        ? { kind: 'duration', minutes: given as number }
        : 'must be a whole number of minutes';
    case 'flag':
      // False is null to the sections: `{?lockout}` shows only for true, `{!lockout}` only for false.
      if (typeof given !== 'boolean') return 'must be true or false';
      return given ? { kind: 'plain', text: 'true' } : { kind: 'null' };
    case 'enum':
      return typeof given === 'string' && spec.type.values.includes(given)
        ? { kind: 'plain', text: given }
        : `must be one of ${spec.type.values.join(', ')}`;
  }
}

/** A piece of rendered output: template wording, or a variable's value (escaped apart in HTML). */
type Piece = { literal: string } | { value: string };

function renderSource(source: string, values: Map<string, Value>, context: Context): RenderedComment {
  const pieces = renderNodes(parseTemplate(source), values, context);
  const text = tidy(pieces.map((piece) => ('literal' in piece ? piece.literal : piece.value)).join(''));
  const marked = tidy(
    pieces
      .map((piece) =>
        'literal' in piece ? escapeHtml(piece.literal) : escapeHtml(piece.value).replace(/\r?\n/g, '<br>'),
      )
      .join(''),
  );
  return { text, html: toHtml(marked) };
}

function renderNodes(nodes: Node[], values: Map<string, Value>, context: Context): Piece[] {
  const pieces: Piece[] = [];
  for (const node of nodes) {
    if (node.kind === 'text') pieces.push({ literal: node.text });
    else if (node.kind === 'value') pieces.push({ value: printValue(node.name, values, context) });
    else if (node.kind === 'range') pieces.push({ value: printRange(node.start, node.end, values, context) });
    else if (sectionShows(node, values)) pieces.push(...renderNodes(node.children, values, context));
  }
  return pieces;
}

function sectionShows(node: Extract<Node, { kind: 'section' }>, values: Map<string, Value>): boolean {
  const value = valueOf(node.name, values);
  if (node.test.kind === 'present') return value.kind !== 'null';
  if (node.test.kind === 'absent') return value.kind === 'null';
  return value.kind === 'plain' && value.text === node.test.value;
}

function valueOf(name: string, values: Map<string, Value>): Value {
  const value = values.get(name);
  // validateCatalog rejects texts that use variables their template does not have; a text that slipped through
  // unvalidated still fails loudly rather than printing a hole.
  if (value === undefined)
    throw new TemplateError(name, [`the text uses {${name}}, which this template does not have`]);
  return value;
}

function printValue(name: string, values: Map<string, Value>, context: Context): string {
  const value = valueOf(name, values);
  if (value.kind === 'null')
    throw new TemplateError(name, [`{${name}} is null here; put it inside {?${name}}…{/${name}}`]);
  if (value.kind === 'plain') return value.text;
  if (value.kind === 'duration') return printDuration(value.minutes, context);
  return inBothZones((zone) => formatMoment(value.instant, zone, context.locale), context);
}

function printRange(startName: string, endName: string, values: Map<string, Value>, context: Context): string {
  const start = valueOf(startName, values);
  const end = valueOf(endName, values);
  if (start.kind !== 'instant' || end.kind !== 'instant') {
    throw new TemplateError(`${startName}..${endName}`, ['an interval needs two instants that are not null']);
  }
  return inBothZones((zone) => formatInterval(start.instant, end.instant, zone, context.locale), context);
}

/** 90 → "1 h 30 min", 120 → "2 h", 30 → "30 min", with the words of the language's `format` texts. */
function printDuration(total: number, context: Context): string {
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  const key = hours === 0 ? 'durationMinutes' : minutes === 0 ? 'durationHours' : 'durationHoursMinutes';
  return lookup(context.catalog, context.language, 'format', key)
    .replace('{hours}', String(hours))
    .replace('{minutes}', String(minutes));
}

/** The requester's zone first, then the vendor's, unless they are the same zone (then once). */
function inBothZones(format: (zone: string) => string, context: Context): string {
  const requester = format(context.requesterZone);
  if (context.requesterZone === context.vendorZone) return requester;
  return lookup(context.catalog, context.language, 'format', 'bothZones')
    .replace('{requester}', requester)
    .replace('{vendor}', format(context.vendorZone));
}

/** Collapses the blank lines that empty sections leave behind, and trailing spaces. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Paragraphs from blank-line-separated blocks; runs of "- " lines become a list. Works on already-escaped text.
 * Example: "Hello\n\n- a\n- b\nBye" → "<p>Hello</p>\n<ul><li>a</li><li>b</li></ul>\n<p>Bye</p>".
 */
function toHtml(escaped: string): string {
  const parts: string[] = [];
  for (const block of escaped.split(/\n{2,}/)) {
    let paragraph: string[] = [];
    let items: string[] = [];
    const flush = (): void => {
      if (paragraph.length > 0) parts.push(`<p>${paragraph.join('<br>')}</p>`);
      if (items.length > 0) parts.push(`<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);
      paragraph = [];
      items = [];
    };
    for (const line of block.split('\n')) {
      if (line.startsWith('- ')) {
        if (paragraph.length > 0) flush();
        items.push(line.slice(2));
      } else {
        if (items.length > 0) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return parts.join('\n');
}
