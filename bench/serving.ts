import type { ChildProcess } from 'node:child_process';
import type { Sandbox } from '../src/zendesk/sandbox/index.js';
import { createTicket } from '../src/zendesk/sandbox/tickets.js';

// What several benches share: the address a spawned server prints, and tickets for its webhooks and bookings.

/** The address a spawned `serve` (or the bare route) prints as `BACKEND_URL=...` once it listens. */
export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /BACKEND_URL=(\S+)/.exec(out);
      if (found !== null) resolve(found[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`server ended before listening (${code ?? signal})`)));
  });
}

/** `count` new tickets in the sandbox, requested by its first user; their ids. */
export function sandboxTickets(sandbox: Sandbox, count: number): number[] {
  const requester = sandbox.state.users[0]!;
  return Array.from(
    { length: count },
    (_, index) =>
      createTicket(sandbox.state, Date.now(), {
        subject: `Upgrade ${index}`,
        description: 'Please book our upgrade.',
        requesterId: requester.id,
        organizationId: null,
        channel: 'web',
      }).id,
  );
}
