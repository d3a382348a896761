import type { TicketUpgrade, WindowOffer } from '../../src/contract/index.js';

/** `GET /api/tickets/42` as docs/API.md shapes it, for a scheduled ticket. */
export function scheduledTicket(overrides: Partial<TicketUpgrade> = {}): TicketUpgrade {
  return {
    ticketId: 42,
    state: 'scheduled',
    booking: {
      start: '2026-12-01T18:00:00-06:00',
      end: '2026-12-02T00:00:00-06:00',
      rule: 'standard',
      class: 'maintenance',
      reason: null,
      sequence: 0,
    },
    requester: { locale: 'fr', timeZone: 'Europe/Paris' },
    instances: [],
    validation: 'none',
    decision: null,
    review: null,
    decisionDeadline: null,
    offer: null,
    deferrals: 0,
    allowedEvents: ['upgrade_started'],
    history: [
      {
        id: '1',
        type: 'window_scheduled',
        createdAt: '2026-11-20T10:00:00-06:00',
        public: true,
        agent: { id: '901', name: 'Ada Agent' },
        delivery: { status: 'delivered', at: '2026-11-20T10:00:05-06:00' },
      },
    ],
    ...overrides,
  };
}

export function unscheduledTicket(overrides: Partial<TicketUpgrade> = {}): TicketUpgrade {
  return scheduledTicket({ state: 'unscheduled', booking: null, allowedEvents: [], history: [], ...overrides });
}

/** `GET /api/windows?all=true&count=40&ticket=42`: one bookable window, one in the lead time, one full. */
export const WINDOW_OFFERS: WindowOffer[] = [
  {
    start: '2026-11-24T18:00:00-06:00',
    end: '2026-11-25T00:00:00-06:00',
    rule: 'standard',
    capacity: 3,
    remaining: 3,
    bookable: false,
    reasons: [
      {
        code: 'LEAD_TIME',
        message: 'starts before the earliest allowed start 2026-11-27T09:00:00-06:00 (lead time P7D)',
        earliest: '2026-11-27T09:00:00-06:00',
        leadTime: 'P7D',
      },
    ],
  },
  {
    start: '2026-11-27T18:00:00-06:00',
    end: '2026-11-28T00:00:00-06:00',
    rule: 'standard',
    capacity: 3,
    remaining: 0,
    bookable: false,
    reasons: [
      {
        code: 'FULL',
        message: 'the window starting 2026-11-27T18:00:00-06:00 is full (3 of 3 places booked)',
        booked: 3,
        capacity: 3,
      },
    ],
  },
  {
    start: '2026-12-01T18:00:00-06:00',
    end: '2026-12-02T00:00:00-06:00',
    rule: 'standard',
    capacity: 3,
    remaining: 2,
    bookable: true,
    reasons: [],
  },
];

export const POLICY = {
  timeZone: 'America/Chicago',
  hotfix: { defaultDuration: 'PT2H' },
  vendor: { name: 'Acme Cloud' },
};

export const AGENT_HEADERS = {
  Authorization: 'Bearer {{setting.agentToken}}',
  'X-Agent-Id': '901',
  'X-Agent-Name': 'Ada%20Agent',
};

/** The options every request carries besides url, type, data and headers. */
export const COMMON_OPTIONS = {
  contentType: 'application/json',
  secure: true,
  httpCompleteResponse: true,
  dataType: 'json',
};

/** `POST /api/tickets/42/preview` for a booking, as the backend renders it. */
export function bookingPreview(text: string) {
  return {
    type: 'window_scheduled',
    public: true,
    locale: 'fr',
    text,
    html: `<p>${text}</p>`,
    attachments: [{ filename: 'invite.ics', contentType: 'text/calendar' }],
    posts: true,
  };
}
