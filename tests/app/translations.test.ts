import { readFileSync } from 'node:fs';
import { catalogLanguage, translatorFor } from '../../src/app/i18n/translate.js';
import { TEMPLATE_NAMES } from '../../src/core/templates/spec.js';

type Tree = { [key: string]: string | Tree };
const read = (locale: string) =>
  JSON.parse(readFileSync(new URL(`../../translations/${locale}.json`, import.meta.url), 'utf8')) as Tree;

/** Every leaf as `dotted.key → sorted placeholders`. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string')
      out.set(
        path,
        [...value.matchAll(/\{(\w+)\}/g)]
          .map((m) => m[1])
          .sort()
          .join(','),
      );
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

describe('translations', () => {
  const en = read('en');
  const fr = read('fr');

  it('have the same keys with the same placeholders in English and French', () => {
    expect([...leaves(fr)].sort()).toEqual([...leaves(en)].sort());
  });

  it('hold only the app and sidebar sections (comment templates live elsewhere)', () => {
    expect(Object.keys(en).sort()).toEqual(['app', 'sidebar']);
    expect(Object.keys(fr).sort()).toEqual(['app', 'sidebar']);
  });

  it('label every app parameter, as Zendesk requires', () => {
    const parameters = (en.app as Tree).parameters as Tree;
    expect(Object.keys(parameters).sort()).toEqual(['agentToken', 'backendUrl']);
    for (const parameter of Object.values(parameters)) expect(typeof (parameter as Tree).label).toBe('string');
  });

  it('picks French for fr and its variants and English for anything else', () => {
    expect(['fr', 'fr-CA', 'fr_ch', 'en-US', 'de', 'ar'].map(catalogLanguage)).toEqual([
      'fr',
      'fr',
      'fr',
      'en',
      'en',
      'en',
    ]);
  });

  it('fills placeholders and falls back to the key when no catalog has it', () => {
    const t = translatorFor('fr-CA');
    expect(t('book.placesLeft', { count: 2 })).toBe('Places restantes : 2');
    expect(t('no.such.key')).toBe('no.such.key');
  });
});

describe('history labels', () => {
  it('name every comment and note the backend can record, in every language', () => {
    for (const locale of ['en', 'fr']) {
      const events = (read(locale).sidebar as Tree).events as Tree;
      const missing = TEMPLATE_NAMES.filter((name) => typeof events[name] !== 'string');
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });
});
