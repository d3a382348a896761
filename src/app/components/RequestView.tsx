import type { ReactNode } from 'react';
import { Dots } from '@zendeskgarden/react-loaders';
import { useI18n } from '../i18n/I18nContext.js';
import type { RequestState } from '../state/requestState.js';
import { Problem } from './Problem.js';

interface Props<T> {
  state: RequestState<T>;
  onRetry: () => void;
  /** What is being waited for, read by screen readers and shown beside the dots. */
  loadingLabel: string;
  emptyText?: string;
  children: (data: T) => ReactNode;
}

/** The one way the sidebar shows a request: progress, the failure with a retry, an empty answer, or the data. */
export function RequestView<T>({ state, onRetry, loadingLabel, emptyText, children }: Props<T>) {
  const { t } = useI18n();
  switch (state.status) {
    case 'loading':
      return (
        <p role="status" className="uw-status">
          <Dots aria-hidden size={16} /> {loadingLabel}
        </p>
      );
    case 'error':
      return <Problem error={state.error} onRetry={onRetry} />;
    case 'empty':
      return <p className="uw-muted">{emptyText ?? t('common.empty')}</p>;
    case 'data':
      return <>{children(state.data)}</>;
  }
}
