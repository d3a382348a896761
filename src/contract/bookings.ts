import { z } from 'zod';
import { flagText, instantText, isoInstant } from './fields.js';
import { bookingClass } from './tickets.js';
import { reason } from './windows.js';

/** `GET /api/bookings?from=&to=&conflicts=` */
export const bookingsQuery = z.strictObject({
  from: instantText.optional(),
  to: instantText.optional(),
  /** Only the bookings the policy in force no longer allows, each with its reasons. */
  conflicts: flagText.optional(),
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

export const bookingRows = z.array(bookingRow);

export type BookingRow = z.infer<typeof bookingRow>;
/** The bookings query as the server reads it (parsed). */
export type BookingsRequest = z.output<typeof bookingsQuery>;
