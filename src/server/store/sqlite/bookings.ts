import type Database from 'better-sqlite3';
import { toBooking, withoutOne, type Row } from '../rows.js';
import type { BookingPage, BookingRecord, NewBooking, StoreOps } from '../types.js';

/** The bookings: one active booking per ticket, and how many share each window (its capacity). */
export type BookingsStatements = Pick<
  StoreOps,
  'activeBooking' | 'activeBookingCounts' | 'replaceBooking' | 'releaseBooking' | 'listBookings'
>;

export function bookingsStatements(db: Database.Database): BookingsStatements {
  return {
    async activeBooking(ticketId: number): Promise<BookingRecord | null> {
      const row = db.prepare('SELECT * FROM bookings WHERE ticket_id = ? AND active = 1').get(ticketId) as
        Row | undefined;
      return row === undefined ? null : toBooking(row);
    },

    async activeBookingCounts(excludeTicket?: number, from?: number, until?: number): Promise<Map<number, number>> {
      // The window starts' counts (booking_counts, kept by triggers: migration 6), one row per start in the range,
      // however many bookings share it; then the left-out ticket's own booking taken off its start.
      const low = from ?? Number.MIN_SAFE_INTEGER;
      const high = until ?? Number.MAX_SAFE_INTEGER;
      const rows = db
        .prepare('SELECT start_at, n FROM booking_counts WHERE start_at >= ? AND start_at <= ? AND n > 0')
        .all(low, high) as Row[];
      const counts = new Map(rows.map((row) => [Number(row.start_at), Number(row.n)]));
      if (excludeTicket !== undefined) {
        const own = db
          .prepare('SELECT start_at FROM bookings WHERE ticket_id = ? AND active = 1')
          .get(excludeTicket) as Row | undefined;
        if (own !== undefined) withoutOne(counts, Number(own.start_at));
      }
      return counts;
    },

    async replaceBooking(booking: NewBooking, now: number): Promise<BookingRecord> {
      await this.releaseBooking(booking.ticketId, now);
      const result = db
        .prepare(
          `INSERT INTO bookings (ticket_id, start_at, end_at, rule, class, reason, time_zone, active, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        )
        .run(
          booking.ticketId,
          booking.start,
          booking.end,
          booking.rule,
          booking.class,
          booking.reason,
          booking.timeZone,
          now,
        );
      const row = db.prepare('SELECT * FROM bookings WHERE id = ?').get(result.lastInsertRowid) as Row;
      return toBooking(row);
    },

    async releaseBooking(ticketId: number, now: number): Promise<BookingRecord | null> {
      const current = await this.activeBooking(ticketId);
      if (current === null) return null;
      db.prepare('UPDATE bookings SET active = 0, released_at = ? WHERE id = ?').run(now, current.id);
      return { ...current, active: false };
    },

    async listBookings(page: BookingPage): Promise<BookingRecord[]> {
      // One range of bookings_active_counts from the page's lower key (docs/DECISIONS.md, 49 and 50): the later of
      // the cursor and the period's start less the longest active booking (an index look-up, bookings_active_length,
      // so a long booking that began earlier is still listed). Both bounds are one row value, since SQLite seeks the
      // index on one lower bound only; `(start_at, ticket_id) > (from - 1 - longest, MAX)` is `start_at >= from - longest`.
      const lowest = page.after ?? { start: Number.MIN_SAFE_INTEGER, ticketId: Number.MIN_SAFE_INTEGER };
      const rows = db
        .prepare(
          `SELECT * FROM bookings
           WHERE active = 1 AND end_at > ? AND start_at < ?
             AND (start_at, ticket_id) > (
               SELECT MAX(?, period_floor), CASE WHEN ? > period_floor THEN ? ELSE ${Number.MAX_SAFE_INTEGER} END
               FROM (SELECT ? - 1 - COALESCE(MAX(end_at - start_at), 0) AS period_floor FROM bookings WHERE active = 1))
           ORDER BY start_at, ticket_id
           LIMIT ?`,
        )
        .all(
          page.from ?? Number.MIN_SAFE_INTEGER,
          page.to ?? Number.MAX_SAFE_INTEGER,
          lowest.start,
          lowest.start,
          lowest.ticketId,
          page.from ?? Number.MIN_SAFE_INTEGER,
          page.limit,
        ) as Row[];
      return rows.map(toBooking);
    },
  };
}
