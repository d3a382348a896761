import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest } from '../http/errors.js';
import { agentOf, parseTicketId } from '../http/input.js';
import type { UseCases } from '../use-cases/index.js';

/** `POST /api/tickets/:id/decision`: `{ decision: "GO" | "NO_GO", note? }`, recorded on the customer's behalf. */
export const agentDecisionSchema = z
  .object({
    decision: z.enum(['GO', 'NO_GO'], { message: 'must be "GO" or "NO_GO"' }),
    note: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters').optional(),
  })
  .strict();

/** The agent's decision route (docs/API.md); the webhook has its own scope (`webhooks/route.ts`). */
export function registerDecisionRoute(app: FastifyInstance, useCases: UseCases): void {
  app.post('/api/tickets/:id/decision', { config: { scopes: ['agent'] } }, async (request, reply) => {
    const ticketId = parseTicketId((request.params as { id: string }).id);
    const body = agentDecisionSchema.parse(objectBody(request));
    return reply.send(await useCases.agentDecision(ticketId, body, agentOf(request.headers)));
  });
}

function objectBody(request: FastifyRequest): unknown {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('send a JSON object body: { "decision": "GO" | "NO_GO", "note": "..." }', 'INVALID_INPUT');
  }
  return body;
}
