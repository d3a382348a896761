import { Button } from '@zendeskgarden/react-buttons';
import { Tag } from '@zendeskgarden/react-tags';
import { useBackendApi } from '../api/BackendContext.js';
import type { HistoryEntry } from '../../contract/index.js';
import { formatInZone } from '../format/dates.js';
import { useAction } from '../hooks/useAction.js';
import { useI18n } from '../i18n/I18nContext.js';
import { labelOr } from '../i18n/translate.js';
import { ActionStatus } from './ActionStatus.js';

const DELIVERY_HUE = { pending: 'grey', delivered: 'green', failed: 'red' } as const;

/** The communications posted on the ticket, newest first, each with its delivery status. */
export function HistoryList({
  history,
  zone,
  onChanged,
}: {
  history: HistoryEntry[];
  zone: string;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-label={t('history.title')} className="uw-panel">
      <h3 className="uw-h3">{t('history.title')}</h3>
      {history.length === 0 ? (
        <p className="uw-muted">{t('history.empty')}</p>
      ) : (
        <ul className="uw-list">
          {[...history].reverse().map((entry) => (
            <HistoryItem key={entry.id} entry={entry} zone={zone} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HistoryItem({ entry, zone, onChanged }: { entry: HistoryEntry; zone: string; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const api = useBackendApi();
  const retry = useAction(() => api.retryDelivery(entry.id), onChanged, onChanged);
  return (
    <li>
      <div>{labelOr(t, `events.${entry.type}`, entry.type)}</div>
      <div className="uw-muted">
        {formatInZone(entry.createdAt, zone, locale)} · {t(entry.public ? 'history.public' : 'history.internal')}
        {entry.agent?.name ? ` · ${t('history.by', { name: entry.agent.name })}` : ''}{' '}
        <Tag hue={DELIVERY_HUE[entry.delivery.status]}>
          {entry.delivery.status === 'pending' && entry.delivery.at
            ? t('history.delivery.waiting', { time: timeInZone(entry.delivery.at, zone, locale) })
            : t(`history.delivery.${entry.delivery.status}`)}
        </Tag>
      </div>
      {entry.delivery.status === 'failed' && (
        <>
          {entry.delivery.error && <div className="uw-muted">{entry.delivery.error}</div>}
          <ActionStatus state={retry.state} onRetry={retry.run} />
          {retry.state.status !== 'error' && (
            <Button size="small" onClick={retry.run} disabled={retry.state.status === 'sending'}>
              {t('history.retry')}
            </Button>
          )}
        </>
      )}
    </li>
  );
}

/** "6:10 PM": when a comment waiting for its turn under Zendesk's rate limits will go (the same day, minutes away). */
function timeInZone(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(iso));
}
