import { transitionsOf } from '../../../src/core/invites/vtimezone.js';

const year = (zone: string, from: string, to: string) =>
  transitionsOf(zone, Date.parse(from), Date.parse(to)).map((change) => ({
    at: new Date(change.at).toISOString(),
    from: change.from,
    to: change.to,
  }));

describe('transitionsOf', () => {
  it('finds both DST changes of a year to the minute', () => {
    expect(year('America/Chicago', '2026-01-01T06:00:00Z', '2027-01-01T06:00:00Z')).toEqual([
      { at: '2026-03-08T08:00:00.000Z', from: -360, to: -300 },
      { at: '2026-11-01T07:00:00.000Z', from: -300, to: -360 },
    ]);
    expect(year('Europe/Paris', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      { at: '2026-03-29T01:00:00.000Z', from: 60, to: 120 },
      { at: '2026-10-25T01:00:00.000Z', from: 120, to: 60 },
    ]);
  });

  it('finds none in a zone without DST', () => {
    expect(year('Asia/Kolkata', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([]);
  });

  it('finds the southern hemisphere changes', () => {
    expect(year('Australia/Sydney', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      { at: '2026-04-04T16:00:00.000Z', from: 660, to: 600 },
      { at: '2026-10-03T16:00:00.000Z', from: 600, to: 660 },
    ]);
  });
});
