import type { FastifyRequest } from 'fastify';
import { ApiError } from '../server/http/errors.js';

/**
 * Whether a Host header (or an origin's host) names this machine's loopback: `localhost` (and `*.localhost`, which
 * browsers resolve to loopback themselves), 127.0.0.0/8 or [::1], with or without a port. A page on any other name
 * that reaches the port anyway got there by DNS rebinding (a hostile domain re-pointed at 127.0.0.1).
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/:\d{1,5}$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '[::1]') return true;
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(name) && name.split('.').every((part) => Number(part) <= 255);
}

/** onRequest hook of the preview's routes: 403 for a Host that is not loopback, or a cross-origin browser call. */
export async function loopbackOnly(request: FastifyRequest): Promise<void> {
  const host = request.headers.host;
  if (typeof host !== 'string' || !isLoopbackHost(host)) {
    throw new ApiError(403, 'LOOPBACK_ONLY', 'the preview answers only requests to localhost or 127.0.0.1');
  }
  // A browser names the page that sent a request in Origin: another site's page may not drive the preview.
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null' && !sameOrigin(origin, host)) {
    throw new ApiError(403, 'CROSS_ORIGIN', 'the preview answers only its own pages');
  }
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host === host.trim().toLowerCase();
  } catch {
    return false;
  }
}
