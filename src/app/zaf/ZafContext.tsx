import { createContext, useContext, type ReactNode } from 'react';
import type { ZafClient } from './client.js';

// The default is null, not a truthy `{}`: a component rendered outside the provider fails loudly.
const ZafClientContext = createContext<ZafClient | null>(null);

export function ZafClientProvider({ client, children }: { client: ZafClient; children: ReactNode }) {
  return <ZafClientContext.Provider value={client}>{children}</ZafClientContext.Provider>;
}

/** The ZAF client of the page; throws when called outside `ZafClientProvider`. */
export function useZafClient(): ZafClient {
  const client = useContext(ZafClientContext);
  if (client === null) throw new Error('useZafClient: no ZafClientProvider above this component');
  return client;
}
