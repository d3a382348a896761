import type { Refusal } from '../core/lifecycle/index.js';

/**
 * Why a use case did not do what it was asked, as domain errors. They know nothing of HTTP: the API's error mapper
 * (`http/app.ts`, `toApiError`) gives each its status, in one place. The overrun watch and decision capture, which
 * share the write path, see the same errors and log them.
 */

/** A step the lifecycle or the schedule refuses now (a transition from this state, an unavailable window). */
export class Refused extends Error {
  override readonly name = 'Refused';
  constructor(
    /** A stable code for programs: `INVALID_STATE`, `WINDOW_UNAVAILABLE`, `NO_BOOKING`, … */
    readonly code: string,
    /** The reason in words an agent understands. */
    message: string,
    /** Extra facts for the caller, such as the `reasons` of WINDOW_UNAVAILABLE. */
    readonly details: Record<string, unknown> = {},
    /** The same refusal answered again for a repeated idempotency key. */
    readonly replayed = false,
  ) {
    super(message);
  }
}

/** The lifecycle's refusal as the use cases' error. */
export function refusedBy(refusal: Refusal): Refused {
  return new Refused(refusal.code, refusal.reason);
}

/** Input that only the policy can judge (an unknown product, a product left out): the caller must change it. */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Something the request names does not exist (a history entry of another ticket, say). */
export class NotFound extends Error {
  override readonly name = 'NotFound';
}

/** An idempotency key sent again with a different request: the caller must use a new key. */
export class KeyReused extends Error {
  override readonly name = 'KeyReused';
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}
