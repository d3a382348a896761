import type { ZafClient, ZafRequestOptions, ZafResponse } from '../zaf/client.js';
import type {
  ErrorBody,
  Reason,
  EventAccepted,
  BookingRequest,
  CommentPreview,
  DecisionRequest,
  EventRequest,
  OfferRequest,
  PolicyView,
  PreviewRequest,
  TicketUpgrade,
  WindowOffer,
} from '../../contract/index.js';

/** The agent acting in the sidebar, from ZAF's `currentUser`; sent with every request (docs/API.md, Authentication and scopes). */
export interface Agent {
  id: string;
  name: string;
}

/** A failed request: `message` is the API's `error.message`, or a sentence saying the backend was unreachable. */
export class BackendError extends Error {
  readonly status: number;
  readonly code: string;
  /** Why a window cannot be booked (WINDOW_UNAVAILABLE), with the facts the sidebar words for the agent. */
  readonly reasons: Reason[];
  constructor(status: number, code: string, message: string, reasons: Reason[] = []) {
    super(message);
    this.name = 'BackendError';
    this.status = status;
    this.code = code;
    this.reasons = reasons;
  }
}

/**
 * A refusal is an expected answer (the process does not allow the step, the window filled up, bad input):
 * sending the same request again cannot work. Only network failures, time-outs, rate limits and 5xx are
 * worth a "Try again".
 */
export function isRefusal(error: Error): error is BackendError {
  return (
    error instanceof BackendError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/** Windows the picker asks for: a few months of a weekly schedule, shown a page at a time. */
export const WINDOWS_LISTED = 40;

// Placeholders the Zendesk proxy fills in on its side: the token never reaches the browser (docs/ZENDESK-SETUP.md, Installing the app).
const BACKEND_URL = '{{setting.backendUrl}}';
const AUTHORIZATION = 'Bearer {{setting.agentToken}}';

/** The exact `client.request` options for one call to the backend. */
export function buildRequestOptions(
  type: ZafRequestOptions['type'],
  path: string,
  agent: Agent,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): ZafRequestOptions {
  const options: ZafRequestOptions = {
    url: `${BACKEND_URL}${path}`,
    type,
    contentType: 'application/json',
    // Header values carry ISO-8859-1 only, and agents are named "Zoë Łukasz 李": the name goes percent-encoded.
    headers: {
      Authorization: AUTHORIZATION,
      'X-Agent-Id': agent.id,
      'X-Agent-Name': encodeURIComponent(agent.name),
      ...extraHeaders,
    },
    secure: true,
    httpCompleteResponse: true,
    dataType: 'json',
  };
  if (body !== undefined) options.data = JSON.stringify(body);
  return options;
}

export interface BackendApi {
  getTicket(): Promise<TicketUpgrade>;
  /** The next windows of the ticket, only those of `product` when given. */
  listWindows(product?: string): Promise<WindowOffer[]>;
  getPolicy(): Promise<PolicyView>;
  bookWindow(booking: BookingRequest): Promise<TicketUpgrade>;
  cancelBooking(): Promise<TicketUpgrade>;
  postEvent(event: EventRequest, idempotencyKey: string): Promise<EventAccepted>;
  recordDecision(decision: DecisionRequest): Promise<TicketUpgrade>;
  offerWindows(request: OfferRequest): Promise<TicketUpgrade>;
  preview(request: PreviewRequest): Promise<CommentPreview>;
  retryDelivery(historyId: string): Promise<TicketUpgrade>;
}

/** The backend's routes for one ticket, called through the ZAF proxy as `agent`. */
export function createBackendApi(client: ZafClient, ticketId: string, agent: Agent): BackendApi {
  const ticket = `/api/tickets/${encodeURIComponent(ticketId)}`;
  // The answer's shape is the contract's (the server serialises through its schemas); the type says which one.
  const send = async <Answer>(options: ZafRequestOptions): Promise<Answer> =>
    bodyOf(await settle(client.request(options))) as Answer;
  return {
    getTicket: () => send(buildRequestOptions('GET', ticket, agent)),
    listWindows: async (product) => {
      const only = product === undefined ? '' : `&product=${encodeURIComponent(product)}`;
      const query = `all=true&count=${WINDOWS_LISTED}&ticket=${encodeURIComponent(ticketId)}${only}`;
      return windowsOf(await send(buildRequestOptions('GET', `/api/windows?${query}`, agent)));
    },
    getPolicy: () => send<PolicyView>(buildRequestOptions('GET', '/api/policy', agent)),
    bookWindow: (booking) => send(buildRequestOptions('POST', `${ticket}/window`, agent, booking)),
    // `{}` rather than no body: a JSON content type with an empty body is a 400 for the backend (Fastify).
    cancelBooking: () => send(buildRequestOptions('DELETE', `${ticket}/window`, agent, {})),
    postEvent: (event, idempotencyKey) =>
      send(buildRequestOptions('POST', `${ticket}/events`, agent, event, { 'Idempotency-Key': idempotencyKey })),
    recordDecision: (decision) => send(buildRequestOptions('POST', `${ticket}/decision`, agent, decision)),
    offerWindows: (request) => send(buildRequestOptions('POST', `${ticket}/offer`, agent, request)),
    preview: (request) => send(buildRequestOptions('POST', `${ticket}/preview`, agent, request)),
    retryDelivery: (historyId) =>
      send(buildRequestOptions('POST', `${ticket}/deliveries/${encodeURIComponent(historyId)}/retry`, agent, {})),
  };
}

// ZAF resolves 2xx and rejects the rest with the same response object; a rejection without a status is a
// network failure (the proxy could not reach the backend).
async function settle(pending: Promise<ZafResponse>): Promise<ZafResponse> {
  try {
    return await pending;
  } catch (failure) {
    if (isResponse(failure)) return failure;
    return { status: 0, responseText: failure instanceof Error ? failure.message : '' };
  }
}

function bodyOf(response: ZafResponse): unknown {
  const body = response.responseJSON ?? parseJson(response.responseText);
  if (response.status >= 200 && response.status < 300) return body;
  throw errorOf(response.status, body);
}

/** The API's `{ error: { code, message } }`, or a message naming the HTTP status when the body is not that. */
export function errorOf(status: number, body: unknown): BackendError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (error && typeof error.message === 'string') {
    const reasons = Array.isArray(error.reasons) ? error.reasons : [];
    return new BackendError(status, typeof error.code === 'string' ? error.code : 'ERROR', error.message, reasons);
  }
  if (status === 0) return new BackendError(0, 'UNREACHABLE', 'The upgrade backend could not be reached.');
  return new BackendError(status, 'HTTP_' + status, `The upgrade backend answered HTTP ${status}.`);
}

// docs/API.md lists the window fields, not an envelope: accept the bare array and `{ windows: [...] }`.
function windowsOf(body: unknown): WindowOffer[] {
  if (Array.isArray(body)) return body as WindowOffer[];
  const windows = (body as { windows?: unknown } | null)?.windows;
  return Array.isArray(windows) ? (windows as WindowOffer[]) : [];
}

function isResponse(value: unknown): value is ZafResponse {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number';
}

function parseJson(text: string | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
