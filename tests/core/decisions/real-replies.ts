import { CLIENTS, type Client, type Input, type Language } from './mail-clients.js';

/**
 * Replies built on real mail clients' structures (mail-clients.ts), one or more per failure family of the
 * reader named in issue 17, in English and French, plain and HTML, plus clear answers and replies that
 * must stay UNCLEAR in the same structures. Shared by the table test and `bench/reader.ts`.
 */
export type Expected = 'GO' | 'NO_GO' | 'UNCLEAR';

export type Family =
  | 'refused NO-GO then GO'
  | 'bottom-posting and inline'
  | 'signature without -- line'
  | 'legal disclaimer'
  | 'old header block'
  | 'paraphrase'
  | 'colloquial French negation'
  | 'unrelated negation after NO-GO'
  | 'clear answer'
  | 'must stay unclear';

export interface RealReply {
  name: string;
  family: Family;
  client: Client;
  language: Language;
  input: Input;
  expected: Expected;
}

type Row = [client: Client, language: Language, answer: string, expected: Expected];

const ROWS: Record<Family, Row[]> = {
  'refused NO-GO then GO': [
    ['gmail', 'en', "Don't abort - carry on.", 'GO'],
    ['outlook', 'en', 'Hi,\n\nDo not roll back, please continue with the upgrade.\n\nThanks', 'GO'],
    ['iphone', 'en', 'No need to roll back. Go ahead', 'GO'],
    ['outlookWebHtml', 'en', "Don't stop now, carry on!", 'GO'],
    ['appleHtml', 'en', "Please don't cancel, proceed.", 'GO'],
    ['zimbra', 'en', "You don't need to roll back - go ahead and finish.", 'GO'],
    ['thunderbird', 'en', 'Never mind the NO-GO option, do not abort: proceed.', 'UNCLEAR'],
    ['gmailHtml', 'fr', 'Ne revenez pas en arrière, continuez.', 'GO'],
    ['outlook', 'fr', "Bonjour,\n\nN'annulez pas, vous pouvez continuer.\n\nMerci", 'GO'],
    ['iphone', 'fr', 'Pas besoin de revenir en arrière, allez-y', 'GO'],
    ['outlookHtml', 'fr', "N'arrêtez pas, poursuivez svp.", 'GO'],
    ['yahoo', 'fr', 'Pas de retour arrière : continuez.', 'GO'],
    ['thunderbirdHtml', 'en', "There's no need to roll back - please continue.", 'GO'],
    ['gmailMobileHtml', 'en', 'Go ahead, no rollback.', 'GO'],
    ['android', 'fr', "N'arrêtez surtout pas, continuez.", 'GO'],
    ['zimbraHtml', 'fr', "Inutile d'annuler, poursuivez.", 'GO'],
    // A refused NO-GO alone is no instruction; with a NO-GO it conflicts.
    ['gmail', 'en', "Don't stop.", 'UNCLEAR'],
    ['outlook', 'en', "Don't roll back. Actually, abort.", 'UNCLEAR'],
    ['gmail', 'fr', "N'annulez pas.", 'UNCLEAR'],
    ['outlookWebHtml', 'en', 'Do not abort the upgrade. Proceed to completion.', 'GO'],
    ['appleHtml', 'fr', 'Ne faites pas de retour arrière, terminez la mise à niveau.', 'GO'],
  ],
  'bottom-posting and inline': [
    ['gmailBottom', 'en', 'NO-GO please, we have a release in the morning.', 'NO_GO'],
    ['gmailBottom', 'en', 'Go ahead.\n\nJane', 'GO'],
    ['thunderbirdBottom', 'en', 'Please roll back.', 'NO_GO'],
    ['inline', 'en', 'GO from our side.', 'GO'],
    ['inline', 'en', 'NO-GO, sorry.', 'NO_GO'],
    ['thunderbirdBottomHtml', 'en', 'Proceed, thanks.', 'GO'],
    ['gmailBottom', 'en', 'Thanks for the update, checking with the team.', 'UNCLEAR'],
    ['gmailBottom', 'fr', 'Allez-y, merci.', 'GO'],
    ['gmailBottom', 'fr', 'On y va !\n\nJean', 'GO'],
    ['thunderbirdBottom', 'fr', 'Revenez en arrière svp.', 'NO_GO'],
    ['inline', 'fr', 'NO-GO pour nous.', 'NO_GO'],
    ['thunderbirdBottomHtml', 'fr', 'Vous pouvez continuer.', 'GO'],
    ['gmailInlineHtml', 'en', 'GO', 'GO'],
    ['gmailInlineHtml', 'fr', 'NO-GO, revenez en arrière.', 'NO_GO'],
    ['appleBottomHtml', 'en', 'Please roll back.', 'NO_GO'],
    ['appleBottomHtml', 'fr', 'Allez-y.', 'GO'],
    ['appleBottomHtml', 'en', 'Thanks, checking internally.', 'UNCLEAR'],
    ['inline', 'fr', "Je demande à l'équipe et je reviens vers vous.", 'UNCLEAR'],
  ],
  'signature without -- line': [
    ['gmail', 'en', 'Go ahead.\n\nJane Doe\nHead of No-Go Decisions | Customer Corp\n+1 555 0100', 'GO'],
    ['outlook', 'en', 'Please roll back.\n\nThanks,\nJane Doe\nGo-To-Market Lead, Proceed Labs', 'NO_GO'],
    ['iphone', 'en', 'Go ahead.\n\nThanks\nJane\nStop & Go Logistics Ltd.', 'GO'],
    ['outlookHtml', 'en', 'NO-GO.\n\nKind regards\nTom Baker\nContinuous Delivery Manager\nGo Fast Inc.', 'NO_GO'],
    [
      'appleHtml',
      'en',
      'Proceed.\n\nMany thanks,\nPriya Shah | Abort Recovery Team | Customer Corp\npriya.shah@customer.example',
      'GO',
    ],
    [
      'zimbra',
      'en',
      'Please stop the upgrade.\n\nAlex Martin\nDirector, Go-Live Operations\nwww.customer.example',
      'NO_GO',
    ],
    ['outlookWebHtml', 'en', 'Carry on.\n\nSam Lee\nRollback Engineering Lead\nT: +1 555 0142', 'GO'],
    ['gmailHtml', 'en', 'Abort.\n\nJane Doe\nProceed Capital LLC', 'NO_GO'],
    ['outlook', 'fr', 'Allez-y.\n\nMerci,\nJean Dupont\nResponsable Go-Live, Client SA\n01 23 45 67 89', 'GO'],
    ['outlookHtml', 'en', 'Roll back.\n\nThanks\n\nJane Doe | Go-Live PMO', 'NO_GO'],
    ['gmail', 'fr', 'Annulez svp.\n\nMarie Curie\nDirectrice des opérations | Continuez Services SAS', 'NO_GO'],
    ['outlookHtml', 'fr', 'Vous pouvez continuer.\n\nCordialement\nLuc Martin\nChef de projet Stop & Go SARL', 'GO'],
    ['appleHtml', 'fr', 'Arrêtez.\n\nMerci d’avance,\nSophie Bernard\nGo Conseil | sophie@client.example', 'NO_GO'],
    [
      'outlook',
      'en',
      'Please proceed.\n\nRegards\n\nJohn Smith\nSenior Engineer | No-Go Systems Ltd\nMobile: +44 7700 900123',
      'GO',
    ],
    ['thunderbird', 'en', 'Go ahead\n\nJohn Smith\nIT Director\nABORT Software GmbH\nHauptstr. 1, 10115 Berlin', 'GO'],
    // A company line with a decision word and nothing that marks it a company's is not cut: unclear.
    ['zimbraHtml', 'fr', 'Annulez\n\nJean Dupont\nDSI\nGo Voyages\n+33 1 23 45 67 89', 'UNCLEAR'],
    // A decision word after the name that is not a title is the customer's: both words, unclear.
    ['gmail', 'en', 'Please proceed.\n\nThanks,\nJane\nP.S. Actually stop', 'UNCLEAR'],
  ],
  'legal disclaimer': [
    [
      'outlook',
      'en',
      'GO\n\nThis email is confidential. If you are not the intended recipient, do not proceed to read, copy or distribute it.',
      'GO',
    ],
    [
      'gmail',
      'en',
      'Please roll back.\n\nCONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential. If you have received this message in error, please stop reading, notify the sender and go ahead with deleting it.',
      'NO_GO',
    ],
    [
      'outlookHtml',
      'en',
      'Go ahead, thanks.\n\nJane Doe\nIT Manager\n\nDisclaimer: the information in this message is privileged and confidential. Unauthorised use is prohibited; do not proceed without the consent of the sender.',
      'GO',
    ],
    [
      'outlookWebHtml',
      'en',
      'CAUTION: This email originated from outside of the organization. Do not click links or proceed with any request unless you recognize the sender.\n\nNO-GO, please roll back.',
      'NO_GO',
    ],
    [
      'zimbra',
      'en',
      'Abort please.\n\nThis message and any files transmitted with it are confidential and intended solely for the use of the addressee. If you are not the intended\nrecipient, do not continue reading.',
      'NO_GO',
    ],
    ['yahooHtml', 'en', 'Carry on.\n\nThink before you print. Stop and consider the environment.', 'GO'],
    [
      'outlook',
      'fr',
      "Allez-y.\n\nCe message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires. Si vous avez reçu ce message par erreur, merci de ne pas continuer sa lecture et de le supprimer.",
      'GO',
    ],
    [
      'gmailHtml',
      'fr',
      "Annulez svp.\n\nAVIS DE CONFIDENTIALITÉ : si vous n'êtes pas le destinataire prévu, vous pouvez continuer à nous contacter pour le signaler.",
      'NO_GO',
    ],
    [
      'outlookWebHtml',
      'fr',
      "ATTENTION : ce courriel provient de l'extérieur de l'organisation. N'allez pas plus loin si vous ne connaissez pas l'expéditeur.\n\nVous pouvez continuer.",
      'GO',
    ],
    ['iphone', 'fr', 'Arrêtez.\n\nMessage strictement confidentiel. Ne pas continuer la diffusion.', 'NO_GO'],
  ],
  'old header block': [
    ['lotusNotes', 'en', 'GO', 'GO'],
    ['lotusNotes', 'en', 'Please roll back.', 'NO_GO'],
    ['lotusNotes', 'en', 'Thanks, we will let you know.', 'UNCLEAR'],
    ['lotusNotesFields', 'en', 'Proceed.', 'GO'],
    ['lotusNotesFields', 'en', 'NO-GO', 'NO_GO'],
    ['lotusNotes', 'fr', 'Allez-y.', 'GO'],
    ['lotusNotes', 'fr', 'Ne continuez pas.', 'NO_GO'],
    ['lotusNotesFields', 'fr', 'Revenez en arrière.', 'NO_GO'],
    ['lotusNotesFields', 'fr', 'On y va.', 'GO'],
    ['zimbra', 'fr', 'Continuez.', 'GO'],
    ['lotusNotesHtml', 'en', 'Go ahead.', 'GO'],
    ['lotusNotesHtml', 'en', 'Roll back please.', 'NO_GO'],
    ['lotusNotesHtml', 'fr', 'Annulez.', 'NO_GO'],
    ['lotusNotesTwoLines', 'en', 'Please roll back', 'NO_GO'],
    ['lotusNotesTwoLines', 'fr', 'Vous pouvez continuer.', 'GO'],
  ],
  paraphrase: [
    ['gmail', 'en', 'You have our approval to finish the upgrade.', 'GO'],
    ['outlook', 'en', 'Please back it out.', 'NO_GO'],
    ['iphone', 'en', 'Revert to the original state please.', 'NO_GO'],
    ['outlookHtml', 'en', 'Green light from us, finish it.', 'GO'],
    ['appleHtml', 'en', 'Undo the upgrade please, we need the old version tonight.', 'NO_GO'],
    ['thunderbird', 'en', 'Keep going.', 'GO'],
    ['outlookMobile', 'en', 'Cancel it and put everything back.', 'NO_GO'],
    ['gmailHtml', 'en', 'Approved to complete. Let it run.', 'GO'],
    ['android', 'en', 'Restore the previous version.', 'NO_GO'],
    ['yahooHtml', 'en', "You're cleared to finish.", 'GO'],
    ['thunderbirdHtml', 'en', 'Roll it all back please.', 'NO_GO'],
    ['outlookOriginal', 'en', 'Approval granted to finish the upgrade.', 'GO'],
    ['gmail', 'en', 'Kindly revert with the new timeline.', 'UNCLEAR'],
    ['gmail', 'fr', 'Feu vert.', 'GO'],
    ['outlook', 'fr', 'Faites le retour arrière.', 'NO_GO'],
    ['iphone', 'fr', 'Vous avez notre accord, terminez la mise à niveau.', 'GO'],
    ['outlookHtml', 'fr', "Revenez à l'état initial svp.", 'NO_GO'],
    ['appleHtml', 'fr', 'Vous avez le feu vert.', 'GO'],
    ['android', 'fr', 'Restaurez la version précédente.', 'NO_GO'],
    ['gmailMobileHtml', 'fr', "Allez jusqu'au bout.", 'GO'],
    ['zimbraHtml', 'fr', 'On annule, merci.', 'NO_GO'],
    ['yahooHtml', 'fr', 'Remettez tout comme avant.', 'NO_GO'],
    ['outlookWebHtml', 'en', 'Please back out the upgrade and restore the previous version.', 'NO_GO'],
    ['gmail', 'fr', "Pas de go, revenez à la version d'avant.", 'NO_GO'],
    ['thunderbirdHtml', 'fr', 'Feu vert pour terminer.', 'GO'],
  ],
  'colloquial French negation': [
    ['gmail', 'fr', 'Continuez pas, revenez en arrière.', 'NO_GO'],
    ['iphone', 'fr', 'Allez pas plus loin svp', 'NO_GO'],
    ['outlook', 'fr', 'On continue pas.', 'NO_GO'],
    ['gmailHtml', 'fr', 'Faut pas continuer, on a une démo demain.', 'NO_GO'],
    ['appleHtml', 'fr', 'Annulez pas, continuez.', 'GO'],
    ['outlookWebHtml', 'fr', 'Poursuivez pas.', 'NO_GO'],
    ['android', 'fr', 'Arrêtez pas, allez-y.', 'GO'],
    ['yahoo', 'fr', 'Je sais pas si on peut continuer, je vous redis.', 'UNCLEAR'],
    ['thunderbirdBottom', 'fr', 'Continuez pas svp.', 'NO_GO'],
    ['zimbra', 'fr', 'Touchez plus à rien, revenez en arrière.', 'NO_GO'],
  ],
  'unrelated negation after NO-GO': [
    ['gmail', 'en', "NO-GO, we can't risk it before the release.", 'NO_GO'],
    ['outlook', 'en', 'Please roll back, we are not ready for this version.', 'NO_GO'],
    ['iphone', 'en', 'Abort — our team is not available tonight.', 'NO_GO'],
    ['outlookHtml', 'en', "Stop the upgrade because we don't have anyone on call.", 'NO_GO'],
    ['gmailMobileHtml', 'en', "Rollback please, we can't wait any longer.", 'NO_GO'],
    ['gmailHtml', 'en', "Roll back, it's not needed.", 'UNCLEAR'],
    ['appleHtml', 'en', 'Go ahead, we are not worried.', 'UNCLEAR'],
    ['gmail', 'fr', 'Arrêtez, nous ne sommes pas prêts.', 'NO_GO'],
    ['outlook', 'fr', "NO-GO, on n'a personne d'astreinte ce soir.", 'NO_GO'],
    ['outlookWebHtml', 'fr', 'Revenez en arrière car nos équipes ne sont pas disponibles.', 'NO_GO'],
    ['zimbraHtml', 'fr', 'Annulez, je ne veux pas de coupure ce soir.', 'NO_GO'],
    ['yahooHtml', 'en', "NO GO - we can't afford the downtime.", 'NO_GO'],
    ['android', 'en', "Please abort, as we won't have staff to test tonight.", 'NO_GO'],
    ['lotusNotes', 'en', 'Roll back, not needed.', 'UNCLEAR'],
  ],
  'clear answer': [
    ['gmail', 'en', 'GO', 'GO'],
    ['outlookWebHtml', 'en', 'NO-GO', 'NO_GO'],
    ['yahooHtml', 'en', 'go ahead', 'GO'],
    ['zimbraHtml', 'en', 'Please do not continue.', 'NO_GO'],
    ['thunderbirdHtml', 'en', 'Yes, please proceed.', 'GO'],
    ['gmailMobileHtml', 'en', 'Roll back please', 'NO_GO'],
    ['zendesk', 'en', 'Go ahead, thanks!', 'GO'],
    ['outlookOriginal', 'en', 'No go.', 'NO_GO'],
    ['outlookMobile', 'en', 'Carry on', 'GO'],
    ['android', 'en', 'Stop', 'NO_GO'],
    ['yahoo', 'en', 'We are happy for you to proceed.', 'GO'],
    ['thunderbirdHtml', 'fr', 'Allez-y !', 'GO'],
    ['zendesk', 'fr', 'Ne continuez pas.', 'NO_GO'],
    ['outlookOriginal', 'fr', 'On y va.', 'GO'],
    ['yahooHtml', 'fr', 'Arrêtez tout.', 'NO_GO'],
    ['outlookMobile', 'fr', 'Vous pouvez continuer.', 'GO'],
    ['zimbra', 'fr', "N'allez pas plus loin.", 'NO_GO'],
  ],
  'must stay unclear': [
    ['gmail', 'en', 'Thanks, checking with the team.', 'UNCLEAR'],
    ['outlook', 'en', "It's not a no-go, go ahead", 'UNCLEAR'],
    ['iphone', 'en', 'Should we roll back?', 'UNCLEAR'],
    ['outlookHtml', 'en', 'Go ahead once the backup is done.', 'UNCLEAR'],
    ['appleHtml', 'en', 'Not ready to go yet.', 'UNCLEAR'],
    ['yahooHtml', 'en', 'GO for eu-1, NO-GO for eu-2', 'UNCLEAR'],
    ['zendesk', 'en', 'ok', 'UNCLEAR'],
    ['gmailBottom', 'en', '', 'UNCLEAR'],
    ['gmail', 'fr', 'On continue ?', 'UNCLEAR'],
    ['outlookWebHtml', 'fr', 'Merci, je vérifie avec l’équipe.', 'UNCLEAR'],
    ['lotusNotes', 'fr', 'Faut-il revenir en arrière ?', 'UNCLEAR'],
    ['thunderbirdBottom', 'fr', 'Si ça échoue, annulez.', 'UNCLEAR'],
    // Waiting for a decision is not one; a hedge beside a NO-GO keeps it unclear.
    ['outlook', 'en', 'We are waiting for approval to proceed.', 'UNCLEAR'],
    ['gmailHtml', 'en', 'Waiting for the green light from management.', 'UNCLEAR'],
    ['iphone', 'fr', 'On attend le feu vert de la direction.', 'UNCLEAR'],
    ['outlookWebHtml', 'en', 'Still waiting on our DBA before we say go.', 'UNCLEAR'],
    ['zimbra', 'en', "Abort, I'm not sure.", 'UNCLEAR'],
  ],
};

export const REAL_REPLIES: RealReply[] = (Object.entries(ROWS) as [Family, Row[]][]).flatMap(([family, rows]) =>
  rows.map(([client, language, answer, expected]) => ({
    name: `${family} / ${client} / ${language}: ${JSON.stringify(answer.split('\n')[0]!.slice(0, 60))}`,
    family,
    client,
    language,
    input: CLIENTS[client](answer, language),
    expected,
  })),
);
