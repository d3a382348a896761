/** @jest-environment ./tests/jsdom-environment.cjs */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PENDING_POLL_MS } from '../../src/app/hooks/useTicketRefresh.js';
import type { TicketUpgrade } from '../../src/contract/index.js';
import { AGENT, createFakeZafClient, type Answer } from './fakeZafClient.js';
import { POLICY, WINDOW_OFFERS, scheduledTicket } from './fixtures.js';
import { renderApp } from './render.js';

// The booked window of the fixture is Tue Dec 1, 18:00 to midnight in Chicago.
const BEFORE = Date.parse('2026-12-01T17:56:00-06:00');
const DURING = Date.parse('2026-12-01T19:00:00-06:00');
let now = BEFORE;
beforeEach(() => {
  now = BEFORE;
  jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function clientFor(ticket: Answer | Answer[], user: unknown = AGENT) {
  return createFakeZafClient({
    user,
    routes: { 'GET /api/tickets/42': ticket, 'GET /api/policy': { status: 200, body: POLICY } },
  });
}

const ticketReads = (client: ReturnType<typeof clientFor>) =>
  client.requests.filter((r) => r.type === 'GET' && r.url.endsWith('/api/tickets/42')).length;

const delivered = scheduledTicket();
const pending = scheduledTicket({
  history: [{ ...delivered.history[0]!, delivery: { status: 'pending' } }],
});

describe('a sidebar that stays current', () => {
  it('reads the ticket again when Zendesk says it changed, without hiding what is on screen', async () => {
    const client = clientFor([
      { status: 200, body: pending },
      { status: 200, body: delivered },
    ]);
    renderApp(client);
    expect(await screen.findByText('Pending')).toBeTruthy();
    expect(client.subscribed()).toEqual(
      expect.arrayContaining(['ticket.updated', 'ticket.submit.done', 'ticket.comments.changed']),
    );
    act(() => client.trigger('ticket.updated'));
    expect(screen.queryByText(/Loading the ticket's upgrade/)).toBeNull();
    expect(await screen.findByText('Delivered')).toBeTruthy();
    expect(ticketReads(client)).toBe(2);
  });

  it('polls gently while a delivery is pending, and stops once nothing is', async () => {
    jest.useFakeTimers({ doNotFake: ['Date'] });
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const client = clientFor([
      { status: 200, body: pending },
      { status: 200, body: delivered },
    ]);
    renderApp(client);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(0);
    });
    expect(screen.getByText('Pending')).toBeTruthy();
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PENDING_POLL_MS - 1000);
    });
    expect(ticketReads(client)).toBe(1);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(1000);
    });
    expect(screen.getByText('Delivered')).toBeTruthy();
    await act(async () => {
      await jest.advanceTimersByTimeAsync(PENDING_POLL_MS * 3);
    });
    expect(ticketReads(client)).toBe(2);
  });

  it('stops listening when the sidebar goes away', async () => {
    const client = clientFor({ status: 200, body: delivered });
    const { unmount } = renderApp(client);
    await screen.findByText('Delivered');
    unmount();
    expect(client.subscribed()).toEqual([]);
  });
});

describe('where the upgrade stands against its window', () => {
  const summaryText = async () => (await screen.findByRole('region', { name: 'Upgrade' })).textContent ?? '';

  it.each<[string, number, Partial<TicketUpgrade>, RegExp, RegExp | null]>([
    ['counts down before the start', BEFORE, {}, /Starts in 4m/, null],
    [
      'says it runs, with the time left in the window',
      DURING,
      { state: 'in_progress' },
      /In progress, the window ends in 5h/,
      /Starts in/,
    ],
    ['says it is rolling back', DURING, { state: 'rolling_back' }, / Rolling backCurrent step/, /Starts in|ends in/],
    ['says it is completed', DURING, { state: 'completed' }, / Upgrade completedCurrent step/, /Starts in|ends in/],
    [
      'says a started window has no upgrade running',
      DURING,
      {},
      /The window started 1h ago; the upgrade has not started/,
      /Starts in/,
    ],
  ])('%s', async (_name, at, overrides, shown, absent) => {
    now = at;
    renderApp(clientFor({ status: 200, body: scheduledTicket(overrides) }));
    await screen.findByText("Vendor's time (Chicago)");
    const text = await summaryText();
    expect(text).toMatch(shown);
    if (absent) expect(text).not.toMatch(absent);
  });
});

describe('polish', () => {
  it('shows a zone once when the vendor reads the same clock as the agent', async () => {
    renderApp(
      clientFor({ status: 200, body: scheduledTicket() }, { ...AGENT, timeZone: { ianaName: 'America/Chicago' } }),
    );
    const summary = await screen.findByRole('region', { name: 'Upgrade' });
    await within(summary).findByText('Your time (Chicago)');
    expect(within(summary).queryByText(/Vendor's time/)).toBeNull();
  });

  it('names the decider without their Zendesk user id', async () => {
    const decided = scheduledTicket({
      decision: {
        value: 'GO',
        at: '2026-12-01T17:00:00-06:00',
        by: 'Sam Rivera (381)',
        evidence: 'Go',
        commentId: null,
        source: 'agent',
      },
    });
    renderApp(clientFor({ status: 200, body: decided }));
    expect(await screen.findByText(/recorded by Sam Rivera/)).toBeTruthy();
    expect(screen.queryByText(/381/)).toBeNull();
  });

  it('starts a hot fix a few minutes from now, in the agent zone', async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket() }));
    fireEvent.click(await screen.findByRole('button', { name: 'Hot fix' }));
    // 17:56 in Chicago is 18:56 in New York; ten minutes on, to the next five-minute mark.
    expect((screen.getByLabelText('Start (New York time)') as HTMLInputElement).value).toBe('2026-12-01T19:10');
  });

  it('offers the instances already started for an instance step', async () => {
    const running = scheduledTicket({
      state: 'in_progress',
      instances: [
        { name: 'eu-1', status: 'upgrading' },
        { name: 'eu-2', status: 'completed' },
      ],
      allowedEvents: ['instance_upgrade_completed'],
    });
    now = DURING;
    renderApp(clientFor({ status: 200, body: running }));
    fireEvent.click(await screen.findByRole('button', { name: 'Post a step' }));
    const input = screen.getByLabelText('Instance') as HTMLInputElement;
    // The only instance upgrading is the one a completion names.
    expect(input.value).toBe('eu-1');
    const list = document.getElementById(input.getAttribute('list')!)!;
    expect([...list.querySelectorAll('option')].map((option) => option.value)).toEqual(['eu-1', 'eu-2']);
  });
});

it('keeps the hot-fix form when a refusal refreshes the ticket', async () => {
  const client = clientFor({ status: 200, body: scheduledTicket() });
  client.answer('POST /api/tickets/42/preview', {
    status: 409,
    body: {
      error: {
        code: 'WINDOW_UNAVAILABLE',
        message: 'starts at 2026-12-01T17:00:00-06:00, before the request time 2026-12-01T17:56:00-06:00',
        reasons: [{ code: 'IN_PAST', message: 'starts at ..., before the request time ...' }],
      },
    },
  });
  renderApp(client);
  fireEvent.click(await screen.findByRole('button', { name: 'Hot fix' }));
  fireEvent.change(screen.getByLabelText('Reason (sent to the customer)'), { target: { value: 'Patch' } });
  fireEvent.click(screen.getByRole('button', { name: 'Preview the comment' }));
  const alert = await screen.findByRole('alert');
  expect(within(alert).getByText('Already started')).toBeTruthy();
  await waitFor(() => expect(ticketReads(client)).toBe(2));
  expect(screen.getByRole('button', { name: 'Back' })).toBeTruthy();
});

it('lists the windows in French with "1er" and the reasons in French words', async () => {
  const client = createFakeZafClient({
    user: { ...AGENT, locale: 'fr', timeZone: { ianaName: 'Europe/Paris' } },
    routes: {
      'GET /api/tickets/42': { status: 200, body: scheduledTicket({ state: 'unscheduled', booking: null }) },
      'GET /api/policy': { status: 200, body: POLICY },
      'GET /api/windows?all=true&count=40&ticket=42': { status: 200, body: WINDOW_OFFERS },
    },
  });
  renderApp(client);
  fireEvent.click(await screen.findByRole('button', { name: 'Réserver une fenêtre' }));
  const picker = await screen.findByRole('region', { name: 'Réserver une fenêtre' });
  await within(picker).findByText('Heures de Paris');
  expect(within(picker).getByRole('heading', { name: 'Semaine du 30 nov.' })).toBeTruthy();
  expect(within(picker).getByText('mer. 2 déc., 1 h 00 – 7 h 00')).toBeTruthy();
  expect(picker.textContent).toContain('Trop tôt : préavis de 7 jours requis, au plus tôt ven. 27 nov., 16 h 00');
});
