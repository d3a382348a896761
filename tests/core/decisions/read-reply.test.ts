import EmailReplyParser from 'email-reply-parser';
import { readReply } from '../../../src/core/decisions/index.js';
import { capText, CUT_MARK, DEFAULT_LIMITS } from '../../../src/core/decisions/cap.js';
import { GMAIL_HEADER, PROMPT_EN, quoted, REPLY_CASES } from './replies.js';

/** The table's plain-text replies, for the checks that add text around them. */
const PLAIN_CASES = REPLY_CASES.flatMap((entry) =>
  'text' in entry.input ? [{ name: entry.name, input: entry.input, expected: entry.expected }] : [],
);

describe('readReply on the reply table (docs/REPLIES.md)', () => {
  // The prompt each reply answers names both GO and NO-GO: quoted below the reply, it must never change the reading.
  it.each(PLAIN_CASES.map((entry) => [entry.name, entry.input.text, entry.expected] as const))(
    'reads %s the same with the Go / No-Go prompt quoted below it',
    (_name, text, expected) => {
      const withPrompt = `${text}\n\n${GMAIL_HEADER}\n${quoted(PROMPT_EN)}\n`;
      expect(readReply({ text: withPrompt })).toEqual(readReply({ text }));
      expect(readReply({ text: withPrompt }).decision).toBe(expected);
    },
  );

  it.each(REPLY_CASES.map((entry) => [entry.name, entry] as const))('reads %s', (_name, entry) => {
    const reading = readReply(entry.input);
    expect(reading.decision).toBe(entry.expected);
    if (entry.evidence !== undefined) expect(reading.evidence).toBe(entry.evidence);
  });

  it.each(REPLY_CASES.map((entry) => [entry.name, entry] as const))(
    'gives the same reading for %s whether or not email-reply-parser is skipped by the pre-check',
    (_name, entry) => {
      expect(readReply(entry.input, { alwaysRunEmailReplyParser: true })).toEqual(readReply(entry.input));
    },
  );
});

describe('readReply evidence', () => {
  it('quotes the deciding words as the customer wrote them, dashes and apostrophes included', () => {
    expect(readReply({ text: 'Hi team,\n\nNO\u2011GO please, roll back.\n\nJane' })).toEqual({
      decision: 'NO_GO',
      evidence: 'NO\u2011GO please, roll back',
    });
  });

  it('quotes each sentence that decides, joined by an ellipsis', () => {
    expect(readReply({ text: 'Proceed. Thanks a lot, and go ahead!' })).toEqual({
      decision: 'GO',
      evidence: 'Proceed … go ahead',
    });
  });

  it('names both polarities when a reply holds both', () => {
    expect(readReply({ text: 'go ahead... actually stop' })).toEqual({
      decision: 'UNCLEAR',
      evidence: 'both GO and NO-GO words: "go ahead" and "stop"',
    });
  });

  it('says why a negated GO is unclear and quotes its sentence', () => {
    expect(readReply({ text: 'We are not ready to go yet. Thanks' })).toEqual({
      decision: 'UNCLEAR',
      evidence: 'a negation that is not an imperative NO-GO: "We are not ready to go yet"',
    });
  });

  it('says a question is unclear', () => {
    expect(readReply({ text: 'go?' })).toEqual({ decision: 'UNCLEAR', evidence: 'asked as a question: "go"' });
  });

  it('quotes a reply without any decision word', () => {
    expect(readReply({ text: 'Thanks, checking with the team' })).toEqual({
      decision: 'UNCLEAR',
      evidence: 'no GO or NO-GO word: "Thanks, checking with the team"',
    });
  });

  it('refuses an input that is neither text nor HTML, naming the argument', () => {
    expect(() => readReply({} as { text: string })).toThrow(
      'readReply: input must be { text: string } or { html: string }',
    );
  });
});

describe('readReply bounds its work by size', () => {
  it('cuts a 5 MB reply to the character cap before parsing, marking the cut', () => {
    const capped = capText('GO '.repeat(1_700_000), DEFAULT_LIMITS);
    expect(capped.cut).toBe(true);
    expect(capped.text).toHaveLength(DEFAULT_LIMITS.chars + 1);
    expect(capped.text.endsWith(CUT_MARK)).toBe(true);
  });

  it('cuts a reply to the line cap before parsing', () => {
    const capped = capText('go\n'.repeat(1000), DEFAULT_LIMITS);
    expect(capped.text.split('\n')).toHaveLength(DEFAULT_LIMITS.lines);
  });

  it('keeps a reply within both caps whole', () => {
    expect(capText('GO\n\nthanks', DEFAULT_LIMITS)).toEqual({ text: 'GO\n\nthanks', cut: false });
  });

  it('does not guess a decision that could lie beyond the cap', () => {
    const reading = readReply({ text: `${'Some context about our weekend. '.repeat(200_000)}NO-GO` });
    expect(reading).toEqual({
      decision: 'UNCLEAR',
      evidence:
        'reply longer than the 20000 characters or 400 lines read, with no quote before the cut: not read to its end',
    });
  });

  it('reads a decision above a quote even when the quoted thread is far beyond the cap', () => {
    expect(readReply({ text: `GO\n\n${GMAIL_HEADER}\n${quoted(PROMPT_EN).repeat(100_000)}` }).decision).toBe('GO');
  });

  it('gives email-reply-parser at most the capped text of a 5 MB pathological reply', () => {
    const parse = jest.spyOn(EmailReplyParser.prototype, 'parseReply');
    try {
      const reading = readReply({ text: 'On On On: '.repeat(500_000) }, { alwaysRunEmailReplyParser: true });
      expect(reading.decision).toBe('UNCLEAR');
      expect(parse).toHaveBeenCalledTimes(1);
      expect(parse.mock.calls[0]![0].length).toBeLessThanOrEqual(DEFAULT_LIMITS.chars + 1);
    } finally {
      parse.mockRestore();
    }
  });

  it('gives email-reply-parser no line longer than 500 characters, and restores long lines after it', () => {
    const parse = jest.spyOn(EmailReplyParser.prototype, 'parseReply');
    try {
      const longLine = `Thanks for the detailed update on the overrun, ${'we read it twice with the whole team, '.repeat(20)}go ahead.`;
      const germanQuote = 'Am 03.11.2026 um 21:14 schrieb Acme <upgrades@acme.example>:\n\nNO-GO';
      const reading = readReply({ text: `${longLine}\n\n${germanQuote}` });
      expect(reading).toEqual({ decision: 'GO', evidence: 'go ahead' });
      expect(parse).toHaveBeenCalledTimes(1);
      const lines = parse.mock.calls[0]![0].split('\n');
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(500);
    } finally {
      parse.mockRestore();
    }
  });

  it('returns UNCLEAR, never an error, for HTML nested thousands of levels deep', () => {
    expect(readReply({ html: `${'<div>'.repeat(25_000)}GO` })).toEqual({
      decision: 'UNCLEAR',
      evidence: 'HTML nested too deeply to read',
    });
  });

  it('cuts HTML by characters before converting it', () => {
    const html = `<div>${'<p>We will tell you tomorrow.</p>'.repeat(200_000)}<p>GO</p></div>`;
    expect(readReply({ html }).decision).toBe('UNCLEAR');
  });
});

describe('readReply under a quote (bottom-posting)', () => {
  const header = 'On Tue, Nov 3, 2026 at 9:14 PM Acme Cloud Upgrades <upgrades@acme.example> wrote:';

  it('reads the answer typed under a > quote that follows a quote header', () => {
    expect(readReply({ text: `${header}\n> Reply GO or NO-GO\n\nNO-GO please` })).toEqual({
      decision: 'NO_GO',
      evidence: 'NO-GO',
    });
  });

  it('reads nothing after a quoted Zendesk delimiter', () => {
    const text = `${header}\n> ##- Please type your reply above this line -##\n> Reply GO or NO-GO\n\nGO`;
    expect(readReply({ text }).decision).toBe('UNCLEAR');
  });

  it('reads nothing after a header followed by unmarked text (Outlook): it is the quote', () => {
    const text = `From: Acme <upgrades@acme.example>\nSent: Tuesday\nTo: Jane\nSubject: GO?\n\nReply GO or NO-GO\n\nGO`;
    expect(readReply({ text }).decision).toBe('UNCLEAR');
  });
});
