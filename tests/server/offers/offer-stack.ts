import { call } from '../helpers.js';
import { DANA, settled, startCaptureStack, type CaptureStack } from '../capture/stack.js';

/** The capture stack's policy (Chicago, Tuesdays and Fridays 18:00) with self-service moves switched on. */
export const SELF_SERVICE_POLICY = {
  timeZone: 'America/Chicago',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
  selfService: { reschedule: true, maxDeferrals: 2 },
};

/** A French-speaking customer in Quebec: the Chicago windows fall on the same calendar day for her. */
export const CAMILLE = {
  name: 'Camille Martin',
  email: 'camille@client.example',
  locale: 'fr-CA',
  timeZone: 'America/Toronto',
};

/** A French customer in Paris: a Chicago window at 18:00 starts on the next calendar day for him. */
export const LOUIS = {
  name: 'Louis Bernard',
  email: 'louis@client.example',
  locale: 'fr',
  timeZone: 'Europe/Paris',
};

/** A new sandbox ticket for `requester` (nothing booked yet); returns its id. */
export async function newSandboxTicket(
  stack: CaptureStack,
  requester: { name: string; email: string; locale?: string; timeZone?: string } = DANA,
): Promise<number> {
  const created = await call(stack.served.url, 'POST', '/_sandbox/tickets', {
    token: null,
    body: { subject: 'Upgrade to 5.2', requester },
  });
  if (created.status !== 201) throw new Error(`ticket: ${created.status} ${JSON.stringify(created.body)}`);
  stack.clock.now += 60_000;
  return created.body.ticket.id as number;
}

/** Offers windows on the ticket through the API and waits until the comment reached the sandbox. */
export async function offer(stack: CaptureStack, ticketId: number, body: Record<string, unknown> = {}) {
  const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/offer`, { body });
  if (answer.status !== 202) throw new Error(`offer: ${answer.status} ${JSON.stringify(answer.body)}`);
  await settled(stack, ticketId);
  return answer.body as { state: string; offer: { windows: { start: string }[]; expiresAt: string } };
}

/** The text of the product's last comment on the ticket (public or internal). */
export function lastProductComment(stack: CaptureStack, ticketId: number, visibility?: 'public' | 'internal'): string {
  const ticket = stack.sandbox.state.tickets.find((candidate) => candidate.id === ticketId)!;
  const own = ticket.comments.filter(
    (comment) =>
      comment.author_id === stack.sandbox.apiUserId &&
      (visibility === undefined || comment.public === (visibility === 'public')),
  );
  const last = own[own.length - 1];
  return last === undefined ? '' : String(last.plain_body ?? last.body);
}

/** Starts a stack with `SELF_SERVICE_POLICY` before the file's tests and closes it after them; returns a getter. */
export function useOfferStack(): () => CaptureStack {
  let stack: CaptureStack | null = null;
  beforeAll(async () => {
    stack = await startCaptureStack({ policy: SELF_SERVICE_POLICY });
  });
  afterAll(async () => {
    await stack?.close();
  });
  return () => stack!;
}

/** `GET /api/tickets/:id` as the agent sees it. */
export async function ticketView(stack: CaptureStack, ticketId: number) {
  return (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`)).body;
}
