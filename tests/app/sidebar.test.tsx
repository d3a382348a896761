/** @jest-environment ./tests/jsdom-environment.cjs */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { LocaleShell } from '../../src/app/App.js';
import { OutsideZendesk } from '../../src/app/screens/OutsideZendesk.js';
import { AGENT, createFakeZafClient, type Answer } from './fakeZafClient.js';
import {
  AGENT_HEADERS,
  COMMON_OPTIONS,
  POLICY,
  WINDOW_OFFERS,
  bookingPreview,
  scheduledTicket,
  unscheduledTicket,
} from './fixtures.js';
import { renderApp } from './render.js';

const NOW = Date.parse('2026-11-29T12:00:00-06:00');
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

function clientFor(ticket: Answer | Answer[], extra: Record<string, Answer | Answer[]> = {}, user: unknown = AGENT) {
  return createFakeZafClient({
    user,
    routes: {
      'GET /api/tickets/42': ticket,
      'GET /api/policy': { status: 200, body: POLICY },
      'GET /api/windows?all=true&ticket=42': { status: 200, body: WINDOW_OFFERS },
      ...extra,
    },
  });
}

/** The requests after the initial ticket and policy reads, as `METHOD path`. */
const routesOf = (client: ReturnType<typeof clientFor>) =>
  client.requests.map((r) => `${r.type} ${r.url.replace('{{setting.backendUrl}}', '')}`);

describe('outside Zendesk', () => {
  it('explains that the app must be opened in Zendesk', () => {
    render(
      <LocaleShell locale="en">
        <OutsideZendesk />
      </LocaleShell>,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Open this app in ZendeskUpgrade Windows runs inside the Zendesk ticket sidebar. This page was opened outside Zendesk, so it cannot reach the ticket.',
    );
  });
});

describe('the upgrade summary', () => {
  it('shows progress while the ticket loads', async () => {
    renderApp(clientFor('pending'));
    const status = (await screen.findByText(/Loading the ticket's upgrade/)).closest('[role="status"]');
    expect(status?.textContent).toBe(" Loading the ticket's upgrade…");
  });

  it("says what went wrong with the API's message and loads again on retry", async () => {
    const client = clientFor([
      { status: 503, body: { error: { code: 'STORE_UNAVAILABLE', message: 'The store cannot be reached.' } } },
      { status: 200, body: scheduledTicket() },
    ]);
    renderApp(client);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('The store cannot be reached.')).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Scheduled')).toBeTruthy();
    expect(routesOf(client).filter((r) => r === 'GET /api/tickets/42')).toHaveLength(2);
  });

  it('says the backend is unreachable when the proxy cannot reach it', async () => {
    renderApp(clientFor('network-error'));
    expect(
      await screen.findByText('The upgrade backend could not be reached. Check its URL in the app settings.'),
    ).toBeTruthy();
  });

  it("shows the window in the agent's, the requester's and the vendor's zones with a countdown", async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket() }));
    const summary = await screen.findByRole('region', { name: 'Upgrade' });
    await screen.findByText("Vendor's time (America/Chicago)");
    expect(within(summary).getByText('Scheduled')).toBeTruthy();
    expect(within(summary).getByText('Tue, Dec 1, 07:00 PM EST → Wed, Dec 2, 01:00 AM EST')).toBeTruthy();
    expect(within(summary).getByText('Wed, Dec 2, 01:00 AM GMT+1 → Wed, Dec 2, 07:00 AM GMT+1')).toBeTruthy();
    expect(within(summary).getByText('Tue, Dec 1, 06:00 PM CST → Wed, Dec 2, 12:00 AM CST')).toBeTruthy();
    expect(within(summary).getByText(/Starts in 2d 6h/)).toBeTruthy();
    expect(within(summary).getByText('Window scheduled')).toBeTruthy();
  });

  it('shows the current step, instances, the captured decision with its evidence and an open review', async () => {
    const ticket = scheduledTicket({
      state: 'in_progress',
      validation: 'running',
      instances: [
        { name: 'eu-1', status: 'completed' },
        { name: 'eu-2', status: 'upgrading' },
      ],
      decision: {
        value: 'GO',
        at: '2026-12-01T22:00:00-06:00',
        by: 'Carla Customer',
        evidence: 'Go ahead',
        commentId: 77,
        source: 'customer',
      },
      review: { commentId: 78, evidence: 'not sure yet?' },
      history: [
        ...scheduledTicket().history,
        {
          id: 'h2',
          type: 'instance_upgrade_failed',
          createdAt: '2026-12-01T19:00:00-06:00',
          public: true,
          delivery: { status: 'delivered' },
        },
      ],
    });
    renderApp(clientFor({ status: 200, body: ticket }));
    const summary = await screen.findByRole('region', { name: 'Upgrade' });
    expect(within(summary).getByText('eu-1: completed, eu-2: upgrading')).toBeTruthy();
    expect(within(summary).getByText('running')).toBeTruthy();
    expect(within(summary).getByText('Instance upgrade failed')).toBeTruthy();
    expect(within(summary).getByText('Go ahead')).toBeTruthy();
    expect(within(summary).getByText(/from the customer Carla Customer/)).toBeTruthy();
    expect(within(summary).getByRole('note').textContent).toBe('Unclear reply to resolve not sure yet?');
  });

  it('shows a ticket with no booking as unscheduled and offers only booking', async () => {
    renderApp(clientFor({ status: 200, body: unscheduledTicket() }));
    expect(await screen.findByText('No window booked.')).toBeTruthy();
    const actions = screen.getByRole('navigation', { name: 'Actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Book a window', 'Hot fix']);
    expect(screen.getByText('Nothing posted yet.')).toBeTruthy();
  });

  it('renders in French for a French agent, and right to left for a Hebrew one', async () => {
    const { unmount } = renderApp(clientFor({ status: 200, body: scheduledTicket() }, {}, { ...AGENT, locale: 'fr' }));
    expect(await screen.findByText('Planifiée')).toBeTruthy();
    expect(screen.getByText('Communications').closest('[dir]')?.getAttribute('dir')).toBe('ltr');
    unmount();
    renderApp(clientFor({ status: 200, body: scheduledTicket() }, {}, { ...AGENT, locale: 'he' }));
    expect((await screen.findByText('Communications')).closest('[dir]')?.getAttribute('dir')).toBe('rtl');
  });

  it('resizes the iframe to its content with the positional invoke form', async () => {
    const client = clientFor({ status: 200, body: scheduledTicket() });
    renderApp(client);
    await screen.findByText('Communications');
    expect(client.invocations[0]).toEqual(['resize', { width: '100%', height: '0px' }]);
  });
});

describe('a solved ticket with an active upgrade', () => {
  const client = (ticketStatus: string, state: string) =>
    createFakeZafClient({
      ticketStatus,
      routes: {
        'GET /api/tickets/42': { status: 200, body: { ...scheduledTicket(), state } },
        'GET /api/policy': { status: 200, body: POLICY },
      },
    });

  it('warns that Zendesk will close the ticket and stop taking comments', async () => {
    renderApp(client('solved', 'scheduled'));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This ticket is solved while its upgrade is still active: Zendesk will close it, and a closed ticket takes no more upgrade comments. Reopen it or finish the upgrade first.',
    );
  });

  it('does not warn once the upgrade is over, nor on an open ticket', async () => {
    renderApp(client('solved', 'completed'));
    await screen.findByText('Communications');
    expect(screen.queryByRole('alert')).toBeNull();
    cleanup();
    renderApp(client('open', 'scheduled'));
    await screen.findByText('Communications');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the communications history', () => {
  const failed = scheduledTicket({
    history: [
      {
        id: 'h9',
        type: 'window_scheduled',
        createdAt: '2026-11-20T10:00:00-06:00',
        public: true,
        delivery: { status: 'failed', error: 'Zendesk answered 422' },
      },
    ],
  });

  it('shows each communication with its time in the agent zone, visibility, agent and delivery status', async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket() }));
    const history = await screen.findByRole('region', { name: 'Communications' });
    expect(within(history).getByRole('listitem').textContent).toBe(
      'Window scheduledFri, Nov 20, 11:00 AM EST · public · by Ada Agent Delivered',
    );
  });

  it('shows a comment waiting for its turn under the rate limits with the time it will go', async () => {
    const waiting = scheduledTicket({
      history: [
        {
          id: 'h10',
          type: 'window_scheduled',
          createdAt: '2026-11-20T10:00:00-06:00',
          public: true,
          delivery: { status: 'pending', at: '2026-11-20T17:10:00-06:00' },
        },
      ],
    });
    renderApp(clientFor({ status: 200, body: waiting }));
    const history = await screen.findByRole('region', { name: 'Communications' });
    expect(within(history).getByText('waiting, goes at 6:10 PM')).toBeTruthy();
  });

  it('shows a failed delivery with its error and retries it', async () => {
    const client = clientFor(
      { status: 200, body: failed },
      {
        'POST /api/tickets/42/deliveries/h9/retry': { status: 202, body: {} },
      },
    );
    renderApp(client);
    const history = await screen.findByRole('region', { name: 'Communications' });
    expect(within(history).getByText('Failed')).toBeTruthy();
    expect(within(history).getByText('Zendesk answered 422')).toBeTruthy();
    fireEvent.click(within(history).getByRole('button', { name: 'Retry delivery' }));
    await waitFor(() => expect(routesOf(client).filter((r) => r === 'GET /api/tickets/42')).toHaveLength(2));
    expect(client.requests.find((r) => r.url.endsWith('/retry'))).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/tickets/42/deliveries/h9/retry',
      type: 'POST',
      data: '{}',
      headers: AGENT_HEADERS,
    });
  });

  it('says why a retry failed and offers to try again', async () => {
    renderApp(
      clientFor(
        { status: 200, body: failed },
        {
          'POST /api/tickets/42/deliveries/h9/retry': {
            status: 409,
            body: { error: { code: 'NOT_FAILED', message: 'This delivery is not failed.' } },
          },
        },
      ),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Retry delivery' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('This delivery is not failed.')).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

describe('booking a window', () => {
  async function openWindows(client: ReturnType<typeof clientFor>) {
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Book a window' }));
  }

  it('shows progress while the windows load', async () => {
    await openWindows(
      clientFor({ status: 200, body: unscheduledTicket() }, { 'GET /api/windows?all=true&ticket=42': 'pending' }),
    );
    expect((await screen.findByRole('status')).textContent).toBe(' Loading the next windows…');
  });

  it('says when there is no window at all', async () => {
    await openWindows(
      clientFor(
        { status: 200, body: unscheduledTicket() },
        {
          'GET /api/windows?all=true&ticket=42': { status: 200, body: [] },
        },
      ),
    );
    expect(await screen.findByText('No window in the coming months.')).toBeTruthy();
  });

  it('says why the windows could not be loaded and loads them again on retry', async () => {
    await openWindows(
      clientFor(
        { status: 200, body: unscheduledTicket() },
        {
          'GET /api/windows?all=true&ticket=42': [
            { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'Wrong agent token.' } } },
            { status: 200, body: WINDOW_OFFERS },
          ],
        },
      ),
    );
    expect(await screen.findByText('Wrong agent token.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('list', { name: 'Upcoming windows' })).toBeTruthy();
  });

  it('lists places left and keeps unbookable windows visible with their reasons', async () => {
    const client = clientFor({ status: 200, body: unscheduledTicket() });
    await openWindows(client);
    const list = await screen.findByRole('list', { name: 'Upcoming windows' });
    const rows = within(list)
      .getAllByRole('listitem')
      .filter((item) => item.parentElement === list);
    expect(rows.map((row) => row.textContent)).toEqual([
      'Tue, Nov 24, 07:00 PM EST → Wed, Nov 25, 01:00 AM ESTRequester: Wed, Nov 25, 01:00 AM GMT+1Places left: 3Lead time starts before the earliest allowed start 2026-11-27T09:00:00-06:00',
      'Fri, Nov 27, 07:00 PM EST → Sat, Nov 28, 01:00 AM ESTRequester: Sat, Nov 28, 01:00 AM GMT+1Places left: 0Full no place left in this window',
      'Tue, Dec 1, 07:00 PM EST → Wed, Dec 2, 01:00 AM ESTRequester: Wed, Dec 2, 01:00 AM GMT+1Places left: 2Choose',
    ]);
    expect(client.requests.find((r) => r.url.includes('/api/windows'))).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/windows?all=true&ticket=42',
      type: 'GET',
      headers: AGENT_HEADERS,
    });
  });

  it('previews the comment, then books the chosen window and reloads the ticket', async () => {
    const client = clientFor(
      [
        { status: 200, body: unscheduledTicket() },
        { status: 200, body: scheduledTicket() },
      ],
      {
        'POST /api/tickets/42/preview': {
          status: 200,
          body: bookingPreview('Bonjour, votre fenêtre est fixée.'),
        },
        'POST /api/tickets/42/window': { status: 201, body: scheduledTicket() },
      },
    );
    await openWindows(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 07:00 PM EST' }));
    expect(await screen.findByText('Bonjour, votre fenêtre est fixée.')).toBeTruthy();
    expect(screen.getByText('Attached: invite.ics')).toBeTruthy();
    expect(client.requests.at(-1)).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/tickets/42/preview',
      type: 'POST',
      data: '{"type":"window_scheduled","start":"2026-12-01T18:00:00-06:00","class":"maintenance"}',
      headers: AGENT_HEADERS,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Book and post the comment' }));
    expect(await screen.findByText('Scheduled')).toBeTruthy();
    expect(client.requests.find((r) => r.url.endsWith('/window'))).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/tickets/42/window',
      type: 'POST',
      data: '{"start":"2026-12-01T18:00:00-06:00","class":"maintenance"}',
      headers: AGENT_HEADERS,
    });
  });

  it('reschedules a booked ticket with a window_rescheduled preview', async () => {
    const client = clientFor(
      { status: 200, body: scheduledTicket() },
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'New window' } },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Reschedule' }));
    expect(await screen.findByText('Move to another window')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 07:00 PM EST' }));
    expect(await screen.findByText('New window')).toBeTruthy();
    expect(JSON.parse(client.requests.at(-1)!.data!)).toEqual({
      type: 'window_rescheduled',
      start: '2026-12-01T18:00:00-06:00',
      class: 'maintenance',
    });
  });

  it('says why a booking was refused and sends it again on retry', async () => {
    const client = clientFor(
      { status: 200, body: unscheduledTicket() },
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'Comment' } },
        'POST /api/tickets/42/window': {
          status: 409,
          body: { error: { code: 'WINDOW_UNAVAILABLE', message: 'The window is full.', reasons: [] } },
        },
      },
    );
    await openWindows(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 07:00 PM EST' }));
    await screen.findByText('Comment');
    fireEvent.click(screen.getByRole('button', { name: 'Book and post the comment' }));
    expect(await screen.findByText('The window is full.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(client.requests.filter((r) => r.url.endsWith('/window'))).toHaveLength(2));
  });

  it('shows progress and a retry when the preview fails', async () => {
    const client = clientFor(
      { status: 200, body: unscheduledTicket() },
      {
        'POST /api/tickets/42/preview': [
          { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'start is not an instant' } } },
          { status: 200, body: { text: 'Comment' } },
        ],
      },
    );
    await openWindows(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 07:00 PM EST' }));
    expect(await screen.findByText('start is not an instant')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Book and post the comment' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Comment')).toBeTruthy();
  });
});
