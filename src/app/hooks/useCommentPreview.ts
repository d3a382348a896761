import type { BackendApi } from '../api/backend.js';
import type { PreviewRequest } from '../../contract/index.js';
import { useRequest } from './useRequest.js';

/** Wraps `POST /api/tickets/:id/preview`: the comment a change would post, nothing posted. */
export function useCommentPreview(api: BackendApi, request: PreviewRequest) {
  return useRequest(`preview:${JSON.stringify(request)}`, () => api.preview(request));
}
