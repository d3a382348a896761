import type { TemplateName } from './spec.js';

// A realistic ticket: a Tuesday 18:00–24:00 Chicago window, a week after a request on 2026-11-24.
const windowStart = Date.parse('2026-12-01T18:00:00-06:00');
const windowEnd = Date.parse('2026-12-02T00:00:00-06:00');
const nextStart = Date.parse('2026-12-04T18:00:00-06:00');
const nextEnd = Date.parse('2026-12-05T00:00:00-06:00');

/** One realistic variable set per template, for `render EVENT --example`, previews and tests. */
export const EXAMPLES: Record<TemplateName, Record<string, unknown>> = {
  window_offered: {
    window1Start: windowStart,
    window1End: windowEnd,
    window2Start: nextStart,
    window2End: nextEnd,
    window3Start: Date.parse('2026-12-08T18:00:00-06:00'),
    window3End: Date.parse('2026-12-09T00:00:00-06:00'),
    window4Start: null,
    window4End: null,
    window5Start: null,
    window5End: null,
    expiresAt: Date.parse('2026-11-27T12:00:00-06:00'),
    reason: null,
  },
  window_scheduled: { windowStart, windowEnd, windowClass: 'maintenance', reason: null },
  window_rescheduled: {
    windowStart: nextStart,
    windowEnd: nextEnd,
    previousStart: windowStart,
    previousEnd: windowEnd,
    reason: 'NO-GO from the customer',
  },
  window_cancelled: { windowStart, windowEnd, reason: 'Upgrade postponed at the customer’s request' },
  upgrade_started: { windowEnd },
  instance_upgrade_started: { instance: 'eu-1' },
  instance_upgrade_completed: { instance: 'eu-1' },
  instance_upgrade_failed: { instance: 'eu-1', reason: 'database migration timed out' },
  instance_upgrade_retry_started: { instance: 'eu-1' },
  validation_started: {},
  validation_completed: {},
  validation_failed: { reason: 'login smoke test failed on eu-1' },
  validation_retry_started: {},
  decision_requested: {
    reason: 'the database migration of eu-1 is slower than planned',
    anticipatedEnd: Date.parse('2026-12-02T02:00:00-06:00'),
    deadline: Date.parse('2026-12-01T23:30:00-06:00'),
    onTimeout: 'wait',
  },
  decision_received: { decision: 'NO_GO', evidence: 'No-go, please roll back', next: 'rolling_back' },
  rolled_back: { nextStart, nextEnd },
  upgrade_completed: {},
  decision_recorded: { decision: 'GO', agent: 'Sam Rivera (381)', note: 'Marcus Holt confirmed GO by phone.' },
  unclear_reply: { author: 'Dana Customer', reply: 'Is it safe to continue?', organization: 'Globex Corporation' },
  reply_not_acted_on: {
    author: 'Dana Customer',
    decision: 'GO',
    why: 'go_outside_request',
    state: 'scheduled',
    organization: null,
  },
  reschedule_requested: {
    author: 'Dana Customer',
    reply: 'Can we do Tuesday the 8th instead?',
    day: '2026-12-08',
    why: 'self_service_off',
    window1Start: Date.parse('2026-12-08T18:00:00-06:00'),
    window1End: Date.parse('2026-12-09T00:00:00-06:00'),
    window2Start: null,
    window2End: null,
    window3Start: null,
    window3End: null,
    window4Start: null,
    window4End: null,
    window5Start: null,
    window5End: null,
  },
  deferral_budget_spent: {
    author: 'Dana Customer',
    reply: 'Could we move it once more, to Friday the 11th?',
    deferrals: 2,
    maxDeferrals: 2,
  },
  overrun_warning: { windowEnd, minutesLeft: 30 },
  missed_start: { windowStart },
  decision_timeout: { deadline: Date.parse('2026-12-01T23:30:00-06:00'), onTimeout: 'wait' },
  no_window_available: { requestedAt: Date.parse('2026-12-01T20:15:00-06:00') },
  delivery_failed: { item: 'upgrade_started', error: 'HTTP 503 Service Unavailable', attempts: 5 },
};
