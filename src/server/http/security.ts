import type { FastifyInstance } from 'fastify';

/**
 * Who may frame the sidebar: Zendesk's agent interface and, in sandbox mode (the only mode that serves it), the
 * preview page of this same origin. Every other page may not be framed at all: framed, a page's buttons (Reschedule,
 * Cancel) could be clicked through a decoy (clickjacking).
 */
export const SIDEBAR_FRAME_ANCESTORS = "'self' https://*.zendesk.com";

/**
 * What the pages may load: their own scripts only (no inline script, no eval), styles of their own and inline ones
 * (styled-components writes <style> elements at run time; the schedule page has one), images of their own and data:
 * URLs, calls and frames to their own origin only.
 */
const CONTENT_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * The security headers (docs/DECISIONS.md) on every answer: `nosniff` everywhere (a JSON error is never read as HTML), and on
 * each HTML page a Content-Security-Policy with its frame policy (plus X-Frame-Options for browsers without
 * `frame-ancestors`; it cannot name Zendesk, so the sidebar relies on the CSP alone). See docs/DECISIONS.md.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  // A callback, not a promise: it runs for every answer (docs/DECISIONS.md, 58).
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      const sidebar = request.url.startsWith('/sidebar/');
      reply.header(
        'content-security-policy',
        `${CONTENT_POLICY}; frame-ancestors ${sidebar ? SIDEBAR_FRAME_ANCESTORS : "'none'"}`,
      );
      if (!sidebar) reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
    }
    done(null, payload);
  });
}
