import { Alert } from '@zendeskgarden/react-notifications';
import { Button } from '@zendeskgarden/react-buttons';
import { isRefusal, type BackendError } from '../api/backend.js';
import { describeReason } from '../format/reasons.js';
import { humanizeMessage } from '../format/dates.js';
import { useI18n } from '../i18n/I18nContext.js';
import { useAgentZone } from '../i18n/ZoneContext.js';
import { labelOr } from '../i18n/translate.js';
import { errorMessage } from './errorMessage.js';

/**
 * What went wrong with a request, in one of two ways. A refusal (the backend said no: the step is not allowed now,
 * the window filled up) is an expected outcome: what happened and what to do, with no retry, since the same
 * request would be refused again. A failure (network, time-out, 5xx) keeps "Try again".
 */
export function Problem({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useI18n();
  if (isRefusal(error)) return <RefusalNotice error={error} />;
  return <FailureAlert message={errorMessage(error, t)} onRetry={onRetry} />;
}

function RefusalNotice({ error }: { error: BackendError }) {
  const { t, locale } = useI18n();
  const zone = useAgentZone();
  // A refusal the sidebar can word itself (PRODUCT_REQUIRED) is said in the agent's language, not the API's.
  const what =
    error.reasons.length > 0
      ? error.reasons.map((reason) => describeReason(reason, t, locale, zone)).join(' · ')
      : labelOr(t, `refusals.${error.code}.what`, sentence(humanizeMessage(error.message, zone, locale)));
  return (
    <Alert type="warning" role="alert">
      <Alert.Title>{labelOr(t, `refusals.${error.code}.title`, t('refusals.title'))}</Alert.Title>
      <p className="uw-alert-text">{what}</p>
      <p className="uw-alert-text">{labelOr(t, `refusals.${error.code}.next`, t('refusals.next'))}</p>
    </Alert>
  );
}

/** A failure: what went wrong and a retry. */
export function FailureAlert({ message, onRetry }: { message: string; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert type="error" role="alert">
      <Alert.Title>{t('common.failed')}</Alert.Title>
      <p className="uw-alert-text">{message}</p>
      <Button size="small" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}

// Backend messages start lower case ("the upgrade cannot start before ..."): a sentence on screen.
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
