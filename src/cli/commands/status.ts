import { parseCommandArgs } from '../args.js';
import {
  BackendUnreachableError,
  backendFromEnv,
  errorMessageOf,
  exitStatusOf,
  ticketArgument,
  type BackendAnswer,
} from '../backend-client.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

const USAGE = `Usage: upgrade-windows status TICKET [--wait-decision] [--json] [--interval SECONDS]

Shows ticket TICKET's upgrade: state, booked window, instances, validation, decision, what may happen
next, and the delivery of each comment (BACKEND_URL, AUTOMATION_API_TOKEN).

  --wait-decision     while the upgrade awaits the customer's GO or NO-GO, poll until a decision is
                      captured or the upgrade leaves awaiting_decision, then print the ticket
  --json              the backend's answer as JSON (docs/API.md, GET /api/tickets/:id)
  --interval SECONDS  how often --wait-decision polls (default 2, from 0.05 to 300)

Exit status: 0, 1 when --wait-decision ends without a decision, 2 bad input, 3 backend unreachable.

Example, in a deploy pipeline after reporting decision_requested:
  upgrade-windows status 10231 --wait-decision --json
`;

/** Polls that may fail in a row while waiting (a backend restart) before the wait gives up with exit 3. */
const TOLERATED_FAILURES = 5;

interface TicketView {
  ticketId: number;
  state: string;
  booking: null | { start: string; end: string; rule: string; class: string; reason: string | null; sequence: number };
  instances: { name: string; status: string }[];
  validation: string | null;
  decision: null | { value: string; at: string; by: string | null; evidence: string; source: string };
  review: null | { evidence: string };
  decisionDeadline: string | null;
  allowedEvents: string[];
  history: {
    id: string;
    type: string;
    createdAt: string;
    public: boolean;
    delivery: { status: string; error?: string };
  }[];
}

export const command: Command = {
  summary: "a ticket's upgrade state and decision",
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs(
      'status',
      argv,
      { json: { type: 'boolean' }, 'wait-decision': { type: 'boolean' }, interval: { type: 'string' } },
      { min: 1, max: 1 },
    );
    const ticketId = ticketArgument(positionals[0]!);
    const intervalMs = intervalOf(values.interval);
    const backend = backendFromEnv(io.env);
    const read = () => backend.request('GET', `/api/tickets/${ticketId}`);
    let answer;
    try {
      answer = await read();
      if (values['wait-decision'] === true) answer = await waitForDecision(answer, read, intervalMs);
    } catch (error) {
      if (error instanceof BackendUnreachableError) {
        io.stderr(`upgrade-windows status: ${error.message}\n`);
        return 3;
      }
      throw error;
    }
    if (answer.status !== 200) {
      io.stderr(`upgrade-windows status: ${errorMessageOf(answer)}\n`);
      return exitStatusOf(answer.status);
    }
    const view = answer.body as TicketView;
    io.stdout(values.json === true ? `${JSON.stringify(view, null, 2)}\n` : describe(view));
    if (values['wait-decision'] === true && view.decision === null) {
      io.stderr(`upgrade-windows status: no decision was captured: the upgrade is ${view.state.replace(/_/g, ' ')}\n`);
      return 1;
    }
    return 0;
  },
};

/**
 * Polls while the upgrade awaits a decision: a captured GO or NO-GO moves it on (GO to in_progress, NO-GO to
 * rolling_back or a new window), and so does anything else that ends the request. A few failed polls in a row
 * (a backend restarting) are waited out; a non-200 answer ends the wait with that answer.
 */
async function waitForDecision(
  first: BackendAnswer,
  read: () => Promise<BackendAnswer>,
  intervalMs: number,
): Promise<BackendAnswer> {
  let answer = first;
  let failures = 0;
  while (answer.status === 200 && (answer.body as TicketView).state === 'awaiting_decision') {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    try {
      answer = await read();
      failures = 0;
    } catch (error) {
      if (!(error instanceof BackendUnreachableError) || (failures += 1) > TOLERATED_FAILURES) throw error;
    }
  }
  return answer;
}

function intervalOf(text: string | undefined): number {
  if (text === undefined) return 2_000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < 0.05 || seconds > 300) {
    throw new UsageError(`--interval must be a number of seconds from 0.05 to 300, got "${text}"`);
  }
  return Math.round(seconds * 1000);
}

/** The view for a person: one fact per line, instants as the backend gives them (with offsets). */
export function describe(view: TicketView): string {
  const lines = [`ticket ${view.ticketId}: ${view.state}`];
  if (view.booking !== null) {
    const reason = view.booking.reason === null ? '' : ` (${view.booking.reason})`;
    lines.push(
      `window: ${view.booking.start} to ${view.booking.end}, ${view.booking.class} ${view.booking.rule}${reason}`,
    );
  }
  if (view.instances.length > 0) {
    lines.push(`instances: ${view.instances.map((instance) => `${instance.name} ${instance.status}`).join(', ')}`);
  }
  if (view.validation !== null && view.validation !== 'none') lines.push(`validation: ${view.validation}`);
  if (view.decision !== null) {
    lines.push(
      `decision: ${view.decision.value} at ${view.decision.at} by ${view.decision.by ?? 'unknown'} ("${view.decision.evidence}")`,
    );
  } else if (view.decisionDeadline !== null) {
    lines.push(`decision: awaited until ${view.decisionDeadline}`);
  }
  if (view.review !== null) lines.push(`needs review: ${view.review.evidence}`);
  lines.push(`next events: ${view.allowedEvents.length === 0 ? 'none now' : view.allowedEvents.join(', ')}`);
  for (const entry of view.history) {
    const error = entry.delivery.error === undefined ? '' : `: ${entry.delivery.error}`;
    lines.push(
      `  ${entry.createdAt}  ${entry.type} (${entry.public ? 'public' : 'internal'}) ${entry.delivery.status}${error}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
