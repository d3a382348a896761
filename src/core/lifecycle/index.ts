export { newUpgrade, book, cancel } from './booking.js';
export { applyEvent } from './events.js';
export { applyDecision } from './decision.js';
export { refusalOf, describeState, isReportedEvent, allowedEvents, EARLY_START_MINUTES } from './rules.js';
export * from './types.js';
export {
  offerWindows,
  expireOffer,
  isOfferExpired,
  windowChosen,
  moveRequested,
  isDeferralBudgetSpent,
  budgetEscalation,
  deferralCounted,
  moveNote,
  DEFAULT_OFFER_COUNT,
  MOST_OFFERED,
  type SelfServicePolicy,
  type OfferContext,
  type ChoiceOutcome,
  type MoveOutcome,
} from './offers.js';
export {
  flagUnclearReply,
  noteReplyNotActedOn,
  whyNotActedOn,
  QUOTE_LIMIT,
  NOT_ACTED_ON,
  type NotActedOn,
  type UnclearReply,
  type WhoMayDecide,
} from './replies.js';
export { watchDue, applyWatchAction, WATCH_ACTOR, WATCHED_STATES, type WatchDue } from './watch.js';
