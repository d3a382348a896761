import { renderUser } from '../render.js';
import { NOT_FOUND, paginate, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

export function getUser(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const user = deps.state().users.find((candidate) => candidate.id === Number(id));
  return user ? { status: 200, body: { user: renderUser(user, request.origin) } } : NOT_FOUND;
}

/** `GET /api/v2/users/me`: every credential acts as the API (admin) user, whose comments are the product's. */
export function getCurrentUser(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const user = state.users.find((candidate) => candidate.id === state.apiUserId);
  return user ? { status: 200, body: { user: renderUser(user, request.origin) } } : NOT_FOUND;
}

/** `GET /api/v2/users?role=agent`: Zendesk's user list, optionally by role (the preview finds its agent this way). */
export function listUsers(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const role = request.url.searchParams.get('role');
  const users = deps.state().users.filter((user) => role === null || user.role === role);
  return {
    status: 200,
    body: paginate(
      users.map((user) => renderUser(user, request.origin)),
      request,
      'users',
    ),
  };
}

/** `GET /api/v2/organizations/{id}/users`: the organization's members (the approvers when `approvers` is `organization`). */
