import { Tag } from '@zendeskgarden/react-tags';
import type { TicketUpgrade } from '../../contract/index.js';
import { formatInZone, formatSpan, isKnownZone } from '../format/dates.js';
import { useNow } from '../hooks/useNow.js';
import { useI18n } from '../i18n/I18nContext.js';
import { labelOr } from '../i18n/translate.js';

interface Props {
  upgrade: TicketUpgrade;
  agentZone: string | null;
  vendorZone: string | null;
}

/** The upgrade at a glance: state, window in three zones with a countdown, current step, decision, review. */
export function UpgradeSummary({ upgrade, agentZone, vendorZone }: Props) {
  const { t, locale } = useI18n();
  const lastStep = upgrade.history.at(-1);
  return (
    <section aria-label={t('summary.title')} className="uw-panel">
      <div className="uw-heading">
        <h2 className="uw-h2">{t('summary.title')}</h2>
        <Tag hue={stateHue(upgrade.state)}>{t(`states.${upgrade.state}`)}</Tag>
      </div>
      {upgrade.booking ? (
        <BookedWindow upgrade={upgrade} agentZone={agentZone} vendorZone={vendorZone} />
      ) : (
        <p className="uw-muted">{t('summary.noBooking')}</p>
      )}
      <dl className="uw-facts">
        {lastStep && (
          <>
            <dt>{t('summary.currentStep')}</dt>
            <dd>{labelOr(t, `events.${lastStep.type}`, lastStep.type)}</dd>
          </>
        )}
        {upgrade.instances.length > 0 && (
          <>
            <dt>{t('summary.instances')}</dt>
            <dd>
              {upgrade.instances
                .map((instance) => `${instance.name}: ${labelOr(t, `steps.${instance.status}`, instance.status)}`)
                .join(', ')}
            </dd>
          </>
        )}
        {upgrade.validation && upgrade.validation !== 'none' && (
          <>
            <dt>{t('summary.validation')}</dt>
            <dd>{labelOr(t, `steps.${upgrade.validation}`, upgrade.validation)}</dd>
          </>
        )}
        {upgrade.decision && (
          <>
            <dt>{t('summary.decision')}</dt>
            <dd>
              {t(`decision.${upgrade.decision.value}`)} ·{' '}
              {t(`decision.source.${upgrade.decision.source}`, { by: upgrade.decision.by ?? '' })}
              <blockquote className="uw-muted">{upgrade.decision.evidence}</blockquote>
            </dd>
          </>
        )}
        {upgrade.decisionDeadline && agentZone && (
          <>
            <dt>{t('summary.deadline')}</dt>
            <dd>{formatInZone(upgrade.decisionDeadline, agentZone, locale)}</dd>
          </>
        )}
      </dl>
      {upgrade.review && (
        <div role="note">
          <Tag hue="yellow">{t('summary.review')}</Tag> <q>{upgrade.review.evidence}</q>
        </div>
      )}
    </section>
  );
}

function BookedWindow({ upgrade, agentZone, vendorZone }: Props) {
  const { t, locale } = useI18n();
  const now = useNow();
  const booking = upgrade.booking!;
  const zones: [string, string | null][] = [
    ['summary.zone.agent', agentZone],
    ['summary.zone.requester', upgrade.requester.timeZone],
    ['summary.zone.vendor', vendorZone],
  ];
  return (
    <>
      <dl className="uw-facts">
        {zones
          .filter((entry): entry is [string, string] => isKnownZone(entry[1]))
          .map(([label, zone]) => (
            <div key={label}>
              <dt>{t(label, { zone })}</dt>
              <dd>
                {formatInZone(booking.start, zone, locale)} → {formatInZone(booking.end, zone, locale)}
              </dd>
            </div>
          ))}
      </dl>
      <div>
        {booking.class === 'hotfix' && <Tag hue="red">{t('summary.hotfix')}</Tag>} {countdown(booking, now, locale, t)}
      </div>
    </>
  );
}

function countdown(
  booking: { start: string; end: string },
  now: number,
  locale: string,
  t: (key: string, vars?: Record<string, string>) => string,
): string {
  const start = Date.parse(booking.start);
  const end = Date.parse(booking.end);
  if (now < start) return t('summary.startsIn', { span: formatSpan(start - now, locale) });
  if (now < end) return t('summary.endsIn', { span: formatSpan(end - now, locale) });
  return t('summary.ended');
}

function stateHue(state: TicketUpgrade['state']): string {
  if (state === 'completed') return 'green';
  if (state === 'awaiting_decision' || state === 'rolling_back') return 'yellow';
  if (state === 'cancelled' || state === 'unscheduled') return 'grey';
  return 'blue';
}
