import type { Translate } from '../i18n/translate.js';

/** What the agent reads for a failure: the API's own `error.message`, or a translated sentence when there is none. */
export function errorMessage(error: Error, t: Translate): string {
  const { code, status } = error as Error & { code?: string; status?: number };
  if (code === 'UNREACHABLE') return t('errors.unreachable');
  if (code?.startsWith('HTTP_')) return t('errors.http', { status: status ?? 0 });
  if (error.name === 'BackendError') return error.message;
  return t('errors.unexpected', { message: error.message });
}
