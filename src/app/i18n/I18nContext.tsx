import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { translatorFor, type Translate } from './translate.js';

interface I18n {
  locale: string;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: string; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: translatorFor(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The agent's locale and `t()`; throws when called outside `I18nProvider`. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) throw new Error('useI18n: no I18nProvider above this component');
  return i18n;
}
