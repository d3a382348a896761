/** @jest-environment ./tests/jsdom-environment.cjs */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeZafClient, type Answer } from './fakeZafClient.js';
import { AGENT_HEADERS, COMMON_OPTIONS, POLICY, scheduledTicket, unscheduledTicket } from './fixtures.js';
import { renderApp } from './render.js';

const NOW = Date.parse('2026-11-22T12:00:00-06:00');
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

const OFFER = {
  windows: [
    { start: '2026-12-01T18:00:00-06:00', end: '2026-12-02T00:00:00-06:00', rule: 'standard' },
    { start: '2026-12-04T18:00:00-06:00', end: '2026-12-05T00:00:00-06:00', rule: 'standard' },
    { start: '2026-12-08T18:00:00-06:00', end: '2026-12-09T00:00:00-06:00', rule: 'standard' },
  ],
  expiresAt: '2026-11-25T12:00:00-06:00',
};
const offeredTicket = () => unscheduledTicket({ state: 'offered', offer: OFFER });

function clientFor(ticket: Answer | Answer[], extra: Record<string, Answer | Answer[]> = {}) {
  return createFakeZafClient({
    routes: { 'GET /api/tickets/42': ticket, 'GET /api/policy': { status: 200, body: POLICY }, ...extra },
  });
}

describe('offering windows from the sidebar', () => {
  it('previews the numbered comment, then offers the windows', async () => {
    const client = clientFor(
      [
        { status: 200, body: unscheduledTicket() },
        { status: 200, body: offeredTicket() },
      ],
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: '1. Tue Dec 1\n2. Fri Dec 4', posts: true } },
        'POST /api/tickets/42/offer': { status: 202, body: offeredTicket() },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Offer windows' }));
    expect(await screen.findByText(/2\. Fri Dec 4/)).toBeTruthy();
    const previews = client.requests.filter((r) => r.type === 'POST' && r.url.endsWith('/preview'));
    expect(JSON.parse(previews[0]!.data!)).toEqual({ type: 'window_offered' });
    expect(client.requests.filter((r) => r.url.endsWith('/offer'))).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Offer the windows and post the comment' }));
    await screen.findByRole('button', { name: 'Offer windows again' });
    expect(client.requests.filter((r) => r.url.endsWith('/offer'))).toEqual([
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/offer',
        type: 'POST',
        data: '{}',
        headers: AGENT_HEADERS,
      },
    ]);
  });

  it('shows the open offer, numbered, and until when it stands', async () => {
    renderApp(clientFor({ status: 200, body: offeredTicket() }));
    const summary = await screen.findByRole('region', { name: 'Upgrade' });
    await waitFor(() => expect(within(summary).getAllByRole('listitem')).toHaveLength(3));
    expect(within(summary).getByText(/^Windows offered/)).toBeTruthy();
    expect(within(summary).getByText('The offer is open until')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Offer windows again' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Book a window' })).toBeTruthy();
  });

  it('does not offer windows once one is booked', async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket() }));
    await screen.findByRole('button', { name: 'Reschedule' });
    expect(screen.queryByRole('button', { name: /Offer windows/ })).toBeNull();
  });
});
