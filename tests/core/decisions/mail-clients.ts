/**
 * How real mail clients lay out a reply around the customer's words, plain and HTML, written from the
 * structures public reply-parser projects publish as fixtures (talon, email_reply_parser, planer): quote
 * headers, separators, `>` quoting, signature containers, mobile footers. The texts are ours.
 */
export type Language = 'en' | 'fr';
export type Input = { text: string } | { html: string };

/** The decision request as the product posts it, which the customer's client quotes. */
export const REQUEST: Record<Language, string> = {
  en: [
    'Hello,',
    '',
    'Your upgrade is taking longer than planned and will run past the end of its window.',
    'Why: validation of instance eu-2 needs another 90 minutes',
    'New anticipated end: Tuesday 3 November 2026, 23:30 (America/Chicago)',
    '',
    'Please answer by replying to this message:',
    '- GO: we complete the upgrade, even outside the window, and tell you once testing passes;',
    '- NO-GO: we roll your environment back to its original state and move the upgrade to the next available window.',
    '',
    'Please reply before 22:30.',
    '',
    'Acme Cloud Upgrades',
  ].join('\n'),
  fr: [
    'Bonjour,',
    '',
    'Votre mise à niveau prend plus de temps que prévu et dépassera la fin de sa fenêtre.',
    "Pourquoi : la validation de l'instance eu-2 demande 90 minutes de plus",
    'Nouvelle fin prévue : mardi 3 novembre 2026, 23:30 (Europe/Paris)',
    '',
    'Merci de répondre à ce message :',
    '- GO : nous terminons la mise à niveau, même hors fenêtre, et vous prévenons une fois les tests passés ;',
    "- NO-GO : nous revenons en arrière à l'état d'origine et déplaçons la mise à niveau à la prochaine fenêtre.",
    '',
    'Merci de répondre avant 22:30.',
    '',
    'Acme Cloud Upgrades',
  ].join('\n'),
};

const FROM = 'Acme Cloud Upgrades <upgrades@acme.example>';
const SUBJECT: Record<Language, string> = {
  en: 'RE: [Upgrade #4821] Decision needed: GO or NO-GO',
  fr: 'RE: [Mise à niveau #4821] Décision attendue : GO ou NO-GO',
};

export function quoted(text: string, depth = 1): string {
  const marks = '>'.repeat(depth);
  return text
    .split('\n')
    .map((line) => (line === '' ? marks : `${marks} ${line}`))
    .join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Lines as the HTML editors write them: one block per line, an empty one holding a <br>. */
const blocks = (text: string, tag = 'div', attributes = '') =>
  text
    .split('\n')
    .map((line) => `<${tag}${attributes}>${line === '' ? '<br>' : escapeHtml(line)}</${tag}>`)
    .join('');

const gmailHeader = (lang: Language) =>
  lang === 'en'
    ? `On Tue, Nov 3, 2026 at 9:14 PM Acme Cloud Upgrades <upgrades@acme.example> wrote:`
    : `Le mar. 3 nov. 2026 à 21:14, Acme Cloud Upgrades <upgrades@acme.example> a écrit :`;
const appleHeader = (lang: Language) =>
  lang === 'en'
    ? `On 3 Nov 2026, at 21:14, Acme Cloud Upgrades <upgrades@acme.example> wrote:`
    : `Le 3 nov. 2026 à 21:14, Acme Cloud Upgrades <upgrades@acme.example> a écrit :`;
const thunderbirdHeader = (lang: Language) =>
  lang === 'en'
    ? 'On 03/11/2026 21:14, Acme Cloud Upgrades wrote:'
    : 'Le 03/11/2026 à 21:14, Acme Cloud Upgrades a écrit :';
const outlookFields = (lang: Language) =>
  lang === 'en'
    ? [
        `From: ${FROM}`,
        'Sent: Tuesday, November 3, 2026 9:14 PM',
        'To: Jane Doe <jane@customer.example>',
        `Subject: ${SUBJECT.en}`,
      ]
    : [
        `De : ${FROM}`,
        'Envoyé : mardi 3 novembre 2026 21:14',
        'À : Jean Dupont <jean@client.example>',
        `Objet : ${SUBJECT.fr}`,
      ];

/** Each client: the customer's answer (already with its own signature, if any) placed in the client's reply. */
export const CLIENTS = {
  /** Gmail, top-posted, `>` quote under a one-line header. */
  gmail: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n${gmailHeader(lang)}\n\n${quoted(REQUEST[lang])}\n`,
  }),
  /** Gmail bottom-posted: the quote first, the answer typed under it. */
  gmailBottom: (answer: string, lang: Language): Input => ({
    text: `${gmailHeader(lang)}\n\n${quoted(REQUEST[lang])}\n\n${answer}\n`,
  }),
  /** Inline answer typed under the quoted line it answers, the rest of the quote below. */
  inline: (answer: string, lang: Language): Input => {
    const [head, ...rest] = REQUEST[lang].split('\n- NO-GO');
    return {
      text: `${gmailHeader(lang)}\n\n${quoted(head!)}\n\n${answer}\n\n${quoted(`- NO-GO${rest.join('')}`)}\n`,
    };
  },
  /** Outlook desktop, plain text: From/Sent/To/Subject block under a rule, the request unquoted. */
  outlook: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n________________________________\n${outlookFields(lang).join('\n')}\n\n${REQUEST[lang]}\n`,
  }),
  /** Outlook's -----Original Message----- separator. */
  outlookOriginal: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n-----${lang === 'en' ? 'Original Message' : "Message d'origine"}-----\n${outlookFields(lang).join('\n')}\n\n${REQUEST[lang]}`,
  }),
  /** Apple Mail on iPhone: footer, then the `>`-quoted header and request. */
  iphone: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n${lang === 'en' ? 'Sent from my iPhone' : 'Envoyé de mon iPhone'}\n\n> ${appleHeader(lang)}\n>\n${quoted(REQUEST[lang])}`,
  }),
  /** Thunderbird, plain text, top-posted. */
  thunderbird: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n${thunderbirdHeader(lang)}\n${quoted(REQUEST[lang])}\n`,
  }),
  /** Thunderbird bottom-posted (its default for plain text in many set-ups). */
  thunderbirdBottom: (answer: string, lang: Language): Input => ({
    text: `${thunderbirdHeader(lang)}\n${quoted(REQUEST[lang])}\n\n${answer}\n`,
  }),
  /** Lotus Notes: "Name on DATE", then To:/cc:/Subject:, the request unquoted. */
  lotusNotes: (answer: string, lang: Language): Input => ({
    text:
      `${answer}\n\n\n\n${FROM} ${lang === 'en' ? 'on' : 'le'} 03/11/2026 21:14:37\n\n` +
      `${lang === 'en' ? 'To' : 'À'}:\tJane Doe/Customer@Customer\ncc:\t\n${lang === 'en' ? 'Subject' : 'Objet'}:\t${SUBJECT[lang]}\n\n${REQUEST[lang]}`,
  }),
  /** Lotus Notes: the sender on one line, the date on the next, then the field names alone. */
  lotusNotesTwoLines: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n\n\nAcme Cloud Upgrades/Acme@Acme\n03/11/2026 09:14 PM\n\n${lang === 'en' ? 'To' : 'À'}\nJane Doe/CUST@CUST\ncc\n\n${lang === 'en' ? 'Subject' : 'Objet'}\n${SUBJECT[lang]}\n\n${REQUEST[lang]}`,
  }),
  /** Lotus Notes 8: the field names alone on their lines. */
  lotusNotesFields: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n\n\nAcme Cloud Upgrades ${lang === 'en' ? 'on' : 'le'} 11/03/2026 09:14 PM\n\nTo\nJane Doe/CUST@CUST\ncc\n\nSubject\n${SUBJECT[lang]}\n\n\n\n${REQUEST[lang]}`,
  }),
  /** Yahoo Mail, plain: an indented one-line header, the request unquoted. */
  yahoo: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n\n    ${lang === 'en' ? 'On Tuesday, November 3, 2026, 09:14:22 PM CST, Acme Cloud Upgrades <upgrades@acme.example> wrote:' : 'Le mardi 3 novembre 2026, 21:14:22 UTC+1, Acme Cloud Upgrades <upgrades@acme.example> a écrit :'}\n\n${REQUEST[lang]}`,
  }),
  /** Zimbra: ----- Original Message ----- (or "Mail original") and its fields. */
  zimbra: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n----- ${lang === 'en' ? 'Original Message' : 'Mail original'} -----\n${lang === 'en' ? 'From' : 'De'}: "Acme Cloud Upgrades" <upgrades@acme.example>\n${lang === 'en' ? 'To' : 'À'}: "Jane Doe" <jane@customer.example>\n${lang === 'en' ? 'Sent' : 'Envoyé'}: Tuesday, 3 November, 2026 21:14:22\n${lang === 'en' ? 'Subject' : 'Objet'}: ${SUBJECT[lang]}\n\n${REQUEST[lang]}`,
  }),
  /** Android mail apps: a footer, then "-------- Original message --------" and its fields. */
  android: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n${lang === 'en' ? 'Sent from my Galaxy' : 'Envoyé depuis mon Galaxy'}\n\n-------- ${lang === 'en' ? 'Original message' : "Message d'origine"} --------\n${lang === 'en' ? 'From' : 'De'}: ${FROM}\nDate: 03/11/2026 21:14 (GMT-06:00)\n${lang === 'en' ? 'To' : 'À'}: jane@customer.example\n${lang === 'en' ? 'Subject' : 'Objet'}: ${SUBJECT[lang]}\n\n${REQUEST[lang]}`,
  }),
  /** Outlook mobile: "Get Outlook for iOS" then the From/Sent block. */
  outlookMobile: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n${lang === 'en' ? 'Get Outlook for iOS' : 'Obtenir Outlook pour iOS'}\n________________________________\n${outlookFields(lang).join('\n')}\n\n${REQUEST[lang]}`,
  }),
  /** The Zendesk reply delimiter above the notification. */
  zendesk: (answer: string, lang: Language): Input => ({
    text: `${answer}\n\n##- ${lang === 'en' ? 'Please type your reply above this line' : 'Veuillez saisir votre réponse au-dessus de cette ligne'} -##\n\n${REQUEST[lang]}`,
  }),
  /** Gmail HTML: gmail_quote with its attribution and blockquote. */
  gmailHtml: (answer: string, lang: Language): Input => ({
    html:
      `<div dir="ltr">${blocks(answer)}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${escapeHtml(gmailHeader(lang))}<br></div>` +
      `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${blocks(REQUEST[lang])}</blockquote></div>`,
  }),
  /** Outlook desktop HTML: MsoNormal paragraphs, the header block in a bordered div, the request after it. */
  outlookHtml: (answer: string, lang: Language): Input => {
    const fields = outlookFields(lang).map((field) => {
      const [name, ...value] = field.split(':');
      return `<b>${escapeHtml(name!)}:</b>${escapeHtml(value.join(':'))}`;
    });
    return {
      html:
        `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0cm}</style></head><body lang="EN-US"><div class="WordSection1">` +
        `${blocks(answer, 'p', ' class="MsoNormal"')}<p class="MsoNormal"><o:p>&nbsp;</o:p></p>` +
        `<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal">${fields.join('<br>')}<o:p></o:p></p></div></div>` +
        `${blocks(REQUEST[lang], 'p', ' class="MsoNormal"')}</div></body></html>`,
    };
  },
  /** Outlook on the web and new Outlook: appendonsend and divRplyFwdMsg, the thread as siblings after them. */
  outlookWebHtml: (answer: string, lang: Language): Input => ({
    html:
      `<div class="elementToProof" style="font-family:Aptos,sans-serif;font-size:12pt">${blocks(answer)}</div>` +
      `<div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1">` +
      `<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri" style="font-size:11pt">${outlookFields(lang).map(escapeHtml).join('<br>')}</font><div>&nbsp;</div></div>` +
      `<div>${blocks(REQUEST[lang])}</div>`,
  }),
  /** Gmail HTML, answered inline: the answer typed inside gmail_quote, between the two parts of the quote it splits. */
  gmailInlineHtml: (answer: string, lang: Language): Input => {
    const [head, ...rest] = REQUEST[lang].split('\n- NO-GO');
    const quote = (text: string) =>
      `<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${blocks(text)}</blockquote>`;
    return {
      html:
        `<div dir="ltr">${lang === 'en' ? 'Answer inline below.' : 'Réponse ci-dessous.'}</div><br><div class="gmail_quote">` +
        `<div dir="ltr" class="gmail_attr">${escapeHtml(gmailHeader(lang))}<br></div>${quote(head!)}<div>${blocks(answer)}</div>` +
        `${quote(`- NO-GO${rest.join('')}`)}</div>`,
    };
  },
  /** Apple Mail HTML, bottom-posted: the attribution above the blockquote, the answer under it. */
  appleBottomHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><body dir="auto"><div dir="ltr">${escapeHtml(appleHeader(lang))}</div>` +
      `<blockquote type="cite"><div dir="ltr">${blocks(REQUEST[lang])}</div></blockquote><div><br></div>${blocks(answer)}</body></html>`,
  }),
  /** Apple Mail HTML: blockquote type=cite. */
  appleHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">${blocks(answer)}` +
      `<div dir="ltr"><br><blockquote type="cite">${escapeHtml(appleHeader(lang))}<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">${blocks(REQUEST[lang])}</div></blockquote></body></html>`,
  }),
  /** Thunderbird HTML, top-posted: moz-cite-prefix and blockquote type=cite. */
  thunderbirdHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><body>${blocks(answer, 'p')}<div class="moz-cite-prefix">${escapeHtml(thunderbirdHeader(lang))}<br></div>` +
      `<blockquote type="cite" cite="mid:4821@acme.example">${blocks(REQUEST[lang])}</blockquote></body></html>`,
  }),
  /** Thunderbird HTML, bottom-posted. */
  thunderbirdBottomHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><body><div class="moz-cite-prefix">${escapeHtml(thunderbirdHeader(lang))}<br></div>` +
      `<blockquote type="cite">${blocks(REQUEST[lang])}</blockquote>${blocks(answer, 'p')}</body></html>`,
  }),
  /** Yahoo HTML: yahoo_quoted. */
  yahooHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><body><div class="ydp3f9c yahoo-style-wrap" style="font-family:Helvetica Neue,Helvetica,Arial,sans-serif">${blocks(answer)}</div>` +
      `<div id="yahoo_quoted_4821" class="yahoo_quoted"><div style="font-family:Helvetica Neue,Helvetica,Arial,sans-serif;font-size:13px;color:#26282a">` +
      `<div>${escapeHtml(lang === 'en' ? 'On Tuesday, November 3, 2026, 09:14:22 PM CST, Acme Cloud Upgrades <upgrades@acme.example> wrote:' : 'Le mardi 3 novembre 2026, 21:14:22 UTC+1, Acme Cloud Upgrades <upgrades@acme.example> a écrit :')}</div>` +
      `<div><br></div>${blocks(REQUEST[lang])}</div></div></body></html>`,
  }),
  /** Zimbra HTML: the zwchr rule, then the header fields and the quoted text. */
  zimbraHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><body><div style="font-family: arial, helvetica, sans-serif; font-size: 12pt; color: #000000">${blocks(answer)}<br>` +
      `<hr id="zwchr" data-marker="__DIVIDER__"><div data-marker="__HEADERS__">${outlookFields(lang)
        .map((field) => {
          const [name, ...value] = field.split(':');
          return `<b>${escapeHtml(name!)}: </b>${escapeHtml(value.join(':').trim())}<br>`;
        })
        .join('')}</div><br><div data-marker="__QUOTED_TEXT__">${blocks(REQUEST[lang])}</div></div></body></html>`,
  }),
  /** Lotus Notes HTML: the "Name on DATE" line and the fields in a table, the request after it. */
  lotusNotesHtml: (answer: string, lang: Language): Input => ({
    html:
      `<html><body><font size="2" face="sans-serif">${blocks(answer)}</font><br><br><br>` +
      `<table width="100%"><tr valign="top"><td><font size="1" face="sans-serif"><b>Acme Cloud Upgrades &lt;upgrades@acme.example&gt;</b> ${lang === 'en' ? 'on' : 'le'} 03/11/2026 21:14:37</font></td></tr></table>` +
      `<table><tr><td><font size="1">${lang === 'en' ? 'To' : 'À'}:</font></td><td><font size="1">Jane Doe/Customer@Customer</font></td></tr>` +
      `<tr><td><font size="1">cc:</font></td><td></td></tr><tr><td><font size="1">${lang === 'en' ? 'Subject' : 'Objet'}:</font></td><td><font size="1">${escapeHtml(SUBJECT[lang])}</font></td></tr></table>` +
      `<br><br>${blocks(REQUEST[lang])}</body></html>`,
  }),
  /** Gmail on Android, HTML, with its mobile footer-less quote. */
  gmailMobileHtml: (answer: string, lang: Language): Input => ({
    html:
      `<div dir="auto">${blocks(answer)}</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">${escapeHtml(gmailHeader(lang))}<br></div>` +
      `<blockquote class="gmail_quote" style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">${blocks(REQUEST[lang])}</blockquote></div>`,
  }),
} satisfies Record<string, (answer: string, lang: Language) => Input>;

export type Client = keyof typeof CLIENTS;
