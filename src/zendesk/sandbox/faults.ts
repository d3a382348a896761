// Injected faults: the next `times` requests matching `method` and `path` fail (or are delayed) as described.

export interface Fault {
  method: string;
  /** An exact path (`/api/v2/tickets/10231.json`) or a pattern where `*` stands for one path segment's characters. */
  path: string;
  /** The status to answer; 0 drops the connection (a network error). Absent with `delayMs`: only a delay. */
  status?: number;
  /** Seconds, sent as `Retry-After`. */
  retryAfter?: number;
  delayMs?: number;
  /** Perform the request, then answer `status` anyway: the ambiguous failure a client cannot tell from a refusal. */
  applyThenFail?: boolean;
  times: number;
}

export type FaultCheck = { ok: true; fault: Fault } | { ok: false; error: string };

/** Validates a fault from `POST /_sandbox/faults`, naming the first bad property. */
export function parseFault(input: unknown): FaultCheck {
  if (typeof input !== 'object' || input === null) return { ok: false, error: 'the body must be a JSON object' };
  const raw = input as Record<string, unknown>;
  if (typeof raw.method !== 'string' || raw.method === '')
    return { ok: false, error: 'method must be an HTTP method or "*"' };
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/'))
    return { ok: false, error: 'path must start with "/"' };
  if (
    raw.status !== undefined &&
    !(
      Number.isInteger(raw.status) &&
      (raw.status === 0 || ((raw.status as number) >= 400 && (raw.status as number) <= 599))
    )
  ) {
    return { ok: false, error: 'status must be 0 (network error) or an error status from 400 to 599' };
  }
  if (raw.status === undefined && raw.delayMs === undefined)
    return { ok: false, error: 'give a status, a delayMs, or both' };
  if (raw.retryAfter !== undefined && !(typeof raw.retryAfter === 'number' && raw.retryAfter >= 0)) {
    return { ok: false, error: 'retryAfter must be a number of seconds' };
  }
  if (raw.delayMs !== undefined && !(Number.isInteger(raw.delayMs) && (raw.delayMs as number) >= 0)) {
    return { ok: false, error: 'delayMs must be a non-negative integer' };
  }
  if (raw.applyThenFail !== undefined && typeof raw.applyThenFail !== 'boolean')
    return { ok: false, error: 'applyThenFail must be a boolean' };
  const times = raw.times ?? 1;
  if (!(Number.isInteger(times) && (times as number) >= 1))
    return { ok: false, error: 'times must be an integer of at least 1' };
  const fault: Fault = { method: raw.method.toUpperCase(), path: raw.path, times: times as number };
  if (raw.status !== undefined) fault.status = raw.status as number;
  if (raw.retryAfter !== undefined) fault.retryAfter = raw.retryAfter as number;
  if (raw.delayMs !== undefined) fault.delayMs = raw.delayMs as number;
  if (raw.applyThenFail !== undefined) fault.applyThenFail = raw.applyThenFail as boolean;
  return { ok: true, fault };
}

/** Takes one use of the first fault matching the request, if any. `.json` suffixes are ignored on both sides. */
export function takeFault(faults: Fault[], method: string, pathname: string): Fault | null {
  const index = faults.findIndex(
    (fault) => (fault.method === '*' || fault.method === method) && pathMatches(fault.path, pathname),
  );
  if (index === -1) return null;
  const fault = faults[index]!;
  fault.times -= 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return fault;
}

// "/api/v2/tickets/*" matches "/api/v2/tickets/10231.json" but not "/api/v2/tickets/10231/comments.json".
export function pathMatches(pattern: string, pathname: string): boolean {
  const strip = (path: string) => path.split('?')[0]!.replace(/\.json$/, '');
  const source = strip(pattern)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${source}$`).test(strip(pathname));
}

const FAULT_BODIES: Record<number, { error: string; description: string }> = {
  429: { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
  500: { error: 'InternalServerError', description: 'Something went wrong on our end' },
  502: { error: 'BadGateway', description: 'Bad gateway' },
  503: { error: 'ServiceUnavailable', description: 'Service temporarily unavailable' },
  504: { error: 'GatewayTimeout', description: 'Gateway timeout' },
};

export function faultBody(status: number): { error: string; description: string } {
  return FAULT_BODIES[status] ?? { error: 'InjectedFault', description: `Injected ${status}` };
}
