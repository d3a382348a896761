import type { FastifyRequest } from 'fastify';

/** How many times a header was sent (Node joins repeats into one string, so count the raw pairs). */
export function headerCount(request: FastifyRequest, name: string): number {
  const raw = request.raw.rawHeaders;
  let count = 0;
  for (let index = 0; index < raw.length; index += 2) if (raw[index]!.toLowerCase() === name) count += 1;
  return count;
}
