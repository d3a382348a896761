import { parseTemplate, placeholdersOf, TemplateSyntaxError } from '../../../src/core/templates/index.js';

describe('parseTemplate', () => {
  it('reads values, intervals, sections and literal braces', () => {
    expect(parseTemplate('At {start..end}{?reason}: {reason}{/reason} {{ok}}')).toEqual([
      { kind: 'text', text: 'At ' },
      { kind: 'range', start: 'start', end: 'end' },
      {
        kind: 'section',
        name: 'reason',
        test: { kind: 'present' },
        children: [
          { kind: 'text', text: ': ' },
          { kind: 'value', name: 'reason' },
        ],
      },
      { kind: 'text', text: ' {ok}' },
    ]);
  });

  it('lets a section tag alone on its line take its line break', () => {
    expect(parseTemplate('A\n{!x}\nB\n{/x}\nC')).toEqual([
      { kind: 'text', text: 'A\n' },
      { kind: 'section', name: 'x', test: { kind: 'absent' }, children: [{ kind: 'text', text: 'B\n' }] },
      { kind: 'text', text: 'C' },
    ]);
  });

  it('refuses malformed placeholders and unbalanced sections, saying where', () => {
    expect(() => parseTemplate('Hello {name')).toThrow(
      new TemplateSyntaxError('malformed placeholder "{name" at position 6'),
    );
    expect(() => parseTemplate('{?a}x{/b}')).toThrow('"{/b}" closes no open section at position 5');
    expect(() => parseTemplate('a } b')).toThrow('unmatched "}" at position 2');
  });

  it('lists placeholders as comparable tokens', () => {
    expect(placeholdersOf(parseTemplate('{b}{?next=GO}{a..b}{/next}{!c}{/c}{b}'))).toEqual([
      '!c',
      'a..b',
      'b',
      'next=GO',
    ]);
  });
});
