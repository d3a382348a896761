/// <reference lib="dom" />
// The agent-workspace page: the ticket list, the selected ticket's conversation and fields, the reply-as-customer box,
// and the real sidebar in a 320 px iframe, running Zendesk's own ZAF SDK, whose calls this page answers as Zendesk's
// agent interface does (zaf-host.ts). Data comes from `/preview/api/*`, which reads the sandbox on the server side.
import type { CommentView, PersonView, TicketSummary, TicketView } from '../workspace.js';
import { formatCommentTime } from './format.js';
import { startPoller } from './polling.js';
import { hostZafApp, type Registration } from './zaf-host.js';

interface Session {
  agent: PersonView | null;
  settings: Record<string, string>;
}

const state: { session: Session | null; tickets: TicketSummary[]; ticket: TicketView | null; shown: string } = {
  session: null,
  tickets: [],
  ticket: null,
  shown: '',
};

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

// ---- rendering -------------------------------------------------------------------------------------------------

function renderTicketList(): void {
  const list = byId<HTMLUListElement>('ticket-list');
  list.replaceChildren(
    ...state.tickets.map((ticket) => {
      const button = element(
        'button',
        { type: 'button', 'aria-current': String(ticket.id === state.ticket?.id), 'data-ticket-id': String(ticket.id) },
        element('span', { class: 'subject' }, `#${ticket.id} ${ticket.subject}`),
        element('span', { class: 'meta' }, `${ticket.requester} · ${ticket.status} · Upgrade: ${ticket.upgradeStatus}`),
      );
      button.addEventListener('click', () => void selectTicket(ticket.id));
      return element('li', {}, button);
    }),
  );
}

function renderComment(comment: CommentView): HTMLLIElement {
  const kind = comment.public ? 'public' : 'internal';
  const header = element(
    'header',
    {},
    element('strong', {}, comment.author.name),
    element('span', { class: `badge badge-${kind}` }, comment.public ? 'Public reply' : 'Internal note'),
    element(
      'span',
      { class: 'muted' },
      `${formatCommentTime(comment.createdAt, state.session?.agent?.timeZone ?? null)} · via ${comment.channel}`,
    ),
  );
  const article = element(
    'article',
    { 'aria-label': `${comment.public ? 'Public reply' : 'Internal note'} by ${comment.author.name}` },
    header,
  );
  article.append(element('div', { class: 'body' }, comment.body));
  if (comment.attachments.length > 0) {
    article.append(
      element(
        'ul',
        { class: 'attachments', 'aria-label': 'Attachments' },
        ...comment.attachments.map((attachment) =>
          element(
            'li',
            {},
            element('a', { href: attachment.url, download: attachment.fileName }, attachment.fileName),
            ` (${attachment.contentType}, ${attachment.size} bytes)`,
          ),
        ),
      ),
    );
  }
  return element('li', { class: `comment ${kind}`, 'data-comment-id': String(comment.id) }, article);
}

function renderTicket(): void {
  const ticket = state.ticket;
  if (ticket === null) return;
  byId('ticket-title').textContent = `#${ticket.id} ${ticket.subject}`;
  const requester = ticket.requester;
  byId('ticket-meta').textContent = [
    requester ? `Requester: ${requester.name} <${requester.email}>, ${requester.locale}, ${requester.timeZone}` : '',
    ticket.organization ? `Organization: ${ticket.organization.name}` : '',
    `Status: ${ticket.status}`,
  ]
    .filter(Boolean)
    .join(' · ');
  byId('conversation').replaceChildren(...ticket.comments.map(renderComment));
  byId('fields').replaceChildren(
    ...ticket.fields.flatMap((field) => [
      element('dt', {}, field.title),
      element('dd', { 'data-field': field.title }, field.value),
    ]),
  );
  const select = byId<HTMLSelectElement>('reply-author');
  const chosen = select.value;
  select.replaceChildren(
    ...ticket.customers.map((person) =>
      element(
        'option',
        { value: String(person.id) },
        `${person.name} (${person.relation === 'requester' ? 'requester' : 'organization approver'}, ${person.locale})`,
      ),
    ),
  );
  if (ticket.customers.some((person) => String(person.id) === chosen)) select.value = chosen;
}

// ---- data ------------------------------------------------------------------------------------------------------

/** Fetches the list and the open ticket; says whether anything changed (the poller backs off while nothing does). */
async function refresh(): Promise<boolean> {
  const [list, detail] = await Promise.all([
    getJson<{ tickets: TicketSummary[] }>('/preview/api/tickets'),
    state.ticket === null
      ? Promise.resolve(null)
      : getJson<{ ticket: TicketView }>(`/preview/api/tickets/${state.ticket.id}`),
  ]);
  // Re-render only what changed, so polling never steals focus or scroll from the agent.
  const shown = JSON.stringify([list.tickets, detail?.ticket ?? null]);
  if (shown === state.shown) return false;
  state.shown = shown;
  state.tickets = list.tickets;
  if (detail !== null && detail.ticket.id === state.ticket?.id) state.ticket = detail.ticket;
  renderTicketList();
  renderTicket();
  return true;
}

let poller: { soon: () => void } | null = null;

async function selectTicket(id: number): Promise<void> {
  const { ticket } = await getJson<{ ticket: TicketView }>(`/preview/api/tickets/${id}`);
  state.ticket = ticket;
  state.shown = '';
  history.replaceState(null, '', `#ticket-${id}`);
  renderTicketList();
  renderTicket();
  loadSidebar(id);
}

// ---- the sidebar iframe and its ZAF calls -----------------------------------------------------------------------

function sidebarFrame(): HTMLIFrameElement {
  return byId<HTMLIFrameElement>('sidebar');
}

/** Like Zendesk, one app instance per ticket: a new ticket reloads the frame with its own app_guid. */
function loadSidebar(ticketId: number): void {
  const query = new URLSearchParams({ origin: window.location.origin, app_guid: `preview-ticket-${ticketId}` });
  const frame = sidebarFrame();
  const src = `/sidebar/index.html?${query}`;
  // Setting the same src does not reload a frame; a reload of the same ticket goes through its location.
  if (frame.getAttribute('src') === src && frame.contentWindow) frame.contentWindow.location.reload();
  else frame.src = src;
}

function userOf(person: PersonView | null): Record<string, unknown> | null {
  if (person === null) return null;
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    locale: person.locale,
    role: person.role,
    timeZone: { ianaName: person.timeZone },
  };
}

/** ZAF's `get`: each path answered from the page's ticket, unknown ones under `errors` as ZAF does. */
function answerGet(paths: string[]): Record<string, unknown> {
  const ticket = state.ticket;
  const result: Record<string, unknown> = {};
  const errors: Record<string, { message: string }> = {};
  for (const path of paths) {
    const value = valueOf(path, ticket);
    if (value === undefined) errors[path] = { message: `"${path}" is not available in the preview` };
    else result[path] = value;
  }
  return { ...result, errors };
}

function valueOf(path: string, ticket: TicketView | null): unknown {
  if (path === 'currentUser') return userOf(state.session?.agent ?? null);
  if (ticket === null) return undefined;
  const customField = /^ticket\.customField:custom_field_(\d+)$/.exec(path);
  if (customField) return ticket.fields.find((field) => field.id === Number(customField[1]))?.value ?? null;
  switch (path) {
    case 'ticket.id':
      return ticket.id;
    case 'ticket.subject':
      return ticket.subject;
    case 'ticket.status':
      return ticket.status;
    case 'ticket.requester':
      return userOf(ticket.requester);
    case 'ticket.organization':
      return ticket.organization;
    case 'ticket':
      return { id: ticket.id, subject: ticket.subject, status: ticket.status, requester: userOf(ticket.requester) };
    case 'ticketFields':
      return ticket.fields.map((field) => ({ name: `custom_field_${field.id}`, label: field.title }));
    default:
      return undefined;
  }
}

function registration(): Registration {
  const ticketId = state.ticket?.id ?? null;
  return {
    context: {
      product: 'support',
      location: 'ticket_sidebar',
      ticketId,
      instanceGuid: `preview-ticket-${ticketId}`,
      account: { subdomain: 'preview' },
    },
    // Open settings only: the secure agent token stays on the server (routes.ts fills it into requests).
    metadata: {
      appId: 0,
      installationId: 1,
      name: 'Upgrade Windows',
      version: 'preview',
      settings: state.session?.settings ?? {},
    },
  };
}

/** ZAF's `set`: the preview's ticket is the sandbox's, whose fields change through the backend, not the app. */
function answerSet(values: Record<string, unknown>): Record<string, unknown> {
  return {
    errors: Object.fromEntries(Object.keys(values).map((path) => [path, { message: 'read-only in the preview' }])),
  };
}

/** ZAF's `invoke`: `resize` sets the frame's height, as Zendesk does; the preview has no other actions. */
function answerInvoke(name: string, args: unknown[]): void {
  if (name !== 'resize') return;
  const size = (args[0] ?? {}) as { height?: string | number };
  if (size.height !== undefined)
    sidebarFrame().style.height = typeof size.height === 'number' ? `${size.height}px` : size.height;
}

window.addEventListener(
  'message',
  hostZafApp(sidebarFrame(), { registration, get: answerGet, set: answerSet, invoke: answerInvoke }),
);

// ---- reply as the customer -------------------------------------------------------------------------------------

async function sendReply(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const ticket = state.ticket;
  if (ticket === null) return;
  const form = event.target as HTMLFormElement;
  const data = new FormData(form);
  const status = byId('reply-status');
  const button = byId<HTMLButtonElement>('reply-send');
  button.disabled = true;
  status.textContent = 'Sending…';
  try {
    const response = await fetch(`/preview/api/tickets/${ticket.id}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        authorId: Number(data.get('author')),
        body: String(data.get('body') ?? ''),
        channel: data.get('channel'),
      }),
    });
    if (!response.ok) throw new Error(`the sandbox refused the reply (HTTP ${response.status})`);
    const author = ticket.customers.find((person) => String(person.id) === data.get('author'));
    status.textContent = `Reply sent as ${author?.name ?? 'the customer'} by ${String(data.get('channel'))}.`;
    byId<HTMLTextAreaElement>('reply-body').value = '';
    await refresh();
    // The backend answers the reply with comments and field changes of its own: watch closely for a while.
    poller?.soon();
  } catch (error) {
    status.textContent = `Not sent: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
}

async function start(): Promise<void> {
  byId<HTMLFormElement>('reply-form').addEventListener('submit', (event) => void sendReply(event));
  // Zendesk's "Reload all apps": the sidebar reads the upgrade once, so a customer's reply shows after a reload.
  byId('reload-app').addEventListener('click', () => {
    if (state.ticket !== null) loadSidebar(state.ticket.id);
  });
  const [session, list] = await Promise.all([
    getJson<Session>('/preview/api/session'),
    getJson<{ tickets: TicketSummary[] }>('/preview/api/tickets'),
  ]);
  state.session = session;
  state.tickets = list.tickets;
  byId('agent').textContent = session.agent
    ? `Signed in as ${session.agent.name} (agent, ${session.agent.timeZone})`
    : '';
  const wanted = /^#ticket-(\d+)$/.exec(window.location.hash);
  const first = wanted ? Number(wanted[1]) : list.tickets[0]?.id;
  if (first !== undefined) await selectTicket(first);
  else renderTicketList();
  poller = startPoller(refresh, {
    isVisible: () => document.visibilityState === 'visible',
    onVisible: (listener) =>
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') listener();
      }),
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (timer) => window.clearTimeout(timer as number),
  });
  // The agent clicking into the sidebar (the page loses focus to the frame) is about to change the ticket.
  window.addEventListener('blur', () => poller?.soon());
}

void start();
