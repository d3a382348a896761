import en from '../../../translations/en.json' with { type: 'json' };
import fr from '../../../translations/fr.json' with { type: 'json' };

/** One locale's sidebar strings: nested objects of strings, read by dotted keys. */
export type Catalog = { [key: string]: string | Catalog };
export type Vars = Record<string, string | number>;
export type Translate = (key: string, vars?: Vars) => string;

const CATALOGS: Record<string, Catalog> = {
  en: (en as { sidebar: Catalog }).sidebar,
  fr: (fr as { sidebar: Catalog }).sidebar,
};

/** The catalog language for a Zendesk locale: `fr`, `fr-CA`, `fr-ch` use French, anything else English. */
export function catalogLanguage(locale: string): 'en' | 'fr' {
  return locale.toLowerCase().split(/[-_]/)[0] === 'fr' ? 'fr' : 'en';
}

/** A `t(key, vars)` for a locale: missing keys fall back to English, then to the key itself. */
export function translatorFor(locale: string): Translate {
  const catalog = CATALOGS[catalogLanguage(locale)]!;
  return (key, vars) => {
    const template = lookup(catalog, key) ?? lookup(CATALOGS.en!, key) ?? key;
    return fillPlaceholders(template, vars);
  };
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: string | Catalog | undefined = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

// "{count} places left" with { count: 2 } → "2 places left"; an unknown placeholder stays visible.
function fillPlaceholders(template: string, vars: Vars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** `t(key)`, or `fallback` when no catalog has the key (a status the backend added after this build). */
export function labelOr(t: Translate, key: string, fallback: string): string {
  const label = t(key);
  return label === key ? fallback : label;
}
