import { parseFault, type Fault } from '../faults.js';
import { parseSettings, type SandboxSettings } from '../settings.js';
import type { SandboxState } from '../state.js';
import { parseWebhookFault, type WebhookFault } from '../webhook-faults.js';
import type { ApiResult } from './common.js';
import { createSandboxTicket, postReply, sandboxError } from './sandbox-tickets.js';

// The sandbox's own routes under /_sandbox/: what tests and the preview use to play the customer and the network.

/** What the /_sandbox/ routes may read and change besides the account's state. */
export interface SandboxControl {
  state(): SandboxState;
  now(): number;
  faults(): { faults: Fault[]; webhookFaults: WebhookFault[] };
  addFault(fault: Fault): void;
  addWebhookFault(fault: WebhookFault): void;
  clearFaults(): void;
  ledger(): unknown[];
  reset(): void;
  settings(): SandboxSettings;
  changeSettings(changes: Partial<SandboxSettings>): void;
  /** Moves the sandbox's clock forward, then runs what falls due (closing solved tickets, late webhooks). */
  advanceClock(ms: number): void;
}

const MAX_ADVANCE_MS = 366 * 86_400_000;

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
  if (method === 'POST' && path === '/_sandbox/faults') return addFault(control, json());
  if (method === 'GET' && path === '/_sandbox/faults') return { status: 200, body: control.faults() };
  if (method === 'POST' && path === '/_sandbox/clock') return advanceClock(control, json());
  if (method === 'GET' && path === '/_sandbox/clock') return { status: 200, body: clockBody(control) };
  if (method === 'GET' && path === '/_sandbox/settings') return { status: 200, body: { settings: control.settings() } };
  if (method === 'POST' && path === '/_sandbox/settings') {
    const parsed = parseSettings(json());
    if (!parsed.ok) return sandboxError(400, parsed.error);
    control.changeSettings(parsed.settings);
    return { status: 200, body: { settings: control.settings() } };
  }
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

/** `POST /_sandbox/faults`: a request fault (`{ method, path, status, ... }`) or a webhook one (`{ webhook, ... }`). */
function addFault(control: SandboxControl, input: unknown): ApiResult {
  if (typeof input === 'object' && input !== null && 'webhook' in input) {
    const parsed = parseWebhookFault(input as Record<string, unknown>);
    if (!parsed.ok) return sandboxError(400, parsed.error);
    control.addWebhookFault(parsed.fault);
    return { status: 201, body: { fault: parsed.fault } };
  }
  const parsed = parseFault(input);
  if (!parsed.ok) return sandboxError(400, parsed.error);
  control.addFault(parsed.fault);
  return { status: 201, body: { fault: parsed.fault } };
}

/** `POST /_sandbox/clock { advanceMs }`: Zendesk's time moves on; the product's clock is its own. */
function advanceClock(control: SandboxControl, input: unknown): ApiResult {
  const advanceMs = (input as { advanceMs?: unknown } | undefined)?.advanceMs;
  if (!(Number.isInteger(advanceMs) && (advanceMs as number) >= 0 && (advanceMs as number) <= MAX_ADVANCE_MS))
    return sandboxError(400, `advanceMs must be an integer from 0 to ${MAX_ADVANCE_MS} (366 days)`);
  control.advanceClock(advanceMs as number);
  return { status: 200, body: clockBody(control), applied: true };
}

function clockBody(control: SandboxControl) {
  return { now: new Date(control.now()).toISOString(), offsetMs: control.state().clockOffsetMs ?? 0 };
}
