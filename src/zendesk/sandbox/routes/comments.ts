import { renderComment } from '../render.js';
import { findTicket, NOT_FOUND, paginate, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

export function listComments(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const ticket = findTicket(state, id!);
  if (!ticket) return NOT_FOUND;
  const descending =
    request.url.searchParams.get('sort') === '-created_at' || request.url.searchParams.get('sort_order') === 'desc';
  const comments = ticket.comments.map((comment) => renderComment(state, comment, request.origin));
  if (descending) comments.reverse();
  return { status: 200, body: paginate(comments, request, 'comments') };
}
