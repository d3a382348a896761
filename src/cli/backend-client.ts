import { UsageError } from './errors.js';

/**
 * The command line's client of the backend (docs/CLI.md: `BACKEND_URL`, `AUTOMATION_API_TOKEN`). It never
 * retries by itself: a pipeline re-runs `event` with the same key, which the backend answers idempotently.
 */
export interface BackendAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** The backend could not be reached at all (exit status 3). */
export class BackendUnreachableError extends Error {
  override readonly name = 'BackendUnreachableError';
}

export interface BackendClient {
  readonly url: string;
  request(
    method: 'GET' | 'POST',
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<BackendAnswer>;
}

/** Default when BACKEND_URL is unset: the backend `serve` starts with its default PORT. */
export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:3000';

export function backendFromEnv(
  env: NodeJS.ProcessEnv,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): BackendClient {
  const url = (env.BACKEND_URL?.trim() || DEFAULT_BACKEND_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url))
    throw new UsageError(`BACKEND_URL must be an http:// or https:// URL, got "${url}"`);
  const token = env.AUTOMATION_API_TOKEN?.trim();
  if (token === undefined || token === '') {
    throw new UsageError('AUTOMATION_API_TOKEN is not set (serve prints it at start in sandbox mode)');
  }
  const doFetch = options.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    url,
    async request(method, path, { body, headers } = {}) {
      const init: RequestInit = {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        signal: AbortSignal.timeout(timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      };
      let response: Response;
      let text: string;
      try {
        response = await doFetch(`${url}${path}`, init);
        text = await response.text();
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new BackendUnreachableError(`cannot reach the backend at ${url} (${cause})`);
      }
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // Not JSON: a proxy's error page, say; kept as text for the message.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}

/** The API's `error.message`, or a sentence naming the status when the body is not the API's error shape. */
export function errorMessageOf(answer: BackendAnswer): string {
  const error = (answer.body as { error?: { message?: unknown; code?: unknown } } | null)?.error;
  if (error !== undefined && typeof error.message === 'string') return error.message;
  return `the backend answered HTTP ${answer.status}`;
}

/**
 * Exit statuses of docs/CLI.md for an answer that is not a success: 1 for a refused transition (409),
 * 3 when the backend cannot serve (5xx, 503 store unavailable), 2 for everything that is the caller's input
 * or configuration (400, 401, 403, 404, 413, 415, 422).
 */
export function exitStatusOf(status: number): 1 | 2 | 3 {
  if (status === 409) return 1;
  if (status >= 500) return 3;
  return 2;
}

/** Parses a ticket id argument: a positive whole number. */
export function ticketArgument(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`TICKET must be a Zendesk ticket id (a positive whole number), got "${text}"`);
  }
  return Number(text);
}
