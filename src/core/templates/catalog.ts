import en from '../../../translations/templates/en.json' with { type: 'json' };
import fr from '../../../translations/templates/fr.json' with { type: 'json' };
import { LANGUAGES, type Language } from './format.js';
import { POLICY_VARIABLES, TEMPLATES, isTemplateName } from './spec.js';
import { parseTemplate, placeholdersOf, variablesOf, TemplateSyntaxError } from './syntax.js';

/**
 * The texts of one language, as in `translations/templates/<locale>.json`. A text is a string or an array of
 * lines (joined with "\n", easier to read and review in JSON).
 */
export interface LanguageCatalog {
  /** How times and durations are put into sentences. */
  format: Record<string, string | string[]>;
  /** The calendar invite's summary, description and reminders. */
  invite: Record<string, string | string[]>;
  /** One text per template of `TEMPLATES`. */
  templates: Record<string, string | string[]>;
}

/** Every language's texts: `{ en: {...}, fr: {...} }`. */
export type Catalog = Record<string, LanguageCatalog>;

/** A vendor's override (TEMPLATES_DIR): any subset of any language's texts. */
export type CatalogOverride = Record<string, Partial<Record<keyof LanguageCatalog, Record<string, unknown>>>>;

const windowInviteVars = ['windowStart', 'windowEnd', ...POLICY_VARIABLES];

/** The keys of the `format` and `invite` groups, with the variables each may use. */
export const SUPPORT_KEYS: Record<'format' | 'invite', Record<string, readonly string[]>> = {
  format: {
    bothZones: ['requester', 'vendor'],
    durationMinutes: ['minutes'],
    durationHours: ['hours'],
    durationHoursMinutes: ['hours', 'minutes'],
  },
  invite: {
    summary: [...POLICY_VARIABLES],
    description: windowInviteVars,
    cancelledSummary: [...POLICY_VARIABLES],
    cancelledDescription: windowInviteVars,
    reminderDay: [...POLICY_VARIABLES],
    reminderHour: [...POLICY_VARIABLES],
  },
};

/** The templates that ship with the product, in English and French. */
export const BUILT_IN_CATALOG: Catalog = { en, fr } as Catalog;

/** The text of a catalog entry: arrays of lines joined. */
export function textOf(entry: string | readonly string[]): string {
  return typeof entry === 'string' ? entry : entry.join('\n');
}

/**
 * A vendor's override laid over the built-in texts, key by key (a vendor may change one sentence of one language).
 * Unknown keys are kept so `validateCatalog` can name them.
 */
export function mergeCatalog(builtIn: Catalog, override: CatalogOverride): Catalog {
  const merged: Catalog = {};
  for (const language of new Set([...Object.keys(builtIn), ...Object.keys(override)])) {
    const base = builtIn[language];
    const extra = override[language] ?? {};
    const groups = new Set([...Object.keys(base ?? {}), ...Object.keys(extra)]);
    const result: Record<string, Record<string, string | string[]>> = {};
    for (const group of groups) {
      result[group] = {
        ...((base as unknown as Record<string, Record<string, string | string[]>> | undefined)?.[group] ?? {}),
        ...((extra as Record<string, Record<string, string | string[]>>)[group] ?? {}),
      };
    }
    merged[language] = result as unknown as LanguageCatalog;
  }
  return merged;
}

function allowedVariables(group: string, key: string): readonly string[] | null {
  if (group === 'templates') {
    if (!isTemplateName(key)) return null;
    return [...TEMPLATES[key].variables.map((variable) => variable.name), ...POLICY_VARIABLES];
  }
  if (group === 'format' || group === 'invite') return SUPPORT_KEYS[group][key] ?? null;
  return null;
}

/** Every key the catalog must have in every language, as `group.key`. */
export function requiredKeys(): string[] {
  return [
    ...Object.keys(SUPPORT_KEYS.format).map((key) => `format.${key}`),
    ...Object.keys(SUPPORT_KEYS.invite).map((key) => `invite.${key}`),
    ...Object.keys(TEMPLATES).map((key) => `templates.${key}`),
  ];
}

/**
 * Checks a catalog the way the server does at start: every key in every language, only known languages, groups,
 * keys and variables, texts that parse, and the same placeholders in every language. One message per problem,
 * naming the language and key (`fr.templates.window_scheduled: ...`); an empty list when the catalog is sound.
 */
export function validateCatalog(catalog: Catalog): string[] {
  const problems: string[] = [];
  const placeholders = new Map<string, { language: string; tokens: string[] }>();
  for (const language of Object.keys(catalog)) {
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      problems.push(`${language}: unknown language (templates exist in ${LANGUAGES.join(', ')})`);
      continue;
    }
    const groups = catalog[language] as unknown;
    if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) {
      problems.push(`${language}: must be an object with format, invite and templates`);
      continue;
    }
    for (const [group, entries] of Object.entries(groups)) {
      if (!['format', 'invite', 'templates'].includes(group)) {
        problems.push(`${language}.${group}: unknown group (format, invite, templates)`);
        continue;
      }
      if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
        problems.push(`${language}.${group}: must be an object of texts`);
        continue;
      }
      for (const [key, entry] of Object.entries(entries as Record<string, unknown>)) {
        const path = `${language}.${group}.${key}`;
        const allowed = allowedVariables(group, key);
        if (allowed === null) {
          problems.push(`${path}: unknown ${group === 'templates' ? 'template' : 'key'}`);
          continue;
        }
        const isText =
          typeof entry === 'string' || (Array.isArray(entry) && entry.every((line) => typeof line === 'string'));
        if (!isText) {
          problems.push(`${path}: must be a string or an array of strings`);
          continue;
        }
        let nodes;
        try {
          nodes = parseTemplate(textOf(entry as string | string[]));
        } catch (error) {
          if (!(error instanceof TemplateSyntaxError)) throw error;
          problems.push(`${path}: ${error.message}`);
          continue;
        }
        for (const name of variablesOf(nodes)) {
          if (!allowed.includes(name)) problems.push(`${path}: unknown variable {${name}}`);
        }
        // The vendor's name and address are decoration a translation may use or not; the template's own
        // variables are what a translation must not lose.
        const tokens = placeholdersOf(nodes).filter(
          (token) => !(POLICY_VARIABLES as readonly string[]).includes(token),
        );
        const reference = placeholders.get(`${group}.${key}`);
        if (reference === undefined) placeholders.set(`${group}.${key}`, { language, tokens });
        else if (reference.tokens.join(' ') !== tokens.join(' ')) {
          problems.push(
            `${path}: placeholders differ from ${reference.language} (${tokens.join(', ') || 'none'} instead of ${reference.tokens.join(', ') || 'none'})`,
          );
        }
      }
    }
  }
  for (const language of LANGUAGES) {
    const groups = catalog[language] as unknown as Record<string, Record<string, unknown>> | undefined;
    for (const key of requiredKeys()) {
      const [group, name] = key.split('.') as [string, string];
      if (groups?.[group]?.[name] === undefined) problems.push(`${language}.${key}: missing`);
    }
  }
  return problems;
}

/** The text of `group.key` in a language, falling back to English (validated catalogs never need it). */
export function lookup(catalog: Catalog, language: Language, group: keyof LanguageCatalog, key: string): string {
  const entry = catalog[language]?.[group]?.[key] ?? catalog.en?.[group]?.[key];
  if (entry === undefined) throw new RangeError(`template catalog has no ${group}.${key}`);
  return textOf(entry);
}
