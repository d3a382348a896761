import { parsePolicy } from '../../../src/core/policy/index.js';

const base = {
  timeZone: 'America/Chicago',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H' }],
};

describe('parsePolicy: offer and selfService (docs/POLICY.md)', () => {
  it('defaults to offers lapsing after P3D, no automatic move and two deferrals', () => {
    const result = parsePolicy(base);
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.policy.offer).toEqual({ expiresMinutes: 3 * 24 * 60 });
    expect(result.policy.selfService).toEqual({ reschedule: false, maxDeferrals: 2 });
  });

  it('reads the keys a vendor sets, and reports them in json', () => {
    const result = parsePolicy({
      ...base,
      offer: { expires: 'PT36H' },
      selfService: { reschedule: true, maxDeferrals: 0 },
    });
    if (!result.ok) throw new Error(result.errors.join('; '));
    expect(result.policy.offer).toEqual({ expiresMinutes: 36 * 60 });
    expect(result.policy.selfService).toEqual({ reschedule: true, maxDeferrals: 0 });
    expect(result.policy.json).toMatchObject({
      offer: { expires: 'PT36H' },
      selfService: { reschedule: true, maxDeferrals: 0 },
    });
  });

  it.each([
    [{ offer: { expires: 'P0D' } }, 'offer.expires'],
    [{ offer: { expire: 'P3D' } }, 'offer'],
    [{ selfService: { reschedule: 'yes' } }, 'selfService.reschedule'],
    [{ selfService: { maxDeferrals: -1 } }, 'selfService.maxDeferrals'],
    [{ selfService: { maxDeferrals: 1.5 } }, 'selfService.maxDeferrals'],
    [{ selfService: { maxDeferrals: 1000 } }, 'selfService.maxDeferrals'],
  ])('refuses %j, naming %s', (extra, path) => {
    const result = parsePolicy({ ...base, ...extra });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((error) => error.startsWith(path))).toBe(true);
  });
});
