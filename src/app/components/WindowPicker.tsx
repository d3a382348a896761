import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Tag } from '@zendeskgarden/react-tags';
import { useBackendApi } from '../api/BackendContext.js';
import type { WindowOffer } from '../../contract/index.js';
import { formatInZone, isKnownZone } from '../format/dates.js';
import { useWindowOffers } from '../hooks/useWindowOffers.js';
import { useI18n } from '../i18n/I18nContext.js';
import { labelOr } from '../i18n/translate.js';
import { PreviewAndConfirm } from './PreviewAndConfirm.js';
import { RequestView } from './RequestView.js';

interface Props {
  ticketId: string;
  isReschedule: boolean;
  agentZone: string;
  requesterZone: string | null;
  onChanged: () => void;
}

/** The next windows with their places left; the ones that cannot be booked stay visible with their reasons. */
export function WindowPicker({ ticketId, isReschedule, agentZone, requesterZone, onChanged }: Props) {
  const api = useBackendApi();
  const { t } = useI18n();
  const offers = useWindowOffers(api, ticketId);
  const [chosen, setChosen] = useState<WindowOffer | null>(null);
  if (chosen) {
    const booking = { start: chosen.start, class: 'maintenance' as const };
    return (
      <PreviewAndConfirm
        request={{ type: isReschedule ? 'window_rescheduled' : 'window_scheduled', ...booking }}
        confirmLabel={t(isReschedule ? 'book.confirmReschedule' : 'book.confirm')}
        send={() => api.bookWindow(booking)}
        onDone={() => {
          setChosen(null);
          offers.reload();
          onChanged();
        }}
        onBack={() => setChosen(null)}
      />
    );
  }
  return (
    <section aria-label={t('book.title')} className="uw-panel">
      <h3 className="uw-h3">{t(isReschedule ? 'book.rescheduleTitle' : 'book.title')}</h3>
      <RequestView
        state={offers.state}
        onRetry={offers.reload}
        loadingLabel={t('book.loading')}
        emptyText={t('book.empty')}
      >
        {(list) => (
          <ul className="uw-list" aria-label={t('book.listLabel')}>
            {list.map((offer) => (
              <WindowRow
                key={`${offer.rule}:${offer.start}`}
                offer={offer}
                agentZone={agentZone}
                requesterZone={requesterZone}
                onChoose={() => setChosen(offer)}
              />
            ))}
          </ul>
        )}
      </RequestView>
    </section>
  );
}

interface RowProps {
  offer: WindowOffer;
  agentZone: string;
  requesterZone: string | null;
  onChoose: () => void;
}

function WindowRow({ offer, agentZone, requesterZone, onChoose }: RowProps) {
  const { t, locale } = useI18n();
  const when = formatInZone(offer.start, agentZone, locale);
  return (
    <li>
      <div>
        {when} → {formatInZone(offer.end, agentZone, locale)}
      </div>
      {isKnownZone(requesterZone) && requesterZone !== agentZone && (
        <div className="uw-muted">
          {t('book.requesterTime', { time: formatInZone(offer.start, requesterZone, locale) })}
        </div>
      )}
      <div className="uw-muted">
        {offer.remaining === null ? t('book.unlimited') : t('book.placesLeft', { count: offer.remaining })}
      </div>
      {offer.bookable ? (
        <Button size="small" onClick={onChoose} aria-label={t('book.chooseLabel', { when })}>
          {t('book.choose')}
        </Button>
      ) : (
        <ul className="uw-list" aria-label={t('book.reasonsLabel')}>
          {offer.reasons.map((reason) => (
            <li key={reason.code}>
              <Tag hue="grey">{labelOr(t, `book.reasons.${reason.code}`, reason.code)}</Tag> {reason.message}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
