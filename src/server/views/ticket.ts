import { allowedEvents, type Decision, type ReportedEvent, type Upgrade } from '../../core/lifecycle/index.js';
import type { Policy } from '../../core/schedule.js';
import type { Requester } from '../delivery/worker.js';
import type { AgentRef, DeliveryStatus, HistoryRecord } from '../store/types.js';
import { apiInstant } from './instant.js';

/** `GET /api/tickets/:id` (and the answer of every change to a ticket): its upgrade, as the sidebar shows it. */
export interface TicketView {
  ticketId: number;
  state: Upgrade['state'];
  /** The ticket's product id, null when none was given; absent when the policy has no products. */
  product?: string | null;
  booking: null | {
    start: string;
    end: string;
    rule: string;
    class: 'maintenance' | 'hotfix';
    reason: string | null;
    sequence: number;
  };
  requester: { locale: string | null; timeZone: string | null };
  instances: Upgrade['instances'];
  validation: Upgrade['validation'];
  decision: (Omit<Decision, 'at'> & { at: string }) | null;
  review: Upgrade['review'];
  decisionDeadline: string | null;
  /** The open offer of windows (state `offered`), instants in each window's zone; null when none is open. */
  offer: null | { windows: { start: string; end: string; rule: string }[]; expiresAt: string };
  /** Customer-driven moves and No-Gos so far (the policy's `selfService.maxDeferrals` is the budget). */
  deferrals: number;
  /** The reportable events the upgrade would accept now. */
  allowedEvents: string[];
  history: HistoryView[];
}

export interface HistoryView {
  id: string;
  type: string;
  createdAt: string;
  public: boolean;
  agent?: AgentRef;
  delivery: { status: DeliveryStatus; at?: string; error?: string };
}

/** `POST /api/tickets/:id/events` when the event was applied (202). */
export interface EventAccepted {
  accepted: true;
  ticketId: number;
  type: ReportedEvent;
  state: Upgrade['state'];
}

/** The ticket view at `now`: instants in the booking's zone for the booking, in the policy zone otherwise. */
export function ticketView(
  ticketId: number,
  upgrade: Upgrade,
  history: HistoryRecord[],
  requester: Requester,
  policy: Policy,
  now: number,
): TicketView {
  const zone = policy.timeZone;
  const { booking, decision } = upgrade;
  return {
    ticketId,
    state: upgrade.state,
    // A policy without products answers exactly as before it had them.
    ...(policy.products.length > 0 ? { product: upgrade.product ?? null } : {}),
    booking:
      booking === null
        ? null
        : {
            start: apiInstant(booking.start, booking.timeZone),
            end: apiInstant(booking.end, booking.timeZone),
            rule: booking.rule,
            class: booking.class,
            reason: booking.reason,
            sequence: booking.sequence,
          },
    requester: { locale: requester.locale, timeZone: requester.timeZone },
    instances: upgrade.instances.map((instance) => ({ name: instance.name, status: instance.status })),
    validation: upgrade.validation,
    decision: decision === null ? null : { ...decision, at: apiInstant(decision.at, zone) },
    review: upgrade.review === null ? null : { ...upgrade.review },
    decisionDeadline: upgrade.decisionRequest === null ? null : apiInstant(upgrade.decisionRequest.deadline, zone),
    offer:
      upgrade.offer == null
        ? null
        : {
            windows: upgrade.offer.windows.map((window) => ({
              start: apiInstant(window.start, window.timeZone),
              end: apiInstant(window.end, window.timeZone),
              rule: window.rule,
            })),
            expiresAt: apiInstant(upgrade.offer.expiresAt, zone),
          },
    deferrals: upgrade.deferrals ?? 0,
    allowedEvents: allowedEvents(upgrade, now, policy),
    history: history.map((entry) => historyView(entry, zone)),
  };
}

function historyView(entry: HistoryRecord, zone: string): HistoryView {
  const { delivery } = entry;
  return {
    id: String(entry.id),
    type: entry.type,
    createdAt: apiInstant(entry.createdAt, zone),
    public: entry.public,
    ...(entry.agent !== null ? { agent: entry.agent } : {}),
    delivery: {
      status: delivery.status,
      ...(delivery.at !== null ? { at: apiInstant(delivery.at, zone) } : {}),
      ...(delivery.error !== null ? { error: delivery.error } : {}),
    },
  };
}
