/**
 * The API's errors as values with a status and a code (docs/API.md, Errors): `{ error: { code, message, ... } }`.
 * Routes throw them; the one error handler in `app.ts` writes them. Messages are for the caller and never
 * carry internal details.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra keys of the error object, such as `reasons` of WINDOW_UNAVAILABLE. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST') => new ApiError(400, code, message);

export const unauthorized = (message: string) =>
  new ApiError(401, 'UNAUTHORIZED', message, {}, { 'www-authenticate': 'Bearer realm="upgrade-windows"' });

export const forbidden = (message: string) => new ApiError(403, 'FORBIDDEN', message);

export const notFound = (message: string) => new ApiError(404, 'NOT_FOUND', message);

export const conflict = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(409, code, message, extra);

export const storeUnavailable = () =>
  new ApiError(503, 'STORE_UNAVAILABLE', 'the store is unavailable; try again shortly', {}, { 'retry-after': '5' });
