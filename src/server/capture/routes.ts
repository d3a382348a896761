import type { FastifyInstance } from 'fastify';
import { API } from '../../contract/routes.js';
import { agentOf } from '../http/input.js';
import { schemaOf, type ZodTypeProvider } from '../http/schemas.js';
import type { UseCases } from '../use-cases/index.js';

/** The agent's decision route (docs/API.md); the webhook has its own scope (`webhooks/route.ts`). */
export function registerDecisionRoute(fastify: FastifyInstance, useCases: UseCases): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/tickets/:id/decision',
    { config: { scopes: ['agent'] }, schema: schemaOf(API.recordDecision) },
    async (request, reply) =>
      reply.send(await useCases.agentDecision(request.params.id, request.body, agentOf(request.headers))),
  );
}
