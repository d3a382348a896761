import { http, HttpResponse } from 'msw';
import type { Sandbox } from '../../src/zendesk/sandbox/index.js';

/**
 * msw 2 handlers that answer every request under `baseUrl` from the sandbox. Test-only: msw is a dev dependency,
 * and the server serves the sandbox over node:http instead.
 */
export function sandboxHandlers(sandbox: Sandbox, baseUrl: string) {
  const origin = baseUrl.replace(/\/$/, '');
  return [
    http.all(`${origin}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const answer = await sandbox.handle({
        method: request.method,
        path: url.pathname + url.search,
        headers,
        body: Buffer.from(await request.arrayBuffer()),
        origin,
      });
      if (answer.status === 0) return HttpResponse.error();
      return new HttpResponse(answer.status === 204 ? null : new Uint8Array(answer.body), {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  ];
}
