/**
 * The comment templates the product knows, who reads each one, and the variables each one takes.
 * The texts live in `translations/templates/<locale>.json`; this file is the contract they are checked against.
 */

/** How a variable is given and printed. */
export type VariableType =
  /** epoch ms; printed in the requester's zone and the vendor's, each zone named */
  | { kind: 'instant' }
  /** free text (a reason, an instance name, a quoted reply); HTML-escaped in the HTML body */
  | { kind: 'text' }
  /** whole minutes; printed as "1 h 30 min" */
  | { kind: 'duration' }
  /** a whole number */
  | { kind: 'number' }
  /** one of a few values; used by `{?name=VALUE}` sections rather than printed */
  | { kind: 'enum'; values: readonly string[] }
  /** true or false; `{?name}` shows when true, `{!name}` when false; never printed */
  | { kind: 'flag' };

export interface VariableSpec {
  name: string;
  type: VariableType;
  /** A nullable variable must still be given (as null); sections `{?name}` / `{!name}` test it. */
  nullable: boolean;
  /**
   * A flag that may be left out, meaning false: added to a template after comments were already queued with
   * the variables of their time, so those still render.
   */
  optional?: boolean;
  description: string;
}

export interface TemplateSpec {
  /** `public`: a comment the customer reads; `internal`: a note for agents, in the vendor's language by default. */
  audience: 'public' | 'internal';
  description: string;
  variables: readonly VariableSpec[];
}

const instant = { kind: 'instant' } as const;
const text = { kind: 'text' } as const;
const duration = { kind: 'duration' } as const;
const number = { kind: 'number' } as const;
const oneOf = (...values: string[]): VariableType => ({ kind: 'enum', values });

function required(name: string, type: VariableType, description: string): VariableSpec {
  return { name, type, nullable: false, description };
}
function nullable(name: string, type: VariableType, description: string): VariableSpec {
  return { name, type, nullable: true, description };
}

/** Who may decide besides the requester: their organization's name with `approvers: organization`, else null. */
const WHO_MAY_DECIDE = nullable(
  'organization',
  text,
  "the requester's organization whose members may decide (null: only the requester)",
);

/** An optional flag (see VariableSpec.optional). */
function flag(name: string, description: string): VariableSpec {
  return { name, type: { kind: 'flag' }, nullable: false, optional: true, description };
}

/** The booked rule has `lockout: true` (docs/POLICY.md): users are locked out for the window. */
const lockoutVar = flag('lockout', 'users are locked out for the window (the rule has lockout: true)');

const windowVars = [
  required('windowStart', instant, 'start of the window'),
  required('windowEnd', instant, 'end of the window'),
];
const instanceVar = required('instance', text, 'the instance (environment) name');
const maxDeferralsVar = required('maxDeferrals', number, 'the budget (policy selfService.maxDeferrals)');

/**
 * Variables every template may use without being given: they come from the policy
 * (`vendor.name`, `vendor.email`), so a vendor's override can sign with them.
 */
export const POLICY_VARIABLES = ['vendorName', 'vendorEmail'] as const;

/** Windows numbered 1..5 (`window1Start`..`window5End`), null past the last one given. */
const numberedWindowVars = (what: string, firstRequired: boolean) =>
  [1, 2, 3, 4, 5].flatMap((number) => {
    const make = number === 1 && firstRequired ? required : nullable;
    return [
      make(`window${number}Start`, instant, `start of ${what} ${number}`),
      make(`window${number}End`, instant, `end of ${what} ${number}`),
    ];
  });

export const TEMPLATES = {
  window_offered: {
    audience: 'public',
    description: 'the next eligible windows offered, numbered; the customer answers with a number',
    variables: [
      // Numbered as the customer answers them.
      ...numberedWindowVars('window', true),
      required('expiresAt', instant, 'when the offer lapses (policy offer.expires)'),
      nullable('reason', text, 'why the windows are offered again (the chosen one filled up)'),
    ],
  },
  window_scheduled: {
    audience: 'public',
    description: 'an agent booked a window: when, what to prepare, the invite',
    variables: [
      ...windowVars,
      required('windowClass', oneOf('maintenance', 'hotfix'), 'maintenance window or hot fix'),
      nullable('reason', text, 'why (required for a hot fix)'),
      lockoutVar,
    ],
  },
  window_rescheduled: {
    audience: 'public',
    description: 'the window moved (agent or No-Go): the new window, the updated invite',
    variables: [
      ...windowVars,
      nullable('previousStart', instant, 'start of the window it replaces'),
      nullable('previousEnd', instant, 'end of the window it replaces'),
      nullable('reason', text, 'why it moved'),
    ],
  },
  window_cancelled: {
    audience: 'public',
    description: 'the booking was withdrawn; the invite cancels the calendar event',
    variables: [...windowVars, nullable('reason', text, 'why it was withdrawn')],
  },
  upgrade_started: {
    audience: 'public',
    description: 'the upgrade started: the environment is offline',
    variables: [required('windowEnd', instant, 'when the window ends'), lockoutVar],
  },
  instance_upgrade_started: {
    audience: 'public',
    description: 'an instance upgrade started',
    variables: [instanceVar],
  },
  instance_upgrade_completed: {
    audience: 'public',
    description: 'an instance upgrade completed',
    variables: [instanceVar],
  },
  instance_upgrade_failed: {
    audience: 'public',
    description: 'an instance upgrade failed, and why',
    variables: [instanceVar, nullable('reason', text, 'what failed')],
  },
  instance_upgrade_retry_started: {
    audience: 'public',
    description: 'a failed instance upgrade is being retried',
    variables: [instanceVar],
  },
  validation_started: { audience: 'public', description: 'validation testing started', variables: [] },
  validation_completed: { audience: 'public', description: 'validation testing passed', variables: [] },
  validation_failed: {
    audience: 'public',
    description: 'validation testing failed, and why',
    variables: [nullable('reason', text, 'what failed')],
  },
  validation_retry_started: {
    audience: 'public',
    description: 'validation testing is being retried',
    variables: [],
  },
  decision_requested: {
    audience: 'public',
    description: 'the upgrade will overrun: why, the new end, how to answer GO or NO-GO, the deadline',
    variables: [
      required('reason', text, 'why it is taking longer'),
      required('anticipatedEnd', instant, 'the new anticipated end'),
      required('deadline', instant, 'when the answer is due'),
      required('onTimeout', oneOf('wait', 'no_go'), 'what happens without an answer (policy decision.onTimeout)'),
    ],
  },
  decision_received: {
    audience: 'public',
    description: 'a GO or NO-GO was captured: what was understood and what happens next',
    variables: [
      required('decision', oneOf('GO', 'NO_GO'), 'the decision'),
      nullable('evidence', text, "the customer's deciding words (null when an agent recorded the decision)"),
      required(
        'next',
        oneOf('continue', 'rescheduled', 'rolling_back', 'no_window', 'agree_date', 'rolling_back_agree_date'),
        'what happens next (agree_date: a No-Go past the deferral budget; the team agrees a date with the customer)',
      ),
      flag('recorded', "the team recorded the decision on the customer's behalf; the agent's note stays internal"),
    ],
  },
  rolled_back: {
    audience: 'public',
    description: 'the rollback finished: environment restored; the next window and its invite',
    variables: [
      nullable('nextStart', instant, 'start of the next window (null: none within a year)'),
      nullable('nextEnd', instant, 'end of the next window'),
      flag('agreeDate', 'a No-Go past the deferral budget: no window is booked, the team agrees a date'),
    ],
  },
  upgrade_completed: {
    audience: 'public',
    description: 'the upgrade is complete: the environment is online',
    variables: [],
  },
  decision_recorded: {
    audience: 'internal',
    description: "an agent recorded the customer's GO or NO-GO: who, and the agent's note",
    variables: [
      required('decision', oneOf('GO', 'NO_GO'), 'the decision'),
      required('agent', text, 'the agent who recorded it'),
      required('note', text, "the agent's note"),
    ],
  },
  unclear_reply: {
    audience: 'internal',
    description: 'a reply that decides nothing, quoted for the agent',
    variables: [
      required('author', text, "the reply's author"),
      required('reply', text, 'the reply as read'),
      WHO_MAY_DECIDE,
    ],
  },
  reply_not_acted_on: {
    audience: 'internal',
    description: 'a clear reply that came at a time it cannot act',
    variables: [
      required('author', text, "the reply's author"),
      required('decision', oneOf('GO', 'NO_GO'), 'what the reply said'),
      required(
        'why',
        oneOf('go_outside_request', 'after_completion', 'after_cancellation', 'nothing_to_stop'),
        'why it was not acted on',
      ),
      required('state', text, 'the upgrade state when it arrived'),
      WHO_MAY_DECIDE,
    ],
  },
  reschedule_requested: {
    audience: 'internal',
    description: 'the customer asked to move the window and nothing moved by itself: the request and the day’s windows',
    variables: [
      required('author', text, "the reply's author"),
      required('reply', text, 'the reply as read'),
      nullable('day', text, 'the day named (YYYY-MM-DD in the customer’s zone), if exactly one'),
      required('why', oneOf('no_day', 'self_service_off', 'not_one_window'), 'why nothing moved'),
      ...numberedWindowVars('the eligible window that day', false),
    ],
  },
  deferral_budget_spent: {
    audience: 'internal',
    description: 'the customer asked for another move past the deferral budget: nothing moved, escalated',
    variables: [
      required('author', text, "the reply's author"),
      required('reply', text, 'the reply as read'),
      required('deferrals', number, 'customer-driven moves and No-Gos so far'),
      maxDeferralsVar,
    ],
  },
  no_go_past_budget: {
    audience: 'internal',
    description: "the customer's No-Go came past the deferral budget: honoured, nothing rebooked, escalated",
    variables: [
      required('author', text, "the reply's author"),
      required('reply', text, "the customer's deciding words"),
      flag('rollingBack', 'the upgrade had started: it is being rolled back'),
      required('deferrals', number, 'customer-driven moves and No-Gos before this one'),
      maxDeferralsVar,
    ],
  },
  overrun_warning: {
    audience: 'internal',
    description: 'a running window is about to end',
    variables: [required('windowEnd', instant, 'when the window ends'), required('minutesLeft', duration, 'time left')],
  },
  missed_start: {
    audience: 'internal',
    description: 'the window started and no upgrade_started was reported',
    variables: [required('windowStart', instant, 'when the window started')],
  },
  decision_timeout: {
    audience: 'internal',
    description: 'the customer did not answer the Go/No-Go request in time',
    variables: [
      required('deadline', instant, 'the deadline that passed'),
      required('onTimeout', oneOf('wait', 'no_go'), 'what the policy does now'),
    ],
  },
  no_window_available: {
    audience: 'internal',
    description: 'no eligible window within a year: the ticket needs a date from the vendor',
    variables: [required('requestedAt', instant, 'the instant the search started from')],
  },
  delivery_failed: {
    audience: 'internal',
    description: 'a comment could not be posted on the ticket',
    variables: [
      required('item', text, 'what could not be delivered (template or event)'),
      required('error', text, 'the last error'),
      required('attempts', number, 'how many attempts were made'),
    ],
  },
} as const satisfies Record<string, TemplateSpec>;

export type TemplateName = keyof typeof TEMPLATES;

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export function isTemplateName(name: string): name is TemplateName {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}
