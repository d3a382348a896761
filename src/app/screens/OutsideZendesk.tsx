import { useI18n } from '../i18n/I18nContext.js';

/** `ZAFClient.init()` returned false: the page was opened outside a Zendesk iframe. */
export function OutsideZendesk() {
  const { t } = useI18n();
  return (
    <section className="uw-root" role="alert">
      <h2 className="uw-h2">{t('app.outsideTitle')}</h2>
      <p>{t('app.outsideText')}</p>
    </section>
  );
}
