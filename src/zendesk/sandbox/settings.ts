// The account settings a test or bench may change (`createSandbox({ settings })`, `POST /_sandbox/settings`):
// Zendesk's limits and automations, with the values a real account has by default.

export interface SandboxSettings {
  /** API requests per minute for the whole account (Zendesk: 200 to 2,500 by plan; Enterprise 700). */
  accountRequestsPerMinute: number;
  /** Requests per minute to the incremental export endpoints, besides the account budget (Zendesk: 10). */
  incrementalExportsPerMinute: number;
  /** Updates of one ticket allowed per `ticketUpdateWindowMs` (Zendesk: 30 per 10 minutes). */
  ticketUpdatesPerWindow: number;
  ticketUpdateWindowMs: number;
  /** How long a solved ticket stays solved before the close automation closes it (Zendesk: 4 days, at most 28). */
  closeSolvedAfterMs: number;
}

const DAY = 86_400_000;

export const DEFAULT_SETTINGS: SandboxSettings = {
  accountRequestsPerMinute: 700,
  incrementalExportsPerMinute: 10,
  ticketUpdatesPerWindow: 30,
  ticketUpdateWindowMs: 10 * 60_000,
  closeSolvedAfterMs: 4 * DAY,
};

const BOUNDS: Record<keyof SandboxSettings, [number, number]> = {
  accountRequestsPerMinute: [1, 1_000_000],
  incrementalExportsPerMinute: [1, 1_000_000],
  ticketUpdatesPerWindow: [1, 1_000_000],
  ticketUpdateWindowMs: [1_000, DAY],
  closeSolvedAfterMs: [0, 28 * DAY],
};

export type SettingsCheck = { ok: true; settings: Partial<SandboxSettings> } | { ok: false; error: string };

/** Validates a partial settings object, naming the first bad key. */
export function parseSettings(input: unknown): SettingsCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, error: 'the body must be a JSON object' };
  const settings: Partial<SandboxSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    const bounds = BOUNDS[key as keyof SandboxSettings];
    if (!bounds) return { ok: false, error: `unknown setting ${key} (known: ${Object.keys(BOUNDS).join(', ')})` };
    if (!(Number.isInteger(value) && value >= bounds[0] && value <= bounds[1]))
      return { ok: false, error: `${key} must be an integer from ${bounds[0]} to ${bounds[1]}` };
    settings[key as keyof SandboxSettings] = value as number;
  }
  return { ok: true, settings };
}
