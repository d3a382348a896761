import { parsePolicy, type Policy } from '../../../src/core/policy/index.js';
import { EXAMPLES } from '../../../src/core/templates/index.js';
import { createRenderer } from '../../../src/server/delivery/render.js';
import type { Requester } from '../../../src/server/delivery/worker.js';

function policyWith(locale: string | undefined): Policy {
  const vendor = { name: 'Nuage SA', email: 'maj@nuage.example', ...(locale !== undefined ? { locale } : {}) };
  const parsed = parsePolicy({
    timeZone: 'America/Chicago',
    rules: [{ id: 'standard', weekly: ['tuesday'], start: '18:00', duration: 'PT6H' }],
    vendor,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.policy;
}

const french: Requester = {
  locale: 'fr-CA',
  timeZone: 'America/Toronto',
  name: 'Chloé',
  email: 'chloe@client.example',
};
const english: Requester = {
  locale: 'en-US',
  timeZone: 'America/New_York',
  name: 'Jane',
  email: 'jane@client.example',
};
const note = { template: 'overrun_warning', public: false, vars: EXAMPLES.overrun_warning };
const unclear = { template: 'unclear_reply', public: false, vars: EXAMPLES.unclear_reply };
const cancelled = { template: 'window_cancelled', public: true, vars: EXAMPLES.window_cancelled };

describe("internal notes in the vendor's language", () => {
  it("writes a French customer's internal notes in English by default", () => {
    const render = createRenderer({ policy: policyWith(undefined), now: () => 0 });
    expect(render(note, french).text).toMatch(/^The upgrade window ends on /);
    expect(render(unclear, french).text).toContain('GO or NO-GO');
  });

  it('writes every internal note in French when vendor.locale is fr, whatever the customer speaks', () => {
    const render = createRenderer({ policy: policyWith('fr'), now: () => 0 });
    expect(render(note, english).text).toMatch(/^La fenêtre de mise à niveau se termine le /);
    expect(render(unclear, english).text).toContain('GO ou NO-GO');
    // French wording and French times, the customer's zone first as in every comment.
    expect(render(note, english).text).toContain('mercredi 2 décembre 2026, 0 h 00 heure normale du centre');
  });

  it("keeps public comments in the customer's language", () => {
    const vendorFrench = createRenderer({ policy: policyWith('fr'), now: () => 0 });
    const vendorEnglish = createRenderer({ policy: policyWith('en'), now: () => 0 });
    expect(vendorFrench(cancelled, english).text).toMatch(/^Hello,/);
    expect(vendorEnglish(cancelled, french).text).toMatch(/^Bonjour,/);
  });
});
