import fc from 'fast-check';
import { readReply, type Decision } from '../../../src/core/decisions/index.js';
import {
  APPLE_HEADER,
  APPLE_HEADER_FR,
  escapeHtml,
  GMAIL_HEADER,
  GMAIL_HEADER_FR,
  GMAIL_HEADER_SPLIT,
  OUTLOOK_BLOCK,
  OUTLOOK_BLOCK_FR,
  PROMPT_EN,
  PROMPT_FR,
  quoted,
} from './replies.js';

/** Replies whose reading is known; 20 of the 26 decide. */
const KNOWN: [string, Decision][] = [
  ['GO', 'GO'],
  ['Go ahead', 'GO'],
  ['Please proceed.', 'GO'],
  ['Yes, go ahead, thanks!', 'GO'],
  ['Carry on', 'GO'],
  ['You can continue with the upgrade', 'GO'],
  ['Allez-y', 'GO'],
  ['On y va', 'GO'],
  ['Continuez', 'GO'],
  ['Vous pouvez continuer, merci', 'GO'],
  ['NO-GO', 'NO_GO'],
  ['No go', 'NO_GO'],
  ['Please roll back', 'NO_GO'],
  ['Abort', 'NO_GO'],
  ['Stop the upgrade please', 'NO_GO'],
  ['Do not proceed', 'NO_GO'],
  ['Ne continuez pas', 'NO_GO'],
  ['Revenez en arrière', 'NO_GO'],
  ['Annulez', 'NO_GO'],
  ['Arrêtez', 'NO_GO'],
  ['Thanks, checking with the team', 'UNCLEAR'],
  ['not ready to go yet', 'UNCLEAR'],
  ['Go? No, stop.', 'UNCLEAR'],
  ['Adelante', 'UNCLEAR'],
  ['OK', 'UNCLEAR'],
  ['Merci, je reviens vers vous', 'UNCLEAR'],
];

/** Quoted material that would decide if it leaked: the prompt and an earlier answer of the opposite kind. */
const QUOTED_BODIES = [PROMPT_EN, PROMPT_FR, 'NO-GO', 'GO ahead', `Stop.\n\n${PROMPT_EN}`];

type Wrap = (answer: string, body: string) => string;
const WRAPS: Record<string, Wrap> = {
  gmail: (answer, body) => `${answer}\n\n${GMAIL_HEADER}\n\n${quoted(body)}\n`,
  gmailSplitHeader: (answer, body) => `${answer}\n\n${GMAIL_HEADER_SPLIT}\n\n${quoted(body)}\n`,
  gmailFrench: (answer, body) => `${answer}\n\n${GMAIL_HEADER_FR}\n\n${quoted(body)}\n`,
  appleMail: (answer, body) => `${answer}\n\n> ${APPLE_HEADER}\n>\n${quoted(body)}`,
  appleMailFrench: (answer, body) => `${answer}\n\n${APPLE_HEADER_FR}\n\n${quoted(body)}`,
  outlook: (answer, body) => `${answer}\n\n${OUTLOOK_BLOCK}\n\n${body}`,
  outlookFrench: (answer, body) => `${answer}\n\n${OUTLOOK_BLOCK_FR}\n\n${body}`,
  originalMessage: (answer, body) =>
    `${answer}\n\n-----Original Message-----\nFrom: Acme Cloud [mailto:upgrades@acme.example]\nSent: Tuesday\n\n${body}`,
  messageDOrigine: (answer, body) => `${answer}\n\n-----Message d'origine-----\n${OUTLOOK_BLOCK_FR}\n\n${body}`,
  zendeskDelimiter: (answer, body) => `${answer}\n\n##- Please type your reply above this line -##\n\n${body}`,
  quotedLinesOnly: (answer, body) => `${answer}\n\n${quoted(body)}`,
  inlineAboveAndBelow: (answer, body) => `${quoted(body)}\n${answer}\n${quoted(body)}`,
};

const SIGNATURES = [
  '',
  '\n-- \nJane Doe\nNo-Go Zone Consulting',
  '\n\nSent from my iPhone',
  '\n\nEnvoyé de mon iPhone',
  '\n\nGet Outlook for iOS',
  '\n\nObtenir Outlook pour iOS',
  '\n\nBest regards,\nJane Doe\nGo-Live team, stop by anytime',
  '\n\nCordialement,\nJean Dupont\nStop & Go SARL',
];

const DASHES = ['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D', ' - '];

/** Case, spacing and dash variants that must not change a reading. */
const variant = (text: string) =>
  fc
    .record({
      casing: fc.constantFrom('same', 'upper', 'lower', 'alternating'),
      dash: fc.constantFrom(...DASHES),
      spaces: fc.constantFrom(' ', '  ', ' \t ', '\u00a0'),
      padding: fc.constantFrom('', '\n', '\n\n', '   '),
    })
    .map(({ casing, dash, spaces, padding }) => {
      let out = text.replace(/-/g, dash).replace(/ /g, spaces);
      if (casing === 'upper') out = out.toUpperCase();
      if (casing === 'lower') out = out.toLowerCase();
      if (casing === 'alternating') {
        out = [...out]
          .map((character, index) => (index % 2 ? character.toUpperCase() : character.toLowerCase()))
          .join('');
      }
      return `${padding}${out}${padding}`;
    });

const known = fc.constantFrom(...KNOWN);

describe('readReply properties', () => {
  it('has at least half of its known replies GO or NO_GO', () => {
    expect(KNOWN.filter(([, decision]) => decision !== 'UNCLEAR').length * 2).toBeGreaterThanOrEqual(KNOWN.length);
  });

  it('keeps the known reading under any quote header, > lines, signature and case, spacing or dash variant', () => {
    fc.assert(
      fc.property(
        known.chain(([text, decision]) =>
          fc.tuple(
            variant(text),
            fc.constant(decision),
            fc.constantFrom(...Object.keys(WRAPS)),
            fc.constantFrom(...QUOTED_BODIES),
            fc.constantFrom(...SIGNATURES),
          ),
        ),
        ([text, decision, wrap, body, signature]) => {
          expect(readReply({ text: WRAPS[wrap]!(`${text}${signature}`, body) }).decision).toBe(decision);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('keeps the known reading in Gmail, Apple Mail and Outlook HTML', () => {
    const shapes: ((answer: string, body: string) => string)[] = [
      (answer, body) =>
        `<div dir="ltr">${answer}</div><div class="gmail_quote"><div class="gmail_attr">${escapeHtml(GMAIL_HEADER)}</div><blockquote class="gmail_quote">${body}</blockquote></div>`,
      (answer, body) => `<div>${answer}</div><blockquote type="cite"><div>${body}</div></blockquote>`,
      (answer, body) =>
        `<p class="MsoNormal">${answer}</p><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Acme</div><div>${body}</div>`,
    ];
    fc.assert(
      fc.property(
        known.chain(([text, decision]) =>
          fc.tuple(variant(text), fc.constant(decision), fc.constantFrom(...shapes), fc.constantFrom(...QUOTED_BODIES)),
        ),
        ([text, decision, shape, body]) => {
          const html = shape(escapeHtml(text).replace(/\n/g, '<br>'), escapeHtml(body));
          expect(readReply({ html }).decision).toBe(decision);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads NO_GO whenever an imperative negation is put before a GO word', () => {
    const negation = fc.constantFrom(
      'do not',
      'Do not',
      'DO NOT',
      "don't",
      'Don’t',
      "DON'T",
      'dont',
      'please do not',
      "Please don't",
      'Never',
      'do NOT',
    );
    const goWord = fc.constantFrom('go', 'GO', 'go ahead', 'Go-ahead', 'proceed', 'continue', 'carry on');
    const before = fc.constantFrom('', 'Hi team, ', 'Thanks for the update.\n\n', 'No, ', 'Sorry but ');
    const after = fc.constantFrom('', '.', '!', ' with the upgrade.', ', thanks', ' yet');
    fc.assert(
      fc.property(
        fc.tuple(
          before,
          negation,
          goWord,
          after,
          fc.constantFrom(...Object.keys(WRAPS)),
          fc.constantFrom(...SIGNATURES),
        ),
        ([prefix, neg, go, suffix, wrap, signature]) => {
          const answer = `${prefix}${neg} ${go}${suffix}${signature}`;
          expect(readReply({ text: answer }).decision).toBe('NO_GO');
          expect(readReply({ text: WRAPS[wrap]!(answer, PROMPT_EN) }).decision).toBe('NO_GO');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the same reading with and without the email-reply-parser pre-check', () => {
    fc.assert(
      fc.property(
        known.chain(([text]) =>
          fc.tuple(variant(text), fc.constantFrom(...Object.keys(WRAPS)), fc.constantFrom(...SIGNATURES)),
        ),
        ([text, wrap, signature]) => {
          const input = { text: WRAPS[wrap]!(`${text}${signature}`, PROMPT_EN) };
          expect(readReply(input)).toEqual(readReply(input, { alwaysRunEmailReplyParser: true }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
