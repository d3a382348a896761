import { useI18n } from '../i18n/I18nContext.js';

/** Shown when Zendesk opens the app in a location the manifest does not declare. */
export function UnknownLocation({ location }: { location: string }) {
  const { t } = useI18n();
  return <p>{t('app.unknownLocation', { location })}</p>;
}
