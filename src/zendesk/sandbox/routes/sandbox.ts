import { parseFault, type Fault } from '../faults.js';
import type { SandboxState } from '../state.js';
import type { ApiResult } from './common.js';
import { createSandboxTicket, postReply, sandboxError } from './sandbox-tickets.js';

// The sandbox's own routes under /_sandbox/: what tests and the preview use to play the customer and the network.

/** What the /_sandbox/ routes may read and change besides the account's state. */
export interface SandboxControl {
  state(): SandboxState;
  now(): number;
  faults(): Fault[];
  addFault(fault: Fault): void;
  clearFaults(): void;
  ledger(): unknown[];
  reset(): void;
}

export function routeSandbox(
  control: SandboxControl,
  method: string,
  url: URL,
  body: Buffer,
  origin: string,
): ApiResult {
  const path = url.pathname.replace(/\/$/, '');
  const json = () => {
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  };
  const state = control.state();
  if (method === 'POST' && path === '/_sandbox/tickets')
    return createSandboxTicket(state, control.now(), json(), origin);
  const reply = /^\/_sandbox\/tickets\/(\d+)\/replies$/.exec(path);
  if (method === 'POST' && reply) return postReply(state, control.now(), Number(reply[1]), json(), origin);
  if (method === 'POST' && path === '/_sandbox/faults') {
    const parsed = parseFault(json());
    if (!parsed.ok) return sandboxError(400, parsed.error);
    control.addFault(parsed.fault);
    return { status: 201, body: { fault: parsed.fault } };
  }
  if (method === 'GET' && path === '/_sandbox/faults') return { status: 200, body: { faults: control.faults() } };
  if (method === 'DELETE' && path === '/_sandbox/faults') {
    control.clearFaults();
    return { status: 204, body: null };
  }
  if (method === 'GET' && path === '/_sandbox/ledger') return { status: 200, body: { requests: control.ledger() } };
  if (method === 'POST' && path === '/_sandbox/reset') {
    control.reset();
    return { status: 200, body: { ok: true }, applied: true };
  }
  if (method === 'GET' && path === '/_sandbox/info') {
    return { status: 200, body: { accountId: state.accountId, apiUserId: state.apiUserId } };
  }
  const attachment = /^\/_sandbox\/attachments\/(\d+)(?:\/[^/]*)?$/.exec(path);
  if (method === 'GET' && attachment) {
    const stored = state.attachments.find((candidate) => candidate.id === Number(attachment[1]));
    if (!stored) return sandboxError(404, 'no such attachment');
    return {
      status: 200,
      body: Buffer.from(stored.contentBase64, 'base64'),
      headers: { 'content-type': stored.content_type },
    };
  }
  return sandboxError(404, `no sandbox route ${method} ${path}`);
}
