import { DateTime } from 'luxon';
import type { Policy } from '../../core/schedule.js';
import type { Instant } from '../../core/types.js';
import type { Language } from '../../core/templates/format.js';
import { renderScheduleHtml, type SchedulePageOptions } from './schedule-html.js';
import { publicSchedule, renderScheduleIcs, type PublicSchedule } from './schedule-page.js';

/** The longest period the public routes take (`months`, 1 to 24). */
export const MAX_PUBLIC_MONTHS = 24;

export interface ScheduleCacheOptions {
  /** Renderings kept (the newest win). */
  entries?: number;
  /** Renderings one client may cause per minute; answers from the cache do not count. */
  rendersPerClientPerMinute?: number;
}

/** What GET /schedule.ics asks for: the period, one product's feed, the language of its texts. */
export interface FeedRequest {
  months: number;
  product?: string | undefined;
  lang?: Language;
}

/** What GET /schedule asks for: the feed's parameters, the zone of the times and where the page was asked for. */
export interface PageRequest extends FeedRequest {
  zone: string;
  origin?: SchedulePageOptions['origin'];
}

/** What a public route answers: the text, or `limited` with the seconds until the client may ask again. */
export type PublicAnswer = { text: string } | { limited: number };

const MINUTE_MS = 60_000;

/**
 * The public schedule routes' work, bounded whatever the callers ask. They are public, and each distinct `tz` and
 * `months` used to cost a full expansion of the policy (4.6 s of CPU per request for 100,000 rules), so varying them
 * bypassed the cache. Now, per minute:
 * - the policy is expanded once, over MAX_PUBLIC_MONTHS; a shorter period is a prefix of it (`scheduleFor`), exact
 *   because the expansion lists windows in start order;
 * - each rendering (HTML per zone, period, product, language and origin, the feed per period, product and
 *   language) is kept, keyed on normalised parameters;
 * - one client may cause at most `rendersPerClientPerMinute` renderings; past that it gets a 429 until the next
 *   minute, while cached answers still reach it.
 */
export class PublicScheduleCache {
  private slot = -1;
  private expansion: { from: Instant; schedule: PublicSchedule } | null = null;
  private readonly renderings = new Map<string, string>();
  private readonly rendersByClient = new Map<string, number>();
  private readonly entries: number;
  private readonly perClient: number;

  constructor(
    private readonly policy: Policy,
    options: ScheduleCacheOptions = {},
  ) {
    this.entries = options.entries ?? 128;
    this.perClient = options.rendersPerClientPerMinute ?? 20;
  }

  html(page: PageRequest, now: Instant, client: string): PublicAnswer {
    const { months, product, lang = 'en', origin = null } = page;
    const zone = canonicalZone(page.zone);
    const where = origin === null ? '' : `${origin.scheme}://${origin.host}${origin.base}`;
    return this.answer(`html|${zone}|${months}|${product ?? ''}|${lang}|${where}`, now, client, () =>
      renderScheduleHtml(this.policy, this.scheduleFor(months, now, product), { zone, lang, origin }),
    );
  }

  /** The feed; a product's own feed carries a reminder a day before each window. */
  ics(feed: FeedRequest, now: Instant, client: string): PublicAnswer {
    const { months, product, lang = 'en' } = feed;
    return this.answer(`ics|${months}|${product ?? ''}|${lang}`, now, client, () =>
      renderScheduleIcs(this.policy, this.scheduleFor(months, now, product), { remind: product !== undefined, lang }),
    );
  }

  private answer(key: string, now: Instant, client: string, render: () => string): PublicAnswer {
    this.turnOver(now);
    const kept = this.renderings.get(key);
    if (kept !== undefined) return { text: kept };
    const used = this.rendersByClient.get(client) ?? 0;
    if (used >= this.perClient) return { limited: Math.max(1, Math.ceil((MINUTE_MS - (now % MINUTE_MS)) / 1000)) };
    this.rendersByClient.set(client, used + 1);
    const text = render();
    this.renderings.set(key, text);
    if (this.renderings.size > this.entries) this.renderings.delete(this.renderings.keys().next().value!);
    return { text };
  }

  /** A new minute: the schedule moved on, so every rendering and every client's count start again. */
  private turnOver(now: Instant): void {
    const slot = Math.floor(now / MINUTE_MS);
    if (slot === this.slot) return;
    this.slot = slot;
    this.expansion = null;
    this.renderings.clear();
    this.rendersByClient.clear();
  }

  /**
   * The schedule over `months` from the minute's first request, cut from the minute's one expansion; only the
   * windows serving `product` when given (a window lists every product its rule serves).
   */
  private scheduleFor(months: number, now: Instant, product?: string): PublicSchedule {
    this.expansion ??= { from: now, schedule: publicSchedule(this.policy, now, MAX_PUBLIC_MONTHS) };
    const { from, schedule: all } = this.expansion;
    const until = DateTime.fromMillis(from, { zone: this.policy.timeZone }).plus({ months }).toMillis();
    const windows = all.windows.filter(
      (window) =>
        window.start < until && (product === undefined || window.products.some((served) => served.id === product)),
    );
    // Cut short only if the full expansion was, and its last listed window starts before this period's end.
    const last = all.windows.at(-1);
    const truncated = all.truncated && last !== undefined && last.start < until;
    const lastListed = truncated ? last.start : until;
    const blackouts = this.policy.blackouts.filter((period) => period.end > from && period.start < lastListed);
    return { windows, blackouts, truncated };
  }
}

/** `europe/paris` → `Europe/Paris`: one cache entry per zone however it is spelt. */
function canonicalZone(zone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return zone;
  }
}
