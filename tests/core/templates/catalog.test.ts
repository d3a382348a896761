import en from '../../../translations/templates/en.json' with { type: 'json' };
import fr from '../../../translations/templates/fr.json' with { type: 'json' };
import {
  BUILT_IN_CATALOG,
  TEMPLATE_NAMES,
  mergeCatalog,
  parseTemplate,
  placeholdersOf,
  requiredKeys,
  validateCatalog,
  type Catalog,
} from '../../../src/core/templates/index.js';

const text = (entry: unknown): string => (Array.isArray(entry) ? entry.join('\n') : String(entry));
const placeholders = (entry: unknown): string[] => placeholdersOf(parseTemplate(text(entry)));

describe('the built-in catalog', () => {
  it('has one template per lifecycle event and per agent note', () => {
    expect(TEMPLATE_NAMES).toHaveLength(28);
    expect(Object.keys(en.templates).sort()).toEqual([...TEMPLATE_NAMES].sort());
  });

  it('has every key in every language, with the same placeholders', () => {
    for (const key of requiredKeys()) {
      const [group, name] = key.split('.') as ['format' | 'invite' | 'templates', string];
      const english = (en[group] as Record<string, unknown>)[name];
      const french = (fr[group] as Record<string, unknown>)[name];
      expect([key, english === undefined, french === undefined]).toEqual([key, false, false]);
      expect([key, placeholders(french)]).toEqual([key, placeholders(english)]);
    }
    expect(Object.keys(fr.templates).sort()).toEqual(Object.keys(en.templates).sort());
  });

  it('passes the check the server runs at start', () => {
    expect(validateCatalog(BUILT_IN_CATALOG)).toEqual([]);
  });
});

describe('validateCatalog', () => {
  const broken = (change: (catalog: Catalog) => void): string[] => {
    const copy = structuredClone(BUILT_IN_CATALOG);
    change(copy);
    return validateCatalog(copy);
  };

  it('names a missing key', () => {
    expect(broken((catalog) => delete catalog.fr!.templates.upgrade_started)).toEqual([
      'fr.templates.upgrade_started: missing',
    ]);
  });

  it('names placeholders that differ from the other language', () => {
    expect(broken((catalog) => (catalog.fr!.templates.missed_start = 'La fenêtre a commencé.'))).toEqual([
      'fr.templates.missed_start: placeholders differ from en (none instead of windowStart)',
    ]);
  });

  it('names unknown templates, variables, groups and languages, and syntax errors', () => {
    expect(
      broken((catalog) => {
        catalog.en!.templates.upgrade_exploded = 'Boom';
        catalog.en!.templates.upgrade_completed = 'Done at {completedAt}.';
        catalog.fr!.templates.upgrade_completed = 'Fini {?x}';
        (catalog.en as unknown as Record<string, unknown>).subjects = {};
        catalog.de = catalog.en!;
      }),
    ).toEqual([
      'en.templates.upgrade_completed: unknown variable {completedAt}',
      'en.templates.upgrade_exploded: unknown template',
      'en.subjects: unknown group (format, invite, templates)',
      'fr.templates.upgrade_completed: section "x" is never closed',
      'de: unknown language (templates exist in en, fr)',
    ]);
  });
});

describe('mergeCatalog', () => {
  it("lays a vendor's text over one key of one language and keeps the rest", () => {
    const merged = mergeCatalog(BUILT_IN_CATALOG, {
      fr: { templates: { validation_completed: 'Tests réussis chez {vendorName}.' } },
    });
    expect(merged.fr!.templates.validation_completed).toBe('Tests réussis chez {vendorName}.');
    expect(merged.fr!.templates.validation_started).toEqual(fr.templates.validation_started);
    expect(merged.en!.templates.validation_completed).toEqual(en.templates.validation_completed);
    expect(validateCatalog(merged)).toEqual([]);
    expect(BUILT_IN_CATALOG.fr!.templates.validation_completed).toEqual(fr.templates.validation_completed);
  });
});
