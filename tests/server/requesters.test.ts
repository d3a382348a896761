import { RequesterDirectory } from '../../src/server/requesters.js';
import type { ZendeskClient } from '../../src/zendesk/client/index.js';
import type { ZendeskTicket, ZendeskUser } from '../../src/zendesk/types.js';

// The ticket view's requester lookup: a Zendesk client pacing itself to the rate limits may hold a request until
// the budget resets, and a booking's answer must not wait for it.

const DANA = { name: 'Dana', email: 'dana@customer.example', locale: 'fr-FR', iana_time_zone: 'Europe/Paris' };

function zendeskWith(getTicket: () => Promise<ZendeskTicket>): ZendeskClient {
  return {
    getTicket,
    getUser: async () => DANA as unknown as ZendeskUser,
  } as unknown as ZendeskClient;
}

describe('RequesterDirectory', () => {
  it('answers "unknown" when Zendesk holds the lookup past the wait, and fills the cache once it answers', async () => {
    let release: (ticket: ZendeskTicket) => void = () => undefined;
    const held = new Promise<ZendeskTicket>((resolve) => {
      release = resolve;
    });
    const directory = new RequesterDirectory(
      zendeskWith(() => held),
      () => 0,
      20,
    );
    expect(await directory.of(7)).toEqual({ locale: null, timeZone: null, name: null, email: null });
    release({ requester_id: 11 } as ZendeskTicket);
    await held;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await directory.of(7)).toMatchObject({ name: 'Dana', locale: 'fr-FR', timeZone: 'Europe/Paris' });
  });

  it('answers with the requester when Zendesk answers within the wait', async () => {
    const directory = new RequesterDirectory(
      zendeskWith(async () => ({ requester_id: 11 }) as ZendeskTicket),
      () => 0,
      5_000,
    );
    expect(await directory.of(7)).toMatchObject({ name: 'Dana', email: 'dana@customer.example' });
  });
});
