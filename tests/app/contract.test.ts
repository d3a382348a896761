import { createBackendApi, type BackendApi } from '../../src/app/api/backend.js';
import type { TicketUpgrade } from '../../src/contract/index.js';
import type { ZafClient, ZafRequestOptions, ZafResponse } from '../../src/app/zaf/client.js';
import { AGENT_TOKEN, newTicket, startStack, type Stack } from '../server/helpers.js';

/**
 * The sidebar's backend client against the real backend (and the Zendesk sandbox), through a ZAF client
 * that proxies like Zendesk does: it fills `{{setting.backendUrl}}` and `{{setting.agentToken}}` on its
 * side, sends the request, and resolves 2xx or rejects with the complete response.
 */
function proxyingZafClient(backendUrl: string): ZafClient & { sent: ZafRequestOptions[] } {
  const sent: ZafRequestOptions[] = [];
  const fill = (text: string) =>
    text.replace('{{setting.backendUrl}}', backendUrl).replace('{{setting.agentToken}}', AGENT_TOKEN);
  return {
    sent,
    get: async () => ({}),
    invoke: async () => undefined,
    context: async () => ({ location: 'ticket_sidebar' }),
    on: () => undefined,
    off: () => undefined,
    async request(options) {
      sent.push(options);
      const headers = Object.fromEntries(Object.entries(options.headers).map(([name, value]) => [name, fill(value)]));
      const response = await fetch(fill(options.url), {
        method: options.type,
        headers: { ...headers, 'content-type': options.contentType },
        ...(options.data !== undefined ? { body: options.data } : {}),
      });
      const text = await response.text();
      const answer: ZafResponse = {
        status: response.status,
        responseText: text,
        responseJSON: text ? JSON.parse(text) : null,
      };
      if (response.ok) return answer;
      throw answer;
    },
  };
}

const NOW = Date.parse('2026-11-20T12:00:00-06:00');

describe('the sidebar against the real backend', () => {
  let stack: Stack;
  let api: BackendApi;
  let ticketId: number;

  beforeAll(async () => {
    stack = await startStack({ now: () => NOW });
    ticketId = await newTicket(stack, {
      name: 'Camille Client',
      email: 'camille@client.example',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    api = createBackendApi(proxyingZafClient(stack.backend.url), String(ticketId), { id: '901', name: 'Ada Agent' });
  }, 60_000);

  afterAll(() => stack.close());

  it('reads a ticket it has never seen as unscheduled, in the shape the sidebar renders', async () => {
    const upgrade: TicketUpgrade = await api.getTicket();
    expect(Object.keys(upgrade).sort()).toEqual(
      [
        'allowedEvents', 'booking', 'decision', 'decisionDeadline', 'deferrals', 'history', 'instances', 'offer',
        'requester', 'review', 'state', 'ticketId', 'validation',
      ], // prettier-ignore
    );
    expect(upgrade).toMatchObject({ state: 'unscheduled', booking: null, history: [], decision: null, review: null });
  });

  it('lists bookable and unbookable windows with their reasons', async () => {
    const windows = await api.listWindows();
    expect(windows.length).toBeGreaterThan(0);
    const leadTime = windows.find((offer) => !offer.bookable);
    expect(leadTime).toMatchObject({ start: '2026-11-20T18:00:00-06:00', bookable: false });
    expect(leadTime!.reasons.map((reason) => reason.code)).toEqual(['LEAD_TIME']);
    expect(windows.find((offer) => offer.bookable)?.start).toBe('2026-11-27T18:00:00-06:00');
  });

  it('previews the booking comment in the requester language with its invite, then books', async () => {
    const booking = { start: '2026-11-27T18:00:00-06:00', class: 'maintenance' as const };
    const preview = await api.preview({ type: 'window_scheduled', ...booking });
    expect(preview).toMatchObject({ posts: true, public: true, locale: 'fr' });
    expect(preview.text.length).toBeGreaterThan(0);
    expect(preview.attachments?.map((file) => file.contentType)).toEqual([expect.stringContaining('text/calendar')]);
    await api.bookWindow(booking);
    const upgrade = await api.getTicket();
    expect(upgrade.state).toBe('scheduled');
    expect(upgrade.booking).toMatchObject({ start: '2026-11-27T18:00:00-06:00', class: 'maintenance' });
    expect(upgrade.history.map((entry) => [entry.type, entry.agent?.name])).toEqual([
      ['window_scheduled', 'Ada Agent'],
    ]);
  });

  it("refuses a step the process does not allow yet, with the backend's reason", async () => {
    const refusal = await api
      .postEvent({ type: 'validation_completed' }, 'sidebar-contract-1')
      .catch((error: unknown) => error as Error & { status: number });
    expect(refusal).toMatchObject({ status: 409, name: 'BackendError' });
    expect((refusal as Error).message.length).toBeGreaterThan(0);
  });

  it('refuses to retry a delivery that has not failed, naming why', async () => {
    const [entry] = (await api.getTicket()).history;
    await expect(api.retryDelivery(entry!.id)).rejects.toMatchObject({ status: 409, code: 'NOT_FAILED' });
  });

  it('previews the cancellation, then cancels', async () => {
    const preview = await api.preview({ type: 'window_cancelled' });
    expect(preview.posts).toBe(true);
    await api.cancelBooking();
    expect((await api.getTicket()).state).toBe('cancelled');
  });

  it('answers a refused cancellation with the NO_BOOKING code', async () => {
    await expect(api.cancelBooking()).rejects.toMatchObject({ status: 409, code: 'NO_BOOKING' });
  });
});
