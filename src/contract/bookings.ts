import { z } from 'zod';
import { countText, flagText, instantText, isoInstant } from './fields.js';
import { bookingClass } from './tickets.js';
import { reason } from './windows.js';

/** Bookings per page when `limit` is not given, and the most a client may ask for (docs/DECISIONS.md, 52). */
export const BOOKINGS_PAGE_DEFAULT = 100;
export const BOOKINGS_PAGE_MAX = 500;

/** Where a page of bookings ends: its last booking's sort key (bookings are listed by start, then ticket id). */
export interface BookingKey {
  start: number;
  ticketId: number;
}

/**
 * The `after` cursor of a next link: opaque to clients, base64url of `start.ticketId`. Clients copy it from the
 * `Link` header, never build it; the encoding may change without notice (docs/DECISIONS.md, 52).
 */
export function encodeBookingCursor(key: BookingKey): string {
  return btoa(`${key.start}.${key.ticketId}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBookingCursor(text: string): BookingKey | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(text)) return null;
  let decoded: string;
  try {
    decoded = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const match = /^(-?\d{1,16})\.([1-9]\d{0,15})$/.exec(decoded);
  if (match === null) return null;
  const key = { start: Number(match[1]), ticketId: Number(match[2]) };
  return Number.isSafeInteger(key.start) && Number.isSafeInteger(key.ticketId) ? key : null;
}

/** A cursor in a query string; the sort key it names once parsed. */
export const bookingCursor = z.string().transform((text, context) => {
  const key = decodeBookingCursor(text);
  if (key === null) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    context.addIssue({
      code: 'custom',
      message: `must be the cursor of a next link of this route, copied as given, got "${shown}"`,
    });
    return z.NEVER;
  }
  return key;
});

/** `GET /api/bookings?from=&to=&conflicts=&limit=&after=` */
export const bookingsQuery = z.strictObject({
  from: instantText.optional(),
  to: instantText.optional(),
  /** Only the bookings the policy in force no longer allows, each with its reasons. */
  conflicts: flagText.optional(),
  /** Bookings of the range read for this page, 1 to BOOKINGS_PAGE_MAX (default BOOKINGS_PAGE_DEFAULT). */
  limit: countText(BOOKINGS_PAGE_MAX).optional(),
  /** The page starts after this booking: the cursor of the previous page's `Link: <…>; rel="next"`. */
  after: bookingCursor.optional(),
});

export const bookingRow = z.object({
  ticketId: z.number(),
  start: isoInstant,
  end: isoInstant,
  rule: z.string(),
  class: bookingClass,
  reason: z.string().nullable(),
  reasons: z.array(reason).optional(),
});

/** One page: the body stays an array; whether more follow is the `Link` header's (docs/DECISIONS.md, 52). */
export const bookingRows = z.array(bookingRow);

export type BookingRow = z.infer<typeof bookingRow>;
/** The bookings query as the server reads it (parsed). */
export type BookingsRequest = z.output<typeof bookingsQuery>;
