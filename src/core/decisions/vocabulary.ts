/**
 * The words the grammar (grammar.ts) reads, in folded form (lower case, plain dashes and apostrophes, no
 * accents; French elisions split: "n'allez" is "n' allez"). Lists are written as `|`-separated phrases
 * or space-separated words so the vocabulary reads as a vocabulary.
 */

/**
 * What a phrase says: GO, NO_GO, BOTH (reads either way: no decision), or NOT_NO_GO, a refused NO-GO
 * ("don't abort", "ne revenez pas en arrière"): it never decides alone, but agrees with a GO instruction
 * beside it ("don't abort - carry on" is GO).
 */
export type PhrasePolarity = 'GO' | 'NO_GO' | 'BOTH' | 'NOT_NO_GO';

export interface Phrase {
  words: string[];
  polarity: PhrasePolarity;
}

const phrases = (list: string, polarity: PhrasePolarity): Phrase[] =>
  list
    .split('|')
    .map((entry) => entry.trim().split(/\s+/))
    .filter((words) => words[0] !== '')
    .map((words) => ({ words, polarity }));

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));

/** Sequences of words, for the negations put before a decision word. */
const sequences = (list: string): string[][] => list.split('|').map((entry) => entry.trim().split(/\s+/));

/** "No go ahead" is either "No, go ahead" or "no-go" followed by a word: it cannot decide. */
const BOTH_WAYS = phrases('no go ahead', 'BOTH');

/** Not "revert" alone: "kindly revert" asks for an answer in Indian English. */
const NO_GO_EN = phrases(
  `no go | nogo | roll back | roll it back | go back | rollback | abort | stop | cancel | halt
   | back it out | back out | back the upgrade out | revert it | revert the upgrade | revert the changes
   | revert everything | revert to the original | revert to the previous | revert to the old | undo the upgrade | undo it | undo everything
   | roll it all back | roll everything back | revert back to the original | revert back to the previous
   | undo the changes | restore the previous version | restore the original version | restore the original state
   | restore the backup | restore from backup | restore it | put it back | put everything back`,
  'NO_GO',
);

/** French NO-GO: imperative negations of the GO verbs (with "ne" or, colloquially, without), going back, cancelling. */
const NO_GO_FR = phrases(
  `n' allez pas plus loin | ne pas aller plus loin | n' y allez pas | ne continuez pas | ne poursuivez pas
   | ne pas continuer | ne pas poursuivre | ne continuez plus | ne continuez surtout pas | ne poursuivez surtout pas
   | remettez tout comme avant | remettez comme avant | allez pas plus loin | y allez pas | continuez pas
   | poursuivez pas | continue pas | continuez plus | faut pas continuer | pas plus loin | pas de go
   | revenez en arriere | revenir en arriere | retour arriere | marche arriere | revenez a l' etat initial
   | revenez a l' etat d' origine | revenez a la version precedente | restaurez | retablissez | annulez | annule
   | on annule | arretez | arrete | stoppez | merci d' arreter | veuillez arreter | merci d' annuler | veuillez annuler`,
  'NO_GO',
);

/** A NO-GO word refused in French ("ne revenez pas en arrière", colloquially "annulez pas"): see NOT_NO_GO. */
const NOT_NO_GO_FR = phrases(
  `ne revenez pas en arriere | revenez pas en arriere | ne revenez pas | n' annulez pas | annulez pas | n' annulez rien
   | n' arretez pas | n' arretez surtout pas | n' annulez surtout pas | ne revenez surtout pas en arriere | arretez pas | n' arretez rien | ne stoppez pas | ne pas annuler | ne pas arreter
   | ne pas revenir en arriere | pas de retour arriere | pas de rollback | pas d' annulation | ne faites pas de retour arriere
   | pas besoin de revenir en arriere | pas besoin d' annuler | inutile de revenir en arriere | inutile d' annuler`,
  'NOT_NO_GO',
);

const GO_EN = phrases(
  `go ahead | go | proceed | continue | carry on | keep going | push on | push through | see it through
   | green light | approval to finish | approval to complete | approval to continue | approved to finish
   | approved to complete | approved to continue | approved to proceed | you have our approval | you have my approval
   | approval granted | cleared to finish | cleared to complete | ok to finish | okay to finish | finish the upgrade | finish it | finish up | finish the job | finish the work
   | complete the upgrade | complete it | complete the work | let it finish | let it complete | let it run`,
  'GO',
);

const GO_FR = phrases(
  `vous pouvez continuer | vous pouvez poursuivre | vous pouvez y aller | vous pouvez terminer | vous pouvez finir
   | vous pouvez aller au bout | allez y | on y va | continuez | poursuivez | merci de continuer | merci de poursuivre
   | veuillez continuer | veuillez poursuivre | feu vert | vous avez notre accord | vous avez mon accord
   | accord pour continuer | ok pour continuer | terminez | finissez | allez jusqu' au bout | on valide | je valide
   | nous validons | c' est valide`,
  'GO',
);

/** Longest first, so "go ahead" wins over "go", "no go ahead" over "no go", "ne revenez pas en arriere" over "ne revenez pas". */
export const PHRASES: Phrase[] = [...BOTH_WAYS, ...NO_GO_EN, ...NO_GO_FR, ...NOT_NO_GO_FR, ...GO_EN, ...GO_FR].sort(
  (a, b) => b.words.length - a.words.length,
);

/** Imperative negations put before a GO word: "do not proceed", "please don't continue", "never go ahead". */
export const IMPERATIVE_NEGATIONS = sequences(`do not | don't | dont | never | do never | let's not`);
/** Before a NO-GO word they refuse it: "don't abort", "no need to roll back", "you don't need to stop". */
export const NO_GO_REFUSALS = sequences(
  `do not | don't | dont | never | let's not | no | no need to | there's no need to | no need for | needn't
   | don't need to | dont need to | do not need to | you don't need to | you do not need to | no reason to`,
);
/** Words allowed between the imperative negation and the GO word: "do not yet proceed", "don't please go". */
export const NEGATION_FILLERS = words('please yet now just even pls');

/** A negation right after one of these is a statement, not an order: "I do not proceed", "we never continue". */
export const SUBJECTS = words(
  `i i'm im i'll i'd i've we we're we'll we'd we've they they're they'll he she he'll she'll it'll me je j' nous ils
   elles you who that which`,
);
/** After a subject, these make the clause an instruction again: "we want you to proceed", "I'm happy to go ahead". */
export const PERMISSIONS = words(
  `you vous want wants like prefer decided decide choose chose agree agreed approve approved happy ok okay fine good
   ready can may confirm confirmed authorise authorize allow voulons souhaitons preferons pouvez confirmons confirme
   say free clear cleared allowed authorised authorized permission approval granted time`,
);
/** "go" before these is another verb ("go live", "go through the list", "go to the portal"), not the decision. */
export const GO_PARTICLES = words('live through over out home down up into to away wrong well smoothly fine badly');
/**
 * Waiting for a decision is not giving one: after these, nothing in the clause is an instruction, whatever
 * permission follows ("we are waiting for approval to proceed", "on attend le feu vert").
 */
export const WAITING = words(
  `wait waiting awaiting await pending need needs require requires ask asking request requesting seek seeking
   expect expecting attend attendons attendre attente besoin`,
);
/** A negation about what the customer knows is a hedge, never a fact beside a NO-GO: "abort, I'm not sure". */
export const HEDGES = words('sure certain know knows convinced decided sur sure surs certains sais savons convaincu');
/** Future or habitual verbs after a subject describe an action, they do not order one: "we will continue testing". */
export const DESCRIPTIVE = words('will shall gonna going vais allons');

export const NEGATIONS = words(
  `not never cannot cant dont wont nor neither without non no n' ne pas jamais sans aucun aucune`,
);
/** Negations that are courtesy, not refusal: "no problem, go ahead", "n'hésitez pas à continuer". */
export const COURTESY_AFTER_NEGATION: Record<string, string[][]> = {
  no: sequences('problem | problems | worries | worry | objection | objections | issue | issues'),
  not: sequences('a problem'),
  "n'": sequences('hesitez pas'),
  pas: sequences('de probleme | de souci | de soucis'),
  aucun: sequences('probleme | souci'),
  sans: sequences('probleme | souci'),
};

/** Words that make a sentence conditional or hedged: "go ahead once the backup is done", "maybe stop". */
export const CONDITIONS = words(
  `if unless once until till provided providing assuming whether when whenever maybe perhaps probably possibly might
   think guess suppose hope unsure si sauf lorsque lorsqu' quand probablement pense crois espere`,
);
/** Sentences opening with these ask rather than tell, even without a question mark. */
export const INTERROGATIVE_OPENERS = words('should shall whether est doit peut dois');
/** Opens a question only when inverted with its pronoun ("faut-il continuer ?"); "faut pas continuer" is an order. */
export const INVERTED_OPENERS = words('faut');

/**
 * Whoever a clause is about when it states a fact of the customer's side: "we are not ready", "our team is
 * not available", "nous ne sommes pas prêts". "it", "this" and "that" are left out: they may point back at
 * the decision word ("roll back, it's not needed").
 */
export const CLAUSE_SUBJECTS = words(
  `i i'm im i've i'll i'd we we're we've we'll we'd our my they they're their us je j' nous on notre nos mon ma mes
   ils elles leur leurs`,
);
/** Words that open a new clause inside a sentence, like a comma: "roll back because we are not ready". */
export const CLAUSE_OPENERS = words('because since as but car puisque parce mais');
