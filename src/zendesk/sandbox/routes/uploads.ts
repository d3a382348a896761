import { renderAttachment } from '../render.js';
import { isoSeconds, nextId } from '../state.js';
import { NOT_FOUND, badRequest, recordInvalid, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

export function createUpload(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const filename = request.url.searchParams.get('filename');
  if (!filename) return badRequest('filename is required');
  if (request.body.length === 0) return recordInvalid('Uploaded file is empty', 'base');
  const contentType = (request.headers['content-type'] ?? 'application/binary').split(';')[0]!.trim();
  const attachment = {
    id: nextId(state, 'attachment'),
    file_name: filename,
    content_type: contentType,
    size: request.body.length,
    width: null,
    height: null,
    inline: false,
    deleted: false,
    thumbnails: [],
    contentBase64: request.body.toString('base64'),
  };
  state.attachments.push(attachment);
  const existing = state.uploads.find((upload) => upload.token === request.url.searchParams.get('token'));
  const upload = existing ?? {
    token: deps.randomToken(25),
    attachmentIds: [],
    expires_at: isoSeconds(now + 3_600_000),
  };
  upload.attachmentIds.push(attachment.id);
  if (!existing) state.uploads.push(upload);
  const rendered = upload.attachmentIds
    .map((attachmentId) => state.attachments.find((candidate) => candidate.id === attachmentId))
    .filter((candidate) => candidate !== undefined)
    .map((candidate) => renderAttachment(candidate, request.origin));
  return {
    status: 201,
    body: {
      upload: {
        token: upload.token,
        expires_at: upload.expires_at,
        attachments: rendered,
        attachment: rendered[rendered.length - 1],
      },
    },
    applied: true,
  };
}

/** `GET /api/v2/attachments/{id}` (Show Attachment): the URL every attachment names as its `url`. */
export function getAttachment(request: ApiRequest, params: string[], deps: ApiDeps): ApiResult {
  const attachment = deps.state().attachments.find((candidate) => String(candidate.id) === params[0]);
  if (attachment === undefined || attachment.deleted) return NOT_FOUND;
  return { status: 200, body: { attachment: renderAttachment(attachment, request.origin) } };
}
