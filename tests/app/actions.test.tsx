/** @jest-environment ./tests/jsdom-environment.cjs */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AGENT, createFakeZafClient, type Answer } from './fakeZafClient.js';
import { AGENT_HEADERS, COMMON_OPTIONS, POLICY, scheduledTicket } from './fixtures.js';
import { renderApp } from './render.js';

const NOW = Date.parse('2026-11-29T12:00:00-06:00');
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

function clientFor(ticket: Answer | Answer[], extra: Record<string, Answer | Answer[]> = {}) {
  return createFakeZafClient({
    routes: { 'GET /api/tickets/42': ticket, 'GET /api/policy': { status: 200, body: POLICY }, ...extra },
  });
}

const requestsTo = (client: ReturnType<typeof clientFor>, method: string, suffix: string) =>
  client.requests.filter((r) => r.type === method && r.url.endsWith(suffix));

describe('locations', () => {
  it('says when the app is opened in a location it does not serve', async () => {
    renderApp(createFakeZafClient({ location: 'top_bar' }));
    expect(await screen.findByText('This app has nothing to show in the top_bar location.')).toBeTruthy();
  });

  it('asks for a ticket when ZAF gives no ticket id', async () => {
    renderApp(createFakeZafClient({ ticketId: null }));
    expect(await screen.findByText('Open a ticket to see its upgrade.')).toBeTruthy();
  });
});

describe('a hot fix', () => {
  it('books a hot fix with its start in the agent zone, its duration and its reason, after the preview', async () => {
    const client = clientFor(
      [
        { status: 200, body: scheduledTicket() },
        { status: 200, body: scheduledTicket() },
      ],
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'Correctif urgent prévu.' } },
        'POST /api/tickets/42/window': { status: 200, body: scheduledTicket() },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Hot fix' }));
    const preview = screen.getByRole('button', { name: 'Preview the comment' }) as HTMLButtonElement;
    expect(preview.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Start (New York time)'), { target: { value: '2026-11-30T10:00' } });
    fireEvent.change(screen.getByLabelText('Duration'), { target: { value: 'PT3H' } });
    fireEvent.change(screen.getByLabelText('Reason (sent to the customer)'), { target: { value: 'Security patch' } });
    fireEvent.click(preview);
    expect(await screen.findByText('Correctif urgent prévu.')).toBeTruthy();
    expect(JSON.parse(requestsTo(client, 'POST', '/preview')[0]!.data!)).toEqual({
      type: 'window_rescheduled',
      start: '2026-11-30T15:00:00Z',
      class: 'hotfix',
      reason: 'Security patch',
      duration: 'PT3H',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Book the hot fix and post the comment' }));
    await waitFor(() => expect(requestsTo(client, 'GET', '/api/tickets/42')).toHaveLength(2));
    expect(requestsTo(client, 'POST', '/window')).toEqual([
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/window',
        type: 'POST',
        data: '{"start":"2026-11-30T15:00:00Z","class":"hotfix","reason":"Security patch","duration":"PT3H"}',
        headers: AGENT_HEADERS,
      },
    ]);
  });

  it("offers the policy's default hot-fix duration first", async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket() }));
    await screen.findByText("Vendor's time (Chicago)");
    fireEvent.click(screen.getByRole('button', { name: 'Hot fix' }));
    expect((screen.getByLabelText('Duration') as HTMLSelectElement).value).toBe('PT2H');
  });
});

describe('cancelling', () => {
  it('previews the cancellation, then deletes the booking', async () => {
    const client = clientFor(
      { status: 200, body: scheduledTicket() },
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'Votre fenêtre est annulée.' } },
        'DELETE /api/tickets/42/window': { status: 200, body: {} },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel booking' }));
    expect(await screen.findByText('Votre fenêtre est annulée.')).toBeTruthy();
    expect(requestsTo(client, 'POST', '/preview')[0]!.data).toBe('{"type":"window_cancelled"}');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel the booking and post the comment' }));
    await waitFor(() => expect(requestsTo(client, 'DELETE', '/window')).toHaveLength(1));
    expect(requestsTo(client, 'DELETE', '/window')[0]).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/tickets/42/window',
      type: 'DELETE',
      data: '{}',
      headers: AGENT_HEADERS,
    });
  });
});

describe('posting a lifecycle step', () => {
  const inProgress = scheduledTicket({
    state: 'in_progress',
    allowedEvents: ['instance_upgrade_started', 'instance_upgrade_failed', 'decision_requested', 'window_cancelled'],
  });

  it('offers only the allowed steps that the events route accepts', async () => {
    renderApp(clientFor({ status: 200, body: inProgress }));
    fireEvent.click(await screen.findByRole('button', { name: 'Post a step' }));
    const steps = screen.getByRole('group', { name: 'Step' });
    expect(
      within(steps)
        .getAllByRole('radio')
        .map((radio) => [(radio as HTMLInputElement).labels![0]!.textContent, (radio as HTMLInputElement).checked]),
    ).toEqual([
      ['Instance upgrade started', true],
      ['Instance upgrade failed', false],
      ['Go / No-Go requested', false],
    ]);
  });

  it('asks for the instance and reason of a failure, previews, then posts it with an idempotency key', async () => {
    const client = clientFor(
      { status: 200, body: inProgress },
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: "L'instance eu-1 a échoué." } },
        'POST /api/tickets/42/events': [
          { status: 503, body: { error: { code: 'STORE_UNAVAILABLE', message: 'The store cannot be reached.' } } },
          { status: 202, body: {} },
        ],
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Post a step' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Instance upgrade failed' }));
    expect(screen.queryByLabelText(/Anticipated end/)).toBeNull();
    fireEvent.change(screen.getByLabelText('Instance'), { target: { value: 'eu-1' } });
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'disk full' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the comment' }));
    expect(await screen.findByText("L'instance eu-1 a échoué.")).toBeTruthy();
    expect(requestsTo(client, 'POST', '/preview')[0]!.data).toBe(
      '{"type":"instance_upgrade_failed","instance":"eu-1","reason":"disk full"}',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Post the step' }));
    expect(await screen.findByText('The store cannot be reached.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(requestsTo(client, 'POST', '/events')).toHaveLength(2));
    const [first, retry] = requestsTo(client, 'POST', '/events');
    expect(first).toEqual({
      ...COMMON_OPTIONS,
      url: '{{setting.backendUrl}}/api/tickets/42/events',
      type: 'POST',
      data: '{"type":"instance_upgrade_failed","instance":"eu-1","reason":"disk full"}',
      headers: { ...AGENT_HEADERS, 'Idempotency-Key': first!.headers['Idempotency-Key'] },
    });
    expect(first!.headers['Idempotency-Key']).toMatch(/^sidebar-.+/);
    expect(retry!.headers['Idempotency-Key']).toBe(first!.headers['Idempotency-Key']);
  });

  it('asks a Go / No-Go request for its reason and anticipated end in the agent zone', async () => {
    const client = clientFor(
      { status: 200, body: inProgress },
      {
        'POST /api/tickets/42/preview': { status: 200, body: { text: 'GO ou NO-GO ?' } },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Post a step' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Go / No-Go requested' }));
    expect(screen.queryByLabelText('Instance')).toBeNull();
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Data migration is slow' } });
    fireEvent.change(screen.getByLabelText('Anticipated end (New York time)'), {
      target: { value: '2026-12-01T23:30' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the comment' }));
    expect(await screen.findByText('GO ou NO-GO ?')).toBeTruthy();
    expect(JSON.parse(requestsTo(client, 'POST', '/preview')[0]!.data!)).toEqual({
      type: 'decision_requested',
      reason: 'Data migration is slow',
      anticipatedEnd: '2026-12-02T04:30:00Z',
    });
  });

  it('says when a step posts no comment, as the preview reports', async () => {
    const client = clientFor(
      { status: 200, body: inProgress },
      {
        'POST /api/tickets/42/preview': {
          status: 200,
          body: { type: 'instance_upgrade_started', text: '', html: '', public: false, locale: null, posts: false },
        },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Post a step' }));
    fireEvent.change(screen.getByLabelText('Instance'), { target: { value: 'eu-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview the comment' }));
    expect(await screen.findByText('This step posts no comment.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Post the step' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('says so when no step can be posted', async () => {
    renderApp(clientFor({ status: 200, body: scheduledTicket({ allowedEvents: ['window_cancelled'] }) }));
    await screen.findByText('Scheduled');
    expect(screen.queryByRole('button', { name: 'Post a step' })).toBeNull();
  });
});

describe('resolving an unclear reply', () => {
  const unclear = scheduledTicket({
    state: 'awaiting_decision',
    review: { commentId: 78, evidence: 'hmm, maybe tomorrow?' },
  });

  it("records the agent's NO-GO with a note on the customer's behalf", async () => {
    const client = clientFor(
      [
        { status: 200, body: unclear },
        { status: 200, body: scheduledTicket() },
      ],
      {
        'POST /api/tickets/42/decision': { status: 200, body: {} },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve reply' }));
    const form = screen.getByRole('form', { name: "Resolve the customer's reply" });
    expect(within(form).getByText('hmm, maybe tomorrow?')).toBeTruthy();
    const submit = within(form).getByRole('button', { name: 'Record the decision' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.click(within(form).getByLabelText('NO-GO'));
    fireEvent.change(within(form).getByLabelText('Note (why you record this decision)'), {
      target: { value: 'Customer called: roll back' },
    });
    fireEvent.click(submit);
    await waitFor(() => expect(requestsTo(client, 'GET', '/api/tickets/42')).toHaveLength(2));
    expect(requestsTo(client, 'POST', '/decision')).toEqual([
      {
        ...COMMON_OPTIONS,
        url: '{{setting.backendUrl}}/api/tickets/42/decision',
        type: 'POST',
        data: '{"decision":"NO_GO","note":"Customer called: roll back"}',
        headers: AGENT_HEADERS,
      },
    ]);
  });

  it('shows a refusal as what happened, refreshes the ticket and offers no retry that cannot work', async () => {
    const client = clientFor(
      [
        { status: 200, body: unclear },
        { status: 200, body: unclear },
      ],
      {
        'POST /api/tickets/42/decision': {
          status: 409,
          body: {
            error: { code: 'INVALID_TRANSITION', message: 'a GO is only accepted while awaiting a decision' },
          },
        },
      },
    );
    renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve reply' }));
    fireEvent.click(screen.getByLabelText('GO'));
    fireEvent.change(screen.getByLabelText('Note (why you record this decision)'), { target: { value: 'ok' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record the decision' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'Not doneA GO is only accepted while awaiting a decision.The sidebar now shows the ticket as it is.',
    );
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    await waitFor(() => expect(requestsTo(client, 'GET', '/api/tickets/42')).toHaveLength(2));
    expect(screen.getByRole('form', { name: "Resolve the customer's reply" })).toBeTruthy();
  });
});

it('sends the acting agent from currentUser with every request, the name percent-encoded', async () => {
  const client = createFakeZafClient({
    user: { ...AGENT, id: 7, name: 'Zoë Łukasz 李' },
    routes: { 'GET /api/tickets/42': { status: 200, body: scheduledTicket() } },
  });
  renderApp(client);
  await screen.findByText('Scheduled');
  expect(client.requests.map((r) => [r.headers['X-Agent-Id'], r.headers['X-Agent-Name']])).toEqual([
    ['7', 'Zo%C3%AB%20%C5%81ukasz%20%E6%9D%8E'],
    ['7', 'Zo%C3%AB%20%C5%81ukasz%20%E6%9D%8E'],
  ]);
});
