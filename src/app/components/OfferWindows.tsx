import type { OpenOffer } from '../../contract/index.js';
import { useBackendApi } from '../api/BackendContext.js';
import { formatInZone, formatTimeInZone, zoneLabel } from '../format/dates.js';
import { useI18n } from '../i18n/I18nContext.js';
import { PreviewAndConfirm } from './PreviewAndConfirm.js';

/** Offers the next eligible windows after showing the numbered comment the customer receives. */
export function OfferWindows(props: { onChanged: () => void; onBack: () => void; onStale: () => void }) {
  const { onChanged, onBack, onStale } = props;
  const api = useBackendApi();
  const { t } = useI18n();
  return (
    <PreviewAndConfirm
      request={{ type: 'window_offered' }}
      confirmLabel={t('offer.confirm')}
      send={() => api.offerWindows({})}
      onDone={onChanged}
      onBack={onBack}
      onRefused={onStale}
    />
  );
}

/** The open offer, numbered as the customer answers, in the agent's zone, and until when it stands. */
export function OpenOfferFacts({ offer, zone }: { offer: OpenOffer; zone: string }) {
  const { t, locale } = useI18n();
  return (
    <dl className="uw-facts">
      <dt>{t('summary.offered', { zone: zoneLabel(zone) })}</dt>
      <dd>
        <ol>
          {offer.windows.map((window) => (
            <li key={window.start}>
              {formatInZone(window.start, zone, locale)} – {formatTimeInZone(window.end, zone, locale)}
            </li>
          ))}
        </ol>
      </dd>
      <dt>{t('summary.offerExpires')}</dt>
      <dd>{formatInZone(offer.expiresAt, zone, locale)}</dd>
    </dl>
  );
}
