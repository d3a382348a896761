import { parseCommandArgs } from '../args.js';
import { BackendUnreachableError, backendFromEnv, errorMessageOf, exitStatusOf, ticketArgument } from '../backend.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

const USAGE = `Usage: upgrade-windows status TICKET [--json]

Shows ticket TICKET's upgrade: state, booked window, instances, validation, decision, what may happen
next, and the delivery of each comment (BACKEND_URL, AUTOMATION_API_TOKEN).

  --json   the backend's answer as JSON (DESIGN §6, GET /api/tickets/:id)

Exit status: 0, 2 bad input, 3 backend unreachable.
`;

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
      { json: { type: 'boolean' }, 'wait-decision': { type: 'boolean' } },
      { min: 1, max: 1 },
    );
    if (values['wait-decision'] === true) {
      throw new UsageError('--wait-decision is not available yet: it comes with decision capture');
    }
    const ticketId = ticketArgument(positionals[0]!);
    const backend = backendFromEnv(io.env);
    let answer;
    try {
      answer = await backend.request('GET', `/api/tickets/${ticketId}`);
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
    if (values.json === true) {
      io.stdout(`${JSON.stringify(answer.body, null, 2)}\n`);
      return 0;
    }
    io.stdout(describe(answer.body as TicketView));
    return 0;
  },
};

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
