export { parsePolicy, formatPath } from './parse.js';
export { DEFAULT_POLICY_JSON } from './defaults.js';
export type { Policy, Product, Rule, RuleClass, Recurrence, Blackout, ParsePolicyResult, Weekday } from './types.js';
export { POLICY_LIMITS, textProblem } from './limits.js';
export {
  findProduct,
  productNameIn,
  productRequired,
  productsOfRule,
  ruleClassOf,
  rulesServing,
  servesProduct,
} from './products.js';
