/**
 * The template syntax, kept tiny on purpose so a vendor can edit texts without learning a language:
 *
 *   {name}                  the variable, formatted by its type (an instant in both time zones)
 *   {start..end}            two instants as one interval: "Tuesday, December 1, 2026, 6:00 PM – Wednesday, 12:00 AM …"
 *   {?name}…{/name}         shown when the variable is not null
 *   {!name}…{/name}         shown when the variable is null
 *   {?name=VALUE}…{/name}   shown when the variable equals VALUE (for enum variables)
 *   {{ and }}               a literal brace
 *
 * Blank lines separate paragraphs; lines starting with "- " are list items (an HTML <ul> in the HTML body).
 */

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string }
  | { kind: 'range'; start: string; end: string }
  | { kind: 'section'; name: string; test: SectionTest; children: Node[] };

export type SectionTest = { kind: 'present' } | { kind: 'absent' } | { kind: 'equals'; value: string };

/** A template that cannot be parsed: the message names the problem and where. */
export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
}

const NAME = '[A-Za-z][A-Za-z0-9_]*';
const TAG = new RegExp(
  `^\\{(?:(${NAME})\\.\\.(${NAME})|(${NAME})|\\?(${NAME})=([A-Za-z0-9_]+)|\\?(${NAME})|!(${NAME})|/(${NAME}))\\}`,
);

/** Parses a template text into nodes, or throws a TemplateSyntaxError naming the problem. */
export function parseTemplate(text: string): Node[] {
  // A section tag alone on its line takes its line break with it (as in Mustache), so optional lines leave no gap:
  // "A\n{?reason}\nReason: {reason}\n{/reason}\nB" is "A\nB" without a reason.
  const source = text.replace(/^[ \t]*(\{[?!/][A-Za-z0-9_=]+\})[ \t]*\r?\n/gm, '$1');
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [];
  let current = root;
  let buffer = '';
  const flush = (): void => {
    if (buffer !== '') current.push({ kind: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if ((char === '{' || char === '}') && source[i + 1] === char) {
      buffer += char;
      i += 2;
      continue;
    }
    if (char === '}') throw new TemplateSyntaxError(`unmatched "}" at position ${i}`);
    if (char !== '{') {
      buffer += char;
      i += 1;
      continue;
    }
    const match = TAG.exec(source.slice(i));
    if (match === null) {
      const snippet = source.slice(i, i + 20).split('\n')[0];
      throw new TemplateSyntaxError(`malformed placeholder "${snippet}" at position ${i}`);
    }
    flush();
    const [tag, rangeStart, rangeEnd, value, eqName, eqValue, present, absent, close] = match;
    if (rangeStart !== undefined && rangeEnd !== undefined) {
      current.push({ kind: 'range', start: rangeStart, end: rangeEnd });
    } else if (value !== undefined) {
      current.push({ kind: 'value', name: value });
    } else if (close !== undefined) {
      const open = stack.pop();
      if (open === undefined || open.name !== close) {
        throw new TemplateSyntaxError(`"{/${close}}" closes no open section at position ${i}`);
      }
      current = stack.length === 0 ? root : stack[stack.length - 1]!.children;
    } else {
      const name = (eqName ?? present ?? absent)!;
      const test: SectionTest =
        eqName !== undefined
          ? { kind: 'equals', value: eqValue! }
          : present !== undefined
            ? { kind: 'present' }
            : { kind: 'absent' };
      const section: Node = { kind: 'section', name, test, children: [] };
      current.push(section);
      stack.push({ name, children: section.children });
      current = section.children;
    }
    i += tag.length;
  }
  flush();
  const unclosed = stack.pop();
  if (unclosed !== undefined) throw new TemplateSyntaxError(`section "${unclosed.name}" is never closed`);
  return root;
}

/**
 * The placeholders of a template as sorted, unique tokens (`windowStart..windowEnd`, `?reason`, `next=rescheduled`),
 * so two translations of one template can be compared.
 */
export function placeholdersOf(nodes: Node[]): string[] {
  const tokens = new Set<string>();
  const visit = (list: Node[]): void => {
    for (const node of list) {
      if (node.kind === 'value') tokens.add(node.name);
      else if (node.kind === 'range') tokens.add(`${node.start}..${node.end}`);
      else if (node.kind === 'section') {
        const prefix = node.test.kind === 'present' ? '?' : node.test.kind === 'absent' ? '!' : '';
        tokens.add(node.test.kind === 'equals' ? `${node.name}=${node.test.value}` : `${prefix}${node.name}`);
        visit(node.children);
      }
    }
  };
  visit(nodes);
  return [...tokens].sort();
}

/** The variable names a template refers to, in any form. */
export function variablesOf(nodes: Node[]): string[] {
  const names = new Set<string>();
  const visit = (list: Node[]): void => {
    for (const node of list) {
      if (node.kind === 'value') names.add(node.name);
      else if (node.kind === 'range') {
        names.add(node.start);
        names.add(node.end);
      } else if (node.kind === 'section') {
        names.add(node.name);
        visit(node.children);
      }
    }
  };
  visit(nodes);
  return [...names].sort();
}
