import { newUpgrade, type Upgrade } from '../../../src/core/lifecycle/index.js';
import { decodeUpgrade, encodeUpgrade } from '../../../src/server/store/upgrade-codec.js';

describe('the stored upgrade', () => {
  it('keeps every optional field through a round trip (a field the schema forgot would be dropped silently)', () => {
    const window = { rule: 'standard', start: 1_800_000_000_000, end: 1_800_021_600_000, timeZone: 'UTC' };
    const upgrade: Upgrade = {
      ...newUpgrade('42'),
      state: 'unscheduled',
      review: { commentId: '9', evidence: 'deferral budget spent' },
      product: 'informz',
      offer: { windows: [window], offeredAt: 1_799_000_000_000, expiresAt: 1_799_259_200_000 },
      deferrals: 3,
      agreeDate: true,
    };
    expect(decodeUpgrade(encodeUpgrade(upgrade), 42)).toEqual(upgrade);
  });
});
