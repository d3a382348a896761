import {
  BUILT_IN_CATALOG,
  EXAMPLES,
  TEMPLATES,
  TEMPLATE_NAMES,
  TemplateError,
  formatInterval,
  languageOf,
  renderComment,
  type RenderOptions,
} from '../../../src/core/templates/index.js';

const policy = { timeZone: 'America/Chicago', vendor: { name: 'Acme Cloud', email: 'upgrades@acme.example' } };
const start = Date.parse('2026-12-01T18:00:00-06:00');
const end = Date.parse('2026-12-02T00:00:00-06:00');
const scheduled = { windowStart: start, windowEnd: end, windowClass: 'maintenance', reason: null };
const options = (locale: string | null, requesterZone: string | null = null): RenderOptions => ({
  locale,
  requesterZone,
  policy,
});

describe('languageOf', () => {
  it('uses French for every French variant and English for anything else', () => {
    expect(['fr', 'fr-CA', 'fr_FR', 'FR-be'].map(languageOf)).toEqual(['fr', 'fr', 'fr', 'fr']);
    expect(['en-GB', 'de', 'es-419', '', null].map(languageOf)).toEqual(['en', 'en', 'en', 'en', 'en']);
  });
});

describe('times', () => {
  it('names the zone and shortens the end of a window crossing midnight', () => {
    expect(formatInterval(start, end, 'America/Chicago', 'en')).toBe(
      'Tuesday, December 1, 2026, 6:00 PM – Wednesday, 12:00 AM Central Standard Time (America/Chicago)',
    );
  });

  it('formats French times as "18 h 00"', () => {
    expect(formatInterval(start, end, 'America/Chicago', 'fr')).toBe(
      'mardi 1 décembre 2026, 18 h 00 – mercredi, 0 h 00 heure normale du centre nord-américain (America/Chicago)',
    );
  });

  it('shows the policy zone once when the requester has none', () => {
    const { text } = renderComment('window_scheduled', scheduled, options(null));
    expect(text).toContain(
      'Your upgrade is scheduled for:\nTuesday, December 1, 2026, 6:00 PM – Wednesday, 12:00 AM Central Standard Time (America/Chicago)\n',
    );
    expect(text.match(/America\/Chicago/g)).toHaveLength(1);
  });

  it("shows the requester's zone first, then the vendor's", () => {
    const { text } = renderComment('window_scheduled', scheduled, options('fr-CA', 'Europe/Paris'));
    expect(text).toContain(
      'mercredi 2 décembre 2026, 1 h 00 – 7 h 00 heure normale de l’Europe centrale (Europe/Paris), soit mardi 1 décembre 2026, 18 h 00 – mercredi, 0 h 00 heure normale du Centre (America/Chicago)',
    );
  });

  it('prints durations in hours and minutes', () => {
    const { text } = renderComment('overrun_warning', { windowEnd: end, minutesLeft: 90 }, options(null));
    expect(text).toBe(
      'The upgrade window ends on Wednesday, December 2, 2026, 12:00 AM Central Standard Time (America/Chicago): 1 h 30 min left and the upgrade is not complete.\nIf it will overrun, report decision_requested to ask the customer for GO or NO-GO.',
    );
  });
});

describe('the window comment', () => {
  it('says what to prepare, in English and in French', () => {
    const english = renderComment('window_scheduled', scheduled, options('en-US')).text;
    expect(english).toContain('- alert your staff and members that the service will be unavailable;');
    expect(english).toContain('- adjust schedules and sessions planned during the window;');
    expect(english).toContain(
      'review the send times of scheduled activities (emails, exports, reminders): they resume after the window;',
    );
    expect(english).toContain('- add the attached invite to your calendar;');
    expect(english.endsWith('\n\nAcme Cloud')).toBe(true);
    const french = renderComment('window_scheduled', scheduled, options('fr')).text;
    expect(french).toMatch(/^Bonjour,\n\nVotre mise à niveau est planifiée pour :\nmardi 1 décembre 2026, 18 h 00/);
    expect(french).toContain('- ajoutez l’invitation jointe à votre agenda');
  });

  it('renders HTML with paragraphs and a list', () => {
    const { html } = renderComment('window_scheduled', scheduled, options(null));
    expect(html).toMatch(/^<p>Hello,<\/p>\n<p>Your upgrade is scheduled for:<br>Tuesday, December 1, 2026, 6:00 PM/);
    expect(html).toContain('<ul><li>alert your staff and members that the service will be unavailable;</li><li>');
    expect(html.endsWith('<p>Acme Cloud</p>')).toBe(true);
  });

  it('shows optional lines only with their variable', () => {
    const hotfix = renderComment(
      'window_scheduled',
      { ...scheduled, windowClass: 'hotfix', reason: 'security fix' },
      options(null),
    );
    expect(hotfix.text).toContain('Your upgrade (a hot fix) is scheduled for:\n');
    expect(hotfix.text).toContain('(America/Chicago)\nReason: security fix\n\nYour environment');
    expect(renderComment('window_scheduled', scheduled, options(null)).text).toContain(
      '(America/Chicago)\n\nYour environment',
    );
  });
});

describe('decision_requested', () => {
  it('says why, the new end, how to answer and the deadline', () => {
    const { text } = renderComment('decision_requested', EXAMPLES.decision_requested, options(null));
    expect(text).toContain('Why: the database migration of eu-1 is slower than planned');
    expect(text).toContain(
      'New anticipated end: Wednesday, December 2, 2026, 2:00 AM Central Standard Time (America/Chicago)',
    );
    expect(text).toContain('- GO: we complete the upgrade, even outside the window');
    expect(text).toContain('- NO-GO: we roll your environment back to its original state');
    expect(text).toContain(
      'Please reply before Tuesday, December 1, 2026, 11:30 PM Central Standard Time (America/Chicago).',
    );
    expect(text).toContain('the upgrade stays paused');
  });
});

describe('safety', () => {
  it('escapes every variable in the HTML, and only there', () => {
    const vars = { instance: 'eu-1', reason: '<script>alert("x")</script> & co' };
    const { text, html } = renderComment('instance_upgrade_failed', vars, options(null));
    expect(html).toContain('Reason: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>');
    expect(text).toContain('Reason: <script>alert("x")</script> & co');
  });

  it('keeps the line breaks of a quoted reply inside its paragraph', () => {
    const vars = { author: 'Dana', reply: 'Hmm.\n\n- maybe?', organization: null };
    const { html } = renderComment('unclear_reply', vars, options(null));
    expect(html).toContain('<p>Dana wrote:<br>Hmm.<br><br>- maybe?</p>');
  });

  it("names who may decide in the review notes: the requester, and the organization's members when they may", () => {
    const reply = { author: 'Dana Whitfield (12)', reply: 'Ok, thanks.' };
    const unclear = (organization: string | null) =>
      renderComment('unclear_reply', { ...reply, organization }, options(null))
        .text.split('\n')
        .slice(0, 2);
    expect(unclear('Globex Corporation')).toEqual([
      "Dana Whitfield (12)'s reply does not say GO or NO-GO clearly, so nothing was done. Please read it and record the decision from the sidebar, or ask the customer.",
      'Who may decide: the requester and the members of Globex Corporation.',
    ]);
    expect(unclear(null)[1]).toBe('Who may decide: the requester.');
    const late = { author: 'Dana Whitfield (12)', decision: 'GO', why: 'after_completion', state: 'completed' };
    const { text } = renderComment(
      'reply_not_acted_on',
      { ...late, organization: 'Globex Corporation' },
      options(null),
    );
    expect(text).toContain('Who may decide: the requester and the members of Globex Corporation.');
  });

  it('names a missing, an unknown, a null or a mistyped variable', () => {
    const render = (vars: Record<string, unknown>) => () => renderComment('window_cancelled', vars, options(null));
    expect(render({ windowStart: start, reason: null, color: 'red' })).toThrow(
      new TemplateError('window_cancelled', ['missing variable windowEnd', 'unknown variable color']),
    );
    expect(render({ windowStart: start, windowEnd: null, reason: null })).toThrow(
      'window_cancelled: variable windowEnd must not be null',
    );
    expect(render({ windowStart: '2026-12-01', windowEnd: end, reason: null })).toThrow(
      'window_cancelled: variable windowStart must be an instant (epoch milliseconds)',
    );
    expect(() => renderComment('upgrade_exploded', {}, options(null))).toThrow('upgrade_exploded: unknown template');
  });

  it('renders every template in both languages with no hole, no placeholder and no "undefined"', () => {
    for (const name of TEMPLATE_NAMES) {
      for (const locale of ['en', 'fr']) {
        const { text, html } = renderComment(name, EXAMPLES[name], options(locale, 'Europe/Paris'));
        expect([name, locale, /undefined|null|NaN|\{|\}/.test(text + html)]).toEqual([name, locale, false]);
        expect(text.length).toBeGreaterThan(20);
      }
    }
  });

  it('renders internal notes in English unless a locale is asked', () => {
    expect(TEMPLATES.unclear_reply.audience).toBe('internal');
    expect(renderComment('missed_start', EXAMPLES.missed_start, options(null)).text).toMatch(
      /^The upgrade window started on Tuesday/,
    );
    expect(renderComment('missed_start', EXAMPLES.missed_start, options('fr')).text).toMatch(
      /^La fenêtre de mise à niveau a commencé le mardi/,
    );
  });
});

describe('vendor overrides', () => {
  it('render with the catalog given, and sign with the policy vendor', () => {
    const catalog = structuredClone(BUILT_IN_CATALOG);
    catalog.en!.templates.validation_completed = 'All green. — {vendorName} <{vendorEmail}>';
    const rendered = renderComment('validation_completed', {}, { ...options(null), catalog });
    expect(rendered).toEqual({
      text: 'All green. — Acme Cloud <upgrades@acme.example>',
      html: '<p>All green. — Acme Cloud &lt;upgrades@acme.example&gt;</p>',
    });
  });
});
