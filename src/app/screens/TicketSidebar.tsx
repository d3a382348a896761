import { useMemo, useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { BackendProvider, useBackendApi } from '../api/BackendContext.js';
import { createBackendApi } from '../api/backend.js';
import type { TicketUpgrade } from '../../contract/index.js';
import { CancelBooking } from '../components/CancelBooking.js';
import { DecisionForm } from '../components/DecisionForm.js';
import { EventForm, reportableNow } from '../components/EventForm.js';
import { HistoryList } from '../components/HistoryList.js';
import { HotfixForm } from '../components/HotfixForm.js';
import { OfferWindows } from '../components/OfferWindows.js';
import { RequestView } from '../components/RequestView.js';
import { UpgradeSummary } from '../components/UpgradeSummary.js';
import { WindowPicker } from '../components/WindowPicker.js';
import type { AgentContext } from '../hooks/useAgentContext.js';
import { usePolicy } from '../hooks/usePolicy.js';
import { useTicketRefresh } from '../hooks/useTicketRefresh.js';
import { isKnownZone } from '../format/dates.js';
import { productChoices, type ProductChoice } from '../format/products.js';
import { ZoneProvider } from '../i18n/ZoneContext.js';
import { useTicketUpgrade } from '../hooks/useTicketUpgrade.js';
import { useI18n } from '../i18n/I18nContext.js';
import type { ZafClient } from '../zaf/client.js';

type Mode = 'none' | 'offer' | 'book' | 'hotfix' | 'cancel' | 'event' | 'decision';

/** The ticket_sidebar location: the upgrade of the open ticket and every action on it. */
export function TicketSidebar({ client, context }: { client: ZafClient; context: AgentContext }) {
  const { t } = useI18n();
  const ticketId = context.ticketId;
  const api = useMemo(
    () => (ticketId === null ? null : createBackendApi(client, ticketId, context.agent)),
    [client, ticketId, context.agent],
  );
  if (api === null || ticketId === null) return <p>{t('app.noTicket')}</p>;
  const zone = isKnownZone(context.timeZone) ? context.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <BackendProvider api={api}>
      <ZoneProvider zone={zone}>
        <TicketUpgradeView client={client} ticketId={ticketId} zone={zone} ticketStatus={context.ticketStatus} />
      </ZoneProvider>
    </BackendProvider>
  );
}

/** States in which Zendesk closing the ticket (after it is solved) would cut the upgrade's comments off. */
const ACTIVE_STATES = ['offered', 'scheduled', 'in_progress', 'awaiting_decision', 'rolling_back'];

function TicketUpgradeView(props: { client: ZafClient; ticketId: string; zone: string; ticketStatus: string | null }) {
  const { client, ticketId, zone, ticketStatus } = props;
  const { t, locale } = useI18n();
  const api = useBackendApi();
  const ticket = useTicketUpgrade(api, ticketId);
  const policy = usePolicy(api);
  const vendorZone = policy.state.status === 'data' ? policy.state.data.timeZone : null;
  const products = productChoices(policy.state.status === 'data' ? policy.state.data : null, locale);
  useTicketRefresh(client, ticket.refresh, ticket.state.status === 'data' && isPending(ticket.state.data));
  return (
    <RequestView state={ticket.state} onRetry={ticket.reload} loadingLabel={t('summary.loading')}>
      {(upgrade) => (
        <>
          {(ticketStatus === 'solved' || ticketStatus === 'closed') && ACTIVE_STATES.includes(upgrade.state) && (
            <p role="alert">{t(`warnings.${ticketStatus}`)}</p>
          )}
          <UpgradeSummary upgrade={upgrade} agentZone={zone} vendorZone={vendorZone} products={products} />
          <Actions
            upgrade={upgrade}
            products={products}
            ticketId={ticketId}
            zone={zone}
            defaultHotfixDuration={
              policy.state.status === 'data' ? (policy.state.data.hotfix?.defaultDuration ?? 'PT2H') : 'PT2H'
            }
            onChanged={ticket.reload}
            onStale={ticket.refresh}
          />
          <HistoryList history={upgrade.history} zone={zone} onChanged={ticket.refresh} />
        </>
      )}
    </RequestView>
  );
}

/** Something changes on the backend's side without an event in this browser: a delivery, a customer's decision. */
export function isPending(upgrade: TicketUpgrade): boolean {
  return (
    upgrade.state === 'awaiting_decision' ||
    // The customer's choice books the window on the backend's side.
    upgrade.state === 'offered' ||
    upgrade.review !== null ||
    upgrade.history.some((entry) => entry.delivery.status === 'pending')
  );
}

interface ActionsProps {
  upgrade: TicketUpgrade;
  products: ProductChoice[];
  ticketId: string;
  zone: string;
  defaultHotfixDuration: string;
  onChanged: () => void;
  /** A refusal showed the screen was stale: read the ticket again, keeping the form the agent is in. */
  onStale: () => void;
}

function Actions({ upgrade, products, ticketId, zone, defaultHotfixDuration, onChanged, onStale }: ActionsProps) {
  const { t } = useI18n();
  // A product the policy no longer has counts as none: the agent chooses again.
  const ticketProduct = products.find((product) => product.id === upgrade.product)?.id ?? '';
  const [mode, setMode] = useState<Mode>('none');
  const done = () => {
    setMode('none');
    onChanged();
  };
  const back = () => setMode('none');
  const canBook = upgrade.state === 'unscheduled' || upgrade.state === 'scheduled' || upgrade.state === 'cancelled';
  const isReschedule = upgrade.booking !== null && upgrade.state === 'scheduled';
  const offered: [Mode, string][] = [];
  // An offer lets the customer choose; an agent can still book directly (which closes the offer).
  if (upgrade.state === 'unscheduled' || upgrade.state === 'cancelled') offered.push(['offer', 'actions.offer']);
  if (upgrade.state === 'offered') offered.push(['offer', 'actions.offerAgain']);
  if (canBook || upgrade.state === 'offered')
    offered.push(['book', isReschedule ? 'actions.reschedule' : 'actions.book'], ['hotfix', 'actions.hotfix']);
  if (isReschedule) offered.push(['cancel', 'actions.cancel']);
  if (reportableNow(upgrade.allowedEvents).length > 0) offered.push(['event', 'actions.event']);
  if (upgrade.review !== null || upgrade.state === 'awaiting_decision') offered.push(['decision', 'actions.decision']);
  switch (mode) {
    case 'offer':
      return <OfferWindows onChanged={done} onBack={back} onStale={onStale} />;
    case 'book':
      return (
        <WindowPicker
          ticketId={ticketId}
          products={products}
          ticketProduct={ticketProduct}
          bookedStart={isReschedule ? upgrade.booking!.start : null}
          agentZone={zone}
          requesterZone={upgrade.requester.timeZone}
          onChanged={done}
          onBack={back}
          onStale={onStale}
        />
      );
    case 'hotfix':
      return (
        <HotfixForm
          isReschedule={isReschedule}
          products={products}
          ticketProduct={ticketProduct}
          agentZone={zone}
          defaultDuration={defaultHotfixDuration}
          onChanged={done}
          onCancel={back}
          onStale={onStale}
        />
      );
    case 'cancel':
      return <CancelBooking onChanged={done} onBack={back} onStale={onStale} />;
    case 'event':
      return (
        <EventForm
          allowedEvents={upgrade.allowedEvents}
          instances={upgrade.instances}
          agentZone={zone}
          onChanged={done}
          onCancel={back}
          onStale={onStale}
        />
      );
    case 'decision':
      return (
        <DecisionForm evidence={upgrade.review?.evidence ?? null} onChanged={done} onCancel={back} onStale={onStale} />
      );
    case 'none':
      return (
        <nav aria-label={t('actions.title')} className="uw-buttons">
          {offered.map(([target, label]) => (
            <Button key={target} size="small" onClick={() => setMode(target)}>
              {t(label)}
            </Button>
          ))}
        </nav>
      );
  }
}
