/** The schedule engine's public API: the policy (docs/POLICY.md) and the windows it offers (docs/POLICY.md, docs/CLI.md). */
export * from './policy/index.js';
export * from './windows/index.js';
export { localToInstant, isValidZone, zoneNameProblem } from './time/zone.js';
export {
  MAX_CALENDAR_MINUTES,
  MAX_WINDOW_MINUTES,
  formatCalendarDuration,
  formatElapsedMinutes,
  parseElapsedMinutes,
  readCalendarDuration,
  readWindowDuration,
  type Reading,
} from './time/duration.js';
export { parseInstant, readInstant, formatInstant } from './time/format.js';
