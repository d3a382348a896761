import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { join } from 'node:path';
import { lifecycleContext } from '../../src/server/changes/context.js';
import { productFor } from '../../src/server/use-cases/products.js';
import { call, policyOf, startStack, type Stack } from './helpers.js';

const page = (answer: { body: unknown }) => answer.body as string;
const headings = (html: string, tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]);

const NOW = Date.parse('2026-11-23T15:00:00Z'); // Monday 10:00 in New York; lead time P7D
const INFORMZ_WINDOW = '2026-12-03T19:00:00-05:00'; // Thursday
const COMMUNITY_WINDOW = '2026-12-02T17:30:00-05:00'; // Wednesday

const example = JSON.parse(readFileSync(join(__dirname, '../../examples/multi-product.json'), 'utf8')) as {
  rules: { id: string; class?: string }[];
};
/** The example with the Community evenings bookable, so that a wrong offer would show. */
const bookableCommunity = {
  ...example,
  rules: example.rules.map((rule) => {
    if (rule.id !== 'community-weekly') return rule;
    const { class: _routine, ...maintenance } = rule;
    return maintenance;
  }),
};

type Offer = { rule: string; start: string };
const rulesOf = (offers: Offer[]) => [...new Set(offers.map((offer) => offer.rule))].sort();

describe('products in the API (docs/POLICY.md, docs/API.md)', () => {
  let stack: Stack;
  let base: string;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW, policy: policyOf(bookableCommunity) });
    base = stack.backend.url;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('offers only a product’s windows with product=, and names an unknown product with 400', async () => {
    const every = await call(base, 'GET', '/api/windows?count=10');
    expect(rulesOf(every.body)).toEqual(['community-weekly', 'informz-weekly']);
    const informz = await call(base, 'GET', '/api/windows?count=10&product=informz');
    expect(rulesOf(informz.body)).toEqual(['informz-weekly']);
    const unknown = await call(base, 'GET', '/api/windows?product=nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('UNKNOWN_PRODUCT');
    expect(unknown.body.error.message).toContain('"nope"');
    expect(unknown.body.error.message).toContain('community, informz');
  });

  it('refuses a booking without a product with 400 PRODUCT_REQUIRED and stores nothing', async () => {
    const refused = await call(base, 'POST', '/api/tickets/7001/window', {
      body: { start: INFORMZ_WINDOW, class: 'maintenance' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'PRODUCT_REQUIRED']);
    const ticket = await call(base, 'GET', '/api/tickets/7001');
    expect([ticket.body.state, ticket.body.product]).toEqual(['unscheduled', null]);
    const unknown = await call(base, 'POST', '/api/tickets/7001/window', {
      body: { start: INFORMZ_WINDOW, class: 'maintenance', product: 'crm' },
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'UNKNOWN_PRODUCT']);
  });

  it('never offers an Informz ticket a Community window, nor lets it move into one', async () => {
    const booked = await call(base, 'POST', '/api/tickets/7002/window', {
      body: { start: INFORMZ_WINDOW, class: 'maintenance', product: 'informz' },
    });
    expect([booked.status, booked.body.product, booked.body.booking.rule]).toEqual([201, 'informz', 'informz-weekly']);
    expect((await call(base, 'GET', '/api/tickets/7002')).body.product).toBe('informz');

    // The ticket's own product applies when the request names none.
    const offered = await call(base, 'GET', '/api/windows?count=30&ticket=7002&all=true');
    expect(offered.body).toHaveLength(30);
    expect(rulesOf(offered.body)).toEqual(['informz-weekly', 'quarterly']);
    const moved = await call(base, 'POST', '/api/tickets/7002/window', {
      body: { start: COMMUNITY_WINDOW, class: 'maintenance' },
    });
    expect([moved.status, moved.body.error.code]).toEqual([409, 'WINDOW_UNAVAILABLE']);
    expect((await call(base, 'GET', '/api/tickets/7002')).body.booking.start).toBe(INFORMZ_WINDOW);
  });

  it('gives a No-Go path only the ticket’s product’s next window', () => {
    const policy = policyOf(bookableCommunity);
    const wednesdayNoon = Date.parse('2026-12-02T17:00:00Z');
    expect(lifecycleContext(policy, new Map(), wednesdayNoon).nextWindow(wednesdayNoon)?.rule).toBe('community-weekly');
    expect(lifecycleContext(policy, new Map(), wednesdayNoon, 'informz').nextWindow(wednesdayNoon)?.rule).toBe(
      'informz-weekly',
    );
  });
});

describe('the published schedule by product, quarter and language (docs/POLICY.md, docs/API.md)', () => {
  let stack: Stack;
  let base: string;
  beforeAll(async () => {
    stack = await startStack({ now: () => NOW, policy: policyOf(example) });
    base = stack.backend.url;
  });
  afterAll(async () => {
    await stack.close();
  });

  it('serves a per-product feed naming the product, with a reminder a day before, right across DST', async () => {
    const answer = await call(base, 'GET', '/schedule.ics?product=informz');
    expect(answer.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(answer.body as string));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(40);
    for (const vevent of events) {
      const summary = String(vevent.getFirstPropertyValue('summary'));
      expect(summary).toContain('Communications Professional');
      // Shared quarterly windows name both products; the Community evenings never appear.
      expect(summary).not.toContain('routine update');
      const alarms = vevent.getAllSubcomponents('valarm');
      expect(alarms).toHaveLength(1);
      expect(String(alarms[0]!.getFirstPropertyValue('trigger'))).toBe('-P1D');
    }
    const starts = events.map((vevent) => new ICAL.Event(vevent).startDate.toJSDate().toISOString());
    // Thursdays 19:00 in New York: 00:00Z under EST, 23:00Z once DST starts (14 March 2027).
    expect(starts).toContain('2027-03-05T00:00:00.000Z');
    expect(starts).toContain('2027-03-18T23:00:00.000Z');
    const lockout = events.find((vevent) => String(vevent.getFirstPropertyValue('summary')).includes('locked out'));
    expect(lockout).toBeDefined();
  });

  it('marks routine updates and names the products on the page and the full feed', async () => {
    const page = await call(base, 'GET', '/schedule');
    expect(page.body as string).toContain('Online Community · routine update (no downtime)');
    expect(page.body as string).toContain('Communications Professional · users locked out');
    expect(page.body as string).toContain('Online Community, Communications Professional');
    expect(page.body as string).toMatch(
      /<li>Communications Professional: <a href="webcal:\/\/127\.0\.0\.1:\d+\/schedule\.ics\?product=informz">subscribe<\/a>/,
    );
    const feed = await call(base, 'GET', '/schedule.ics');
    const events = new ICAL.Component(ICAL.parse(feed.body as string)).getAllSubcomponents('vevent');
    expect(events.some((vevent) => String(vevent.getFirstPropertyValue('summary')).includes('routine update'))).toBe(
      true,
    );
    // Only the per-product feed carries reminders.
    expect(events.every((vevent) => vevent.getAllSubcomponents('valarm').length === 0)).toBe(true);
  });

  it('groups the windows by product, then by quarter, with every product’s windows last', async () => {
    const html = page(await call(base, 'GET', '/schedule', { token: null }));
    expect(headings(html, 'h2')).toEqual([
      'Add these windows to your calendar',
      'Online Community',
      'Communications Professional',
      'All products',
    ]);
    const [, , community, informz, all] = html.split('<h2>');
    expect(headings(community!, 'h3')).toEqual(['2026 Q4', '2027 Q1', '2027 Q2']);
    expect(headings(informz!, 'h3')).toEqual(['2026 Q4', '2027 Q1', '2027 Q2']);
    expect(informz).not.toContain('Online Community');
    // The quarterly windows of February and May serve both products.
    expect(headings(all!, 'h3')).toEqual(['2027 Q1', '2027 Q2']);
    expect(all).toContain('Fri 19 Feb 2027, 23:00 – 03:00 (+1 day) ET');
  });

  it('writes times with ET across the change to summer time, and CET/CEST for Paris', async () => {
    const html = page(await call(base, 'GET', '/schedule', { token: null }));
    expect(html).toContain('Times in America/New_York (ET).');
    // 19:00 in New York, under EST then EDT (summer time from 14 March 2027).
    expect(html).toContain('<time datetime="2027-03-12T00:00:00.000Z">Thu 11 Mar 2027, 19:00 – 00:00 (+1 day) ET');
    expect(html).toContain('<time datetime="2027-03-18T23:00:00.000Z">Thu 18 Mar 2027, 19:00 – 00:00 (+1 day) ET');
    const paris = page(await call(base, 'GET', '/schedule?tz=Europe/Paris', { token: null }));
    expect(paris).toContain('Times in Europe/Paris (CET, CEST).');
    // Between the American and the European change, New York's 19:00 is Paris's 00:00, not 01:00.
    expect(paris).toContain('Fri 19 Mar 2027, 00:00 – 05:00 CET');
    expect(paris).toContain('Fri 2 Apr 2027, 01:00 – 06:00 CEST');
  });

  it('points the subscribe links under PUBLIC_URL, with its path prefix, whatever Host the request names', async () => {
    const published = await startStack({
      now: () => NOW,
      policy: policyOf(bookableCommunity),
      publicUrl: 'https://vendor.example/upgrades',
    });
    try {
      const html = page(
        await call(published.backend.url, 'GET', '/schedule', { headers: { host: 'attacker.example' } }),
      );
      expect(html).toContain('href="webcal://vendor.example/upgrades/schedule.ics?product=informz"');
      expect(html).toContain('href="https://vendor.example/upgrades/schedule.ics?product=informz"');
      expect(html).not.toContain('attacker.example');
    } finally {
      await published.close();
    }
  });

  it('writes the page in French with ?lang=fr: words, product names, quarters, times and feed links', async () => {
    const answer = await call(base, 'GET', '/schedule?lang=fr', { token: null });
    expect(answer.status).toBe(200);
    const html = page(answer);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<h1>Multi-Product Vendor : fenêtres de mise à jour</h1>');
    expect(headings(html, 'h2')).toEqual([
      'Ajouter ces fenêtres à votre agenda',
      'Communauté en ligne',
      'Communications Professional',
      'Tous les produits',
    ]);
    expect(headings(html, 'h3')).toContain('1er trimestre 2027');
    expect(headings(html, 'h3')).toContain('4e trimestre 2026');
    expect(html).toContain('mer. 2 déc. 2026, 17 h 30 – 20 h 30 ET');
    expect(html).toContain('Communauté en ligne · mise à jour courante (sans interruption)');
    expect(html).toContain('Communications Professional · utilisateurs sans accès');
    expect(html).toContain('ven. 19 févr. 2027, 23 h 00 – 3 h 00 (+1 jour) ET');
    expect(html).toMatch(/href="webcal:\/\/127\.0\.0\.1:\d+\/schedule\.ics\?product=community&#38;lang=fr">s’abonner/);
    expect(html).not.toContain('Add these windows');
  });

  it('chooses French from Accept-Language, ?lang= first, and says the page varies with it', async () => {
    const french = await call(base, 'GET', '/schedule', {
      token: null,
      headers: { 'accept-language': 'fr-CA,en;q=0.5' },
    });
    expect(page(french)).toContain('<html lang="fr">');
    expect(french.headers.get('vary')).toContain('Accept-Language');
    const english = await call(base, 'GET', '/schedule?lang=en', { token: null, headers: { 'accept-language': 'fr' } });
    expect(page(english)).toContain('<html lang="en">');
  });

  it('refuses an unknown language with 400 naming it', async () => {
    for (const path of ['/schedule?lang=de', '/schedule.ics?lang=de']) {
      const answer = await call(base, 'GET', path, { token: null });
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toContain('"de" is not a language of the schedule; use en or fr');
    }
  });

  it('serves the Informz feed in French, read by ical.js: only its windows, named, each with a reminder', async () => {
    const answer = await call(base, 'GET', '/schedule.ics?product=informz&lang=fr', { token: null });
    const calendar = new ICAL.Component(ICAL.parse(page(answer)));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Multi-Product Vendor : fenêtres de mise à jour');
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(40);
    for (const vevent of events) {
      const summary = String(vevent.getFirstPropertyValue('summary'));
      expect(summary).toMatch(/^Multi-Product Vendor : fenêtre de mise à jour \(.*Communications Professional/);
      expect(summary).not.toContain('mise à jour courante');
      const [alarm, ...others] = vevent.getAllSubcomponents('valarm');
      expect(others).toEqual([]);
      expect(String(alarm!.getFirstPropertyValue('trigger'))).toBe('-P1D');
    }
    const lockout = events.find((vevent) => String(vevent.getFirstPropertyValue('summary')).includes('sans accès'));
    expect(lockout?.getFirstPropertyValue('description')).toBe(
      'Les utilisateurs n’ont pas accès au service pendant cette fenêtre.',
    );
  });

  it('names an unknown product with 400 on the public routes', async () => {
    for (const path of ['/schedule?product=crm', '/schedule.ics?product=crm']) {
      const answer = await call(base, 'GET', path);
      expect([answer.status, answer.body.error.code]).toEqual([400, 'UNKNOWN_PRODUCT']);
    }
  });
});

describe('productFor', () => {
  const withProducts = policyOf(example);
  const without = policyOf({ timeZone: 'UTC', rules: [{ id: 'r', weekly: ['monday'], start: '01:00', end: '02:00' }] });

  it('takes the named product, else the stored one, and forgets a stored product the policy dropped', () => {
    expect(productFor(withProducts, 'community', 'informz')).toBe('community');
    expect(productFor(withProducts, undefined, 'informz')).toBe('informz');
    expect(productFor(withProducts, undefined, 'gone')).toBeUndefined();
    expect(() => productFor(withProducts, undefined, 'gone', true)).toThrow(/say which product/);
  });

  it('asks nothing of a policy without products, and names a product it does not know', () => {
    expect(productFor(without, undefined, undefined, true)).toBeUndefined();
    expect(() => productFor(without, 'informz', undefined)).toThrow(
      'unknown product "informz" (the policy has no products)',
    );
  });
});
