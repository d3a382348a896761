export { newUpgrade, book, cancel, applyEvent, applyDecision, allowedEvents } from './machine.js';
export { refusalOf, describeState, isReportedEvent, EARLY_START_MINUTES } from './rules.js';
export * from './types.js';
