import type { FastifyRequest } from 'fastify';

/** How many times a header was sent (Node joins repeats into one string, so count the raw pairs). */
export function headerCount(request: FastifyRequest, name: string): number {
  const raw = request.raw.rawHeaders;
  let count = 0;
  for (let index = 0; index < raw.length; index += 2) if (raw[index]!.toLowerCase() === name) count += 1;
  return count;
}

/** The first of `names` (lower case) sent more than once, found in one pass over the raw headers; else undefined. */
export function repeatedHeader(request: FastifyRequest, names: readonly string[]): string | undefined {
  const raw = request.raw.rawHeaders;
  const seen: string[] = [];
  for (let index = 0; index < raw.length; index += 2) {
    const name = raw[index]!.toLowerCase();
    if (!names.includes(name)) continue;
    if (seen.includes(name)) return name;
    seen.push(name);
  }
  return undefined;
}
