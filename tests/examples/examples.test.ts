import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStart, listWindows, parsePolicy, publishedWindows, type Policy } from '../../src/core/schedule.js';
import { formatInstant } from '../../src/core/time/format.js';

/** The example policies under examples/ (README, "Example policies"), each checked against hand-computed windows. */
function example(name: string): Policy {
  const result = parsePolicy(JSON.parse(readFileSync(join(__dirname, '../../examples', name), 'utf8')));
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.policy;
}

const at = (iso: string): number => Date.parse(iso);

function next(policy: Policy, from: string, count: number, product?: string): string[] {
  return listWindows(policy, { requestAt: at(from), count, ...(product ? { product } : {}) }).map(
    (w) => `${w.rule} ${formatInstant(w.start, w.timeZone)} ${formatInstant(w.end, w.timeZone)}`,
  );
}

describe('examples/tuesday-friday.json: Tuesdays and Fridays 18:00, 6 hours, 7-day lead (Chicago)', () => {
  const policy = example('tuesday-friday.json');

  it('keeps 18:00 on the wall clock across the spring-forward weekend', () => {
    // Requested on Friday 2026-02-27 at noon: the earliest start is Friday 2026-03-06 at noon.
    expect(next(policy, '2026-02-27T12:00:00-06:00', 3)).toEqual([
      'standard 2026-03-06T18:00:00-06:00 2026-03-07T00:00:00-06:00',
      'standard 2026-03-10T18:00:00-05:00 2026-03-11T00:00:00-05:00',
      'standard 2026-03-13T18:00:00-05:00 2026-03-14T00:00:00-05:00',
    ]);
  });

  it('and across the fall-back weekend', () => {
    expect(next(policy, '2026-10-23T12:00:00-05:00', 2)).toEqual([
      'standard 2026-10-30T18:00:00-05:00 2026-10-31T00:00:00-05:00',
      'standard 2026-11-03T18:00:00-06:00 2026-11-04T00:00:00-06:00',
    ]);
  });

  it('skips the year-end freeze', () => {
    expect(next(policy, '2026-12-15T12:00:00-06:00', 2)).toEqual([
      'standard 2026-12-22T18:00:00-06:00 2026-12-23T00:00:00-06:00',
      'standard 2027-01-05T18:00:00-06:00 2027-01-06T00:00:00-06:00',
    ]);
  });
});

describe("examples/organization-approvers.json: README's step 5, tuesday-friday with the organization deciding", () => {
  it("lets the members of the requester's organization decide, with the same windows as tuesday-friday.json", () => {
    const policy = example('organization-approvers.json');
    const base = example('tuesday-friday.json');
    expect(policy.decision.approvers).toBe('organization');
    expect(next(policy, '2026-12-15T12:00:00-06:00', 4)).toEqual(next(base, '2026-12-15T12:00:00-06:00', 4));
  });
});

describe('examples/multi-product.json: Online Community, Communications Professional, quarterly maintenance (ET)', () => {
  const policy = example('multi-product.json');

  it('offers informz its Thursday 19:00-24:00 windows and the quarterly maintenance, across DST', () => {
    // Requested Wednesday 2026-02-11 at noon: the earliest start is 2026-02-18 at noon.
    expect(next(policy, '2026-02-11T12:00:00-05:00', 3, 'informz')).toEqual([
      'informz-weekly 2026-02-19T19:00:00-05:00 2026-02-20T00:00:00-05:00',
      'quarterly 2026-02-20T23:00:00-05:00 2026-02-21T03:00:00-05:00',
      'informz-weekly 2026-02-26T19:00:00-05:00 2026-02-27T00:00:00-05:00',
    ]);
    expect(next(policy, '2026-02-25T12:00:00-05:00', 2, 'informz')).toEqual([
      'informz-weekly 2026-03-05T19:00:00-05:00 2026-03-06T00:00:00-05:00',
      'informz-weekly 2026-03-12T19:00:00-04:00 2026-03-13T00:00:00-04:00',
    ]);
  });

  it('never offers Online Community its routine Wednesdays: only the third Fridays of Feb, May, Aug and Nov', () => {
    expect(next(policy, '2026-01-05T12:00:00-05:00', 5, 'community')).toEqual([
      'quarterly 2026-02-20T23:00:00-05:00 2026-02-21T03:00:00-05:00',
      'quarterly 2026-05-15T23:00:00-04:00 2026-05-16T03:00:00-04:00',
      'quarterly 2026-08-21T23:00:00-04:00 2026-08-22T03:00:00-04:00',
      'quarterly 2026-11-20T23:00:00-05:00 2026-11-21T03:00:00-05:00',
      'quarterly 2027-02-19T23:00:00-05:00 2027-02-20T03:00:00-05:00',
    ]);
  });

  it('publishes the routine Wednesdays and the informz lockouts, with product names', () => {
    const { windows } = publishedWindows(policy, {
      from: at('2026-03-09T00:00:00-04:00'),
      until: at('2026-03-16T00:00:00-04:00'),
    });
    expect(
      windows.map((w) => [formatInstant(w.start, w.timeZone), w.class, w.lockout, w.products.map((p) => p.name)]),
    ).toEqual([
      ['2026-03-11T17:30:00-04:00', 'routine', false, ['Online Community']],
      ['2026-03-12T19:00:00-04:00', 'maintenance', true, ['Communications Professional']],
    ]);
  });
});

describe('examples/monthly-last-saturday.json: last Saturday 22:00-02:00 Mountain, routine, maintenance, hot fix', () => {
  const policy = example('monthly-last-saturday.json');

  it('offers the last Saturday of each month, ending at 02:00 even on the fall-back night', () => {
    // 2026-10-31 22:00 MDT to 2026-11-01 02:00 MST: five hours, the clocks go back at 02:00 MDT.
    expect(next(policy, '2026-09-01T12:00:00-06:00', 4)).toEqual([
      'monthly-maintenance 2026-09-26T22:00:00-06:00 2026-09-27T02:00:00-06:00',
      'monthly-maintenance 2026-10-31T22:00:00-06:00 2026-11-01T02:00:00-07:00',
      'monthly-maintenance 2026-11-28T22:00:00-07:00 2026-11-29T02:00:00-07:00',
      'monthly-maintenance 2026-12-26T22:00:00-07:00 2026-12-27T02:00:00-07:00',
    ]);
  });

  it('never offers the routine updates, and takes a justified hot fix at short notice', () => {
    const requestAt = at('2026-03-02T09:00:00-07:00');
    const routine = checkStart(policy, { start: at('2026-03-05T05:00:00-07:00'), requestAt, class: 'maintenance' });
    expect(routine.reasons.map((reason) => reason.code)).toEqual(['NOT_A_WINDOW', 'LEAD_TIME']);
    const hotfix = checkStart(policy, { start: at('2026-03-02T20:00:00-07:00'), requestAt, class: 'hotfix' });
    expect(hotfix.ok).toBe(true);
    expect(formatInstant(hotfix.window!.end, 'America/Denver')).toBe('2026-03-02T22:00:00-07:00');
  });
});
