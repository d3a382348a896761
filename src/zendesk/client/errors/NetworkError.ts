/** The request never got an HTTP answer (refused, reset, DNS). For a write, the outcome is unknown. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly method: string;
  readonly url: string;

  constructor(init: { method: string; url: string; cause?: unknown }) {
    super(`Zendesk ${init.method} ${init.url} failed before any answer: ${describeCause(init.cause)}`, {
      cause: init.cause,
    });
    this.method = init.method;
    this.url = init.url;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause.cause as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? `${cause.message} (${code})` : cause.message;
  }
  return String(cause);
}
