/** @jest-environment ./tests/jsdom-environment.cjs */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AGENT, createFakeZafClient, type Answer } from './fakeZafClient.js';
import { POLICY, WINDOW_OFFERS, bookingPreview, scheduledTicket, unscheduledTicket } from './fixtures.js';
import { renderApp } from './render.js';

const NOW = Date.parse('2026-11-29T12:00:00-06:00');
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

/** GET /api/policy of a vendor with two products (examples/multi-product.json). */
const WITH_PRODUCTS = {
  ...POLICY,
  products: {
    community: { name: 'Online Community', names: { fr: 'Communauté en ligne' } },
    informz: { name: 'Communications Professional' },
  },
};
const WINDOWS = '/api/windows?all=true&count=40&ticket=42';
const CHOOSE = { name: 'Choose the window of Tue, Dec 1, 7:00 PM – 1:00 AM' };

function clientFor(ticket: Answer | Answer[], extra: Record<string, Answer | Answer[]> = {}, user: unknown = AGENT) {
  return createFakeZafClient({
    user,
    routes: {
      'GET /api/tickets/42': ticket,
      'GET /api/policy': { status: 200, body: WITH_PRODUCTS },
      [`GET ${WINDOWS}`]: { status: 200, body: WINDOW_OFFERS },
      [`GET ${WINDOWS}&product=informz`]: { status: 200, body: WINDOW_OFFERS.slice(2) },
      ...extra,
    },
  });
}

const sent = (client: ReturnType<typeof clientFor>, method: string, suffix: string) =>
  client.requests.filter((r) => r.type === method && r.url.endsWith(suffix)).map((r) => JSON.parse(r.data!));

const summaryFact = (term: string) => {
  const summary = screen.getByRole('region', { name: 'Upgrade' });
  const dt = within(summary).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling?.textContent;
};

describe('the ticket’s product in the sidebar (docs/POLICY.md, Products)', () => {
  it('shows the ticket’s product by name, in the agent’s language', async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket({ product: 'community' }) }));
    await screen.findByText('Online Community');
    expect(summaryFact('Product')).toBe('Online Community');
  });

  it('names the product in French for a French agent, and says when none is set', async () => {
    const french = { ...AGENT, locale: 'fr' };
    renderApp(clientFor({ status: 200, body: scheduledTicket({ product: 'community' }) }, {}, french));
    expect(await screen.findByText('Communauté en ligne')).toBeTruthy();
  });

  it('says when the ticket has no product yet', async () => {
    renderApp(clientFor({ status: 200, body: unscheduledTicket({ product: null }) }));
    await screen.findByText('Not set');
    expect(summaryFact('Product')).toBe('Not set');
  });

  it('lets the agent choose the product, then offers and books only its windows', async () => {
    const client = clientFor(
      [
        { status: 200, body: unscheduledTicket({ product: null }) },
        { status: 200, body: scheduledTicket({ product: 'informz' }) },
      ],
      {
        'POST /api/tickets/42/preview': { status: 200, body: bookingPreview('Fenêtre fixée.') },
        'POST /api/tickets/42/window': { status: 201, body: scheduledTicket({ product: 'informz' }) },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Book a window' }));
    const select = screen.getByLabelText('Product') as HTMLSelectElement;
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Choose the product…', 'Online Community', 'Communications Professional']);
    fireEvent.change(select, { target: { value: 'informz' } });
    await waitFor(() => expect(client.requests.some((r) => r.url.endsWith(`${WINDOWS}&product=informz`))).toBe(true));
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^Choose the window/ })).toHaveLength(1));
    fireEvent.click(screen.getByRole('button', CHOOSE));
    await screen.findByText('Fenêtre fixée.');
    const booking = { start: '2026-12-01T18:00:00-06:00', class: 'maintenance', product: 'informz' };
    expect(sent(client, 'POST', '/preview')).toEqual([{ type: 'window_scheduled', ...booking }]);
    fireEvent.click(screen.getByRole('button', { name: 'Book and post the comment' }));
    await waitFor(() => expect(sent(client, 'POST', '/window')).toEqual([booking]));
    await waitFor(() => expect(summaryFact('Product')).toBe('Communications Professional'));
  });

  it('starts from the ticket’s own product, and sends it with a hot fix', async () => {
    const client = clientFor(
      { status: 200, body: scheduledTicket({ product: 'informz' }) },
      { 'POST /api/tickets/42/preview': { status: 200, body: { text: 'Correctif.' } } },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Hot fix' }));
    expect((screen.getByLabelText('Product') as HTMLSelectElement).value).toBe('informz');
    fireEvent.change(screen.getByLabelText('Reason (sent to the customer)'), { target: { value: 'Security patch' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the comment' }));
    await screen.findByText('Correctif.');
    expect(sent(client, 'POST', '/preview')[0]).toMatchObject({ class: 'hotfix', product: 'informz' });
  });

  it('follows the ticket’s product when the policy arrives after the agent opened the list', async () => {
    const client = clientFor({ status: 200, body: unscheduledTicket({ product: 'informz' }) });
    // The policy answers only once the list is open: an agent quicker than GET /api/policy.
    let releasePolicy!: () => void;
    const policyHeld = new Promise<void>((release) => (releasePolicy = release));
    const answer = client.request.bind(client);
    client.request = async (request) => {
      if (request.url.endsWith('/api/policy')) await policyHeld;
      return answer(request);
    };
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Book a window' }));
    releasePolicy();
    const select = (await screen.findByLabelText('Product')) as HTMLSelectElement;
    expect(select.value).toBe('informz');
    await waitFor(() => expect(client.requests.some((r) => r.url.endsWith(`${WINDOWS}&product=informz`))).toBe(true));
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^Choose the window/ })).toHaveLength(1));
  });

  it('explains a PRODUCT_REQUIRED refusal in plain words, back on the list with the product select', async () => {
    const refusal = {
      status: 400,
      body: {
        error: {
          code: 'PRODUCT_REQUIRED',
          message: "product: say which product the ticket is for; the policy's windows differ by product",
        },
      },
    };
    const client = clientFor(
      { status: 200, body: unscheduledTicket({ product: null }) },
      { 'POST /api/tickets/42/preview': refusal },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Book a window' }));
    fireEvent.click(await screen.findByRole('button', CHOOSE));
    // The preview is refused: back on the list, with the product select and the reason.
    await waitFor(() => expect(client.requests.filter((r) => r.url.endsWith('/api/tickets/42'))).toHaveLength(2));
    await screen.findByText('Times in New York time');
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('Choose the product first')).toBeTruthy();
    expect(alert.textContent).toContain('The windows differ by product: say which product this ticket is for.');
    expect(alert.textContent).toContain('Pick the product above, then choose the window again.');
    expect(screen.getByLabelText('Product')).toBeTruthy();
    expect(sent(client, 'POST', '/window')).toEqual([]);
    // Choosing the product clears the notice.
    fireEvent.change(screen.getByLabelText('Product'), { target: { value: 'informz' } });
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^Choose the window/ })).toHaveLength(1));
  });
});

describe('a policy without products', () => {
  it('shows no product line and no product select', async () => {
    const client = createFakeZafClient({
      routes: {
        'GET /api/tickets/42': { status: 200, body: unscheduledTicket() },
        'GET /api/policy': { status: 200, body: POLICY },
        [`GET ${WINDOWS}`]: { status: 200, body: WINDOW_OFFERS },
      },
    });
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Book a window' }));
    await screen.findByRole('button', CHOOSE);
    expect(screen.queryByLabelText('Product')).toBeNull();
    expect(screen.queryByText('Product', { selector: 'dt' })).toBeNull();
  });
});
