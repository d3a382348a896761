/** The default policy (docs/POLICY.md): used when none is configured. */
export const DEFAULT_POLICY_JSON = {
  timeZone: 'America/Chicago',
  leadTime: 'P7D',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: null }],
  blackouts: [],
  hotfix: { defaultDuration: 'PT2H' },
  decision: { deadline: 'PT2H', onTimeout: 'wait', approvers: 'requester' },
  overrunWarning: 'PT30M',
  vendor: { name: 'Acme Cloud', email: 'upgrades@acme.example', locale: 'en' },
} as const;

/** Values of the optional keys when a policy leaves them out. */
export const OPTIONAL_DEFAULTS = {
  leadTime: DEFAULT_POLICY_JSON.leadTime,
  blackouts: [] as unknown[],
  hotfix: DEFAULT_POLICY_JSON.hotfix,
  decision: DEFAULT_POLICY_JSON.decision,
  overrunWarning: DEFAULT_POLICY_JSON.overrunWarning,
  vendor: DEFAULT_POLICY_JSON.vendor,
  offer: { expires: 'P3D' },
  selfService: { reschedule: false, maxDeferrals: 2 },
};
