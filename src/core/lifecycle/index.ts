export { newUpgrade, book, cancel, applyEvent, applyDecision, allowedEvents } from './machine.js';
export { refusalOf, describeState, isReportedEvent, EARLY_START_MINUTES } from './rules.js';
export * from './types.js';
export {
  offerWindows,
  expireOffer,
  isOfferExpired,
  windowChosen,
  moveRequested,
  isDeferralBudgetSpent,
  deferralCounted,
  moveNote,
  DEFAULT_OFFER_COUNT,
  MOST_OFFERED,
  type SelfServicePolicy,
  type OfferContext,
  type ChoiceOutcome,
  type MoveOutcome,
} from './offers.js';
