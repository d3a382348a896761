/** No complete answer within `timeoutMs`. For a write, Zendesk may still have applied it: the outcome is unknown. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;

  constructor(init: { method: string; url: string; timeoutMs: number; cause?: unknown }) {
    super(`Zendesk ${init.method} ${init.url} timed out after ${init.timeoutMs} ms`, { cause: init.cause });
    this.method = init.method;
    this.url = init.url;
    this.timeoutMs = init.timeoutMs;
  }
}
