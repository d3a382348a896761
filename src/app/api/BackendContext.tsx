import { createContext, useContext, type ReactNode } from 'react';
import type { BackendApi } from './backend.js';

const BackendContext = createContext<BackendApi | null>(null);

export function BackendProvider({ api, children }: { api: BackendApi; children: ReactNode }) {
  return <BackendContext.Provider value={api}>{children}</BackendContext.Provider>;
}

/** The backend routes of the current ticket; throws outside `BackendProvider`. */
export function useBackendApi(): BackendApi {
  const api = useContext(BackendContext);
  if (api === null) throw new Error('useBackendApi: no BackendProvider above this component');
  return api;
}
