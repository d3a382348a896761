import { isoSeconds, type SandboxState } from './state.js';

// Zendesk's close automation, which no account can turn off: a solved ticket is closed some days after it was
// solved. The sandbox runs it lazily, on the sandbox's clock, before each request.

/** Closes every ticket solved at least `closeAfterMs` ago; true when one was closed. */
export function closeSolvedTickets(state: SandboxState, now: number, closeAfterMs: number): boolean {
  let closed = false;
  for (const ticket of state.tickets) {
    if (ticket.status !== 'solved' || !ticket.solvedAt) continue;
    const due = Date.parse(ticket.solvedAt) + closeAfterMs;
    if (due > now) continue;
    ticket.status = 'closed';
    ticket.updated_at = isoSeconds(Math.max(due, Date.parse(ticket.updated_at)));
    closed = true;
  }
  return closed;
}

/** Keeps `solvedAt` in step with the status: set when a ticket becomes solved, cleared when it leaves solved. */
export function noteStatusChange(
  ticket: { status: string; solvedAt?: string | null },
  previous: string,
  now: number,
): void {
  if (ticket.status === 'solved' && previous !== 'solved') ticket.solvedAt = isoSeconds(now);
  if (ticket.status !== 'solved' && ticket.status !== 'closed') ticket.solvedAt = null;
}
