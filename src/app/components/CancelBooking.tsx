import { useBackendApi } from '../api/BackendContext.js';
import { useI18n } from '../i18n/I18nContext.js';
import { PreviewAndConfirm } from './PreviewAndConfirm.js';

/** Withdraws the booking after showing the cancellation the customer receives. */
export function CancelBooking(props: { onChanged: () => void; onBack: () => void; onStale: () => void }) {
  const { onChanged, onBack, onStale } = props;
  const api = useBackendApi();
  const { t } = useI18n();
  return (
    <PreviewAndConfirm
      request={{ type: 'window_cancelled' }}
      confirmLabel={t('cancel.confirm')}
      send={() => api.cancelBooking()}
      onDone={onChanged}
      onBack={onBack}
      onRefused={onStale}
    />
  );
}
