import { readMoveReply, readOfferReply } from '../../../src/core/decisions/index.js';

const at = (iso: string) => Date.parse(iso);

describe('readOfferReply: which offered window a reply names', () => {
  // Tuesday 8, Friday 11 and Tuesday 15 December 2026, 18:00 in Chicago.
  const chicago = {
    windows: ['2026-12-08T18:00:00-06:00', '2026-12-11T18:00:00-06:00', '2026-12-15T18:00:00-06:00'].map((start) => ({
      start,
    })),
    zone: 'America/Chicago',
    at: at('2026-12-02T10:00:00-06:00'),
    locale: 'en-US',
  };
  const paris = {
    windows: ['2026-12-08T18:00:00+01:00', '2026-12-11T18:00:00+01:00', '2026-12-15T18:00:00+01:00'].map((start) => ({
      start,
    })),
    zone: 'Europe/Paris',
    at: at('2026-12-02T10:00:00+01:00'),
    locale: 'fr',
  };

  it.each([
    ['2', 2],
    ['Option 2 please', 2],
    ['#3', 3],
    ['The second one works for us.', 2],
    ["Let's go with 2. Thanks!", 2],
    ['Friday the 11th', 2],
    ['Friday works', 2],
    ['Tuesday 15th, thanks', 3],
    ['12/11 please', 2],
    ['Option 2, i.e. Friday the 11th', 2],
    ['3\n\nOn Wed, Dec 2, 2026 at 9:00 AM Acme <upgrades@acme.example> wrote:\n> 1. Tuesday 8\n> 2. Friday 11', 3],
  ])('reads %j as window %i (English)', (text, choice) => {
    expect(readOfferReply({ text }, chicago)).toMatchObject({ decision: 'CHOICE', choice });
  });

  it.each([
    ['la 2', 2],
    ['Je prends la 2, merci', 2],
    ['La deuxième.', 2],
    ['Le vendredi 11 nous convient.', 2],
    ['11/12 svp', 2],
    ["L'option 1", 1],
    ['Option 3 svp', 3],
  ])('reads %j as window %i (French)', (text, choice) => {
    expect(readOfferReply({ text }, paris)).toMatchObject({ decision: 'CHOICE', choice });
  });

  it.each([
    ['Tuesday', 'fits windows 1 and 3'],
    ['4', 'no offered window is "4"'],
    ['2 or 3', 'names no offered window'],
    ['Option 2 on Tuesday the 15th', 'names more than one window'],
    ['Not the first one', 'negation'],
    ['Can we do option 2?', 'question'],
    ['Thanks, I will check with the team', 'names no offered window'],
    ['Saturday the 12th', 'no offered window is "Saturday the 12th"'],
  ])('keeps %j unclear (%s)', (text, why) => {
    const reading = readOfferReply({ text }, chicago);
    expect(reading.decision).toBe('UNCLEAR');
    expect(reading.evidence).toContain(why);
  });

  it.each(['Aucune ne nous convient', 'La 2 ou la 3', 'La 2 si possible'])('keeps %j unclear (French)', (text) => {
    expect(readOfferReply({ text }, paris).decision).toBe('UNCLEAR');
  });

  it("resolves days in the customer's zone: 18:00 in Chicago is 01:00 the next day in Paris", () => {
    const customerInParis = { ...chicago, zone: 'Europe/Paris', locale: 'fr' };
    expect(readOfferReply({ text: 'Le mercredi 9' }, customerInParis)).toMatchObject({ decision: 'CHOICE', choice: 1 });
    expect(readOfferReply({ text: 'Le mardi 8' }, customerInParis).decision).toBe('UNCLEAR');
  });

  it('reads an HTML reply and quotes the words that chose', () => {
    expect(
      readOfferReply({ html: '<div>Option&nbsp;2 please</div><blockquote>1. Tuesday</blockquote>' }, chicago),
    ).toEqual({
      decision: 'CHOICE',
      evidence: '"Option 2"',
      choice: 2,
    });
  });

  it('refuses an offer without windows, a bad zone or a window start without an offset, naming it', () => {
    expect(() => readOfferReply({ text: '2' }, { ...chicago, windows: [] })).toThrow('the offer holds no window');
    expect(() => readOfferReply({ text: '2' }, { ...chicago, zone: 'Mars/Olympus' })).toThrow(
      'unknown IANA time zone "Mars/Olympus"',
    );
    expect(() => readOfferReply({ text: '2' }, { ...chicago, windows: [{ start: '2026-12-08T18:00' }] })).toThrow(
      'windows[0].start',
    );
  });
});

describe('readMoveReply: a request to move the booked window', () => {
  // Booked: Friday 11 December 2026; the reply is written on Wednesday 2 December.
  const chicago = {
    start: '2026-12-11T18:00:00-06:00',
    zone: 'America/Chicago',
    at: at('2026-12-02T10:00:00-06:00'),
    locale: 'en-US',
  };
  const paris = {
    start: '2026-12-11T18:00:00+01:00',
    zone: 'Europe/Paris',
    at: at('2026-12-02T10:00:00+01:00'),
    locale: 'fr',
  };

  it.each([
    ['Can we do Friday the 18th instead?', '2026-12-18'],
    ['Could we move it to next Tuesday?', '2026-12-08'],
    ['Can we do the following Tuesday?', '2026-12-15'],
    ['Can we move to 12/22?', '2026-12-22'],
    ['Can we move from Friday the 11th to Tuesday the 15th?', '2026-12-15'],
    ['Please reschedule to December 22.', '2026-12-22'],
  ])('reads %j as a move to %s (English)', (text, date) => {
    expect(readMoveReply({ text }, chicago)).toMatchObject({ decision: 'RESCHEDULE', date });
  });

  it.each([
    ['Pouvez-vous décaler au mardi 22 ?', '2026-12-22'],
    ['On peut reporter à mardi prochain ?', '2026-12-08'],
    ['Plutôt le mardi suivant, merci.', '2026-12-15'],
    ['Pouvez-vous décaler au mardi suivant ?', '2026-12-15'],
    ['Pouvez-vous décaler au 22/12 ?', '2026-12-22'],
    ['Serait-il possible de déplacer au 18 décembre ?', '2026-12-18'],
  ])('reads %j as a move to %s (French)', (text, date) => {
    expect(readMoveReply({ text }, paris)).toMatchObject({ decision: 'RESCHEDULE', date });
  });

  it('reads the numeric date by the requester locale', () => {
    expect(readMoveReply({ text: 'Can we move to 22/12?' }, { ...chicago, locale: 'en-GB' })).toMatchObject({
      date: '2026-12-22',
    });
    const american = readMoveReply({ text: 'Can we move to 22/12?' }, chicago);
    expect(american).toEqual({ decision: 'RESCHEDULE', evidence: 'asks to move ("move"); no such day: "22/12"' });
  });

  it('asks to move without a date when no single day is named', () => {
    expect(readMoveReply({ text: 'Please reschedule.' }, chicago)).toEqual({
      decision: 'RESCHEDULE',
      evidence: 'asks to move ("reschedule"); names no day',
    });
    expect(readMoveReply({ text: 'Merci de reporter.' }, paris).date).toBeUndefined();
    const two = readMoveReply({ text: 'Could we move to Tuesday the 15th or Friday the 18th?' }, chicago);
    expect(two.decision).toBe('RESCHEDULE');
    expect(two.date).toBeUndefined();
    // 19 December 2026 is a Saturday.
    expect(readMoveReply({ text: 'Can we do Friday the 19th instead?' }, chicago).date).toBeUndefined();
  });

  it("resolves the day named in the customer's zone, relative to the reply's time", () => {
    const lateInChicago = { ...chicago, at: at('2026-12-02T23:30:00-06:00') };
    expect(readMoveReply({ text: 'Can we move it to tomorrow?' }, lateInChicago).date).toBe('2026-12-03');
    expect(
      readMoveReply({ text: 'Can we move it to tomorrow?' }, { ...lateInChicago, zone: 'Europe/Paris' }).date,
    ).toBe('2026-12-04');
  });

  it('answers GO, NO-GO or UNCLEAR as before when the reply asks no move', () => {
    expect(readMoveReply({ text: 'NO-GO' }, chicago).decision).toBe('NO_GO');
    expect(readMoveReply({ text: 'Please do not reschedule.' }, chicago).decision).toBe('UNCLEAR');
    expect(readMoveReply({ text: 'Ne décalez pas, merci.' }, paris).decision).toBe('UNCLEAR');
  });
});
