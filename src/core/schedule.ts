/** The schedule engine's public API: the policy (DESIGN §2) and the windows it offers (DESIGN §2, §3). */
export * from './policy/index.js';
export * from './windows/index.js';
export { localToInstant, isValidZone } from './time/zone.js';
export { formatCalendarDuration, formatElapsedMinutes, parseElapsedMinutes } from './time/duration.js';
