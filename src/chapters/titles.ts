/**
 * Chapter titles from the segment's own words: noun-phrase candidates scored TF-IDF-like
 * against the other segments of the talk and any background transcripts, so words every
 * briefing uses ("Allies", "NATO", "Secretary General") sink and the specific ones rise.
 */
import { analyzeWords, keyNgrams, keyOf, type WordInfo } from './lexicon.js';

/** YouTube shows about 49 characters of a chapter title on hover. */
export const MAX_TITLE_CHARS = 49;

export interface TitleContext {
  language: string;
  /** Documents (segments + background) containing each key. */
  df: Map<string, number>;
  /** Documents containing each key sequence ("defenc spend"). */
  phraseDf: Map<string, number>;
  docs: number;
}

/** Key sets of each document, for document frequencies. */
export function buildTitleContext(segmentTexts: ReadonlyArray<readonly string[]>, background: readonly string[], language: string): TitleContext {
  const df = new Map<string, number>();
  const phraseDf = new Map<string, number>();
  const add = (tokens: readonly string[]) => {
    const seen = new Set<string>();
    for (const t of tokens) {
      const k = keyOf(t, language);
      if (k) seen.add(k);
    }
    for (const k of seen) df.set(k, (df.get(k) ?? 0) + 1);
    for (const g of keyNgrams(tokens, language)) phraseDf.set(g, (phraseDf.get(g) ?? 0) + 1);
  };
  for (const seg of segmentTexts) add(seg);
  for (const text of background) add(text.split(/\s+/));
  return { language, df, phraseDf, docs: segmentTexts.length + background.length };
}

interface Phrase {
  /** Stem keys of its content words, joined: identity of the phrase. */
  id: string;
  keys: string[];
  surface: string;
  count: number;
  /** Weighted occurrence, from the per-word weights (question words count more). */
  weight: number;
  firstAt: number;
  /** Contains a word tagged as a person's name. */
  person: boolean;
  /** Ends where its noun run ends (the head noun), not on a modifier. */
  complete: boolean;
  score: number;
}

const MAX_PHRASE_WORDS = 4;

function eligible(info: WordInfo): boolean {
  return info.key !== null && (info.tag === 'noun' || info.tag === 'proper' || info.tag === 'adj');
}

/** Noun-phrase candidates: runs of nouns/adjectives (with an inner "of"), ending in a noun. */
function candidates(infos: readonly WordInfo[], weights: readonly number[], sentenceStart: readonly boolean[]): Map<string, Phrase> {
  const phrases = new Map<string, Phrase>();
  const runs: number[][] = [];
  let run: number[] = [];
  const close = () => {
    while (run.length && infos[run[run.length - 1]!]!.norm === 'of') run.pop();
    if (run.length) runs.push(run);
    run = [];
  };
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    const joiner = info.norm === 'of' && run.length > 0 && i + 1 < infos.length && eligible(infos[i + 1]!) && !infos[i - 1]!.breakAfter;
    if (eligible(info) || joiner) {
      run.push(i);
      if (info.breakAfter) close();
    } else close();
  }
  close();
  for (const r of runs) {
    for (let a = 0; a < r.length; a++) {
      for (let b = a; b < r.length && b - a < MAX_PHRASE_WORDS + 1; b++) {
        const idx = r.slice(a, b + 1);
        const head = infos[idx[0]!]!;
        const tail = infos[idx[idx.length - 1]!]!;
        if (head.norm === 'of' || tail.norm === 'of') continue;
        // A title names a thing: end on a noun.
        if (tail.tag !== 'noun' && tail.tag !== 'proper') continue;
        const keys = idx.map((i) => infos[i]!.key).filter((k): k is string => k !== null);
        if (keys.length === 0 || keys.length > MAX_PHRASE_WORDS) continue;
        const id = keys.join(' ');
        const atSentenceStart = sentenceStart[idx[0]!] === true;
        const surface = idx.map((i) => infos[i]!.surface).join(' ');
        const p = phrases.get(id);
        const w = weights[idx[0]!] ?? 1;
        if (p) {
          p.count++;
          p.weight += w;
          // Prefer a mid-sentence spelling: "defence spending", not "Defence spending".
          if (!atSentenceStart && /^\p{Lu}/u.test(p.surface) && !/^\p{Lu}/u.test(surface)) p.surface = surface;
        } else {
          const complete = b === r.length - 1;
          phrases.set(id, { id, keys, surface, count: 1, weight: w, firstAt: idx[0]!, person: idx.some((i) => infos[i]!.person), complete, score: 0 });
        }
      }
    }
  }
  return phrases;
}

export interface TitleInput {
  /** The segment's words as written. */
  words: readonly string[];
  /** Per-word weight (e.g. 3 for the question, 1 for the answer, 0 to exclude). */
  weights?: readonly number[];
  /** Leave people's names out (Q&A: the journalist's name is not the topic). */
  noPersons?: boolean;
  /** Lower-case strings a phrase must not contain (the outlet's name). */
  exclude?: readonly string[];
}

/**
 * Ranked key phrases of a segment, best first. `used` holds phrase ids already given to
 * other chapters; they are skipped so two chapters never share a title.
 */
export function rankPhrases(input: TitleInput, ctx: TitleContext): Array<{ id: string; keys: string[]; surface: string; score: number; count: number }> {
  const { words } = input;
  const weights = input.weights ?? words.map(() => 1);
  const infos = analyzeWords(words, ctx.language);
  const sentenceStart = words.map((_, i) => i === 0 || /[.!?]["”')\]]*$/.test(words[i - 1]!));
  const exclude = (input.exclude ?? []).map((x) => x.toLowerCase()).filter(Boolean);
  const phrases = [...candidates(infos, weights, sentenceStart).values()].filter(
    (p) => p.weight > 0 && !exclude.some((x) => p.surface.toLowerCase().includes(x) || x.includes(p.surface.toLowerCase())),
  );
  const n = Math.max(1, words.length);
  const maxIdf = Math.log((ctx.docs + 1) / 0.5);
  for (const p of phrases) {
    // How specific the phrase is as a whole ("defence spending" in one segment) and how
    // specific its words are ("Allies" everywhere): both matter, the phrase more.
    const phraseIdf = Math.log((ctx.docs + 1) / ((ctx.phraseDf.get(p.id) ?? 0) + 0.5));
    const wordIdf = p.keys.reduce((sum, k) => sum + Math.log((ctx.docs + 1) / ((ctx.df.get(k) ?? 0) + 0.5)), 0) / p.keys.length;
    const specificity = Math.max(0, phraseIdf + 0.5 * wordIdf) / (1.5 * maxIdf);
    const repeat = Math.pow(p.weight, 0.7);
    const lengthBonus = 1 + 0.25 * (Math.min(p.keys.length, 3) - 1);
    // Topic sentences come first: a small bonus for phrases in the opening third.
    const early = p.firstAt < n / 3 ? 1.15 : 1;
    const personPenalty = p.person ? (input.noPersons ? 0 : 0.5) : 1;
    const head = p.complete ? 1.15 : 1;
    p.score = specificity * repeat * lengthBonus * early * personPenalty * head;
  }
  phrases.sort((a, b) => b.score - a.score || a.firstAt - b.firstAt || a.id.localeCompare(b.id));
  return phrases.map((p) => ({ id: p.id, keys: p.keys, surface: p.surface, score: p.score, count: p.count }));
}

function capitalizeFirst(s: string): string {
  return s.replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

/**
 * A topic label of at most `maxChars`: the best unused phrase, joined with a second one
 * ("Defence spending and industry") when both fit and the second is nearly as strong.
 * The joiner "and" is used only when the segment itself says "and".
 */
export function topicLabel(input: TitleInput, ctx: TitleContext, used: Set<string>, maxChars: number): string | null {
  const ranked = rankPhrases(input, ctx).filter((p) => p.score > 0 && !used.has(p.id) && p.surface.length <= maxChars);
  const best = ranked[0];
  if (!best) return null;
  used.add(best.id);
  const hasAnd = input.words.some((w) => /^and$/i.test(w.replace(/[^\p{L}]/gu, '')));
  const second = ranked.find(
    (p) =>
      p !== best &&
      p.score >= 0.7 * best.score &&
      // A second phrase must be a topic of its own here, not a word said once.
      p.count >= 2 &&
      !p.keys.some((k) => best.keys.includes(k)) &&
      !best.surface.toLowerCase().includes(p.surface.toLowerCase()),
  );
  if (second && best.surface.length < 30) {
    const joined = `${best.surface}${hasAnd ? ' and ' : ', '}${second.surface}`;
    if (joined.length <= maxChars) {
      used.add(second.id);
      return capitalizeFirst(joined);
    }
  }
  return capitalizeFirst(best.surface);
}

/** Cut a title at a word boundary so it fits `max` characters. */
export function fitTitle(title: string, max = MAX_TITLE_CHARS): string {
  const clean = title.replace(/\s+/g, ' ').replace(/[<>]/g, '').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 10 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:—–-]+$/, '');
}
