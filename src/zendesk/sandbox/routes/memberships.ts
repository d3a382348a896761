import { renderMembership } from '../render.js';
import type { StoredMembership } from '../state.js';
import { NOT_FOUND, paginate, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

// Organization memberships: a user may belong to several organizations; `organization_id` on the user is only
// the default one.

/** `GET /api/v2/organization_memberships`: every membership of the account. */
export function listMemberships(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  return answer(request, deps.state().organizationMemberships ?? []);
}

/** `GET /api/v2/users/{id}/organization_memberships`. */
export function listUserMemberships(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  if (!state.users.some((user) => user.id === Number(id))) return NOT_FOUND;
  return answer(
    request,
    (state.organizationMemberships ?? []).filter((membership) => membership.user_id === Number(id)),
  );
}

/** `GET /api/v2/organizations/{id}/organization_memberships`. */
export function listOrganizationMemberships(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  if (!state.organizations.some((organization) => organization.id === Number(id))) return NOT_FOUND;
  return answer(
    request,
    (state.organizationMemberships ?? []).filter((membership) => membership.organization_id === Number(id)),
  );
}

function answer(request: ApiRequest, memberships: StoredMembership[]): ApiResult {
  const rendered = memberships.map((membership) => renderMembership(membership, request.origin));
  return { status: 200, body: paginate(rendered, request, 'organization_memberships') };
}
