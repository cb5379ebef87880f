/**
 * A light language check: the share of a text's words that are each language's most common
 * function words. Enough to catch "the transcript is French but the voice is English",
 * which would otherwise give a confident-looking but wrong alignment. Not a general detector.
 */
import { lookupTable } from './table.js';
import type { Transcript } from '../types.js';
import { CapsyncError } from '../util/errors.js';

const STOPWORDS: Record<string, string> = lookupTable({
  en: 'the of and to in a is that for it we on with as are this be was have not by at our from but they will has all can more what so which their been there would about also an were if or you i',
  fr: 'le la les de des du un une et est que qui dans pour pas sur au aux avec ce cette nous vous il elle ils sont mais ou par plus ont été être se sa son ses leur je a en ne',
  de: 'der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an als wir sie ich sind wird bei nach aus oder hat haben noch wie einer um über',
  es: 'el la los las de del que y en un una es por con para no se su sus al lo como más pero este esta ha son muy también nosotros hay fue ser entre',
  it: 'il lo la gli le di del della che e è un una per non con sono si nel nella al alla ma come anche più ha questo questa dei delle noi loro da',
  nl: 'de het een en van is dat in op te voor met zijn niet die er aan ook als om maar wij we door bij dit deze nog heeft hebben wordt naar zich',
  pt: 'o a os as de do da dos das que e em um uma é para com não no na por se mais mas como ao também foi são seu sua nós muito pelo pela',
  pl: 'i w na z że się nie do to jest jak o co ale od po tak za przez dla są być jego już tym czy który która oraz może tylko bardzo które',
  uk: 'і в на з що це не до як у та є ми ви він вона вони але від за так для його її також щоб коли які який було бути дуже',
  ru: 'и в на с что это не до как у по мы вы он она они но от за так для его её также чтобы когда которые который было быть очень же',
});

const NAMES: Record<string, string> = lookupTable({
  en: 'English', fr: 'French', de: 'German', es: 'Spanish', it: 'Italian', nl: 'Dutch', pt: 'Portuguese',
  pl: 'Polish', uk: 'Ukrainian', ru: 'Russian',
});

const SETS: Record<string, Set<string>> = lookupTable(Object.fromEntries(
  Object.entries(STOPWORDS).map(([lang, words]) => [lang, new Set(words.split(' '))]),
));

/** Languages the detector knows. */
export const DETECTABLE_LANGUAGES = Object.keys(STOPWORDS);

/** Fewer words than this and the detector does not judge. */
const MIN_WORDS = 20;
/** The winner needs this share of its stopwords… */
const MIN_SHARE = 0.12;
/** …and to beat the expected language by this factor. */
const MIN_RATIO = 2;

export interface LanguageGuess {
  /** Best language code, or null when the text is too short or matches none well. */
  language: string | null;
  /** Share of words that are stopwords of each language. */
  scores: Record<string, number>;
  /** Words looked at. */
  words: number;
}

/** ISO 639-2 codes and names people type, for the languages capsync knows. */
const LANGUAGE_ALIASES: Record<string, string> = lookupTable({
  eng: 'en', english: 'en', fra: 'fr', fre: 'fr', french: 'fr', français: 'fr', francais: 'fr', deu: 'de', ger: 'de',
  german: 'de', deutsch: 'de', spa: 'es', spanish: 'es', español: 'es', ita: 'it', italian: 'it', italiano: 'it', nld: 'nl',
  dut: 'nl', dutch: 'nl', nederlands: 'nl', por: 'pt', portuguese: 'pt', português: 'pt', pol: 'pl', polish: 'pl',
  polski: 'pl', ukr: 'uk', ukrainian: 'uk', rus: 'ru', russian: 'ru',
});
/** English regions whose speech is closer to British than to American English. */
const BRITISH_REGIONS = new Set(['gb', 'uk', 'au', 'nz', 'ie', 'za', 'in', 'sg', 'mt']);
const AMERICAN_REGIONS = new Set(['us', 'ca', 'ph']);

/**
 * A language tag in any common form — `fr`, `FR`, `fr-FR`, `fr_FR`, `fra`, `French`, `en-au`,
 * `en-GB` — as the tag capsync works with: the two-letter code, and for English the British or
 * American variant when a region says which (`en-gb`, `en-us`), since the reference voice
 * differs. Other regions are dropped (`fr-CA` → `fr`). Null when it is not a language tag.
 */
export function normalizeLanguageTag(tag: string): string | null {
  const raw = tag.trim().toLowerCase();
  if (LANGUAGE_ALIASES[raw]) return LANGUAGE_ALIASES[raw];
  const m = /^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))*$/.exec(raw);
  if (!m) return null;
  const base = LANGUAGE_ALIASES[m[1]] ?? m[1];
  if (base !== 'en') return base;
  const region = raw.split(/[-_]/)[1];
  if (region && BRITISH_REGIONS.has(region)) return 'en-gb';
  if (region && AMERICAN_REGIONS.has(region)) return 'en-us';
  return 'en';
}

/** `fr-FR` → `fr`, `en-gb` → `en`. */
export function languageBase(tag: string): string {
  return (normalizeLanguageTag(tag) ?? tag.toLowerCase()).split('-')[0];
}

export function languageName(code: string): string {
  return NAMES[code.toLowerCase().split(/[-_]/)[0]] ?? code;
}

function wordsOf(input: Transcript | string): string[] {
  const text = typeof input === 'string' ? input : input.words.map((w) => w.text).join(' ');
  return (text.toLowerCase().replace(/[’‘]/g, "'").match(/[\p{L}']+/gu) ?? []).flatMap((raw) => {
    const w = raw.replace(/^'+|'+$/g, '');
    // French and Italian elision: "l'Alliance" is the article "le" and a noun.
    const elided = /^(l|d|qu|n|j|s|c|m|t|dell|all|nell|un)'(.+)$/.exec(w);
    return elided ? [elided[1] === 'l' ? 'le' : `${elided[1]}e`, elided[2]] : w ? [w] : [];
  });
}

/** Guess the language of a text or transcript from stopword shares. */
export function detectTranscriptLanguage(input: Transcript | string): LanguageGuess {
  const words = wordsOf(input);
  const scores: Record<string, number> = {};
  if (words.length === 0) {
    for (const lang of DETECTABLE_LANGUAGES) scores[lang] = 0;
    return { language: null, scores, words: 0 };
  }
  // Cyrillic text is Ukrainian or Russian; letters only one of them uses settle close calls.
  const joined = words.join(' ');
  const cyrillic = (joined.match(/\p{Script=Cyrillic}/gu) ?? []).length / Math.max(1, joined.replace(/[\s']/g, '').length) > 0.5;
  for (const lang of DETECTABLE_LANGUAGES) {
    const isCyrillicLang = lang === 'uk' || lang === 'ru';
    if (cyrillic !== isCyrillicLang) {
      scores[lang] = 0;
      continue;
    }
    let hits = 0;
    for (const w of words) if (SETS[lang].has(w)) hits++;
    scores[lang] = hits / words.length;
  }
  if (cyrillic) {
    const ukLetters = (joined.match(/[іїєґ]/gu) ?? []).length;
    const ruLetters = (joined.match(/[ыэъё]/gu) ?? []).length;
    scores.uk += 0.5 * (ukLetters / words.length);
    scores.ru += 0.5 * (ruLetters / words.length);
  }
  const best = DETECTABLE_LANGUAGES.reduce((a, b) => (scores[b] > scores[a] ? b : a));
  const language = words.length >= MIN_WORDS && scores[best] >= MIN_SHARE ? best : null;
  return { language, scores, words: words.length };
}

/**
 * Throw when a transcript said to be in `expected` clearly reads as another known language
 * ("the transcript looks like French, not English; pass --language fr if that is intended").
 * Unknown expected languages and short texts pass. Returns the guess for logging.
 */
export function checkTranscriptLanguage(input: Transcript | string, expected: string): LanguageGuess {
  const guess = detectTranscriptLanguage(input);
  const exp = expected.toLowerCase().split(/[-_]/)[0];
  if (!(exp in SETS) || guess.language === null || guess.language === exp) return guess;
  const found = guess.scores[guess.language];
  const expectedScore = guess.scores[exp];
  if (found >= MIN_RATIO * expectedScore) {
    throw new CapsyncError(
      'TRANSCRIPT_LANGUAGE',
      `the transcript looks like ${languageName(guess.language)}, not ${languageName(exp)}; ` +
        `pass --language ${guess.language} if that is intended`,
    );
  }
  return guess;
}
