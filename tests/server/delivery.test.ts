import { call, eventually, newTicket, productComments, startStack, type Stack } from './helpers.js';

const NOW = Date.parse('2026-11-23T15:00:00Z'); // a Monday

describe('delivery to Zendesk through the real server and the sandbox', () => {
  let stack: Stack;
  let clock = NOW;
  beforeEach(async () => {
    clock = NOW;
    stack = await startStack({ now: () => clock, timeoutMs: 500 });
  });
  afterEach(async () => {
    await stack.close();
  });

  async function bookFirstWindow(ticketId: number) {
    const windows = await call(stack.backend.url, 'GET', `/api/windows?ticket=${ticketId}&count=1`);
    const booked = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: windows.body[0].start, class: 'maintenance' },
      headers: { 'x-agent-id': '900', 'x-agent-name': 'Fox Mulder' },
    });
    return { windows, booked };
  }

  async function settled(ticketId: number) {
    await eventually('every delivery settled', async () => {
      const view = await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`);
      return view.body.history.every((entry: { delivery: { status: string } }) => entry.delivery.status !== 'pending');
    });
    return (await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`)).body;
  }

  it('books a window and posts one public comment with the invite, the fields and the marker in one update', async () => {
    const ticketId = await newTicket(stack);
    const { windows, booked } = await bookFirstWindow(ticketId);
    expect(windows.body[0]).toEqual({
      start: '2026-12-01T18:00:00-06:00',
      end: '2026-12-02T00:00:00-06:00',
      rule: 'standard',
      capacity: null,
      remaining: null,
      bookable: true,
      reasons: [],
    });
    expect(booked.status).toBe(201);
    expect(booked.body.state).toBe('scheduled');
    expect(booked.body.booking).toEqual({
      start: '2026-12-01T18:00:00-06:00',
      end: '2026-12-02T00:00:00-06:00',
      rule: 'standard',
      class: 'maintenance',
      reason: null,
      sequence: 0,
    });

    const view = await settled(ticketId);
    expect(view.requester).toEqual({ locale: 'en-US', timeZone: 'America/New_York' });
    expect(view.history).toEqual([
      {
        id: expect.any(String),
        type: 'window_scheduled',
        createdAt: '2026-11-23T09:00:00-06:00',
        public: true,
        agent: { id: '900', name: 'Fox Mulder' },
        delivery: { status: 'delivered', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[56]:00$/) },
      },
    ]);
    const comments = productComments(stack, ticketId);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.public).toBe(true);
    expect(comments[0]!.attachmentIds).toHaveLength(1);
    const ticket = await stack.zendesk.getTicket(ticketId);
    const field = (id: number) => ticket.custom_fields.find((value) => value.id === id)?.value;
    expect(field(stack.fieldIds.status)).toBe('uw_status_scheduled');
    expect(field(stack.fieldIds.windowStart)).toBe('2026-12-01T18:00:00-06:00');
    expect(field(stack.fieldIds.windowDate)).toBe('2026-12-01');
    expect(field(stack.fieldIds.deliveryMarker)).toBe(`${stack.backend.store.storeId}:1`);
    const updates = stack.sandbox.ledger().filter((entry) => entry.method === 'PUT');
    expect(updates).toHaveLength(1);
  });

  it('fails a delivery to a ticket Zendesk closed with TICKET_CLOSED, sending and flagging nothing', async () => {
    const ticketId = await newTicket(stack);
    const ticket = await stack.zendesk.getTicket(ticketId);
    await stack.zendesk.updateTicket(ticketId, { status: 'solved' } as never);
    expect(ticket.status).not.toBe('closed');
    // The close automation closes solved tickets after 4 days on the sandbox's clock.
    await call(stack.served.url, 'POST', '/_sandbox/clock', { token: null, body: { advanceMs: 5 * 86_400_000 } });
    const before = stack.sandbox.ledger().filter((entry) => entry.method === 'PUT').length;
    await bookFirstWindow(ticketId);
    const view = await settled(ticketId);
    expect(view.history.map((entry: { delivery: unknown }) => entry.delivery)).toEqual([
      {
        status: 'failed',
        at: expect.any(String),
        error: 'TICKET_CLOSED: the ticket is closed in Zendesk and takes no more updates',
      },
    ]);
    expect(stack.sandbox.ledger().filter((entry) => entry.method === 'PUT')).toHaveLength(before);
    expect(productComments(stack, ticketId)).toHaveLength(0);
  });

  it('reconciles after Zendesk applies an update but answers 500: more than one attempt, one comment', async () => {
    const ticketId = await newTicket(stack);
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, status: 500, applyThenFail: true, times: 1 },
    });
    await bookFirstWindow(ticketId);
    const view = await settled(ticketId);
    expect(view.history.map((entry: { delivery: { status: string } }) => entry.delivery.status)).toEqual(['delivered']);
    expect(productComments(stack, ticketId)).toHaveLength(1);
    const puts = stack.sandbox.ledger().filter((entry) => entry.method === 'PUT');
    expect(puts.map((entry) => [entry.status, entry.applied])).toEqual([[500, true]]);
    const reads = stack.sandbox
      .ledger()
      .filter((entry) => entry.method === 'GET' && entry.path.startsWith(`/api/v2/tickets/${ticketId}.json`));
    expect(reads.length).toBeGreaterThanOrEqual(2);
  });

  it('sends again after a plain 500 that changed nothing, and posts one comment', async () => {
    const ticketId = await newTicket(stack);
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, status: 500, times: 2 },
    });
    await bookFirstWindow(ticketId);
    await settled(ticketId);
    expect(productComments(stack, ticketId)).toHaveLength(1);
    const puts = stack.sandbox.ledger().filter((entry) => entry.method === 'PUT');
    expect(puts.map((entry) => entry.status)).toEqual([500, 500, 200]);
  });

  it('waits out a 429 with Retry-After and posts one comment', async () => {
    const ticketId = await newTicket(stack);
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, status: 429, retryAfter: 0.2, times: 1 },
    });
    await bookFirstWindow(ticketId);
    await settled(ticketId);
    expect(productComments(stack, ticketId)).toHaveLength(1);
    const puts = stack.sandbox.ledger().filter((entry) => entry.method === 'PUT');
    expect(puts.map((entry) => entry.status)).toEqual([429, 200]);
    const item = await stack.backend.store.getOutbox(1);
    expect(item?.failures).toBe(0);
  });

  it('after a time-out, sends again only once the ticket shows the update did not land, and posts one comment', async () => {
    const ticketId = await newTicket(stack);
    // The first update arrives after the client gave up (time-out 500 ms): by then the ticket changed, so
    // safe_update refuses the late copy with 409 instead of posting a second comment.
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, delayMs: 900, times: 1 },
    });
    await bookFirstWindow(ticketId);
    await settled(ticketId);
    const puts = () => stack.sandbox.ledger().filter((entry) => entry.method === 'PUT');
    await eventually('the late update answered', () => puts().every((entry) => entry.status !== 0));
    expect(productComments(stack, ticketId)).toHaveLength(1);
    expect(puts().map((entry) => [entry.status, entry.applied])).toEqual([
      [409, false],
      [200, true],
    ]);
  });

  it('keeps an update Zendesk refuses for good as failed, flags the ticket and reports degraded health', async () => {
    const ticketId = await newTicket(stack);
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, status: 422, times: 1 },
    });
    await bookFirstWindow(ticketId);
    const view = await settled(ticketId);
    expect(view.history[0].delivery).toEqual({
      status: 'failed',
      at: expect.any(String),
      error: expect.stringContaining('Zendesk answered 422'),
    });
    expect(productComments(stack, ticketId)).toHaveLength(0);
    const health = await call(stack.backend.url, 'GET', '/healthz', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'degraded', store: 'ok', deliveries: { pending: 0, failed: 1 } });
    const ticket = await stack.zendesk.getTicket(ticketId);
    expect(ticket.custom_fields.find((value) => value.id === stack.fieldIds.needsReview)?.value).toBe(true);

    const retried = await call(
      stack.backend.url,
      'POST',
      `/api/tickets/${ticketId}/deliveries/${view.history[0].id}/retry`,
      { body: {} },
    );
    expect(retried.status).toBe(202);
    await settled(ticketId);
    expect(productComments(stack, ticketId)).toHaveLength(1);
    expect((await call(stack.backend.url, 'GET', '/healthz', { token: null })).body.status).toBe('ok');
  });

  it('re-reads the ticket when an agent changed it meanwhile (safe_update 409) and posts once', async () => {
    const ticketId = await newTicket(stack);
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, status: 409, times: 1 },
    });
    await bookFirstWindow(ticketId);
    await settled(ticketId);
    expect(productComments(stack, ticketId)).toHaveLength(1);
    const puts = stack.sandbox.ledger().filter((entry) => entry.method === 'PUT');
    expect(puts.map((entry) => entry.status)).toEqual([409, 200]);
  });

  it('drives a ticket through the lifecycle with one comment per event, in order', async () => {
    const ticketId = await newTicket(stack);
    await bookFirstWindow(ticketId);
    await settled(ticketId);
    clock = Date.parse('2026-12-02T00:00:00Z'); // the window's start, 18:00 in Chicago
    const steps: Record<string, unknown>[] = [
      { type: 'upgrade_started' },
      { type: 'instance_upgrade_started', instance: 'eu-1' },
      { type: 'instance_upgrade_completed', instance: 'eu-1' },
      { type: 'validation_started' },
      { type: 'validation_completed' },
      { type: 'upgrade_completed' },
    ];
    for (const [index, step] of steps.entries()) {
      const answer = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/events`, {
        token: 'automation-token-0123456789ab',
        body: step,
        headers: { 'idempotency-key': `step-${index}` },
      });
      expect([step.type, answer.status]).toEqual([step.type, 202]);
    }
    const view = await settled(ticketId);
    expect(view.state).toBe('completed');
    expect(view.history.map((entry: { type: string }) => entry.type)).toEqual([
      'window_scheduled',
      'upgrade_started',
      'instance_upgrade_started',
      'instance_upgrade_completed',
      'validation_started',
      'validation_completed',
      'upgrade_completed',
    ]);
    expect(productComments(stack, ticketId)).toHaveLength(7);
    const ticket = await stack.zendesk.getTicket(ticketId);
    expect(ticket.custom_fields.find((value) => value.id === stack.fieldIds.status)?.value).toBe('uw_status_completed');
  });

  it('recognises by its comment an update that was applied, refused, then overtaken: a retry posts nothing twice', async () => {
    const ticketId = await newTicket(stack);
    // Zendesk applies the booking comment but answers 422: the item fails for good although its comment is posted.
    await call(stack.served.url, 'POST', '/_sandbox/faults', {
      token: null,
      body: { method: 'PUT', path: `/api/v2/tickets/${ticketId}.json`, status: 422, applyThenFail: true, times: 1 },
    });
    await bookFirstWindow(ticketId);
    const failed = await settled(ticketId);
    expect(failed.history[0].delivery.status).toBe('failed');
    // A later item overwrites the delivery marker.
    clock = Date.parse('2026-12-02T00:00:00Z');
    await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/events`, {
      body: { type: 'upgrade_started' },
      headers: { 'idempotency-key': 'start' },
    });
    await settled(ticketId);
    expect(productComments(stack, ticketId)).toHaveLength(2);
    // The agent retries the failed item: the marker names a later item, so the comments are scanned and it is found.
    await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/deliveries/${failed.history[0].id}/retry`, {
      body: {},
    });
    const view = await settled(ticketId);
    expect(view.history.map((entry: { delivery: { status: string } }) => entry.delivery.status)).toEqual([
      'delivered',
      'delivered',
    ]);
    expect(productComments(stack, ticketId)).toHaveLength(2);
    expect(
      stack.sandbox
        .ledger()
        .some((entry) => entry.method === 'GET' && entry.path.includes(`/tickets/${ticketId}/comments`)),
    ).toBe(true);
  });

  it('previews the comment a booking would post for this requester, and posts nothing', async () => {
    const ticketId = await newTicket(stack, {
      name: 'Élodie Tremblay',
      email: 'elodie@client.example',
      locale: 'fr-CA',
      timeZone: 'America/Toronto',
    });
    const preview = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/preview`, {
      body: { type: 'window_scheduled', start: '2026-12-01T18:00:00-06:00', class: 'maintenance' },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      type: 'window_scheduled',
      public: true,
      locale: 'fr-CA',
      posts: true,
      attachments: [{ filename: 'invite.ics', contentType: 'text/calendar' }],
    });
    expect(preview.body.text).toContain('19 h');
    expect(productComments(stack, ticketId)).toHaveLength(0);
    expect((await call(stack.backend.url, 'GET', `/api/tickets/${ticketId}`)).body.history).toEqual([]);
  });
});
