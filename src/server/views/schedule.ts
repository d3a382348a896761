import type { Reason, WindowOffer } from '../../core/schedule.js';
import type { BookingRecord } from '../store/types.js';
import { apiInstant } from './instant.js';

/** One window of `GET /api/windows`, in its rule's zone. */
export interface WindowView {
  start: string;
  end: string;
  rule: string;
  capacity: number | null;
  remaining: number | null;
  bookable: boolean;
  reasons: Reason[];
}

/** One booking of `GET /api/bookings`; `reasons` only when conflicts were asked for. */
export interface BookingView {
  ticketId: number;
  start: string;
  end: string;
  rule: string;
  class: 'maintenance' | 'hotfix';
  reason: string | null;
  reasons?: Reason[];
}

export function windowView(offer: WindowOffer): WindowView {
  return {
    start: apiInstant(offer.start, offer.timeZone),
    end: apiInstant(offer.end, offer.timeZone),
    rule: offer.rule,
    capacity: offer.capacity,
    remaining: offer.remaining,
    bookable: offer.bookable,
    reasons: offer.reasons,
  };
}

export function bookingView(booking: BookingRecord, reasons?: Reason[]): BookingView {
  return {
    ticketId: booking.ticketId,
    start: apiInstant(booking.start, booking.timeZone),
    end: apiInstant(booking.end, booking.timeZone),
    rule: booking.rule,
    class: booking.class,
    reason: booking.reason,
    ...(reasons !== undefined ? { reasons } : {}),
  };
}
