/**
 * Word-level text analysis for chapters: normalization, stop words, stems (for lexical
 * cohesion and term weighting) and coarse part-of-speech tags (for noun-phrase titles).
 * English uses the Porter stemmer and the compromise tagger; other languages fall back to
 * stop-word lists and capitalization, which is enough for RAKE-like phrases.
 */
import { createRequire } from 'node:module';
import type nlpType from 'compromise';
import { stemmer } from 'stemmer';
import stopwordLists from 'stopword';

// The tagger takes ~0.8 s to load: load it on first use, not at start-up of every command.
const require = createRequire(import.meta.url);
let tagger: typeof nlpType | null = null;
function nlp(text: string): ReturnType<typeof nlpType> {
  tagger ??= require('compromise') as typeof nlpType;
  return tagger(text);
}

export type CoarseTag = 'noun' | 'proper' | 'adj' | 'verb' | 'value' | 'pronoun' | 'other';

export interface WordInfo {
  /** Lower-case token without surrounding punctuation (`"ukraine"` for `"Ukraine."`). */
  norm: string;
  /** Surface form without surrounding punctuation, case kept (`"Ukraine"`). */
  surface: string;
  /** Stem used for counting, or null for stop words, numbers and fillers. */
  key: string | null;
  tag: CoarseTag;
  /** Punctuation after the word that ends a phrase (`,` `.` `?` `;` `:` dash). */
  breakAfter: boolean;
  /** Tagged as a person's name (English only): kept out of Q&A titles. */
  person: boolean;
}

const ISO3: Record<string, string> = {
  en: 'eng', fr: 'fra', de: 'deu', es: 'spa', it: 'ita', pt: 'por', nl: 'nld', pl: 'pol',
  uk: 'ukr', ru: 'rus', sv: 'swe', da: 'dan', nb: 'nob', no: 'nob', fi: 'fin', cs: 'ces',
  sk: 'slk', ro: 'ron', hu: 'hun', tr: 'tur', el: 'ell', bg: 'bul', hr: 'hrv', sl: 'slv',
  et: 'est', lv: 'lav', lt: 'lit',
};

/**
 * Words a press briefing says everywhere without them naming a topic. Stop-word lists
 * miss these; IDF would sink most of them too, but only with enough documents.
 */
const EN_FILLERS = [
  'thank', 'thanks', 'please', 'good', 'afternoon', 'morning', 'evening', 'welcome', 'hello',
  'lot', 'lots', 'really', 'very', 'also', 'just', 'well', 'yes', 'okay', 'ok', 'indeed',
  'think', 'know', 'want', 'like', 'say', 'said', 'says', 'saying', 'tell', 'told', 'make', 'made',
  'let', 'go', 'going', 'get', 'got', 'see', 'seen', 'look', 'way', 'thing', 'things',
  'today', 'yesterday', 'tomorrow', 'now', 'course', 'question', 'questions', 'answer',
  'clear', 'clearly', 'important', 'need', 'needs', 'must', 'can', 'will', 'would', 'could',
  'should', 'shall', 'may', 'might', 'much', 'many', 'more', 'most', 'even', 'still', 'already',
  'first', 'second', 'third', 'fourth', 'fifth', 'finally', 'lastly', 'next', 'last',
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'mr', 'mrs', 'ms', 'dear', 'everyone', 'everybody', 'something', 'anything', 'nothing',
  'sure', 'quite', 'rather', 'again', 'different', 'able', 'every', 'whole', 'certain',
  'part', 'kind', 'sort', 'bit', 'great', 'right', 'time', 'times', 'year', 'years',
  'continue', 'continued', 'continues', 'ensure', 'ensuring', 'take', 'taking', 'put', 'come',
  'comes', 'came', 'do', 'does', 'did', 'done', 'doing', 'given', 'give', 'gave', 'keep',
  'important', 'key', 'new', 'other', 'others', 'same', 'such', 'own', 'us', 'our', 'we',
  // Units and counting words: "percent" is never the topic, "defence spending" is.
  'percent', 'cent', 'per', 'billion', 'billions', 'million', 'millions', 'thousand', 'thousands', 'hundred', 'hundreds', 'dozen', 'dozens',
  // Generic nouns that head phrases without naming anything.
  'side', 'sides', 'point', 'points', 'term', 'terms', 'fact', 'case', 'issue', 'issues', 'matter', 'level', 'levels',
  'number', 'numbers', 'area', 'areas', 'item', 'end', 'day', 'days', 'week', 'weeks', 'month', 'months', 'people',
  'message', 'answer', 'discussion', 'discussions', 'meeting', 'remarks', 'colleague', 'colleagues', 'friend', 'friends',
  'today\'s', 'minute', 'minutes', 'moment', 'moments', 'example', 'place', 'situation', 'context', 'support',
];

/** Function words the `stopword` package's short English list misses. */
const EN_FUNCTION = [
  'its', "it's", 'itself', 'against', 'within', 'without', 'across', 'towards', 'toward', 'among', 'amongst', 'including', 'via',
  'despite', 'beyond', 'upon', 'onto', 'off', 'down', 'above', 'below', 'further', 'once', 'during', 'until', 'whether',
  'why', 'when', 'who', 'whom', 'whose', 'nor', 'not', 'no', 'so', 'ours', 'yours', 'theirs', 'hers', 'herself', 'myself',
  'ourselves', 'themselves', 'yourself', 'yourselves', 'she', 'her', 'there', 'here', 'where', 'whereas', 'although', 'though',
  'unless', 'upon', 'onto', 'ever', 'always', 'often', 'yet', 'else', 'either', 'neither', 'few', 'fewer', 'less', 'least',
  'several', 'all', 'both', 'each', 'every', 'any', 'none', 'one', 'ones', 'someone', 'somebody', 'anyone', 'anybody',
  'whatever', 'whichever', 'whoever', 'around', 'along', 'behind', 'beside', 'besides', 'near', 'next', 'since', 'than',
  'too', 'very', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'having', 'do', 'does',
  'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'ought', 'i', 'me', 'my', 'mine',
  'you', 'your', 'he', 'him', 'his', 'they', 'them', 'their', 'we', 'us', 'our', 'it', 'this', 'that', 'these', 'those',
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'into',
  'about', 'over', 'under', 'up', 'out', 'as', 'because', 'while', 'after', 'before', 'between', 'through', 'again',
];

const stopCache = new Map<string, Set<string>>();

/** Stop words for a BCP-47-ish language tag (English list plus briefing fillers for `en`). */
export function stopWordsFor(language: string): Set<string> {
  const base = (language || 'en').toLowerCase().split(/[-_]/)[0] ?? 'en';
  const cached = stopCache.get(base);
  if (cached) return cached;
  const lists = stopwordLists as unknown as Record<string, string[] | undefined>;
  const list = lists[ISO3[base] ?? 'eng'] ?? lists.eng ?? [];
  const set = new Set(list.map((w) => w.toLowerCase()));
  if (base === 'en') for (const w of [...EN_FILLERS, ...EN_FUNCTION]) set.add(w);
  stopCache.set(base, set);
  return set;
}

export function isEnglish(language: string): boolean {
  return /^en\b/i.test(language || 'en');
}

const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}%]+$/gu;

/** Strip surrounding punctuation, keep inner hyphens/apostrophes and a trailing `%`. */
export function surfaceOf(text: string): string {
  return text.replace(EDGE_PUNCT, '');
}

export function normOf(text: string): string {
  return surfaceOf(text).toLowerCase().replace(/[’‘]/g, "'");
}

/** Stem key for counting, or null when the token carries no topic. */
export function keyOf(text: string, language: string): string | null {
  let norm = normOf(text);
  if (norm.length < 2 || !/\p{L}/u.test(norm)) return null;
  // Possessives and contractions carry the same topic as the bare word.
  norm = norm.replace(/'s$|'$/, '');
  const stops = stopWordsFor(language);
  if (stops.has(norm)) return null;
  if (/'/.test(norm)) return null;
  return isEnglish(language) ? stemmer(norm) : norm;
}

function breaksAfter(text: string): boolean {
  return /[,.;:!?…)\]"”–—]$/.test(text.trim()) || /^[–—-]+$/.test(text.trim());
}

const TAG_ORDER: Array<[string, CoarseTag]> = [
  ['Pronoun', 'pronoun'],
  ['Value', 'value'],
  ['ProperNoun', 'proper'],
  ['Noun', 'noun'],
  ['Adjective', 'adj'],
  ['Verb', 'verb'],
  ['Possessive', 'pronoun'],
];

function coarse(tags: string[]): CoarseTag {
  for (const [name, tag] of TAG_ORDER) if (tags.includes(name)) return tag;
  return 'other';
}

/**
 * Analyze a run of words (one segment). English text is tagged by compromise on the joined
 * text and each tag mapped back through character offsets, so compromise's own tokenization
 * (contractions, hyphens) never shifts our word indices.
 */
export function analyzeWords(texts: readonly string[], language: string): WordInfo[] {
  const infos: WordInfo[] = texts.map((text) => ({
    norm: normOf(text),
    surface: surfaceOf(text),
    key: keyOf(text, language),
    tag: 'other' as CoarseTag,
    breakAfter: breaksAfter(text),
    person: false,
  }));
  if (texts.length === 0) return infos;
  if (isEnglish(language)) {
    const starts: number[] = [];
    let joined = '';
    for (const text of texts) {
      starts.push(joined.length);
      joined += text + ' ';
    }
    type Term = { tags?: string[]; offset?: { start: number } };
    const sentences = nlp(joined).json({ offset: true, terms: { tags: true, offset: true } }) as Array<{ terms: Term[] }>;
    let w = 0;
    const seen = new Array<boolean>(texts.length).fill(false);
    for (const sentence of sentences) {
      for (const term of sentence.terms) {
        const at = term.offset?.start;
        if (at === undefined) continue;
        while (w + 1 < starts.length && starts[w + 1]! <= at) w++;
        while (w > 0 && starts[w]! > at) w--;
        // First term of a word decides its tag ("NATO's" → NATO).
        if (!seen[w]) {
          seen[w] = true;
          infos[w]!.tag = coarse(term.tags ?? []);
          infos[w]!.person = (term.tags ?? []).includes('Person');
        }
      }
    }
  } else {
    const stops = stopWordsFor(language);
    for (let i = 0; i < infos.length; i++) {
      const info = infos[i]!;
      const sentenceStart = i === 0 || /[.!?]$/.test(texts[i - 1]!.trim());
      if (!info.key) info.tag = stops.has(info.norm) ? 'other' : 'value';
      else if (/^\p{Lu}/u.test(info.surface) && !sentenceStart) info.tag = 'proper';
      else info.tag = 'noun';
    }
  }
  return infos;
}

/**
 * Key sequences (1..maxLen stems) of a text's noun-ish runs, for phrase document frequency:
 * runs break at punctuation and stop words (an inner "of" is skipped, as in titles).
 */
export function keyNgrams(words: readonly string[], language: string, maxLen = 4): Set<string> {
  const out = new Set<string>();
  let run: string[] = [];
  const flush = () => {
    for (let a = 0; a < run.length; a++) for (let b = a; b < run.length && b - a < maxLen; b++) out.add(run.slice(a, b + 1).join(' '));
    run = [];
  };
  for (const w of words) {
    const k = keyOf(w, language);
    if (k) run.push(k);
    else if (normOf(w) !== 'of') flush();
    if (breaksAfter(w)) flush();
  }
  flush();
  return out;
}
