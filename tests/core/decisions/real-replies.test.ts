import { readReply } from '../../../src/core/decisions/index.js';
import { REAL_REPLIES, type Family } from './real-replies.js';

const FAMILIES: Family[] = [
  'refused NO-GO then GO',
  'bottom-posting and inline',
  'signature without -- line',
  'legal disclaimer',
  'old header block',
  'paraphrase',
  'colloquial French negation',
  'unrelated negation after NO-GO',
];

describe('readReply on replies built on real mail clients (issue 17 families)', () => {
  const readings = REAL_REPLIES.map((entry) => ({ entry, decision: readReply(entry.input).decision }));

  it('holds at least 120 replies, every family in English and French, plain and HTML', () => {
    expect(REAL_REPLIES.length).toBeGreaterThanOrEqual(120);
    for (const family of FAMILIES) {
      const cases = REAL_REPLIES.filter((entry) => entry.family === family);
      if (family !== 'colloquial French negation') expect(cases.some((entry) => entry.language === 'en')).toBe(true);
      expect(cases.some((entry) => entry.language === 'fr')).toBe(true);
      expect(cases.some((entry) => 'html' in entry.input)).toBe(true);
      expect(cases.some((entry) => 'text' in entry.input)).toBe(true);
    }
    expect(new Set(REAL_REPLIES.map((entry) => entry.client)).size).toBeGreaterThanOrEqual(20);
  });

  it('acts wrongly on none: every reading is the expected one or UNCLEAR', () => {
    const wrong = readings.filter(({ entry, decision }) => decision !== 'UNCLEAR' && decision !== entry.expected);
    expect(wrong.map(({ entry, decision }) => `${entry.name} read ${decision}`)).toEqual([]);
  });

  it('decides every one of them right', () => {
    const missed = readings.filter(({ entry, decision }) => decision !== entry.expected);
    expect(missed.map(({ entry, decision }) => `${entry.name} read ${decision}`)).toEqual([]);
  });
});
