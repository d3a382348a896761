import type { Agent } from '../api/backend.js';
import type { ZafClient } from '../zaf/client.js';
import { useRequest } from './useRequest.js';

/** Who is acting and where: read once from ZAF after app.registered. */
export interface AgentContext {
  agent: Agent;
  locale: string;
  /** The agent's IANA zone (`currentUser.timeZone.ianaName`), or null when Zendesk gives none. */
  timeZone: string | null;
  location: string;
  ticketId: string | null;
  /** ZAF's `ticket.status` (`new`, `open`, `pending`, `hold`, `solved`, `closed`), or null outside a ticket. */
  ticketStatus: string | null;
}

interface ZafUser {
  id?: number | string;
  name?: string;
  locale?: string;
  timeZone?: { ianaName?: string } | null;
}

/** Wraps `client.get(['currentUser', 'ticket.id', 'ticket.status'])` and `client.context()`. */
export function useAgentContext(client: ZafClient) {
  return useRequest('agent', () => readAgentContext(client));
}

export async function readAgentContext(client: ZafClient): Promise<AgentContext> {
  const [data, context] = await Promise.all([
    client.get(['currentUser', 'ticket.id', 'ticket.status']),
    client.context(),
  ]);
  const user = (data.currentUser ?? {}) as ZafUser;
  const ticketId = data['ticket.id'];
  return {
    agent: { id: String(user.id ?? ''), name: user.name ?? '' },
    locale: user.locale ?? 'en',
    timeZone: user.timeZone?.ianaName ?? null,
    location: typeof context.location === 'string' ? context.location : 'ticket_sidebar',
    ticketId: ticketId === undefined || ticketId === null ? null : String(ticketId),
    ticketStatus: typeof data['ticket.status'] === 'string' ? data['ticket.status'] : null,
  };
}
