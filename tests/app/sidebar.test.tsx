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
import type { WindowOffer } from '../../src/contract/index.js';
import { WINDOWS_PER_PAGE } from '../../src/app/components/WindowPicker.js';

const NOW = Date.parse('2026-11-29T12:00:00-06:00');
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

function clientFor(ticket: Answer | Answer[], extra: Record<string, Answer | Answer[]> = {}, user: unknown = AGENT) {
  return createFakeZafClient({
    user,
    routes: {
      'GET /api/tickets/42': ticket,
      'GET /api/policy': { status: 200, body: POLICY },
      'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: WINDOW_OFFERS },
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
    await screen.findByText("Vendor's time (Chicago)");
    expect(within(summary).getByText('Scheduled')).toBeTruthy();
    expect(within(summary).getByText('Your time (New York)')).toBeTruthy();
    expect(within(summary).getByText('Tue, Dec 1, 7:00 PM – 1:00 AM')).toBeTruthy();
    expect(within(summary).getByText("Requester's time (Paris)")).toBeTruthy();
    expect(within(summary).getByText('Wed, Dec 2, 1:00 AM – 7:00 AM')).toBeTruthy();
    expect(within(summary).getByText('Tue, Dec 1, 6:00 PM – 12:00 AM')).toBeTruthy();
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
    expect(within(summary).getByRole('note').textContent).toBe('Unclear reply to resolvenot sure yet?');
  });

  it('shows a ticket with no booking as unscheduled and offers only an offer or a booking', async () => {
    renderApp(clientFor({ status: 200, body: unscheduledTicket() }));
    expect(await screen.findByText('No window booked.')).toBeTruthy();
    const actions = screen.getByRole('navigation', { name: 'Actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Offer windows', 'Book a window', 'Hot fix']);
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
      'Window scheduledFri, Nov 20, 11:00 AM · public · by Ada Agent Delivered',
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

  it('says why a retry was refused, refreshes the ticket and offers no retry that cannot work', async () => {
    const client = clientFor(
      [
        { status: 200, body: failed },
        { status: 200, body: failed },
      ],
      {
        'POST /api/tickets/42/deliveries/h9/retry': {
          status: 409,
          body: { error: { code: 'NOT_FAILED', message: 'history entry 9 is delivered, not a failed delivery' } },
        },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Retry delivery' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Nothing to retryHistory entry 9 is delivered, not a failed delivery.The sidebar now shows the ticket as it is.',
    );
    expect(within(alert).queryByRole('button')).toBeNull();
    await waitFor(() => expect(routesOf(client).filter((r) => r === 'GET /api/tickets/42')).toHaveLength(2));
  });

  it('offers to try again when the retry failed on the way', async () => {
    renderApp(
      clientFor({ status: 200, body: failed }, { 'POST /api/tickets/42/deliveries/h9/retry': 'network-error' }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Retry delivery' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Something went wrong')).toBeTruthy();
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
      clientFor(
        { status: 200, body: unscheduledTicket() },
        { 'GET /api/windows?all=true&count=40&ticket=42': 'pending' },
      ),
    );
    expect((await screen.findByRole('status')).textContent).toBe(' Loading the next windows…');
  });

  it('says when there is no window at all', async () => {
    await openWindows(
      clientFor(
        { status: 200, body: unscheduledTicket() },
        {
          'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: [] },
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
          'GET /api/windows?all=true&count=40&ticket=42': [
            { status: 503, body: { error: { code: 'STORE_UNAVAILABLE', message: 'the store is unavailable' } } },
            { status: 200, body: WINDOW_OFFERS },
          ],
        },
      ),
    );
    expect(await screen.findByText('the store is unavailable')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' }),
    ).toBeTruthy();
  });

  it('lists the windows by week with places left, and why the others cannot be booked in plain words', async () => {
    const client = clientFor({ status: 200, body: unscheduledTicket() });
    await openWindows(client);
    const picker = await screen.findByRole('region', { name: 'Book a window' });
    await within(picker).findByText('Times in New York time');
    const weeks = within(picker).getAllByRole('region');
    expect(weeks.map((week) => week.getAttribute('aria-label'))).toEqual(['Week of Nov 23', 'Week of Nov 30']);
    expect(
      within(picker)
        .getAllByRole('listitem')
        .filter((item) => item.parentElement?.getAttribute('aria-label') !== 'Why it cannot be booked')
        .map((row) => row.textContent),
    ).toEqual([
      "Tue, Nov 24, 7:00 PM – 1:00 AMRequester (Paris): Wed, Nov 25, 1:00 AMToo soon: needs 7 days' notice, earliest Fri, Nov 27, 10:00 AM",
      'Fri, Nov 27, 7:00 PM – 1:00 AMRequester (Paris): Sat, Nov 28, 1:00 AMFull: 3 of 3 places booked',
      'Tue, Dec 1, 7:00 PM – 1:00 AMRequester (Paris): Wed, Dec 2, 1:00 AMPlaces left: 2Choose',
    ]);
    expect(picker.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}T|`/);
    expect(client.requests.find((r) => r.url.includes('/api/windows'))).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/windows?all=true&count=40&ticket=42',
      type: 'GET',
      headers: AGENT_HEADERS,
    });
  });

  it("names a blackout by its label and days, and leaves out the requester's time when it reads the same", async () => {
    const freeze: WindowOffer = {
      start: '2026-12-25T18:00:00-05:00',
      end: '2026-12-26T00:00:00-05:00',
      rule: 'standard',
      capacity: null,
      remaining: null,
      bookable: false,
      reasons: [
        {
          code: 'BLACKOUT',
          message: 'the window ... overlaps the blackout ...',
          blackout: { start: '2026-12-24T00:00:00-05:00', end: '2027-01-04T00:00:00-05:00', reason: 'Year-end freeze' },
        },
      ],
    };
    await openWindows(
      clientFor(
        { status: 200, body: unscheduledTicket({ requester: { locale: 'en', timeZone: 'America/Toronto' } }) },
        { 'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: [freeze] } },
      ),
    );
    const reasons = await screen.findByRole('list', { name: 'Why it cannot be booked' });
    expect(reasons.textContent).toBe('Year-end freeze, Dec 24 – Jan 4');
    expect(screen.queryByText(/Requester \(/)).toBeNull();
  });

  it('shows a few windows and the rest on "Show more"', async () => {
    const many: WindowOffer[] = Array.from({ length: 8 }, (_, index) => ({
      ...WINDOW_OFFERS[2]!,
      start: new Date(Date.parse('2026-12-01T18:00:00-06:00') + index * 86_400_000).toISOString(),
      end: new Date(Date.parse('2026-12-02T00:00:00-06:00') + index * 86_400_000).toISOString(),
    }));
    await openWindows(
      clientFor(
        { status: 200, body: unscheduledTicket() },
        { 'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: many } },
      ),
    );
    await screen.findByText('Times in New York time');
    expect(screen.getAllByRole('button', { name: /^Choose the window/ })).toHaveLength(WINDOWS_PER_PAGE);
    fireEvent.click(screen.getByRole('button', { name: 'Show more windows' }));
    expect(screen.getAllByRole('button', { name: /^Choose the window/ })).toHaveLength(8);
    expect(screen.queryByRole('button', { name: 'Show more windows' })).toBeNull();
  });

  it('has one Back button, on the list, and the preview its own', async () => {
    await openWindows(
      clientFor(
        { status: 200, body: unscheduledTicket() },
        { 'POST /api/tickets/42/preview': { status: 200, body: bookingPreview('Comment') } },
      ),
    );
    await screen.findByText('Times in New York time');
    expect(screen.getAllByRole('button', { name: 'Back' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' }));
    await screen.findByText('Comment');
    expect(screen.getAllByRole('button', { name: 'Back' })).toHaveLength(1);
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
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' }));
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

  it('reschedules to another window, never offering the one already booked', async () => {
    const later: WindowOffer = {
      ...WINDOW_OFFERS[2]!,
      start: '2026-12-04T18:00:00-06:00',
      end: '2026-12-05T00:00:00-06:00',
    };
    const client = clientFor(
      { status: 200, body: scheduledTicket() },
      {
        'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: [...WINDOW_OFFERS, later] },
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'New window' } },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Reschedule' }));
    expect(await screen.findByText('Move to another window')).toBeTruthy();
    const picker = screen.getByRole('region', { name: 'Move to another window' });
    await within(picker).findByText('Times in New York time');
    expect(within(picker).queryByText(/Tue, Dec 1, 7:00 PM/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Choose the window of Fri, Dec 4, 7:00 PM – 1:00 AM' }));
    expect(await screen.findByText('New window')).toBeTruthy();
    expect(JSON.parse(client.requests.at(-1)!.data!)).toEqual({
      type: 'window_rescheduled',
      start: '2026-12-04T18:00:00-06:00',
      class: 'maintenance',
    });
  });

  it('says in plain words that a window filled meanwhile, refreshes the list and the ticket, and offers no retry', async () => {
    const full = {
      code: 'FULL',
      message: 'the window starting 2026-12-01T18:00:00-06:00 is full (3 of 3 places booked)',
      booked: 3,
      capacity: 3,
    };
    const client = clientFor(
      { status: 200, body: unscheduledTicket() },
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'Comment' } },
        'POST /api/tickets/42/window': {
          status: 409,
          body: { error: { code: 'WINDOW_UNAVAILABLE', message: full.message, reasons: [full] } },
        },
      },
    );
    await openWindows(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' }));
    await screen.findByText('Comment');
    fireEvent.click(screen.getByRole('button', { name: 'Book and post the comment' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'This window cannot be bookedFull: 3 of 3 places bookedThe list is up to date again: choose another window.',
    );
    expect(within(alert).queryByRole('button', { name: 'Try again' })).toBeNull();
    await waitFor(() => expect(routesOf(client).filter((r) => r.startsWith('GET /api/windows'))).toHaveLength(2));
    await waitFor(() => expect(routesOf(client).filter((r) => r === 'GET /api/tickets/42')).toHaveLength(2));
    expect(await screen.findByText('Times in New York time')).toBeTruthy();
  });

  it('words a refused step in the agent zone, without ISO times or backticks', async () => {
    const client = clientFor(
      { status: 200, body: unscheduledTicket() },
      {
        'POST /api/tickets/42/preview': {
          status: 409,
          body: {
            error: {
              code: 'TOO_EARLY',
              message: 'the upgrade cannot start before 2026-12-01T17:45:00-06:00, 15 minutes before `its window`',
            },
          },
        },
      },
    );
    await openWindows(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Not doneThe upgrade cannot start before Tue, Dec 1, 6:45 PM, 15 minutes before its window.The sidebar now shows the ticket as it is.',
    );
  });

  it('shows progress and a retry when the preview fails on the way', async () => {
    const client = clientFor(
      { status: 200, body: unscheduledTicket() },
      {
        'POST /api/tickets/42/preview': [
          { status: 502, body: { error: { code: 'BAD_GATEWAY', message: 'the backend is restarting' } } },
          { status: 200, body: { text: 'Comment' } },
        ],
      },
    );
    await openWindows(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' }));
    expect(await screen.findByText('the backend is restarting')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Book and post the comment' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Comment')).toBeTruthy();
  });
});
