import { formatInstant } from '../time/format.js';
import type { Instant } from '../types.js';
import {
  INSTANCE_EVENTS,
  INTERNAL_EVENTS,
  REPORTED_EVENTS,
  type EventInput,
  type LifecyclePolicy,
  type Refusal,
  type ReportedEvent,
  type Upgrade,
  type UpgradeState,
} from './types.js';

/** How early before its window an upgrade may start (docs/LIFECYCLE.md, Events: "from 15 minutes before the window's start"). */
export const EARLY_START_MINUTES = 15;

export function refuse(code: string, reason: string): Refusal {
  return { ok: false, code, reason };
}

export function isReportedEvent(type: string): type is ReportedEvent {
  return (REPORTED_EVENTS as readonly string[]).includes(type);
}

/** The upgrade's situation in words, for refusals: "the upgrade has not started (its window starts at …)". */
export function describeState(upgrade: Upgrade, policy: LifecyclePolicy): string {
  const at = (instant: Instant): string => formatInstant(instant, policy.timeZone);
  switch (upgrade.state) {
    case 'unscheduled':
      return 'no window is booked';
    case 'offered':
      return upgrade.offer == null
        ? 'windows are offered to the customer'
        : `windows are offered to the customer (the offer lapses at ${at(upgrade.offer.expiresAt)})`;
    case 'scheduled':
      return upgrade.booking === null
        ? 'the upgrade has not started'
        : `the upgrade has not started (its window starts at ${at(upgrade.booking.start)})`;
    case 'in_progress':
      return 'the upgrade is in progress';
    case 'awaiting_decision':
      return upgrade.decisionRequest === null
        ? "the upgrade is waiting for the customer's GO or NO-GO"
        : `the upgrade is waiting for the customer's GO or NO-GO (due by ${at(upgrade.decisionRequest.deadline)})`;
    case 'rolling_back':
      return 'the upgrade is being rolled back after a NO-GO';
    case 'completed':
      return 'the upgrade is already completed';
    case 'cancelled':
      return 'the booking was cancelled';
  }
}

/** What an event would do, as the subject of a refusal: "instance `eu-1` cannot start". */
function subjectOf(type: ReportedEvent, instance: string): string {
  const name = `instance \`${instance}\``;
  const subjects: Record<ReportedEvent, string> = {
    upgrade_started: 'the upgrade cannot start',
    instance_upgrade_started: `${name} cannot start`,
    instance_upgrade_completed: `${name} cannot complete`,
    instance_upgrade_failed: `a failure of ${name} cannot be recorded`,
    instance_upgrade_retry_started: `${name} cannot be retried`,
    validation_started: 'validation cannot start',
    validation_completed: 'validation cannot complete',
    validation_failed: 'a validation failure cannot be recorded',
    validation_retry_started: 'validation cannot be retried',
    decision_requested: 'a GO/NO-GO request cannot be sent',
    rolled_back: 'the rollback cannot be reported',
    upgrade_completed: 'the upgrade cannot complete',
  };
  return subjects[type];
}

/**
 * The states each event is accepted in. Steps already running may still report their outcome while the customer
 * is asked for GO or NO-GO (the pipeline cannot un-finish them); starting a new step waits for the answer.
 */
const ACCEPTED_IN: Record<ReportedEvent, readonly UpgradeState[]> = {
  upgrade_started: ['scheduled'],
  instance_upgrade_started: ['in_progress'],
  instance_upgrade_completed: ['in_progress', 'awaiting_decision'],
  instance_upgrade_failed: ['in_progress', 'awaiting_decision'],
  instance_upgrade_retry_started: ['in_progress'],
  validation_started: ['in_progress'],
  validation_completed: ['in_progress', 'awaiting_decision'],
  validation_failed: ['in_progress', 'awaiting_decision'],
  validation_retry_started: ['in_progress'],
  decision_requested: ['in_progress'],
  rolled_back: ['rolling_back'],
  upgrade_completed: ['in_progress'],
};

/**
 * Why an event is refused now, or null when it is accepted. Pure and total: every event of every state passes
 * through here, so the refusal table of the tests covers the whole process.
 */
export function refusalOf(upgrade: Upgrade, event: EventInput, now: Instant, policy: LifecyclePolicy): Refusal | null {
  const { type } = event;
  if ((INTERNAL_EVENTS as readonly string[]).includes(type)) {
    const by = type === 'decision_received' ? 'captured from a reply or recorded by an agent' : 'made by booking';
    return refuse('NOT_REPORTABLE', `${type} cannot be reported as an event: it is ${by}`);
  }
  if (!isReportedEvent(type)) {
    return refuse('UNKNOWN_EVENT', `unknown event "${type}" (events: ${REPORTED_EVENTS.join(', ')})`);
  }
  const instance = event.instance?.trim() ?? '';
  if (INSTANCE_EVENTS.includes(type) && instance === '') {
    return refuse('INSTANCE_REQUIRED', `${type} needs the instance name`);
  }
  if (!INSTANCE_EVENTS.includes(type) && instance !== '') {
    return refuse('UNEXPECTED_INSTANCE', `${type} is not about one instance; leave the instance out`);
  }
  const subject = subjectOf(type, instance);
  if (!ACCEPTED_IN[type].includes(upgrade.state)) {
    return refuse('INVALID_STATE', `${subject}: ${describeState(upgrade, policy)}`);
  }
  const at = (instant: Instant): string => formatInstant(instant, policy.timeZone);
  const current = upgrade.instances.find((candidate) => candidate.name === instance);
  switch (type) {
    case 'upgrade_started': {
      const booking = upgrade.booking;
      if (booking === null) return refuse('NO_BOOKING', `${subject}: no window is booked`);
      const earliest = booking.start - EARLY_START_MINUTES * 60_000;
      if (now < earliest) {
        return refuse(
          'TOO_EARLY',
          `${subject} before ${at(earliest)}, ${EARLY_START_MINUTES} minutes before its window (${at(booking.start)})`,
        );
      }
      if (now >= booking.end) {
        return refuse('WINDOW_OVER', `${subject}: its window ended at ${at(booking.end)}; book a new window`);
      }
      return null;
    }
    case 'instance_upgrade_started':
      if (upgrade.validation !== 'none') {
        return refuse('VALIDATION_STARTED', `${subject}: validation has already started`);
      }
      if (current !== undefined) {
        const hint = current.status === 'failed' ? '; report instance_upgrade_retry_started to retry it' : '';
        return refuse(
          'INSTANCE_ALREADY_STARTED',
          `${subject}: it was already started (it is ${current.status})${hint}`,
        );
      }
      return null;
    case 'instance_upgrade_completed':
    case 'instance_upgrade_failed':
      if (current === undefined) return refuse('INSTANCE_NOT_STARTED', `${subject}: it was never started`);
      if (current.status !== 'upgrading') {
        return refuse('INSTANCE_NOT_RUNNING', `${subject}: it is not upgrading (it ${current.status})`);
      }
      return null;
    case 'instance_upgrade_retry_started':
      if (current === undefined) return refuse('INSTANCE_NOT_STARTED', `${subject}: it was never started`);
      if (current.status !== 'failed') {
        return refuse('NOT_FAILED', `${subject}: only a failed instance upgrade is retried (it is ${current.status})`);
      }
      return null;
    case 'validation_started': {
      if (upgrade.validation !== 'none') {
        return refuse('VALIDATION_ALREADY_STARTED', `${subject}: it has already started (it is ${upgrade.validation})`);
      }
      if (upgrade.instances.length === 0) {
        return refuse('NO_INSTANCE', `${subject}: no instance upgrade was reported yet`);
      }
      const pending = upgrade.instances.find((candidate) => candidate.status !== 'completed');
      if (pending !== undefined) {
        const status = pending.status === 'upgrading' ? 'is still upgrading' : 'failed and was not retried';
        return refuse('INSTANCES_NOT_COMPLETED', `${subject}: instance \`${pending.name}\` ${status}`);
      }
      return null;
    }
    case 'validation_completed':
    case 'validation_failed':
      if (upgrade.validation !== 'running') {
        return refuse('VALIDATION_NOT_RUNNING', `${subject}: validation is not running (it is ${upgrade.validation})`);
      }
      return null;
    case 'validation_retry_started':
      if (upgrade.validation !== 'failed') {
        return refuse('NOT_FAILED', `${subject}: only a failed validation is retried (it is ${upgrade.validation})`);
      }
      return null;
    case 'decision_requested': {
      if ((event.reason?.trim() ?? '') === '') {
        return refuse('REASON_REQUIRED', `${subject}: say why the upgrade is taking longer (reason)`);
      }
      const end = event.anticipatedEnd;
      if (end === null || end === undefined) {
        return refuse('ANTICIPATED_END_REQUIRED', `${subject}: give the new anticipated end (anticipatedEnd)`);
      }
      if (end <= now) {
        return refuse('ANTICIPATED_END_PAST', `${subject}: the anticipated end ${at(end)} is not in the future`);
      }
      // The request tells the customer the upgrade runs past its window: an end inside the window needs no answer.
      const windowEnd = upgrade.booking?.end;
      if (windowEnd !== undefined && end <= windowEnd) {
        return refuse(
          'ANTICIPATED_END_IN_WINDOW',
          `${subject}: the anticipated end ${at(end)} is within the window, which ends at ${at(windowEnd)}; ` +
            'ask for a GO or NO-GO only when the upgrade will run past it',
        );
      }
      return null;
    }
    case 'rolled_back':
      return null;
    case 'upgrade_completed':
      if (upgrade.validation !== 'completed') {
        return refuse('NOT_VALIDATED', `${subject}: validation has not completed (it is ${upgrade.validation})`);
      }
      return null;
  }
}

/**
 * The reportable events the upgrade would accept at `now` (for the sidebar and GET /api/tickets/:id). An instance
 * event is listed when it is accepted for at least one instance, a known one or a new one.
 */
export function allowedEvents(upgrade: Upgrade, now: Instant, policy?: LifecyclePolicy): string[] {
  const view: LifecyclePolicy = policy ?? {
    timeZone: upgrade.booking?.timeZone ?? 'UTC',
    decision: { deadlineMinutes: 120, onTimeout: 'wait', approvers: 'requester' },
    vendor: { name: '', email: '' },
  };
  const names = [...upgrade.instances.map((instance) => instance.name), '\u0000new instance'];
  return REPORTED_EVENTS.filter((type) =>
    names.some(
      (instance) =>
        refusalOf(
          upgrade,
          {
            type,
            key: 'probe',
            instance: type.startsWith('instance_') ? instance : null,
            reason: 'probe',
            anticipatedEnd: Math.max(now, upgrade.booking?.end ?? now) + 3_600_000,
          },
          now,
          view,
        ) === null,
    ),
  );
}
