import { Tag } from '@zendeskgarden/react-tags';
import type { TicketUpgrade } from '../../contract/index.js';
import { formatInZone, formatSpan, formatTimeInZone, isKnownZone, sameWallClock, zoneLabel } from '../format/dates.js';
import { productName, type ProductChoice } from '../format/products.js';
import type { Translate } from '../i18n/translate.js';
import { useNow } from '../hooks/useNow.js';
import { useI18n } from '../i18n/I18nContext.js';
import { labelOr } from '../i18n/translate.js';
import { OpenOfferFacts } from './OfferWindows.js';

interface Props {
  upgrade: TicketUpgrade;
  agentZone: string | null;
  vendorZone: string | null;
  /** The policy's products; none: no product line. */
  products?: ProductChoice[];
}

/** The upgrade at a glance: state, window in three zones with a countdown, current step, decision, review. */
export function UpgradeSummary({ upgrade, agentZone, vendorZone, products = [] }: Props) {
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
      {upgrade.offer && agentZone && <OpenOfferFacts offer={upgrade.offer} zone={agentZone} />}
      <dl className="uw-facts">
        {products.length > 0 && (
          <>
            <dt>{t('summary.product')}</dt>
            <dd>{upgrade.product ? productName(products, upgrade.product) : t('summary.noProduct')}</dd>
          </>
        )}
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
              {t(`decision.source.${upgrade.decision.source}`, { by: withoutUserId(upgrade.decision.by ?? '') })}
              <blockquote className="uw-quote">{upgrade.decision.evidence}</blockquote>
            </dd>
          </>
        )}
        {upgrade.decisionDeadline && agentZone && (
          <>
            <dt>{t('summary.deadline', { zone: zoneLabel(agentZone) })}</dt>
            <dd>{formatInZone(upgrade.decisionDeadline, agentZone, locale)}</dd>
          </>
        )}
      </dl>
      {upgrade.review && (
        <div role="note">
          <Tag hue="yellow">{t('summary.review')}</Tag>
          <blockquote className="uw-quote">{upgrade.review.evidence}</blockquote>
        </div>
      )}
    </section>
  );
}

function BookedWindow({ upgrade, agentZone, vendorZone }: Props) {
  const { t, locale } = useI18n();
  const now = useNow();
  const booking = upgrade.booking!;
  // One line per distinct wall clock: the vendor's time is not repeated when it reads like the agent's.
  const zones: [string, string][] = [];
  for (const [label, zone] of [
    ['summary.zone.agent', agentZone],
    ['summary.zone.requester', upgrade.requester.timeZone],
    ['summary.zone.vendor', vendorZone],
  ] as const) {
    if (!isKnownZone(zone) || zones.some(([, shown]) => sameWallClock(shown, zone, booking.start))) continue;
    zones.push([label, zone]);
  }
  return (
    <>
      <dl className="uw-facts">
        {zones.map(([label, zone]) => (
          <div key={label}>
            <dt>{t(label, { zone: zoneLabel(zone) })}</dt>
            <dd>
              {formatInZone(booking.start, zone, locale)} – {formatTimeInZone(booking.end, zone, locale)}
            </dd>
          </div>
        ))}
      </dl>
      <div>
        {booking.class === 'hotfix' && <Tag hue="red">{t('summary.hotfix')}</Tag>}{' '}
        {windowStatus(upgrade.state, booking, now, locale, t)}
      </div>
    </>
  );
}

/**
 * Where the upgrade stands against its window. "Starts in 4m" only while it has not started; once it runs, is
 * rolled back or done, the state says so (with the time left in the window while it runs).
 */
export function windowStatus(
  state: TicketUpgrade['state'],
  booking: { start: string; end: string },
  now: number,
  locale: string,
  t: Translate,
): string {
  const start = Date.parse(booking.start);
  const end = Date.parse(booking.end);
  switch (state) {
    case 'in_progress':
    case 'awaiting_decision':
      return now < end
        ? t('summary.runningEndsIn', { span: formatSpan(end - now, locale) })
        : t('summary.runningPastEnd');
    case 'rolling_back':
      return t('summary.rollingBack');
    case 'completed':
      return t('summary.completed');
    case 'cancelled':
      return '';
    default:
      if (now < start) return t('summary.startsIn', { span: formatSpan(start - now, locale) });
      if (now < end) return t('summary.notStarted', { span: formatSpan(now - start, locale) });
      return t('summary.ended');
  }
}

/** "Sam Rivera (381)" → "Sam Rivera": the Zendesk user id means nothing to an agent reading the sidebar. */
export function withoutUserId(name: string): string {
  return name.replace(/\s*\(\d+\)$/, '');
}

function stateHue(state: TicketUpgrade['state']): string {
  if (state === 'completed') return 'green';
  if (state === 'awaiting_decision' || state === 'rolling_back') return 'yellow';
  if (state === 'cancelled' || state === 'unscheduled') return 'grey';
  return 'blue';
}
