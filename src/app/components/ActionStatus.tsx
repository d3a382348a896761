import { Dots } from '@zendeskgarden/react-loaders';
import { useI18n } from '../i18n/I18nContext.js';
import type { ActionState } from '../hooks/useAction.js';
import { Problem } from './Problem.js';

/** Progress and failure of an agent action; the retry (failures only, not refusals) sends the same action again. */
export function ActionStatus({ state, onRetry }: { state: ActionState; onRetry: () => void }) {
  const { t } = useI18n();
  if (state.status === 'sending') {
    return (
      <p role="status" className="uw-status">
        <Dots aria-hidden size={16} /> {t('common.sending')}
      </p>
    );
  }
  if (state.status === 'error') return <Problem error={state.error} onRetry={onRetry} />;
  return null;
}
