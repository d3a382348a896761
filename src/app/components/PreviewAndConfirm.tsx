import { useEffect, useLayoutEffect, useRef } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { isRefusal, type BackendError } from '../api/backend.js';
import { useBackendApi } from '../api/BackendContext.js';
import type { PreviewRequest } from '../../contract/index.js';
import { useAction } from '../hooks/useAction.js';
import { useCommentPreview } from '../hooks/useCommentPreview.js';
import { useI18n } from '../i18n/I18nContext.js';
import { ActionStatus } from './ActionStatus.js';
import { RequestView } from './RequestView.js';

interface Props {
  request: PreviewRequest;
  confirmLabel: string;
  /** Sends the change once the agent has read the comment it posts. */
  send: () => Promise<unknown>;
  onDone: () => void;
  onBack: () => void;
  /** The backend refused the preview or the change: what the agent chose from is stale and must be refreshed. */
  onRefused?: (refusal: BackendError) => void;
}

/** The customer's comment for a change, rendered by the backend in the requester's language, then the change itself. */
export function PreviewAndConfirm({ request, confirmLabel, send, onDone, onBack, onRefused }: Props) {
  const api = useBackendApi();
  const { t } = useI18n();
  const preview = useCommentPreview(api, request);
  const action = useAction(send, onDone, onRefused);
  const previewError = preview.state.status === 'error' ? preview.state.error : null;
  const latestRefused = useRef(onRefused);
  useLayoutEffect(() => {
    latestRefused.current = onRefused;
  });
  useEffect(() => {
    if (previewError !== null && isRefusal(previewError)) latestRefused.current?.(previewError);
  }, [previewError]);
  // The same request would be refused again: no confirm after a refusal, only Back.
  const refused = action.state.status === 'error' && isRefusal(action.state.error);
  return (
    <section aria-label={t('preview.title')} className="uw-panel">
      <h3 className="uw-h3">{t('preview.title')}</h3>
      <RequestView state={preview.state} onRetry={preview.reload} loadingLabel={t('preview.loading')}>
        {(comment) =>
          comment.posts === false ? (
            <p className="uw-muted">{t('preview.none')}</p>
          ) : (
            <>
              {comment.public === false && <p className="uw-muted">{t('preview.internal')}</p>}
              {/* Focusable: a long comment scrolls inside the 240 px box, and keyboard users must reach it (axe). */}
              <pre className="uw-preview" lang={comment.locale ?? undefined} tabIndex={0}>
                {comment.text}
              </pre>
              {(comment.attachments ?? []).map((file) => (
                <p key={file.filename} className="uw-muted">
                  {t('preview.attachment', { filename: file.filename })}
                </p>
              ))}
            </>
          )
        }
      </RequestView>
      <ActionStatus state={action.state} onRetry={action.run} />
      <div className="uw-buttons">
        <Button
          size="small"
          isPrimary
          disabled={preview.state.status !== 'data' || action.state.status === 'sending' || refused}
          onClick={action.run}
        >
          {confirmLabel}
        </Button>
        <Button size="small" isBasic onClick={onBack}>
          {t('common.back')}
        </Button>
      </div>
    </section>
  );
}
