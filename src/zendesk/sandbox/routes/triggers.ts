import { renderTrigger } from '../render.js';
import { isoSeconds, nextId } from '../state.js';
import { NOT_FOUND, badRequest, paginate, parseJsonBody, recordInvalid } from './common.js';
import type { ApiDeps, ApiRequest, ApiResult } from './common.js';

export function listTriggers(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const triggers = deps.state().triggers.map((trigger) => renderTrigger(trigger, request.origin));
  return { status: 200, body: paginate(triggers, request, 'triggers') };
}

export function createTrigger(request: ApiRequest, _params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const now = deps.now();
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.result;
  const input = parsed.value.trigger as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return badRequest('The body must be {"trigger": {...}}');
  if (typeof input.title !== 'string' || input.title.trim() === '')
    return recordInvalid('Title: cannot be blank', 'title');
  const conditions = (input.conditions ?? {}) as { all?: unknown; any?: unknown };
  const all = conditions.all ?? [];
  const any = conditions.any ?? [];
  if (!Array.isArray(all) || !Array.isArray(any))
    return recordInvalid('Conditions: all and any must be arrays', 'conditions');
  if (!Array.isArray(input.actions) || input.actions.length === 0)
    return recordInvalid('Actions: cannot be blank', 'actions');
  for (const action of input.actions as { field?: unknown; value?: unknown }[]) {
    if (action?.field !== 'notification_webhook') continue;
    const [webhookId, body] = Array.isArray(action.value) ? action.value : [];
    if (!state.webhooks.some((webhook) => webhook.id === webhookId))
      return recordInvalid(`Actions: webhook ${String(webhookId)} does not exist`, 'actions');
    if (typeof body !== 'string')
      return recordInvalid('Actions: notification_webhook needs [webhook_id, body]', 'actions');
  }
  const trigger = {
    id: nextId(state, 'trigger'),
    title: input.title,
    raw_title: input.title,
    description: typeof input.description === 'string' ? input.description : null,
    active: input.active !== false,
    position: typeof input.position === 'number' ? input.position : state.triggers.length + 1,
    conditions: { all, any },
    actions: input.actions,
    created_at: isoSeconds(now),
    updated_at: isoSeconds(now),
  };
  state.triggers.push(trigger);
  return { status: 201, body: { trigger: renderTrigger(trigger, request.origin) }, applied: true };
}

/** `PUT /api/v2/triggers/{id}`: the conditions (both lists replace the old ones), title and active flag. */
export function updateTrigger(request: ApiRequest, params: string[], deps: ApiDeps): ApiResult {
  const state = deps.state();
  const trigger = state.triggers.find((candidate) => candidate.id === Number(params[0]));
  if (trigger === undefined) return NOT_FOUND;
  const parsed = parseJsonBody(request);
  if (!parsed.ok) return parsed.result;
  const input = parsed.value.trigger as Record<string, unknown> | undefined;
  if (typeof input !== 'object' || input === null) return badRequest('The body must be {"trigger": {...}}');
  if (input.conditions !== undefined) {
    const conditions = input.conditions as { all?: unknown; any?: unknown };
    const all = conditions?.all ?? [];
    const any = conditions?.any ?? [];
    if (!Array.isArray(all) || !Array.isArray(any))
      return recordInvalid('Conditions: all and any must be arrays', 'conditions');
    trigger.conditions = { all, any };
  }
  if (typeof input.title === 'string' && input.title.trim() !== '') trigger.title = trigger.raw_title = input.title;
  if (typeof input.active === 'boolean') trigger.active = input.active;
  trigger.updated_at = isoSeconds(deps.now());
  return { status: 200, body: { trigger: renderTrigger(trigger, request.origin) }, applied: true };
}
