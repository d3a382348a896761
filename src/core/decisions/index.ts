export { readReply, type Decision, type Reading, type ReplyInput, type ReadOptions } from './read-reply.js';
export {
  judgeReply,
  orderReplies,
  type ReplyFacts,
  type DecisionContext,
  type Judgement,
  type UpgradeState,
} from './judge-reply.js';
export { DEFAULT_LIMITS, type ReplyLimits } from './cap.js';
export {
  readOfferReply,
  readMoveReply,
  type SchedulingReading,
  type ReplyMoment,
  type OfferedWindow,
} from './scheduling-reply.js';
export { decisionContextOf, beforeTheUpgrade, type HistoryFact, type ReplyPeople } from './reply-context.js';
