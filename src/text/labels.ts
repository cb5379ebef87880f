/**
 * Speaker labels at the start of a line, as nato.int and most press-office transcripts write
 * them: "NATO Secretary General:", "Moderator:", "Q:", "Oana Lungescu (NATO Spokesperson):",
 * "MARK RUTTE:", possibly with the speech on the same line ("Q: Thank you…"). Labels open
 * speaker turns and are never words to align.
 */
import type { SpeakerTurn } from '../types.js';

export type SpeakerRole = NonNullable<SpeakerTurn['role']>;

/** A label found on a line: its text without the colon and where it sits in the line. */
export interface LabelMatch {
  label: string;
  /** Offset in the line where the label text starts (after any decoration like "🗣️ | "). */
  labelStart: number;
  /** Offset in the line just past the colon; the speech, if any, starts after it. */
  end: number;
  /** Whether speech follows on the same line. */
  inline: boolean;
  /** True when the form alone is convincing; weak ones need the same label elsewhere. */
  strong: boolean;
}

/**
 * `^(?:words)` ending where the word ends. JavaScript's `\b` only knows ASCII letters, so it
 * would end "R" inside "Réponse"; a Unicode lookahead does not.
 */
function leading(words: string, extra = ''): RegExp {
  return new RegExp(`^(?:${words})(?![\\p{L}\\p{N}${extra}])`, 'iu');
}
/** `words` anywhere, as whole words. */
function anywhere(words: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words})(?![\\p{L}\\p{N}])`, 'iu');
}

const ROLE_WORDS: Array<[RegExp, SpeakerRole]> = [
  // "&" excluded: "Q&A:" is a section heading, not a questioner.
  [leading('q|question|questions|journalist|reporter|correspondent|audience|audience member|press|media|journaliste|correspondant|correspondante', '&'), 'question'],
  [leading('a|answer|reply|response|interviewee|r|réponse', '&'), 'answer'],
  [
    leading(
      'moderator|chair|chairman|chairwoman|chairperson|spokesperson|spokesman|spokeswoman|press secretary|press officer|mc|master of ceremonies|facilitator|announcer|' +
        'modérateur|modératrice|animateur|animatrice|porte-parole|présentateur|présentatrice|maître de cérémonie',
    ),
    'moderator',
  ],
  [leading('host|co-host|presenter|anchor|interviewer|hôte|intervieweur|intervieweuse'), 'host'],
];

/** Words inside a label that say what the speaker is, wherever they appear. */
const MODERATOR_ANYWHERE = anywhere(
  'moderator|spokesperson|spokesman|spokeswoman|press secretary|press officer|chair(?:man|woman|person)?|modérateur|modératrice|porte-parole|animateur|animatrice',
);
const QUESTION_ANYWHERE = anywhere('question|journalist|reporter|correspondent|journaliste|correspondant|correspondante');
/** Titles of a principal speaker: whoever gives the press conference. */
const PRINCIPAL_TITLES = anywhere(
  'secretary[- ]general|prime minister|president|minister|chancellor|secretary of (?:state|defen[cs]e)|secretary|commander|general|admiral|ambassador|king|queen|premier|high representative|commissioner|governor|mayor|' +
    'secrétaire générale?|secrétaire|premier ministre|première ministre|présidente?|ministre|chancelière?|commandante?|générale?|amiral|ambassadeur|ambassadrice|roi|reine|haute? représentante?|commissaire|gouverneure?|maire',
);
/** Lower-case words a title label may hold ("Secrétaire général de l'OTAN", "Deputy Secretary general"). */
const TITLE_WORDS = new Set([
  'general', 'secretary', 'minister', 'deputy', 'assistant', 'foreign', 'defence', 'defense', 'affairs', 'spokesperson',
  'moderator', 'president', 'prime', 'chair', 'supreme', 'allied', 'commander', 'permanent', 'representative',
  'secrétaire', 'général', 'générale', 'adjoint', 'adjointe', 'délégué', 'déléguée', 'premier', 'première', 'ministre',
  'président', 'présidente', 'porte-parole', 'modérateur', 'modératrice', 'journaliste', 'représentant', 'représentante',
  'permanent', 'permanente', 'haut', 'haute', 'affaires', 'étrangères', 'défense', 'armées', 'ambassadeur', 'ambassadrice',
  'commandant', 'commandante', 'suprême', 'allié', 'alliés', 'chef', "d'état-major", 'état-major', 'conseiller', 'conseillère',
  'sécurité', 'nationale', 'national', 'européenne', 'européen', 'chancelier', 'chancelière', 'commissaire', 'maire',
]);

/** A news outlet in a label's brackets marks a journalist. */
const NEWS_OUTLET =
  /\b(reuters|afp|ap|associated press|bbc|cnn|dpa|ansa|efe|pap|bloomberg|politico|deutsche welle|dw|ukrinform|interfax|tass|ria|euronews|france ?24|al jazeera|sky|itv|nhk|kyodo|anadolu|trt|rfe\/?rl|radio free europe|voice of america|voa|agence europe|financial times|wall street journal|new york times|washington post|guardian|times|post|journal|news|press|radio|tv|television|channel|agency|daily|gazette|magazine|broadcast(ing)?|herald|tribune|media|newspaper|wire)\b/i;

/** Lower-case connecting words allowed inside a name or title label. */
const CONNECTORS = new Set([
  'of', 'the', 'and', 'for', 'de', 'du', 'des', 'la', 'le', 'les', 'à', 'au', 'aux', 'et', 'pour', 'van', 'von', 'der', 'den', 'del', 'da', 'di', 'dos',
  'y', 'e', 'al', 'bin', 'ter', 'on', 'to', 'at', 'in', '&', '-', '–', '|',
]);

/** First words of sentences that end in a colon ("On Ukraine:", "First:"); never a name's first word. */
const SENTENCE_OPENERS = new Set([
  'on', 'in', 'at', 'for', 'and', 'but', 'so', 'or', 'first', 'firstly', 'second', 'secondly', 'third', 'thirdly',
  'finally', 'lastly', 'today', 'now', 'here', 'there', 'this', 'that', 'these', 'those', 'let', 'we', 'i', 'it',
  'my', 'our', 'they', 'he', 'she', 'you', 'as', 'when', 'if', 'what', 'why', 'how', 'note', 'update', 'remember',
  'yes', 'no', 'well', 'also', 'again', 'transcript', 'source', 'see', 'read', 'watch', 'follow', 'find', 'visit',
  'subscribe', 'connect', 'receive', 'photo', 'video', 'date', 'location', 'time', 'with', 'from', 'by', 'to',
  // French: "Premièrement :", "Je voudrais dire ceci :", "Aujourd'hui :", "La transcription se poursuit :".
  'premièrement', 'deuxièmement', 'troisièmement', 'enfin', 'ensuite', "d'abord", 'puis', 'aujourd\'hui', 'maintenant', 'voici',
  'voilà', 'je', 'nous', 'vous', 'il', 'elle', 'ils', 'elles', 'on', 'ce', 'cet', 'cette', 'ces', 'mon', 'notre', 'nos', 'et',
  'mais', 'donc', 'alors', 'ou', 'car', 'comme', 'quand', 'si', 'pour', 'sur', 'dans', 'avec', 'par', 'en', 'oui', 'non', 'bien',
  'transcription', 'suivez', 'abonnez-vous', 'retrouvez', 'lire', 'regarder', 'source', 'lieu', 'date',
]);

/** Decoration that may precede a label: emoji, bullets, "|", dashes, markdown bold. */
const DECORATION = /^[\s\p{So}\p{Sk}\p{Mn}\u200D|•·*>#_\-–—]*/u;

/**
 * Guess a speaker's role from a label. A parenthetical names the role ("Oana Lungescu (NATO
 * Spokesperson)"), else the label's leading role word ("Q", "Moderator"), else a principal's
 * title ("NATO Secretary General") makes a host; a bare name is "other".
 */
export function guessSpeakerRole(label: string): SpeakerRole {
  const text = label.trim();
  const paren = /[([]([^)\]]*)[)\]]/.exec(text)?.[1] ?? '';
  const outside = text.replace(/[([][^)\]]*[)\]]/g, ' ').trim();
  for (const part of [paren, outside]) {
    if (!part) continue;
    for (const [re, role] of ROLE_WORDS) if (re.test(part)) return role;
  }
  if (MODERATOR_ANYWHERE.test(text)) return 'moderator';
  if (QUESTION_ANYWHERE.test(text)) return 'question';
  if (PRINCIPAL_TITLES.test(text)) return 'host';
  // nato.int names a journalist by outlet: "ROBIN EMMOTT [Reuters]:", "Question (AFP):".
  if (paren && NEWS_OUTLET.test(paren)) return 'question';
  return 'other';
}

function isRoleWordStart(text: string): boolean {
  return ROLE_WORDS.some(([re]) => re.test(text));
}

/** French elision: "l'OTAN" reads as "OTAN", "d'Ukraine" as "Ukraine". */
function unelide(word: string): string {
  return word.replace(/^[ldjmnst]['’](?=\p{L})/iu, '');
}

/**
 * Whether each word of a label outside brackets is a name/title word: capitalised, a connector,
 * an initial, or — in a label that names a title — a lower-case title word ("général").
 */
function nameLike(words: string[], titled: boolean): boolean {
  if (words.length === 0 || words.length > 8) return false;
  if (!/^[\p{Lu}\d]/u.test(unelide(words[0]))) return false;
  return words.every((raw) => {
    const w = unelide(raw);
    return (
      /^[\p{Lu}\d]/u.test(w) ||
      CONNECTORS.has(raw.toLowerCase()) ||
      /^[\p{Lu}]\.$/u.test(w) ||
      (titled && TITLE_WORDS.has(raw.toLowerCase().replace(/’/g, "'")))
    );
  });
}

/**
 * Find a speaker label at the start of `line`. Returns null for ordinary text, including
 * sentences with a colon ("Let me say this: …", "Transcript continues: https://…").
 */
export function matchSpeakerLabel(line: string): LabelMatch | null {
  const labelStart = DECORATION.exec(line)?.[0].length ?? 0;
  const rest = line.slice(labelStart);
  // The colon must end the label: followed by space or end of line, not "10:30" or "https:".
  const colon = /^([^:\n]{1,80}?)\s*\*{0,2}:\*{0,2}(?=\s|$)/u.exec(rest);
  if (!colon) return null;
  let label = colon[1].replace(/\*+/g, '').trim();
  if (!label || /[?!;]/.test(label) || /^https?$/i.test(label)) return null;
  // A label ends before the colon; a sentence with a colon has clause punctuation or many words.
  if (/[.,]$/.test(label) && !/\b\p{Lu}\.$/u.test(label)) return null;
  const end = labelStart + colon[0].length;
  const inline = line.slice(end).trim().length > 0;

  const outside = label.replace(/\s*[([][^)\]]*[)\]]\s*/g, ' ').trim();
  const hasParen = outside !== label;
  const words = outside.split(/\s+/).filter(Boolean);
  const roleStart = isRoleWordStart(outside);
  // A role word may carry free text: "Question from Reuters:", "Q (AFP):".
  if (roleStart && words.length <= 6) return { label, labelStart, end, inline, strong: true };
  // Clause punctuation or an opening function word means a sentence with a colon, not a name.
  if (/[,;]/.test(outside) || SENTENCE_OPENERS.has(words[0]?.toLowerCase() ?? '')) return null;
  if (!nameLike(words, PRINCIPAL_TITLES.test(outside) || MODERATOR_ANYWHERE.test(outside) || QUESTION_ANYWHERE.test(outside))) return null;
  const allCaps = /\p{Lu}{2}/u.test(outside) && outside === outside.toUpperCase();
  const strong = !inline || hasParen || allCaps || words.length >= 2 || PRINCIPAL_TITLES.test(outside);
  label = label.replace(/\s+/g, ' ');
  return { label, labelStart, end, inline, strong };
}
