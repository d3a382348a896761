import type { BookingsRequest } from '../../contract/bookings.js';
import type { WindowsRequest } from '../../contract/windows.js';
import type { Policy } from '../../core/schedule.js';
import type { BookingInput, EventInput, PreviewInput } from '../http/input.js';
import type { AgentRef } from '../store/types.js';
import type { PreviewView } from '../views/preview.js';
import type { WindowView } from '../views/schedule.js';
import type { EventAccepted, TicketView } from '../views/ticket.js';
import { bookWindow, cancelWindow } from './booking.js';
import { recordAgentDecision } from './decisions.js';
import { retryDelivery } from './deliveries.js';
import type { UseCaseDeps } from './deps.js';
import { reportEvent } from './events.js';
import { offerTicketWindows, type OfferInput } from './offers.js';
import { previewComment } from './preview.js';
import { listBookingsView, listWindowsView, readTicket, type BookingsPage } from './reads.js';

/**
 * What the backend does for its callers, one method per use case, with normalised input and typed answers. The core
 * decides, these persist (one transaction per change) and answer; refusals are the domain errors of `errors.ts`.
 * Routes call them and map answers to statuses; nothing here knows HTTP.
 */
export interface UseCases {
  readonly policy: Policy;
  windows(query: WindowsRequest): Promise<WindowView[]>;
  ticket(ticketId: number): Promise<TicketView>;
  book(
    ticketId: number,
    input: BookingInput,
    agent: AgentRef | null,
  ): Promise<{ created: boolean; ticket: TicketView }>;
  cancel(ticketId: number, agent: AgentRef | null): Promise<TicketView>;
  event(
    ticketId: number,
    input: EventInput,
    key: string,
    agent: AgentRef | null,
  ): Promise<{ accepted: EventAccepted; replayed: boolean }>;
  agentDecision(
    ticketId: number,
    input: { decision: 'GO' | 'NO_GO'; note?: string | undefined },
    agent: AgentRef | null,
  ): Promise<TicketView>;
  offer(ticketId: number, input: OfferInput, agent: AgentRef | null): Promise<TicketView>;
  preview(ticketId: number, input: PreviewInput): Promise<PreviewView>;
  bookings(query: BookingsRequest): Promise<BookingsPage>;
  retryDelivery(ticketId: number, historyId: number): Promise<TicketView>;
}

export function createUseCases(deps: UseCaseDeps): UseCases {
  return {
    policy: deps.policy,
    windows: (query) => listWindowsView(deps, query),
    ticket: (ticketId) => readTicket(deps, ticketId),
    book: (ticketId, input, agent) => bookWindow(deps, ticketId, input, agent),
    cancel: (ticketId, agent) => cancelWindow(deps, ticketId, agent),
    event: (ticketId, input, key, agent) => reportEvent(deps, ticketId, input, key, agent),
    agentDecision: (ticketId, input, agent) => recordAgentDecision(deps, ticketId, input, agent),
    offer: (ticketId, input, agent) => offerTicketWindows(deps, ticketId, input, agent),
    preview: (ticketId, input) => previewComment(deps, ticketId, input),
    bookings: (query) => listBookingsView(deps, query),
    retryDelivery: (ticketId, historyId) => retryDelivery(deps, ticketId, historyId),
  };
}

export type { UseCaseDeps } from './deps.js';
