import type { FastifyRequest } from 'fastify';

/**
 * The first of `names` (lower case) sent more than once, found in one pass over the raw headers; else undefined.
 * Node joins repeats into one string (`"k1, k2"`), so only the raw pairs tell a repeat from a value with a comma.
 */
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
