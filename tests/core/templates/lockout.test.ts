import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEvent, book, newUpgrade, type LifecycleResult } from '../../../src/core/lifecycle/index.js';
import { parsePolicy, type Policy } from '../../../src/core/schedule.js';
import { renderComment, TemplateError } from '../../../src/core/templates/render.js';
import { WINDOW, at } from '../lifecycle/helpers.js';

const policy = { timeZone: 'America/Chicago', vendor: { name: 'Acme Cloud', email: 'upgrades@acme.example' } };
const scheduled = { windowStart: WINDOW.start, windowEnd: WINDOW.end, windowClass: 'maintenance', reason: null };
const render = (name: string, vars: Record<string, unknown>, locale = 'en') =>
  renderComment(name, vars, { locale, requesterZone: null, policy }).text;

describe('lockout windows in comments (docs/POLICY.md)', () => {
  it('says users will be locked out when the booked rule has lockout: true, in English and French', () => {
    expect(render('window_scheduled', { ...scheduled, lockout: true })).toContain(
      'Users will be locked out for the whole window: nobody can sign in until it ends.',
    );
    expect(render('window_scheduled', { ...scheduled, lockout: true }, 'fr')).toContain(
      'Les utilisateurs seront bloqués pendant toute la fenêtre',
    );
    expect(render('upgrade_started', { windowEnd: WINDOW.end, lockout: true })).toContain(
      'Users are locked out until the window ends.',
    );
    expect(render('upgrade_started', { windowEnd: WINDOW.end, lockout: true }, 'fr')).toContain(
      'Les utilisateurs sont bloqués jusqu’à la fin de la fenêtre.',
    );
  });

  it('says nothing of a lockout when the flag is false or left out (comments queued before it existed)', () => {
    const without = render('window_scheduled', scheduled);
    expect(render('window_scheduled', { ...scheduled, lockout: false })).toBe(without);
    expect(without).not.toMatch(/locked out/);
    expect(render('upgrade_started', { windowEnd: WINDOW.end })).not.toMatch(/locked out/);
  });

  it('refuses a lockout that is not true or false', () => {
    expect(() => render('window_scheduled', { ...scheduled, lockout: 'yes' })).toThrow(
      new TemplateError('window_scheduled', ['variable lockout must be true or false']),
    );
  });
});

describe('the lifecycle passes the lockout of the booked rule', () => {
  const parsed = parsePolicy(JSON.parse(readFileSync(join(__dirname, '../../../examples/multi-product.json'), 'utf8')));
  const full = (parsed as { ok: true; policy: Policy }).policy;
  const ctx = (now: number) => ({ now, policy: full, nextWindow: () => null });
  const commentVars = (result: LifecycleResult) =>
    result.ok ? result.effects.flatMap((effect) => (effect.kind === 'comment' ? [effect.vars] : [])) : [];

  it('on the scheduled and the started comments of a lockout rule only', () => {
    const requestedAt = at('2026-11-22T12:00:00Z');
    const informz = { ...WINDOW, rule: 'informz-weekly' };
    const booked = book(newUpgrade('7'), { window: informz, class: 'maintenance', requestedAt }, ctx(requestedAt));
    expect(commentVars(booked)[0]).toMatchObject({ lockout: true });
    const started = applyEvent(
      (booked as { ok: true; upgrade: ReturnType<typeof newUpgrade> }).upgrade,
      { type: 'upgrade_started', key: 'k1' },
      ctx(WINDOW.start),
    );
    expect(commentVars(started)[0]).toEqual({ windowEnd: WINDOW.end, lockout: true });
    const quarterly = { ...WINDOW, rule: 'quarterly' };
    const plain = book(newUpgrade('8'), { window: quarterly, class: 'maintenance', requestedAt }, ctx(requestedAt));
    expect(commentVars(plain)[0]).not.toHaveProperty('lockout');
  });
});
