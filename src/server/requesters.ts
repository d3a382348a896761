import type { ZendeskClient } from '../zendesk/client/index.js';
import { requesterOf, type Requester } from './delivery/worker.js';

const CACHE_MS = 5 * 60_000;
/** Tickets remembered at most; the oldest entry goes first, so memory stays bounded however many are viewed. */
const MAX_ENTRIES = 10_000;
const UNKNOWN: Requester = { locale: null, timeZone: null, name: null, email: null };

/**
 * Each ticket's requester (locale, zone, name, address) as the ticket view and the comment preview show them,
 * read from Zendesk and kept a few minutes, since the sidebar asks for the same ticket again and again.
 */
export class RequesterDirectory {
  private readonly cache = new Map<number, { at: number; requester: Requester }>();

  constructor(
    /** Null when no Zendesk is reachable (tests of the HTTP rules): requesters are then unknown. */
    private readonly zendesk: ZendeskClient | null,
    private readonly now: () => number,
  ) {}

  /** The ticket's requester; all unknown when Zendesk cannot say (an unknown ticket, Zendesk unreachable). */
  async of(ticketId: number): Promise<Requester> {
    const client = this.zendesk;
    if (client === null) return UNKNOWN;
    const now = this.now();
    const cached = this.cache.get(ticketId);
    if (cached !== undefined && now - cached.at < CACHE_MS) return cached.requester;
    try {
      const ticket = await client.getTicket(ticketId);
      const requester = requesterOf(await client.getUser(ticket.requester_id));
      this.cache.delete(ticketId);
      this.cache.set(ticketId, { at: now, requester });
      if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      return requester;
    } catch {
      // The view still answers, without the requester.
      return UNKNOWN;
    }
  }
}
