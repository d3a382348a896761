/** Zendesk answered with a status outside 2xx. `body` is the parsed JSON when it was JSON, else the text. */
export class HTTPError extends Error {
  override readonly name = 'HTTPError';
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
  /** From `Retry-After` (seconds or HTTP-date), for a caller that schedules its own retry; null when absent. */
  readonly retryAfterMs: number | null;

  constructor(init: { status: number; method: string; url: string; body: unknown; retryAfterMs: number | null }) {
    super(`Zendesk ${init.method} ${init.url} failed with status ${init.status}${describeBody(init.body)}`);
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
  }
}

// {"error":"RecordNotFound","description":"Not found"} → ": RecordNotFound (Not found)"
function describeBody(body: unknown): string {
  if (body === null || typeof body !== 'object') return '';
  const { error, description } = body as { error?: unknown; description?: unknown };
  if (typeof error !== 'string') return '';
  return typeof description === 'string' ? `: ${error} (${description})` : `: ${error}`;
}
