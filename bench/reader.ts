import EmailReplyParser from 'email-reply-parser';
import { compile } from 'html-to-text';
import { readReply, type Decision } from '../src/core/decisions/index.js';
import { REAL_REPLIES } from '../tests/core/decisions/real-replies.js';
import { REPLY_CASES } from '../tests/core/decisions/replies.js';
import { median, medianWithRuns, repeat, RUNS, timeMedian, type BenchSection } from './section.js';

/**
 * The reply reader against the peers a team would reach for first, in the same run on the same replies:
 * (a) email-reply-parser alone (it cuts quotes but decides nothing), (b) email-reply-parser plus a plain
 * keyword search. HTML replies go through html-to-text first for the peers (they cannot read HTML), and
 * the reader does its own HTML handling.
 */

type Input = { text: string } | { html: string };

const GOAL_SPEEDUP = 3;
const CORPUS_SIZE = 200;

/** A small deterministic generator (mulberry32), so every run measures the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Answer = [text: string, decision: Decision];
const ANSWERS_EN: Answer[] = [
  ['Go ahead, thanks.', 'GO'],
  ['Yes, please proceed with the upgrade.', 'GO'],
  ['GO', 'GO'],
  ['NO-GO. Please roll back, we have a release tomorrow morning.', 'NO_GO'],
  ['Please do not continue, roll back.', 'NO_GO'],
  ['Thanks for the heads-up, I am checking with the team and will come back to you.', 'UNCLEAR'],
  ["Hi,\n\nWe're happy for you to proceed. Let us know when testing passes.\n\nThanks", 'GO'],
  ['Stop please', 'NO_GO'],
  ['not ready to go yet, give us an hour', 'UNCLEAR'],
  ['ok', 'UNCLEAR'],
];
const ANSWERS_FR: Answer[] = [
  ['Allez-y, merci.', 'GO'],
  ['Bonjour,\n\nVous pouvez continuer.\n\nBonne journée', 'GO'],
  ['Ne continuez pas, revenez en arrière svp.', 'NO_GO'],
  ['Arrêtez, nous avons une démo.', 'NO_GO'],
  ['Merci, je vérifie avec l’équipe.', 'UNCLEAR'],
];
const SIGNATURES = [
  '',
  '\n\n-- \nJane Doe\nIT Operations Manager | Customer Corp\n+1 555 0100',
  '\n\nSent from my iPhone',
  '\n\nBest regards,\nJane Doe\nCustomer Corp',
  '\n\nGet Outlook for iOS',
  '\n\nCordialement,\nJean Dupont\nDSI, Client SA',
  '\n\nEnvoyé de mon iPhone',
];
const EARLIER_MESSAGES = [
  'The upgrade overran its maintenance window. Instance eu-2 needs another 90 minutes for validation.\nNew anticipated end: 2026-11-04T01:30:00-06:00.\nReply GO to continue or NO-GO to roll back. Without an answer by 23:30 we will wait for you.',
  'Your upgrade window is booked for Tuesday 3 November 2026, 18:00 to 00:00 (America/Chicago).\nWhat to prepare: pause your integrations, tell your users, keep a contact reachable.\nA calendar invite is attached.',
  'Upgrade started: your environment is offline.\nInstance upgrade started: eu-1.\nInstance upgrade completed: eu-1.\nValidation testing started.',
  "Hello team, could you confirm the window works for us? We'd rather go ahead on Friday if Tuesday is full. Stop by the channel if needed.",
];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function thread(next: () => number, depth: number, french: boolean): string[] {
  const messages: string[] = [];
  for (let index = 0; index < depth; index += 1) {
    messages.push(pick(next, EARLIER_MESSAGES));
    if (index < depth - 1) messages.push(pick(next, french ? ANSWERS_FR : ANSWERS_EN)[0]);
  }
  return messages;
}

const gmailHeader = (french: boolean) =>
  french
    ? 'Le mar. 3 nov. 2026 à 21:14, Acme Cloud Upgrades <upgrades@acme.example> a écrit :'
    : 'On Tue, Nov 3, 2026 at 9:14 PM Acme Cloud Upgrades <upgrades@acme.example> wrote:';
const outlookBlock = (french: boolean) =>
  french
    ? 'De : Acme Cloud Upgrades <upgrades@acme.example>\nEnvoyé : mardi 3 novembre 2026 21:14\nÀ : Jean Dupont <jean@client.example>\nObjet : RE: [Mise à niveau] Décision : GO ou NO-GO'
    : '________________________________\nFrom: Acme Cloud Upgrades <upgrades@acme.example>\nSent: Tuesday, November 3, 2026 9:14 PM\nTo: Jane Doe <jane@customer.example>\nSubject: RE: [Upgrade] Decision needed: GO or NO-GO';
const quote = (text: string, depth = 1) =>
  text
    .split('\n')
    .map((line) => `${'>'.repeat(depth)} ${line}`)
    .join('\n');
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const paragraphs = (text: string) =>
  text
    .split('\n')
    .map((line) => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`)
    .join('');

interface LabelledReply {
  input: Input;
  expected: Decision;
}

/** One realistic reply: a new answer, a signature, and the quoted thread the client added. */
function realisticReply(next: () => number): LabelledReply {
  const french = next() < 0.3;
  const [answer, expected] = pick(next, french ? ANSWERS_FR : ANSWERS_EN);
  return { input: shapeReply(next, answer, french), expected };
}

function shapeReply(next: () => number, answer: string, french: boolean): Input {
  const signature = pick(next, SIGNATURES);
  const earlier = thread(next, 1 + Math.floor(next() * 4), french);
  const shape = Math.floor(next() * 6);
  if (shape === 0) {
    return {
      text: `${answer}${signature}\n\n${gmailHeader(french)}\n${earlier.map((message, depth) => quote(message, depth + 1)).join('\n>\n')}\n`,
    };
  }
  if (shape === 1) {
    return {
      text: `${answer}${signature}\n\n${outlookBlock(french)}\n\n${earlier.join(`\n\n${outlookBlock(french)}\n\n`)}`,
    };
  }
  if (shape === 2) {
    return {
      text: `${answer}${signature}\n\n##- Please type your reply above this line -##\n\n${earlier.join('\n\n----------------------------------------------\n\n')}`,
    };
  }
  if (shape === 3) {
    return {
      html:
        `<div dir="ltr">${paragraphs(answer)}<br clear="all"><div class="gmail_signature">${paragraphs(signature.trim())}</div></div><br>` +
        `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(gmailHeader(french))}<br></div>` +
        earlier
          .map(
            (message) =>
              `<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">${paragraphs(message)}`,
          )
          .join('') +
        '</blockquote>'.repeat(earlier.length) +
        '</div>',
    };
  }
  if (shape === 4) {
    return {
      html:
        `<html><head><style>p.MsoNormal{margin:0}</style></head><body><div class="WordSection1"><p class="MsoNormal">${escapeHtml(answer).replace(/\n/g, '<br>')}<o:p></o:p></p>` +
        `<div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> Acme Cloud Upgrades<br><b>Sent:</b> Tuesday, November 3, 2026 9:14 PM</div>` +
        earlier.map((message) => `<div>${paragraphs(message)}</div>`).join('<hr>') +
        '</div></body></html>',
    };
  }
  return { text: `${answer}${signature}` };
}

export function realisticCorpus(size = CORPUS_SIZE, seed = 20261103): LabelledReply[] {
  const next = random(seed);
  return Array.from({ length: size }, () => realisticReply(next));
}

const parser = new EmailReplyParser();
/** The peers' HTML conversion, compiled once as the reader's is, so the comparison is about the reading. */
const peerHtmlToText = compile({ wordwrap: false });

function peerText(input: Input): string {
  return 'html' in input ? peerHtmlToText(input.html) : input.text;
}

/** Peer (a): email-reply-parser's visible text; it decides nothing. */
export function parserAlone(input: Input): string {
  return parser.parseReply(peerText(input));
}

/** Peer (b): email-reply-parser, then a keyword search: NO-GO words first, then GO words. */
export function parserWithKeywords(input: Input): Decision {
  const visible = parser.parseReply(peerText(input)).toLowerCase();
  if (/\bno[\s-]?go\b|\broll ?back\b|\babort\b|\bstop\b|\bdo not (?:go|proceed|continue)\b/.test(visible))
    return 'NO_GO';
  if (/\bgo\b|\bproceed\b|\bcontinue\b|\bcarry on\b|\ballez-y\b|\bcontinuez\b/.test(visible)) return 'GO';
  return 'UNCLEAR';
}

/** Right readings and wrong actions (a GO or NO_GO that is not the expected one) of a reader on a table. */
function tally(cases: readonly { input: Input; expected: Decision }[], decide: (input: Input) => Decision) {
  let right = 0;
  let wrong = 0;
  for (const entry of cases) {
    const decision = decide(entry.input);
    if (decision === entry.expected) right += 1;
    else if (decision !== 'UNCLEAR') wrong += 1;
  }
  return { right, wrong, share: right / cases.length };
}

function accuracy(cases: readonly { input: Input; expected: Decision }[], decide: (input: Input) => Decision): number {
  return cases.filter((entry) => decide(entry.input) === entry.expected).length / cases.length;
}

/**
 * Median time of one pass over the corpus for each reader, measured in alternating rounds (with a
 * garbage collection before each when `--expose-gc` allows) so no reader pays for another's garbage.
 */
function timeReaders(readers: Record<string, () => void>, rounds = 2): Record<string, number> {
  const samples: Record<string, number[]> = {};
  const collect = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, run] of Object.entries(readers)) {
      collect?.();
      (samples[name] ??= []).push(timeMedian(run, 10, 3));
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

export async function bench(): Promise<BenchSection> {
  const labelled = realisticCorpus();
  const corpus = labelled.map((entry) => entry.input);
  const runAll = (fn: (input: Input) => unknown) => () => {
    for (const input of corpus) fn(input);
  };
  const runs = await repeat(() => {
    const times = timeReaders({
      mine: runAll((input) => readReply(input)),
      alone: runAll(parserAlone),
      keywords: runAll(parserWithKeywords),
    });
    const rates = {
      mine: perSecond(corpus.length, times.mine!),
      alone: perSecond(corpus.length, times.alone!),
      keywords: perSecond(corpus.length, times.keywords!),
    };
    return { ...rates, speedup: Math.min(rates.mine / rates.alone, rates.mine / rates.keywords) };
  });
  const shown = (key: 'mine' | 'alone' | 'keywords') =>
    medianWithRuns(
      runs.map((run) => run[key]),
      0,
    );
  const [mineRate, aloneRate, keywordsRate] = [shown('mine'), shown('alone'), shown('keywords')];
  const speedups = runs.map((run) => run.speedup);
  const speedup = median(speedups);

  const mineAccuracy = accuracy(REPLY_CASES, (input) => readReply(input).decision);
  const keywordsAccuracy = accuracy(REPLY_CASES, parserWithKeywords);
  const aloneAccuracy = accuracy(REPLY_CASES, () => 'UNCLEAR');
  const mineCorpusAccuracy = accuracy(labelled, (input) => readReply(input).decision);
  const keywordsCorpusAccuracy = accuracy(labelled, parserWithKeywords);
  const aloneCorpusAccuracy = accuracy(labelled, () => 'UNCLEAR');
  const htmlShare = corpus.filter((input) => 'html' in input).length / corpus.length;
  const meanLength =
    corpus.reduce((sum, input) => sum + ('html' in input ? input.html : input.text).length, 0) / corpus.length;
  const mineReal = tally(REAL_REPLIES, (input) => readReply(input).decision);
  const keywordsReal = tally(REAL_REPLIES, parserWithKeywords);
  const families = new Set(REAL_REPLIES.map((entry) => entry.family)).size;
  const clients = new Set(REAL_REPLIES.map((entry) => entry.client)).size;
  const realHtml = REAL_REPLIES.filter((entry) => 'html' in entry.input).length;
  const realFrench = REAL_REPLIES.filter((entry) => entry.language === 'fr').length;
  const goalsMet = speedup >= GOAL_SPEEDUP && mineAccuracy > keywordsAccuracy && mineReal.wrong === 0;

  const body = [
    `${corpus.length} generated replies (seeded): Gmail, Outlook and Zendesk-delimiter threads of 1 to 4 earlier messages, ` +
      `signatures and mobile footers, English and French, ${percent(htmlShare)} HTML, ${Math.round(meanLength)} characters on average. ` +
      'Accuracy is on the reply table of `tests/core/decisions/replies.ts` ' +
      `(${REPLY_CASES.length} replies of the reply table, tests/core/decisions/replies.ts). Peers read HTML through html-to-text first. ` +
      'The reader cuts quotes, signatures and footers line by line itself and calls email-reply-parser only on the ' +
      'new text, and only when a line could interest it (a colon or a separator): the tests prove the readings identical. ' +
      `Speeds: median of ${RUNS} runs (each run: 2 alternating rounds of 10 passes per reader), the runs in brackets.`,
    '',
    '| reader | replies / s | accuracy on the table | accuracy on the generated corpus |',
    '|---|---|---|---|',
    `| readReply (this project) | ${mineRate} | ${percent(mineAccuracy)} | ${percent(mineCorpusAccuracy)} |`,
    `| email-reply-parser alone (decides nothing: counted as UNCLEAR) | ${aloneRate} | ${percent(aloneAccuracy)} | ${percent(aloneCorpusAccuracy)} |`,
    `| email-reply-parser + keyword search | ${keywordsRate} | ${percent(keywordsAccuracy)} | ${percent(keywordsCorpusAccuracy)} |`,
    '',
    `Replies in real mail clients' structures (\`tests/core/decisions/real-replies.ts\`): ${REAL_REPLIES.length} replies, ` +
      `${families} families (the eight failure families of issue 17, clear answers, replies that must stay unclear), ` +
      `${clients} client layouts, ${realFrench} in French, ${realHtml} HTML. A wrong action is a GO or NO_GO that is not the expected reading.`,
    '',
    '| reader | right | wrong actions |',
    '|---|---|---|',
    `| readReply (this project) | ${mineReal.right} / ${REAL_REPLIES.length} (${percent(mineReal.share)}) | ${mineReal.wrong} |`,
    `| email-reply-parser + keyword search | ${keywordsReal.right} / ${REAL_REPLIES.length} (${percent(keywordsReal.share)}) | ${keywordsReal.wrong} |`,
    '',
    'Both tables were written alongside the reader, so their scores are a regression check, not an estimate of accuracy on unseen replies.',
    '',
    `Speed-up over the faster peer: ${medianWithRuns(speedups, 2, '×')} (goal ≥ ${GOAL_SPEEDUP}×); ` +
      `accuracy ${percent(mineAccuracy)} against ${percent(keywordsAccuracy)} (goal: better). ${goalsMet ? 'Goals met.' : '**Goal missed.**'}`,
  ].join('\n');

  return {
    order: 20,
    summary: [
      {
        figure: 'reply reader: replies per second (realistic corpus)',
        value: `${mineRate} /s; ${medianWithRuns(speedups, 1, '×')} the faster peer`,
        goal: `≥ ${GOAL_SPEEDUP}× the peers${speedup >= GOAL_SPEEDUP ? '' : ' (missed)'}`,
        peer: `email-reply-parser ${aloneRate} /s; + keyword search ${keywordsRate} /s`,
      },
      {
        figure: 'reply reader: accuracy on the reply table',
        value: percent(mineAccuracy),
        goal: `better than the peers${mineAccuracy > keywordsAccuracy ? '' : ' (missed)'}`,
        peer: `keyword search ${percent(keywordsAccuracy)}; email-reply-parser alone ${percent(aloneAccuracy)}`,
      },
      {
        figure: "reply reader: replies in real mail clients' structures",
        value: `${mineReal.right} / ${REAL_REPLIES.length} right, ${mineReal.wrong} wrong actions`,
        goal: `no wrong action${mineReal.wrong === 0 ? '' : ' (missed)'}`,
        peer: `keyword search ${keywordsReal.right} / ${REAL_REPLIES.length} right, ${keywordsReal.wrong} wrong actions`,
      },
    ],
    title: 'Reply reader (GO / NO-GO)',
    command: 'npm run bench -- reader',
    body,
    goalsMet,
  };
}
