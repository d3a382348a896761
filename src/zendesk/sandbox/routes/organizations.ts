import { renderOrganization, renderUser } from '../render.js';
import { NOT_FOUND, paginate, type ApiDeps, type ApiRequest, type ApiResult } from './common.js';

export function getOrganization(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const organization = deps.state().organizations.find((candidate) => candidate.id === Number(id));
  return organization
    ? { status: 200, body: { organization: renderOrganization(organization, request.origin) } }
    : NOT_FOUND;
}

export function listOrganizationUsers(request: ApiRequest, [id]: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  if (!state.organizations.some((organization) => organization.id === Number(id))) return NOT_FOUND;
  // Members through any membership, not only the users whose default organization it is.
  const memberIds = new Set(
    (state.organizationMemberships ?? [])
      .filter((membership) => membership.organization_id === Number(id))
      .map((membership) => membership.user_id),
  );
  const members = state.users.filter((user) => memberIds.has(user.id));
  return {
    status: 200,
    body: paginate(
      members.map((user) => renderUser(user, request.origin)),
      request,
      'users',
    ),
  };
}
