export { earliestStart } from './lead.js';
export { listWindows, nextEligibleWindow } from './list.js';
export { checkStart } from './check.js';
export { blackoutOverlapping } from './blackouts.js';
export { bookableRules } from './scope.js';
export { publishedWindows, type PublishedWindow, type PublishedWindowsOptions } from './published.js';
export { MAX_EXAMINED_OCCURRENCES } from './list.js';
export type {
  Booked,
  CheckResult,
  CheckStartOptions,
  ListWindowsOptions,
  Reason,
  ReasonCode,
  WindowOffer,
  WorkClass,
} from './types.js';
