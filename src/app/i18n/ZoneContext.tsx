import { createContext, useContext, type ReactNode } from 'react';

const ZoneContext = createContext<string | null>(null);

/** The agent's time zone, for every time the sidebar writes (messages from the backend included). */
export function ZoneProvider({ zone, children }: { zone: string; children: ReactNode }) {
  return <ZoneContext.Provider value={zone}>{children}</ZoneContext.Provider>;
}

/** The agent's zone; the browser's outside a `ZoneProvider` (screens shown before the ticket is known). */
export function useAgentZone(): string {
  return useContext(ZoneContext) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
