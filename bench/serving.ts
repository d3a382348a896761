import type { ChildProcess } from 'node:child_process';
import type { Sandbox } from '../src/zendesk/sandbox/index.js';
import { isoSeconds } from '../src/zendesk/sandbox/state.js';
import { createTicket } from '../src/zendesk/sandbox/tickets.js';
import { signWebhook } from '../src/zendesk/signing.js';

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

/**
 * Webhook invocation ids as Zendesk sends them: numbers that grow (`x-zendesk-webhook-invocation-id: 8350205582` in
 * Zendesk's "Anatomy of a webhook request"; the sandbox numbers its own so too), as text. Counted up from the
 * milliseconds of `at` × 100, so the ids of a load process started later stay above an earlier one's at any rate
 * under 100,000 a second.
 */
export function invocationIds(at = Date.now()): () => string {
  let last = at * 100;
  return () => String((last += 1));
}

/** The webhook id the benches' servers are set up with (ULID-shaped, as Zendesk's webhook ids are). */
export const BENCH_WEBHOOK_ID = '01JD3W6BENCH00000000000000';

/**
 * The headers Zendesk sends with a webhook (`../shared/ZENDESK.md`, 5.1), signed with `secret` for now, carrying the
 * next of `nextInvocationId`'s ids.
 */
export function signedWebhookHeaders(
  secret: string,
  body: string,
  nextInvocationId: () => string,
): Record<string, string> {
  const timestamp = isoSeconds(Date.now());
  return {
    'content-type': 'application/json',
    'x-zendesk-webhook-signature': signWebhook(secret, timestamp, body),
    'x-zendesk-webhook-signature-timestamp': timestamp,
    'x-zendesk-webhook-invocation-id': nextInvocationId(),
    'x-zendesk-webhook-id': BENCH_WEBHOOK_ID,
    'x-zendesk-account-id': String(BENCH_ACCOUNT_ID),
  };
}

const BENCH_ACCOUNT_ID = 24_117_608;

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
