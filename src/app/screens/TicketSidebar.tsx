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
import { RequestView } from '../components/RequestView.js';
import { UpgradeSummary } from '../components/UpgradeSummary.js';
import { WindowPicker } from '../components/WindowPicker.js';
import type { AgentContext } from '../hooks/useAgentContext.js';
import { usePolicy } from '../hooks/usePolicy.js';
import { useTicketUpgrade } from '../hooks/useTicketUpgrade.js';
import { useI18n } from '../i18n/I18nContext.js';
import type { ZafClient } from '../zaf/client.js';

type Mode = 'none' | 'book' | 'hotfix' | 'cancel' | 'event' | 'decision';

/** The ticket_sidebar location: the upgrade of the open ticket and every action on it. */
export function TicketSidebar({ client, context }: { client: ZafClient; context: AgentContext }) {
  const { t } = useI18n();
  const ticketId = context.ticketId;
  const api = useMemo(
    () => (ticketId === null ? null : createBackendApi(client, ticketId, context.agent)),
    [client, ticketId, context.agent],
  );
  if (api === null || ticketId === null) return <p>{t('app.noTicket')}</p>;
  return (
    <BackendProvider api={api}>
      <TicketUpgradeView ticketId={ticketId} agentZone={context.timeZone} />
    </BackendProvider>
  );
}

function TicketUpgradeView({ ticketId, agentZone }: { ticketId: string; agentZone: string | null }) {
  const { t } = useI18n();
  const api = useBackendApi();
  const ticket = useTicketUpgrade(api, ticketId);
  const policy = usePolicy(api);
  const vendorZone = policy.state.status === 'data' ? policy.state.data.timeZone : null;
  const zone = agentZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <RequestView state={ticket.state} onRetry={ticket.reload} loadingLabel={t('summary.loading')}>
      {(upgrade) => (
        <>
          <UpgradeSummary upgrade={upgrade} agentZone={zone} vendorZone={vendorZone} />
          <Actions
            upgrade={upgrade}
            ticketId={ticketId}
            zone={zone}
            defaultHotfixDuration={
              policy.state.status === 'data' ? (policy.state.data.hotfix?.defaultDuration ?? 'PT2H') : 'PT2H'
            }
            onChanged={ticket.reload}
          />
          <HistoryList history={upgrade.history} zone={zone} onChanged={ticket.reload} />
        </>
      )}
    </RequestView>
  );
}

interface ActionsProps {
  upgrade: TicketUpgrade;
  ticketId: string;
  zone: string;
  defaultHotfixDuration: string;
  onChanged: () => void;
}

function Actions({ upgrade, ticketId, zone, defaultHotfixDuration, onChanged }: ActionsProps) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>('none');
  const done = () => {
    setMode('none');
    onChanged();
  };
  const back = () => setMode('none');
  const canBook = upgrade.state === 'unscheduled' || upgrade.state === 'scheduled' || upgrade.state === 'cancelled';
  const isReschedule = upgrade.booking !== null && upgrade.state === 'scheduled';
  const offered: [Mode, string][] = [];
  if (canBook)
    offered.push(['book', isReschedule ? 'actions.reschedule' : 'actions.book'], ['hotfix', 'actions.hotfix']);
  if (isReschedule) offered.push(['cancel', 'actions.cancel']);
  if (reportableNow(upgrade.allowedEvents).length > 0) offered.push(['event', 'actions.event']);
  if (upgrade.review !== null || upgrade.state === 'awaiting_decision') offered.push(['decision', 'actions.decision']);
  switch (mode) {
    case 'book':
      return (
        <>
          <WindowPicker
            ticketId={ticketId}
            isReschedule={isReschedule}
            agentZone={zone}
            requesterZone={upgrade.requester.timeZone}
            onChanged={done}
          />
          <Button size="small" isBasic onClick={back}>
            {t('common.back')}
          </Button>
        </>
      );
    case 'hotfix':
      return (
        <HotfixForm
          isReschedule={isReschedule}
          agentZone={zone}
          defaultDuration={defaultHotfixDuration}
          onChanged={done}
          onCancel={back}
        />
      );
    case 'cancel':
      return <CancelBooking onChanged={done} onBack={back} />;
    case 'event':
      return <EventForm allowedEvents={upgrade.allowedEvents} agentZone={zone} onChanged={done} onCancel={back} />;
    case 'decision':
      return <DecisionForm evidence={upgrade.review?.evidence ?? null} onChanged={done} onCancel={back} />;
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
