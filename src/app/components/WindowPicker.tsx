import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { useBackendApi } from '../api/BackendContext.js';
import type { BackendError } from '../api/backend.js';
import type { WindowOffer } from '../../contract/index.js';
import {
  formatInZone,
  formatMonthDay,
  formatTimeInZone,
  isKnownZone,
  sameWallClock,
  wallTimeOf,
  zoneLabel,
} from '../format/dates.js';
import { describeReason } from '../format/reasons.js';
import { useWindowOffers } from '../hooks/useWindowOffers.js';
import { useI18n } from '../i18n/I18nContext.js';
import type { ProductChoice } from '../format/products.js';
import { PreviewAndConfirm } from './PreviewAndConfirm.js';
import { ProductSelect, withProduct } from './ProductSelect.js';
import { Problem } from './Problem.js';
import { RequestView } from './RequestView.js';

/** Windows shown at first and added by each "Show more": a screenful in a 320 px sidebar. */
export const WINDOWS_PER_PAGE = 6;

interface Props {
  ticketId: string;
  /** The policy's products (none: no product select), and the ticket's own, '' when it has none yet. */
  products: ProductChoice[];
  ticketProduct: string;
  /** The start of the window booked now, never offered again by a reschedule. */
  bookedStart: string | null;
  agentZone: string;
  requesterZone: string | null;
  onChanged: () => void;
  onBack: () => void;
  /** The backend refused a window: the ticket on screen may be stale too. */
  onStale: () => void;
}

/** The next windows by week with their places left; the ones that cannot be booked stay visible with their reasons. */
export function WindowPicker(props: Props) {
  const { ticketId, products, ticketProduct, bookedStart, agentZone, requesterZone, onChanged, onBack, onStale } =
    props;
  const api = useBackendApi();
  const { t, locale } = useI18n();
  // The agent's own choice, else the ticket's product (known only once the policy has loaded: follow it).
  const [picked, setProduct] = useState<string | null>(null);
  const product = picked ?? ticketProduct;
  const offers = useWindowOffers(api, ticketId, product === '' ? undefined : product);
  const [chosen, setChosen] = useState<WindowOffer | null>(null);
  const [refusal, setRefusal] = useState<BackendError | null>(null);
  const [shown, setShown] = useState(WINDOWS_PER_PAGE);
  const isReschedule = bookedStart !== null;
  if (chosen) {
    const booking = withProduct({ start: chosen.start, class: 'maintenance' as const }, product);
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
        onRefused={(error) => {
          // Another agent took the last place, or time moved on: back to a fresh list, saying why.
          setChosen(null);
          setRefusal(error);
          offers.reload();
          onStale();
        }}
      />
    );
  }
  const booked = bookedStart === null ? null : Date.parse(bookedStart);
  return (
    <section aria-label={t(isReschedule ? 'book.rescheduleTitle' : 'book.title')} className="uw-panel">
      <h3 className="uw-h3">{t(isReschedule ? 'book.rescheduleTitle' : 'book.title')}</h3>
      <ProductSelect
        products={products}
        value={product}
        onChange={(id) => {
          setProduct(id);
          setRefusal(null);
        }}
      />
      {refusal && <Problem error={refusal} onRetry={offers.reload} />}
      <RequestView
        state={offers.state}
        onRetry={offers.reload}
        loadingLabel={t('book.loading')}
        emptyText={t('book.empty')}
      >
        {(all) => {
          const list = all.filter((offer) => Date.parse(offer.start) !== booked);
          const weeks = byWeek(list.slice(0, shown), agentZone);
          return (
            <>
              <p className="uw-muted">{t('book.zoneNote', { zone: zoneLabel(agentZone) })}</p>
              {weeks.map(([monday, offersOfWeek]) => (
                <section key={monday} aria-label={t('book.weekOf', { day: formatMonthDay(monday, locale) })}>
                  <h4 className="uw-h4">{t('book.weekOf', { day: formatMonthDay(monday, locale) })}</h4>
                  <ul className="uw-list">
                    {offersOfWeek.map((offer) => (
                      <WindowRow
                        key={`${offer.rule}:${offer.start}`}
                        offer={offer}
                        agentZone={agentZone}
                        requesterZone={requesterZone}
                        onChoose={() => setChosen(offer)}
                      />
                    ))}
                  </ul>
                </section>
              ))}
              {list.length > shown && (
                <Button size="small" isBasic onClick={() => setShown(shown + WINDOWS_PER_PAGE)}>
                  {t('book.showMore')}
                </Button>
              )}
            </>
          );
        }}
      </RequestView>
      <div className="uw-buttons">
        <Button size="small" isBasic onClick={onBack}>
          {t('common.back')}
        </Button>
      </div>
    </section>
  );
}

/** Offers grouped by the Monday (YYYY-MM-DD, in `zone`) of their week, in order. */
function byWeek(offers: WindowOffer[], zone: string): [string, WindowOffer[]][] {
  const weeks = new Map<string, WindowOffer[]>();
  for (const offer of offers) {
    const day = wallTimeOf(Date.parse(offer.start), zone).slice(0, 10);
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
    const monday = date.toISOString().slice(0, 10);
    weeks.set(monday, [...(weeks.get(monday) ?? []), offer]);
  }
  return [...weeks];
}

interface RowProps {
  offer: WindowOffer;
  agentZone: string;
  requesterZone: string | null;
  onChoose: () => void;
}

function WindowRow({ offer, agentZone, requesterZone, onChoose }: RowProps) {
  const { t, locale } = useI18n();
  const when = `${formatInZone(offer.start, agentZone, locale)} – ${formatTimeInZone(offer.end, agentZone, locale)}`;
  const showRequester = isKnownZone(requesterZone) && !sameWallClock(requesterZone, agentZone, offer.start);
  return (
    <li>
      <div>{when}</div>
      {showRequester && (
        <div className="uw-muted">
          {t('book.requesterTime', {
            zone: zoneLabel(requesterZone),
            time: formatInZone(offer.start, requesterZone, locale),
          })}
        </div>
      )}
      {offer.bookable ? (
        <div className="uw-row">
          <span className="uw-muted">
            {offer.remaining === null ? t('book.unlimited') : t('book.placesLeft', { count: offer.remaining })}
          </span>
          <Button size="small" onClick={onChoose} aria-label={t('book.chooseLabel', { when })}>
            {t('book.choose')}
          </Button>
        </div>
      ) : (
        <ul className="uw-reasons" aria-label={t('book.reasonsLabel')}>
          {offer.reasons.map((reason) => (
            <li key={reason.code}>{describeReason(reason, t, locale, agentZone)}</li>
          ))}
        </ul>
      )}
    </li>
  );
}
