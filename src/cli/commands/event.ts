import { createHash } from 'node:crypto';
import { parseCommandArgs } from '../args.js';
import {
  BackendUnreachableError,
  backendFromEnv,
  errorMessageOf,
  exitStatusOf,
  ticketArgument,
  type BackendAnswer,
} from '../backend-client.js';
import { INSTANCE_EVENTS, REPORTED_EVENTS } from '../../core/lifecycle/types.js';
import { UsageError } from '../errors.js';
import type { Command } from '../io.js';
import { instantOption } from '../policy.js';

const USAGE = `Usage: upgrade-windows event TICKET TYPE [--instance NAME] [--reason TEXT] [--anticipated-end ISO] [--key KEY]

Reports a lifecycle event of ticket TICKET to the backend (BACKEND_URL, AUTOMATION_API_TOKEN).
TYPE: ${REPORTED_EVENTS.join(', ')}.

  --instance NAME        the instance of an instance_upgrade_* event (required for them, refused for others)
  --reason TEXT          why (failures; required for decision_requested)
  --anticipated-end ISO  the new anticipated end of decision_requested (offset or Z; required for it)
  --key KEY              idempotency key; default derived from ticket, type, instance, reason and
                         anticipated end. Pass your pipeline's step id for events that may repeat.

Exit status: 0 accepted, 1 refused (the reason on stderr), 2 bad input, 3 backend unreachable.
`;

export const command: Command = {
  summary: 'report a lifecycle event to the backend',
  usage: USAGE,
  run: async (argv, io) => {
    const { values, positionals } = parseCommandArgs(
      'event',
      argv,
      {
        instance: { type: 'string' },
        reason: { type: 'string' },
        'anticipated-end': { type: 'string' },
        key: { type: 'string' },
      },
      { min: 2, max: 2 },
    );
    const ticketId = ticketArgument(positionals[0]!);
    const type = positionals[1]!;
    if (!(REPORTED_EVENTS as readonly string[]).includes(type))
      throw new UsageError(`TYPE must be one of ${REPORTED_EVENTS.join(', ')}; got "${type}"`);
    const body: Record<string, string> = { type };
    if (values.instance !== undefined) body.instance = nonEmpty('--instance', values.instance);
    if (values.reason !== undefined) body.reason = nonEmpty('--reason', values.reason);
    if (values['anticipated-end'] !== undefined) {
      instantOption('--anticipated-end', values['anticipated-end'], 0);
      body.anticipatedEnd = values['anticipated-end'];
    }
    requireOptionsOf(type, values);
    const key = values.key === undefined ? defaultKey(ticketId, body) : nonEmpty('--key', values.key);

    const backend = backendFromEnv(io.env);
    let answer: BackendAnswer;
    try {
      answer = await backend.request('POST', `/api/tickets/${ticketId}/events`, {
        body,
        headers: { 'idempotency-key': key },
      });
    } catch (error) {
      if (error instanceof BackendUnreachableError) {
        io.stderr(`upgrade-windows event: ${error.message}\n`);
        return 3;
      }
      throw error;
    }
    if (answer.status === 202) {
      const state = (answer.body as { state?: unknown } | null)?.state;
      const replayed = answer.headers.get('idempotent-replayed') === 'true' ? ' (already reported with this key)' : '';
      io.stdout(
        `accepted: ${type} on ticket ${ticketId}${typeof state === 'string' ? `, now ${state}` : ''}${replayed}\n`,
      );
      return 0;
    }
    // A refusal is kept under its key like any answer (docs/API.md, Idempotency), so the same event with the derived key replays
    // it even after the state changed: say so, and how to report the event anew.
    const replayedRefusal =
      answer.status === 409 && answer.headers.get('idempotent-replayed') === 'true'
        ? ` (the answer first given to key ${key}; to report this event again now, pass a new --key)`
        : '';
    io.stderr(
      `upgrade-windows event: ${answer.status === 409 ? 'refused: ' : ''}${oneLine(errorMessageOf(answer))}${replayedRefusal}\n`,
    );
    return exitStatusOf(answer.status);
  },
};

/**
 * The same event reported twice gets the same key, so a pipeline that re-runs a step posts one comment.
 * Example: ticket 10231, instance_upgrade_failed, instance eu-1, reason "disk full" → "cli-" + 32 hex digits.
 */
export function defaultKey(ticketId: number, body: Record<string, string>): string {
  const parts = [String(ticketId), body.type, body.instance ?? '', body.reason ?? '', body.anticipatedEnd ?? ''];
  return `cli-${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}`;
}

/**
 * What the event's type needs is known here: asking the backend would turn a missing option (bad input, exit 2)
 * into a refused transition (exit 1), which a pipeline reads as "not now" rather than "fix the command".
 */
function requireOptionsOf(type: string, values: { instance?: string; reason?: string; 'anticipated-end'?: string }) {
  const aboutAnInstance = (INSTANCE_EVENTS as readonly string[]).includes(type);
  if (aboutAnInstance && values.instance === undefined) {
    throw new UsageError(`${type} needs --instance NAME: the instance it is about`);
  }
  if (!aboutAnInstance && values.instance !== undefined) {
    throw new UsageError(`${type} is not about one instance: leave --instance out`);
  }
  if (type === 'decision_requested' && (values.reason === undefined || values['anticipated-end'] === undefined)) {
    throw new UsageError(
      'decision_requested needs --reason TEXT (why it takes longer) and --anticipated-end ISO (the new end)',
    );
  }
}

function nonEmpty(option: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${option} must not be empty`);
  return value;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
