import { DateTime } from 'luxon';
import type { Instant } from '../types.js';

/**
 * The product's one output format for instants: ISO 8601 with the offset of `zone`,
 * without milliseconds, never `Z`. `formatInstant(Date.UTC(2026, 11, 2), 'America/Chicago')`
 * is `2026-12-01T18:00:00-06:00`; in UTC it is `2026-12-02T00:00:00+00:00`.
 */
export function formatInstant(instant: Instant, zone: string): string {
  // Truncated to the second: output never carries milliseconds, even when the instant has some.
  const iso = DateTime.fromMillis(Math.floor(instant / 1000) * 1000, { zone }).toISO({
    suppressMilliseconds: true,
    includeOffset: true,
  });
  if (iso === null) throw new RangeError(`formatInstant: invalid zone "${zone}"`);
  return iso.endsWith('Z') ? `${iso.slice(0, -1)}+00:00` : iso;
}

/** Parses an instant given on an interface: ISO 8601 with an offset or `Z`. Null when it has none or is malformed. */
export function parseInstant(text: string): Instant | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    return null;
  }
  const parsed = DateTime.fromISO(text.trim(), { setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}
