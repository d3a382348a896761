import type { ComponentType } from 'react';
import type { AgentContext } from './hooks/useAgentContext.js';
import { TicketSidebar } from './screens/TicketSidebar.js';
import type { ZafClient } from './zaf/client.js';

export type LocationComponent = ComponentType<{ client: ZafClient; context: AgentContext }>;

/** One component per ZAF location the manifest declares: a new location is one line here and one file. */
export const LOCATIONS: Record<string, LocationComponent> = {
  ticket_sidebar: TicketSidebar,
};
