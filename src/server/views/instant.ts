import { formatInstant } from '../../core/time/format.js';

/** Instants on the API are whole seconds (docs/API.md: no milliseconds), whatever the clock that made them. */
export function apiInstant(instant: number, zone: string): string {
  return formatInstant(Math.floor(instant / 1000) * 1000, zone);
}
