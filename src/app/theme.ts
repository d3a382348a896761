import { DEFAULT_THEME, type IGardenTheme } from '@zendeskgarden/react-theming';

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

/** Whether a Zendesk locale (`ar`, `he-IL`, `fa`) is written right to left. */
export function isRtlLocale(locale: string): boolean {
  return RTL_LANGUAGES.has(locale.toLowerCase().split(/[-_]/)[0] ?? '');
}

/** Garden's theme for the agent's locale. */
export function themeForLocale(locale: string): IGardenTheme {
  return { ...DEFAULT_THEME, rtl: isRtlLocale(locale) };
}
