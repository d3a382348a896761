import type { ZendeskClient } from '../zendesk/client/index.js';
import { requesterOf, type Requester } from './delivery/worker.js';

const CACHE_MS = 5 * 60_000;
/** Tickets remembered at most; the oldest entry goes first, so memory stays bounded however many are viewed. */
const MAX_ENTRIES = 10_000;
const UNKNOWN: Requester = { locale: null, timeZone: null, name: null, email: null };
/**
 * How long a view waits for Zendesk. The client paces itself to Zendesk's rate limits and may hold a request until
 * the account budget resets (up to a minute): a booking's answer must not wait that long for a name and a zone.
 */
const VIEW_WAIT_MS = 2_000;

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
    private readonly waitMs = VIEW_WAIT_MS,
  ) {}

  /**
   * The ticket's requester; all unknown when Zendesk cannot say (an unknown ticket, Zendesk unreachable) or not
   * within `waitMs`. A late answer still fills the cache, so the next view has it.
   */
  async of(ticketId: number): Promise<Requester> {
    if (this.zendesk === null) return UNKNOWN;
    const cached = this.cache.get(ticketId);
    if (cached !== undefined && this.now() - cached.at < CACHE_MS) return cached.requester;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Requester>((resolve) => {
      timer = setTimeout(() => resolve(UNKNOWN), this.waitMs);
      timer.unref();
    });
    try {
      return await Promise.race([this.lookUp(this.zendesk, ticketId), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async lookUp(client: ZendeskClient, ticketId: number): Promise<Requester> {
    const now = this.now();
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
