import { parseCommandArgs } from '../args.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';

const USAGE = `Usage: upgrade-windows status TICKET [--wait-decision] [--json] [--interval SECONDS]

The ticket's upgrade state and decision, read from the backend (GET /api/tickets/TICKET).

Options:
  --wait-decision     while the upgrade awaits the customer's GO or NO-GO, poll until a decision is
                      captured or the upgrade leaves awaiting_decision, then print it
  --json              print the ticket's upgrade as the backend returns it
  --interval SECONDS  how often --wait-decision polls (default 2, from 0.05 to 300)
  -h, --help          show this help

Environment: BACKEND_URL (default http://127.0.0.1:3000), AUTOMATION_API_TOKEN (or AGENT_API_TOKEN).

Exit status 0 when answered (with --wait-decision: a decision was captured), 1 when the backend refuses
the request or the wait ends without a decision, 2 for bad input, 3 when the backend cannot be reached.

Example (a deploy pipeline, after reporting decision_requested):
  upgrade-windows status 10231 --wait-decision --json
`;

const OPTIONS = {
  'wait-decision': { type: 'boolean' },
  json: { type: 'boolean' },
  interval: { type: 'string' },
} as const;

/** Polls that may fail in a row while waiting (a backend restart) before the wait gives up with exit 3. */
const TOLERATED_FAILURES = 5;

interface TicketView {
  ticketId: number;
  state: string;
  booking: { start: string; end: string; rule: string } | null;
  decision: { value: 'GO' | 'NO_GO'; at: string; by: string; evidence: string; source: string } | null;
  review: { evidence: string } | null;
  decisionDeadline: string | null;
}

class Unreachable extends Error {}
class Refused extends Error {}

export const command: Command = {
  summary: "the ticket's upgrade state and decision",
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs('status', argv, OPTIONS, { min: 1, max: 1 });
    const ticket = positionals[0]!;
    if (!/^[1-9]\d{0,15}$/.test(ticket))
      throw new UsageError(`TICKET must be a ticket id (a positive whole number), got "${ticket}"`);
    const intervalMs = intervalOf(values.interval);
    const base = backendUrlOf(io.env.BACKEND_URL);
    const token = io.env.AUTOMATION_API_TOKEN ?? io.env.AGENT_API_TOKEN;
    if (token === undefined || token.trim() === '') {
      throw new UsageError('set AUTOMATION_API_TOKEN (or AGENT_API_TOKEN) to call the backend');
    }
    const read = () => fetchTicket(base, ticket, token.trim());
    const print = (view: TicketView) =>
      io.stdout(values.json === true ? `${JSON.stringify(view, null, 2)}\n` : describe(view));

    try {
      let view = await read();
      if (values['wait-decision'] !== true) {
        print(view);
        return 0;
      }
      let failures = 0;
      while (view.state === 'awaiting_decision') {
        await sleep(intervalMs);
        try {
          view = await read();
          failures = 0;
        } catch (error) {
          if (!(error instanceof Unreachable) || (failures += 1) > TOLERATED_FAILURES) throw error;
        }
      }
      print(view);
      if (view.decision !== null) return 0;
      io.stderr(`upgrade-windows status: no decision: the upgrade is ${view.state.replace(/_/g, ' ')}\n`);
      return 1;
    } catch (error) {
      if (error instanceof Unreachable) {
        io.stderr(`upgrade-windows status: ${error.message}\n`);
        return 3;
      }
      if (error instanceof Refused) {
        io.stderr(`upgrade-windows status: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

async function fetchTicket(base: string, ticket: string, token: string): Promise<TicketView> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/tickets/${ticket}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new Unreachable(`cannot reach the backend at ${base} (BACKEND_URL)`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // An answer that is not JSON is not our backend's.
  }
  if (response.status === 503) throw new Unreachable(`the backend at ${base} is unavailable (503)`);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new Refused(`the backend answered ${response.status}${typeof message === 'string' ? `: ${message}` : ''}`);
  }
  if (body === null || typeof body !== 'object' || typeof (body as TicketView).state !== 'string') {
    throw new Refused(`the backend at ${base} answered something that is not a ticket's upgrade`);
  }
  return body as TicketView;
}

function describe(view: TicketView): string {
  const lines = [`ticket ${view.ticketId}: ${view.state}`];
  if (view.booking !== null) lines.push(`window: ${view.booking.start} to ${view.booking.end} (${view.booking.rule})`);
  if (view.decisionDeadline !== null) lines.push(`decision due by: ${view.decisionDeadline}`);
  if (view.decision !== null) {
    const { value, by, at, evidence, source } = view.decision;
    lines.push(`decision: ${value === 'GO' ? 'GO' : 'NO-GO'} by ${by} at ${at} (${source}): "${evidence}"`);
  } else {
    lines.push('decision: none');
  }
  if (view.review !== null) lines.push(`needs review: ${view.review.evidence}`);
  return `${lines.join('\n')}\n`;
}

function backendUrlOf(value: string | undefined): string {
  const text = value === undefined || value.trim() === '' ? 'http://127.0.0.1:3000' : value.trim();
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new UsageError(`BACKEND_URL must be an http:// or https:// URL, got "${text}"`);
  }
  return text.replace(/\/+$/, '');
}

function intervalOf(text: string | undefined): number {
  if (text === undefined) return 2_000;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < 0.05 || seconds > 300) {
    throw new UsageError(`--interval must be a number of seconds from 0.05 to 300, got "${text}"`);
  }
  return Math.round(seconds * 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
