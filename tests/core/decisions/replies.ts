/**
 * Customer replies with their known reading, one or more per case family of the reply table, as
 * docs/REPLIES.md reads it (AMBIGUOUS is UNCLEAR; German is "any other language"). Shared by the table test and
 * `bench/reader.ts` (accuracy of the reader and its peers).
 */
export type Expected = 'GO' | 'NO_GO' | 'UNCLEAR';

export interface ReplyCase {
  /** The reply table row, then what this case shows. */
  name: string;
  input: { text: string } | { html: string };
  expected: Expected;
  /** The evidence expected, when the case pins it. */
  evidence?: string;
}

export const PROMPT_EN = 'The upgrade overran its maintenance window. Reply GO to continue or NO-GO to roll back.';
export const PROMPT_FR =
  'La mise à niveau dépasse sa fenêtre de maintenance. Répondez GO pour continuer ou NO-GO pour revenir en arrière.';

export const GMAIL_HEADER = 'On Tue, Nov 3, 2026 at 9:14 PM Acme Cloud Upgrades <upgrades@acme.example> wrote:';
export const GMAIL_HEADER_SPLIT = 'On Tue, Nov 3, 2026 at 9:14 PM Acme Cloud Upgrades <\nupgrades@acme.example> wrote:';
export const GMAIL_HEADER_FR = 'Le mar. 3 nov. 2026 à 21:14, Acme Cloud Upgrades <upgrades@acme.example> a écrit :';
export const APPLE_HEADER = 'On 3 Nov 2026, at 21:14, Acme Cloud Upgrades <upgrades@acme.example> wrote:';
export const APPLE_HEADER_FR = 'Le 3 nov. 2026 à 21:14, Acme Cloud Upgrades <upgrades@acme.example> a écrit :';
export const OUTLOOK_BLOCK = [
  '________________________________',
  'From: Acme Cloud Upgrades <upgrades@acme.example>',
  'Sent: Tuesday, November 3, 2026 9:14 PM',
  'To: Jane Doe <jane@customer.example>',
  'Subject: [Upgrade] Decision needed: GO or NO-GO',
].join('\n');
export const OUTLOOK_BLOCK_FR = [
  'De : Acme Cloud Upgrades <upgrades@acme.example>',
  'Envoyé : mardi 3 novembre 2026 21:14',
  'À : Jean Dupont <jean@client.example>',
  'Objet : [Mise à niveau] Décision : GO ou NO-GO',
].join('\n');

/** The prompt as a client quotes it with `>`. */
export function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

const gmail = (answer: string, prompt = PROMPT_EN, header = GMAIL_HEADER) =>
  `${answer}\n\n${header}\n\n${quoted(prompt)}\n`;
const outlook = (answer: string) => `${answer}\n\n${OUTLOOK_BLOCK}\n\n${PROMPT_EN}\n`;

const gmailHtml = (answerHtml: string, header = GMAIL_HEADER, prompt = PROMPT_EN) =>
  `<div dir="ltr">${answerHtml}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(header)}<br></div>` +
  `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">${prompt}</div></blockquote></div>`;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const REPLY_CASES: ReplyCase[] = [
  // 1–3: GO, plain words.
  { name: '1 GO alone', input: { text: 'GO' }, expected: 'GO', evidence: 'GO' },
  { name: '2 lower-case go', input: { text: 'go' }, expected: 'GO' },
  { name: '2 Go with a full stop', input: { text: 'Go.' }, expected: 'GO' },
  { name: '2 GO with exclamations', input: { text: 'GO!!!' }, expected: 'GO' },
  { name: '2 go go go', input: { text: 'go go go' }, expected: 'GO', evidence: 'go go go' },
  { name: '3 Go ahead', input: { text: 'Go ahead' }, expected: 'GO', evidence: 'Go ahead' },
  { name: '3 GO ahead, thanks', input: { text: 'GO ahead, thanks' }, expected: 'GO', evidence: 'GO ahead' },
  { name: '3 Yes, go ahead', input: { text: 'Yes, go ahead' }, expected: 'GO' },
  { name: '3 please proceed with the upgrade', input: { text: 'Please proceed with the upgrade.' }, expected: 'GO' },
  { name: '3 continue and carry on', input: { text: 'Yes please continue. Carry on!' }, expected: 'GO' },
  { name: '3 we are happy for you to proceed', input: { text: "We're happy for you to proceed." }, expected: 'GO' },
  // 4–5: NO-GO spellings and normalisation.
  { name: '4 no-go', input: { text: 'no-go' }, expected: 'NO_GO', evidence: 'no-go' },
  { name: '4 No go', input: { text: 'No go' }, expected: 'NO_GO' },
  { name: '4 NOGO', input: { text: 'NOGO' }, expected: 'NO_GO' },
  { name: '4 NO-GO', input: { text: 'NO-GO' }, expected: 'NO_GO' },
  { name: '4 no - go', input: { text: 'no - go' }, expected: 'NO_GO', evidence: 'no - go' },
  { name: '5 non-breaking hyphen U+2011', input: { text: 'no\u2011go' }, expected: 'NO_GO', evidence: 'no\u2011go' },
  { name: '5 en dash', input: { text: 'no\u2013go' }, expected: 'NO_GO' },
  { name: '5 fullwidth letters', input: { text: 'ＮＯ-ＧＯ' }, expected: 'NO_GO', evidence: 'ＮＯ-ＧＯ' },
  // 6–7: imperative negations and NO-GO synonyms.
  { name: '6 do not go', input: { text: 'do not go' }, expected: 'NO_GO', evidence: 'do not go' },
  { name: "6 don't proceed", input: { text: "don't proceed" }, expected: 'NO_GO' },
  { name: '6 curly apostrophe', input: { text: 'don’t proceed' }, expected: 'NO_GO', evidence: 'don’t proceed' },
  { name: '6 please do not continue', input: { text: 'please do not continue' }, expected: 'NO_GO' },
  { name: '6 please do NOT go ahead', input: { text: 'Please do NOT go ahead with it.' }, expected: 'NO_GO' },
  { name: '7 please roll back', input: { text: 'please roll back' }, expected: 'NO_GO', evidence: 'roll back' },
  { name: '7 rollback', input: { text: 'rollback' }, expected: 'NO_GO' },
  { name: '7 abort', input: { text: 'abort' }, expected: 'NO_GO' },
  { name: '7 stop', input: { text: 'stop' }, expected: 'NO_GO' },
  {
    name: '7 NO-GO, please roll back (one polarity, twice)',
    input: { text: 'NO-GO, please roll back.' },
    expected: 'NO_GO',
    evidence: 'NO-GO, please roll back',
  },
  // 8–12: both polarities, negated GO, double negation, "No" alone.
  { name: '8 Go? No, stop.', input: { text: 'Go? No, stop.' }, expected: 'UNCLEAR' },
  {
    name: '9 GO and NO-GO both',
    input: { text: 'GO and NO-GO both look risky, call me' },
    expected: 'UNCLEAR',
    evidence: 'both GO and NO-GO words: "GO" and "NO-GO"',
  },
  { name: "10 I can't say go yet", input: { text: "I can't say go yet" }, expected: 'UNCLEAR' },
  { name: '10 not ready to go', input: { text: 'not ready to go' }, expected: 'UNCLEAR' },
  { name: "11 It's not a no-go, go ahead", input: { text: "It's not a no-go, go ahead" }, expected: 'UNCLEAR' },
  { name: '12 No, go ahead', input: { text: 'No, go ahead' }, expected: 'GO', evidence: 'go ahead' },
  // 13–17: quotes.
  {
    name: '13 no decision above a quoted prompt',
    input: { text: gmail('Thanks, checking with the team') },
    expected: 'UNCLEAR',
  },
  { name: '14 GO above a Gmail quote', input: { text: gmail('GO') }, expected: 'GO', evidence: 'GO' },
  {
    name: '14 Gmail header split over two lines',
    input: { text: gmail('Go ahead please', PROMPT_EN, GMAIL_HEADER_SPLIT) },
    expected: 'GO',
  },
  { name: '15 Outlook From/Sent block', input: { text: outlook('GO') }, expected: 'GO' },
  {
    name: '15 -----Original Message-----',
    input: {
      text: `Please roll back.\n\n-----Original Message-----\nFrom: Acme Cloud Upgrades [mailto:upgrades@acme.example]\nSent: Tuesday, November 3, 2026 9:14 PM\n\n${PROMPT_EN}`,
    },
    expected: 'NO_GO',
  },
  {
    name: '16 only the quoted prompt',
    input: { text: `\n\n${GMAIL_HEADER}\n\n${quoted(PROMPT_EN)}` },
    expected: 'UNCLEAR',
  },
  {
    name: '16 the prompt quoted without a header',
    input: { text: quoted(PROMPT_EN) },
    expected: 'UNCLEAR',
    evidence: 'no new text above the quoted message, signature or footer',
  },
  {
    name: '17 inline answer between quoted lines',
    input: { text: '> Continue? Reply GO or NO-GO\nNO-GO\n> Anything else?\nNo.' },
    expected: 'NO_GO',
  },
  // 18–19: signatures and footers.
  { name: '18 signature with No-Go in it', input: { text: 'GO\n-- \nJane, No-Go Zone Consulting' }, expected: 'GO' },
  {
    name: '19 Sent from my iPhone above an Apple Mail quote',
    input: { text: `go\n\nSent from my iPhone\n\n> ${APPLE_HEADER}\n>\n${quoted(PROMPT_EN)}` },
    expected: 'GO',
  },
  { name: '19 Envoyé de mon iPhone', input: { text: 'go\n\nEnvoyé de mon iPhone' }, expected: 'GO' },
  {
    name: '19 Get Outlook for iOS then the Outlook block',
    input: { text: `Stop please\n\nGet Outlook for iOS\n${OUTLOOK_BLOCK}\n\n${PROMPT_EN}` },
    expected: 'NO_GO',
  },
  {
    name: '19 Obtenir Outlook pour iOS',
    input: { text: `Continuez\n\nObtenir Outlook pour iOS\n${OUTLOOK_BLOCK_FR}\n\n${PROMPT_FR}` },
    expected: 'GO',
  },
  {
    name: '19 Regards signature with a No-Go title',
    input: { text: 'Go ahead.\n\nBest regards,\nJane Doe\nNo-Go decisions, Customer IT' },
    expected: 'GO',
  },
  // 20: word boundaries.
  { name: '20 Got it', input: { text: 'Got it' }, expected: 'UNCLEAR' },
  { name: '20 good', input: { text: 'good' }, expected: 'UNCLEAR' },
  { name: '20 going to check', input: { text: 'going to check' }, expected: 'UNCLEAR' },
  { name: '20 GoDaddy DNS is fine', input: { text: 'GoDaddy DNS is fine' }, expected: 'UNCLEAR' },
  {
    name: '20 a go-live date is not a GO',
    input: { text: 'The go-live date is Friday, thanks' },
    expected: 'UNCLEAR',
  },
  // 21–22: HTML.
  {
    name: '21 Gmail HTML: GO above gmail_quote holding NO-GO',
    input: { html: gmailHtml('<p><b>GO</b></p>') },
    expected: 'GO',
    evidence: 'GO',
  },
  { name: '22 HTML NO&#8209;GO', input: { html: '<p>NO&#8209;GO</p>' }, expected: 'NO_GO' },
  { name: '22 HTML NO&nbsp;GO', input: { html: '<p>NO&nbsp;GO</p>' }, expected: 'NO_GO' },
  { name: '23 HTML zero-width space &#8203; inside GO', input: { html: '<p>G&#8203;O</p>' }, expected: 'GO' },
  // 23–24: invisible characters, homoglyphs, emoji.
  { name: '23 zero-width space inside GO', input: { text: 'G\u200bO' }, expected: 'GO' },
  { name: '23 Cyrillic O in GО', input: { text: 'G\u041e' }, expected: 'UNCLEAR' },
  { name: '24 ✅ GO', input: { text: '✅ GO' }, expected: 'GO' },
  { name: '24 thumbs up alone', input: { text: '👍' }, expected: 'UNCLEAR' },
  { name: '24 stop sign alone', input: { text: '🛑' }, expected: 'UNCLEAR' },
  // 25: French.
  { name: '25 On y va', input: { text: 'On y va' }, expected: 'GO' },
  { name: '25 Allez-y', input: { text: 'Allez-y !' }, expected: 'GO', evidence: 'Allez-y' },
  { name: '25 Vous pouvez continuer', input: { text: 'Bonjour, vous pouvez continuer. Merci' }, expected: 'GO' },
  { name: '25 Ne pas continuer', input: { text: 'Ne pas continuer' }, expected: 'NO_GO' },
  { name: "25 N'y allez pas", input: { text: "N'y allez pas" }, expected: 'NO_GO' },
  { name: '25 Ne continuez pas', input: { text: 'Ne continuez pas, merci.' }, expected: 'NO_GO' },
  { name: "25 N'allez pas plus loin", input: { text: "N’allez pas plus loin s'il vous plaît" }, expected: 'NO_GO' },
  { name: '25 Revenez en arrière', input: { text: 'Revenez en arrière.' }, expected: 'NO_GO' },
  { name: '25 arretez without its accent', input: { text: 'arretez tout' }, expected: 'NO_GO' },
  { name: '25 Annulez', input: { text: 'Annulez svp' }, expected: 'NO_GO' },
  {
    name: '25 French Gmail quote',
    input: { text: gmail('Allez-y, merci.', PROMPT_FR, GMAIL_HEADER_FR) },
    expected: 'GO',
  },
  {
    name: '25 French Outlook block',
    input: { text: `Arrêtez s'il vous plaît.\n\n${OUTLOOK_BLOCK_FR}\n\n${PROMPT_FR}` },
    expected: 'NO_GO',
  },
  {
    name: "25 -----Message d'origine-----",
    input: { text: `On y va.\n\n-----Message d'origine-----\n${OUTLOOK_BLOCK_FR}\n\n${PROMPT_FR}` },
    expected: 'GO',
  },
  { name: '25 French question', input: { text: 'On continue ?' }, expected: 'UNCLEAR' },
  // 26–27: other languages.
  { name: '26 German Los', input: { text: 'Los' }, expected: 'UNCLEAR' },
  { name: '26 German Bitte nicht fortfahren', input: { text: 'Bitte nicht fortfahren' }, expected: 'UNCLEAR' },
  { name: '27 Spanish Adelante', input: { text: 'Adelante' }, expected: 'UNCLEAR' },
  // 28: Zendesk delimiter.
  {
    name: '28 GO above the Zendesk delimiter',
    input: { text: `GO\n##- Please type your reply above this line -##\n${PROMPT_EN}` },
    expected: 'GO',
  },
  {
    name: '28 delimiter in French wording',
    input: { text: `Annulez\n\n##- Veuillez saisir votre réponse au-dessus de cette ligne -##\n\n${PROMPT_FR}` },
    expected: 'NO_GO',
  },
  {
    name: '28 delimiter in HTML',
    input: {
      html: `<div>Please proceed</div><div style="color:#b5b5b5">##- Please type your reply above this line -##</div><p>${PROMPT_EN}</p>`,
    },
    expected: 'GO',
  },
  // 29–30: acknowledgements and pauses.
  { name: '29 Yes', input: { text: 'Yes' }, expected: 'UNCLEAR' },
  { name: '29 OK', input: { text: 'OK' }, expected: 'UNCLEAR' },
  { name: '29 sure, thanks', input: { text: 'sure, thanks' }, expected: 'UNCLEAR' },
  { name: '30 hold on', input: { text: 'hold on' }, expected: 'UNCLEAR' },
  { name: '30 wait', input: { text: 'wait' }, expected: 'UNCLEAR' },
  { name: '30 pause', input: { text: 'pause' }, expected: 'UNCLEAR' },
  // 42–44: empty body, size, web form.
  { name: '42 empty body', input: { text: '' }, expected: 'UNCLEAR' },
  {
    name: '43 pathological On On On … wrote',
    input: { text: `${'On '.repeat(10_000)}wrote` },
    expected: 'UNCLEAR',
  },
  {
    name: '43 GO above a 5,000-line quote',
    input: { text: `GO\n\n${GMAIL_HEADER}\n${'> earlier text, NO-GO\n'.repeat(5000)}` },
    expected: 'GO',
  },
  { name: '44 web form NO GO', input: { text: 'NO GO' }, expected: 'NO_GO' },
  // Not instructions: descriptions, conditions, questions, other people's words.
  { name: 'description: I will go check', input: { text: "I'll go check with the team" }, expected: 'UNCLEAR' },
  {
    name: 'description: we will continue testing',
    input: { text: 'We will continue testing on our side.' },
    expected: 'UNCLEAR',
  },
  {
    name: 'condition: go ahead once the backup is done',
    input: { text: 'Go ahead once the backup is done' },
    expected: 'UNCLEAR',
  },
  {
    name: 'condition: if it fails, roll back',
    input: { text: 'Go ahead. If it fails, roll back.' },
    expected: 'UNCLEAR',
  },
  { name: 'question: should we proceed', input: { text: 'Should we proceed' }, expected: 'UNCLEAR' },
  { name: 'no go ahead reads both ways', input: { text: 'no go ahead' }, expected: 'UNCLEAR' },
  {
    name: "don't stop is not an order to stop",
    input: { text: "Don't stop" },
    expected: 'UNCLEAR',
  },
  { name: 'the prompt pasted unquoted', input: { text: PROMPT_EN }, expected: 'UNCLEAR' },
  { name: 'go live is another verb', input: { text: 'We can go live on Monday.' }, expected: 'UNCLEAR' },
  { name: 'go to the portal is another verb', input: { text: 'Please go to the portal' }, expected: 'UNCLEAR' },
  { name: 'stop by is a visit', input: { text: 'Stop by my desk later' }, expected: 'UNCLEAR' },
  {
    name: 'an infinitive nobody allowed',
    input: { text: 'To continue the conversation, call me' },
    expected: 'UNCLEAR',
  },
  { name: 'when makes it conditional', input: { text: "Let me know when you're ready to go" }, expected: 'UNCLEAR' },
  { name: 'permission: OK to proceed', input: { text: 'OK to proceed' }, expected: 'GO' },
  { name: 'permission: we want you to proceed', input: { text: 'We want you to proceed' }, expected: 'GO' },
  {
    name: 'permission: we would prefer you roll back',
    input: { text: "We'd prefer you roll back" },
    expected: 'NO_GO',
  },
  { name: "imperative negation: let's not proceed", input: { text: "Let's not proceed" }, expected: 'NO_GO' },
  {
    name: 'go back is a roll back',
    input: { text: 'Stop the upgrade, go back to the previous version' },
    expected: 'NO_GO',
  },
  { name: 'no problem is courtesy', input: { text: 'Please go ahead, no problem' }, expected: 'GO' },
  { name: 'French courtesy: pas de souci', input: { text: 'Pas de souci, vous pouvez continuer' }, expected: 'GO' },
  { name: 'French non, then a NO-GO', input: { text: 'Non, ne continuez pas' }, expected: 'NO_GO' },
  { name: 'French confirmation of a GO', input: { text: 'Je vous confirme le GO' }, expected: 'GO' },
  { name: 'French polite imperative: merci de continuer', input: { text: 'Merci de continuer.' }, expected: 'GO' },
  { name: 'French: merci de ne pas continuer', input: { text: 'Merci de ne pas continuer' }, expected: 'NO_GO' },
  { name: "French: merci d'arrêter", input: { text: "Merci d'arrêter l'opération" }, expected: 'NO_GO' },
  { name: 'a question asked politely', input: { text: 'Could you please roll back?' }, expected: 'UNCLEAR' },
  {
    name: 'German quote header (email-reply-parser)',
    input: { text: 'Go ahead\n\nAm 03.11.2026 um 21:14 schrieb Acme <upgrades@acme.example>:\n\nReply GO or NO-GO' },
    expected: 'GO',
  },
  {
    name: 'Spanish quote header (email-reply-parser)',
    input: {
      text: 'NO-GO\n\nEl mar, 3 nov 2026 a las 21:14, Acme (<upgrades@acme.example>) escribió:\n\nReply GO to continue',
    },
    expected: 'NO_GO',
  },
  {
    name: 'Get Outlook for iOS with its link, then the Outlook block',
    input: {
      text: 'GO\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\nFrom: Acme <a@b.c>\nSent: Tuesday\nTo: x\nSubject: NO-GO?\n\nNO-GO',
    },
    expected: 'GO',
  },
  {
    name: 'forwarded message separator',
    input: { text: 'GO\n\n---------- Forwarded message ---------\nFrom: Acme <a@b.c>\n\nNO-GO' },
    expected: 'GO',
  },
  // HTML shapes of the common clients.
  {
    name: 'HTML Gmail signature under a NO-GO',
    input: {
      html:
        '<div dir="ltr">Please roll back.<br clear="all"><br><span class="gmail_signature_prefix">-- </span><br>' +
        '<div dir="ltr" class="gmail_signature" data-smartmail="gmail_signature">Jane Doe<br>Go-Live Coordinator, go team</div></div>',
    },
    expected: 'NO_GO',
  },
  {
    name: 'HTML Outlook on the web (appendonsend, divRplyFwdMsg)',
    input: {
      html:
        '<div style="font-family:Aptos">GO</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">' +
        '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Acme Cloud Upgrades &lt;upgrades@acme.example&gt;<br><b>Sent:</b> Tuesday, November 3, 2026 9:14 PM</font></div>' +
        `<div>${PROMPT_EN}</div>`,
    },
    expected: 'GO',
  },
  {
    name: 'HTML Outlook desktop From/Sent block',
    input: {
      html:
        '<div class="WordSection1"><p class="MsoNormal">Do not proceed.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>' +
        '<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0in 0in 0in"><p class="MsoNormal"><b>From:</b> Acme Cloud Upgrades &lt;upgrades@acme.example&gt;<br>' +
        '<b>Sent:</b> Tuesday, November 3, 2026 9:14 PM<br><b>To:</b> Jane Doe<br><b>Subject:</b> GO or NO-GO</p></div></div>' +
        `<p class="MsoNormal">${PROMPT_EN}</p></div>`,
    },
    expected: 'NO_GO',
  },
  {
    name: 'HTML Apple Mail blockquote type=cite',
    input: {
      html: `<html><body dir="auto"><div>Go ahead</div><div><br><blockquote type="cite"><div>${escapeHtml(APPLE_HEADER)}</div><div>${PROMPT_EN}</div></blockquote></div></body></html>`,
    },
    expected: 'GO',
  },
  {
    name: 'HTML Thunderbird moz-cite-prefix',
    input: {
      html: `<p>NO-GO</p><div class="moz-cite-prefix">On 03/11/2026 21:14, Acme Cloud Upgrades wrote:<br></div><blockquote type="cite">${PROMPT_EN}</blockquote>`,
    },
    expected: 'NO_GO',
  },
  {
    name: 'HTML Yahoo yahoo_quoted',
    input: { html: `<div>go ahead</div><div class="yahoo_quoted"><div>${PROMPT_EN}</div></div>` },
    expected: 'GO',
  },
  {
    name: 'HTML French Gmail',
    input: { html: gmailHtml('Allez-y&nbsp;!', GMAIL_HEADER_FR, PROMPT_FR) },
    expected: 'GO',
  },
  {
    name: 'HTML Envoyé de mon iPhone',
    input: {
      html: `<div dir="auto">Arrêtez<br><br><div dir="ltr">Envoyé de mon iPhone</div><blockquote type="cite">${PROMPT_FR}</blockquote></div>`,
    },
    expected: 'NO_GO',
  },
  {
    name: 'HTML inline reply between blockquotes',
    input: {
      html: '<blockquote>Continue? Reply GO or NO-GO</blockquote><p>NO-GO</p><blockquote>Anything else?</blockquote><p>No.</p>',
    },
    expected: 'NO_GO',
  },
  { name: 'HTML emoji only', input: { html: '<div>👍</div>' }, expected: 'UNCLEAR' },
  {
    name: 'HTML both words in the answer',
    input: { html: gmailHtml('GO for instance A, NO-GO for B') },
    expected: 'UNCLEAR',
  },
];
