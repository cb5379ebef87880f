/**
 * Chapters for an aligned press conference: structure (statement, one block per question)
 * → topic boundaries inside the statement → YouTube rules (0:00, ≥3, ≥ min length,
 * ascending, max count) → titles from each segment's words. Deterministic and offline.
 */
import type { Chapter, TimedWord, Transcript } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { isHandOver, isSelfIntroduction } from './cues.js';
import { outletFromHandOver, outletFromQuestion } from './outlets.js';
import { pickBoundaries, scoreCandidates, type ScoredCandidate } from './segment.js';
import { buildSentences, resolveRoles, splitBlocks, type Block, type Role, type SentenceUnit } from './structure.js';
import { buildTitleContext, fitTitle, MAX_TITLE_CHARS, topicLabel, type TitleContext } from './titles.js';

export interface FindChaptersOptions {
  /** Media duration in seconds; the last chapter ends here. */
  duration: number;
  /** Shortest chapter allowed (YouTube: 10 s). */
  minChapterSeconds?: number;
  maxChapters?: number;
  /** Other transcripts' texts: words common to all briefings sink in title scoring. */
  background?: string[];
  /** The user's own chapters: titles kept, times snapped to the nearest sentence onset. */
  userChapters?: Array<{ start: number; title: string }>;
  /** Where speech ends (from VAD), when known: decides whether audio continues past the text. */
  speechEnd?: number;
  /** Shortest topic inside the opening statement (default max(20 s, minChapterSeconds)). */
  minTopicSeconds?: number;
}

/** Fixed labels used when the text offers nothing better; not taken from the segment. */
export const CHAPTER_LABELS = {
  opening: 'Opening remarks',
  qa: 'Questions and answers',
  uncovered: 'Continued (no transcript)',
} as const;

/** The fixed chapter strings in each language capsync writes titles in (English for the others). */
interface ChapterStrings {
  opening: string;
  qa: string;
  uncovered: string;
  /** Before a question chapter's outlet and topic ("Q&A: Reuters — Arctic security"). */
  questionPrefix: string;
  /** A question chapter with nothing more to say. */
  question: string;
}
const CHAPTER_STRINGS: Record<string, ChapterStrings> = {
  en: { ...CHAPTER_LABELS, questionPrefix: 'Q&A: ', question: 'Q&A' },
  // French typography: a no-break space before the colon.
  fr: {
    opening: 'Propos liminaires',
    qa: 'Questions-réponses',
    uncovered: 'Suite (sans transcription)',
    questionPrefix: 'Question\u00a0: ',
    question: 'Questions-réponses',
  },
};

/** The chapter strings for a language tag (`fr-FR` → French); English when there are none. */
export function chapterStrings(language: string): ChapterStrings {
  return CHAPTER_STRINGS[(language || 'en').toLowerCase().split(/[-_]/)[0]!] ?? CHAPTER_STRINGS.en!;
}

/** Without a VAD hint, this much audio after the last placed word means speech continues. */
const UNCOVERED_TAIL_SECONDS = 60;
/** User chapter times move to a sentence onset only when one is this close. */
const USER_SNAP_SECONDS = 10;

interface Mark {
  time: number;
  /** Sentence unit the chapter starts at, null for the uncovered tail. */
  unit: number | null;
  strength: number;
  kind: Chapter['kind'];
  /** Block the mark opens or lies in. */
  block: number | null;
}

export function findChapters(words: TimedWord[], transcript: Transcript, options: FindChaptersOptions): Chapter[] {
  const duration = options.duration;
  if (!Number.isFinite(duration) || duration <= 0) throw new CapsyncError('CHAPTERS_BAD_DURATION', `chapters: duration must be a positive number of seconds (got ${duration})`);
  const minLen = options.minChapterSeconds ?? 10;
  if (!(minLen >= 0)) throw new CapsyncError('CHAPTERS_BAD_OPTION', `chapters: --min-chapter must be ≥ 0 (got ${minLen})`);
  if (options.maxChapters !== undefined && !(Number.isInteger(options.maxChapters) && options.maxChapters >= 1)) {
    throw new CapsyncError('CHAPTERS_BAD_OPTION', `chapters: --max-chapters must be a positive integer (got ${options.maxChapters})`);
  }
  const units = buildSentences(words);
  const placed = units.filter((u) => u.onset !== null);
  if (options.userChapters) return snapUserChapters(words, units, options.userChapters, duration);
  if (placed.length === 0) return [];

  const language = transcript.language || 'en';
  const turnCount = Math.max(transcript.turns.length, ...words.map((w) => w.turn + 1));
  const roles = resolveRoles(turnCount, transcript.turns, units);
  const blocks = splitBlocks(units, roles);
  const lastEnd = Math.max(...placed.map((u) => u.end ?? u.onset!));
  const coveredEnd = Math.min(duration, lastEnd);

  // 1. Marks: chapter 0 at 0:00, one per block, topic boundaries inside statement blocks.
  const marks: Mark[] = [];
  const spares: Array<ScoredCandidate & { block: number }> = [];
  const minTopic = options.minTopicSeconds ?? Math.max(20, minLen);
  blocks.forEach((block, b) => {
    const onset = firstOnset(units, block.firstUnit, block.lastUnit);
    const kind: Chapter['kind'] = block.kind === 'question' ? 'question' : 'statement';
    if (b === 0) marks.push({ time: 0, unit: block.firstUnit, strength: Infinity, kind, block: b });
    else if (onset) marks.push({ time: onset.time, unit: onset.unit, strength: block.kind === 'question' && blocks[b - 1]!.kind === 'statement' ? 1.3 : 1.1, kind, block: b });
    const scored = scoreCandidates(words, units, block.firstUnit, block.lastUnit, language);
    if (block.kind === 'statement') {
      const spanStart = b === 0 ? 0 : (onset?.time ?? 0);
      const spanEnd = blockEnd(units, blocks, b, coveredEnd);
      const picked = pickBoundaries(scored, spanStart, spanEnd, { language, minTopicSeconds: minTopic });
      for (const p of picked) marks.push({ time: p.time, unit: p.unit, strength: p.score, kind: 'statement', block: b });
      for (const s of scored) if (!picked.includes(s)) spares.push({ ...s, block: b });
    } else {
      for (const s of scored) spares.push({ ...s, block: b });
    }
  });
  marks.sort((a, b) => a.time - b.time);
  // Aligner noise can make sentence onsets non-monotonic: keep only ascending marks.
  const ascending: Mark[] = [];
  for (const m of marks) if (ascending.length === 0 || m.time > ascending[ascending.length - 1]!.time) ascending.push(m);

  // 2. The honest tail: speech that goes on past the text gets its own chapter.
  const tail = (options.speechEnd ?? duration) - lastEnd;
  const textSaysMore = transcript.continuesAt != null || transcript.source === 'description';
  const partial = options.speechEnd !== undefined || textSaysMore ? tail >= Math.max(minLen, 1) : tail >= Math.max(UNCOVERED_TAIL_SECONDS, minLen);
  if (partial && duration - lastEnd >= minLen) {
    ascending.push({ time: lastEnd, unit: null, strength: 5, kind: 'uncovered', block: null });
  }

  // 3. YouTube rules.
  let kept = enforceMinLength(ascending, duration, minLen);
  if (options.maxChapters !== undefined) kept = enforceMax(kept, options.maxChapters);
  kept = ensureThree(kept, spares, units, duration, minLen, options.maxChapters);

  // 4. Titles, from each chapter's own words.
  return titleChapters(kept, words, units, blocks, roles, transcript, options.background ?? [], duration);
}

function firstOnset(units: readonly SentenceUnit[], first: number, last: number): { unit: number; time: number } | null {
  for (let i = first; i <= last; i++) if (units[i]!.onset !== null) return { unit: i, time: units[i]!.onset! };
  return null;
}

function blockEnd(units: readonly SentenceUnit[], blocks: readonly Block[], b: number, coveredEnd: number): number {
  const next = blocks[b + 1];
  if (next) {
    const o = firstOnset(units, next.firstUnit, next.lastUnit);
    if (o) return o.time;
  }
  return coveredEnd;
}

function lengths(marks: readonly Mark[], duration: number): number[] {
  return marks.map((m, i) => (i + 1 < marks.length ? marks[i + 1]!.time : duration) - m.time);
}

/** Merge chapters shorter than `min` by dropping the weaker of their two boundaries. */
export function enforceMinLength<T extends { time: number; strength: number }>(input: readonly T[], duration: number, min: number): T[] {
  const marks = [...input];
  for (;;) {
    const len = lengths(marks as unknown as Mark[], duration);
    let shortest = -1;
    for (let i = 0; i < marks.length; i++) if (len[i]! < min && (shortest < 0 || len[i]! < len[shortest]!)) shortest = i;
    if (shortest < 0 || marks.length <= 1) return marks;
    if (shortest === 0) marks.splice(1, 1);
    else if (shortest === marks.length - 1) marks.splice(shortest, 1);
    else if (marks[shortest + 1]!.strength < marks[shortest]!.strength) marks.splice(shortest + 1, 1);
    else marks.splice(shortest, 1);
  }
}

/** Keep at most `max` chapters by dropping the weakest boundaries (never 0:00). */
function enforceMax(input: readonly Mark[], max: number): Mark[] {
  const marks = [...input];
  while (marks.length > max) {
    let weakest = 1;
    for (let i = 2; i < marks.length; i++) if (marks[i]!.strength < marks[weakest]!.strength) weakest = i;
    marks.splice(weakest, 1);
  }
  return marks;
}

/**
 * YouTube shows chapters only when there are at least three: add the best spare candidates
 * that keep every chapter long enough, then split the longest chapter near its middle.
 */
function ensureThree(input: readonly Mark[], spares: ReadonlyArray<ScoredCandidate & { block: number }>, units: readonly SentenceUnit[], duration: number, min: number, max?: number): Mark[] {
  const marks = [...input];
  const target = Math.min(3, max ?? 3);
  const fits = (t: number) => {
    const i = marks.findIndex((m) => m.time > t);
    const prev = i < 0 ? marks[marks.length - 1]! : marks[i - 1]!;
    const nextTime = i < 0 ? duration : marks[i]!.time;
    return t - prev.time >= min && nextTime - t >= min && prev.kind !== 'uncovered';
  };
  const insert = (m: Mark) => {
    marks.push(m);
    marks.sort((a, b) => a.time - b.time);
  };
  for (const s of [...spares].sort((a, b) => b.score - a.score || a.time - b.time)) {
    if (marks.length >= target) break;
    if (fits(s.time)) insert({ time: s.time, unit: s.unit, strength: s.score, kind: 'statement', block: s.block });
  }
  while (marks.length < target) {
    const len = lengths(marks, duration);
    let added = false;
    const order = marks.map((_, i) => i).sort((a, b) => len[b]! - len[a]!);
    for (const i of order) {
      const m = marks[i]!;
      if (m.kind === 'uncovered') continue;
      const end = m.time + len[i]!;
      const mid = (m.time + end) / 2;
      let best: SentenceUnit | null = null;
      for (const u of units) {
        if (u.onset === null || (m.unit !== null && u.pos <= m.unit) || u.onset - m.time < min || end - u.onset < min) continue;
        if (!best || Math.abs(u.onset - mid) < Math.abs(best.onset! - mid)) best = u;
      }
      if (best) {
        insert({ time: best.onset!, unit: best.pos, strength: 0, kind: m.kind === 'intro' ? 'statement' : m.kind, block: m.block });
        added = true;
        break;
      }
    }
    if (!added) break;
  }
  return marks;
}

function titleChapters(
  marks: readonly Mark[],
  words: readonly TimedWord[],
  units: readonly SentenceUnit[],
  blocks: readonly Block[],
  roles: ReadonlyArray<Role | null>,
  transcript: Transcript,
  background: readonly string[],
  duration: number,
): Chapter[] {
  const language = transcript.language || 'en';
  const strings = chapterStrings(language);
  // Word ranges (positions) per chapter.
  const ranges = marks.map((m, i) => {
    if (m.unit === null) return null;
    const next = marks.slice(i + 1).find((x) => x.unit !== null);
    const lastPos = next ? units[next.unit!]!.first - 1 : words.length - 1;
    return { first: units[m.unit]!.first, last: lastPos };
  });
  const segTexts = ranges.map((r) => (r ? words.slice(r.first, r.last + 1).map((w) => w.text) : []));
  const ctx: TitleContext = buildTitleContext(segTexts.filter((s) => s.length > 0), background, language);
  const used = new Set<string>();
  const lastCoveredKind = [...marks].reverse().find((m) => m.unit !== null)?.kind;
  const hasQuestionTurns = roles.some((r) => r === 'question');
  const blockOfUnit = (u: number) => blocks.findIndex((b) => u >= b.firstUnit && u <= b.lastUnit);

  // Q&A first, so a question keeps its own topic when the answer repeats a statement topic.
  const order = marks.map((_, i) => i).sort((a, b) => Number(marks[b]!.kind === 'question') - Number(marks[a]!.kind === 'question') || a - b);
  const titles: string[] = new Array(marks.length).fill('');
  const kinds: Chapter['kind'][] = marks.map((m) => m.kind);
  for (const i of order) {
    const m = marks[i]!;
    const r = ranges[i];
    if (!r) {
      titles[i] = lastCoveredKind === 'statement' || lastCoveredKind === 'intro' ? strings.qa : strings.uncovered;
      continue;
    }
    const segWords = segTexts[i]!;
    const b = m.unit !== null ? blockOfUnit(m.unit) : -1;
    const block = blocks[b];
    if (m.kind === 'question' && block?.kind === 'question' && units[m.unit!]!.first === units[block.firstUnit]!.first) {
      titles[i] = questionTitle(words, r, block, roles, ctx, used, strings);
    } else if (!hasQuestionTurns && m.unit !== null && opensQuestion(units, m.unit)) {
      // No speaker labels, but the chapter opens with a hand-over or a journalist's introduction.
      const pseudo: Block = { kind: 'question', firstUnit: m.unit, lastUnit: m.unit, questionTurn: units[m.unit]!.turn };
      titles[i] = questionTitle(words, r, pseudo, roles, ctx, used, strings);
      kinds[i] = 'question';
    } else if (i === 0 && marks.length > 1 && marks[1]!.kind === 'statement' && isGreetingOnly(segWords)) {
      // Pre-roll, the moderator's introduction and the greeting: no topic of its own.
      titles[i] = strings.opening;
      kinds[i] = 'intro';
    } else {
      const label = topicLabel({ words: segWords }, ctx, used, MAX_TITLE_CHARS);
      if (label) titles[i] = label;
      else {
        titles[i] = m.kind === 'question' ? strings.question : strings.opening;
        if (i === 0) kinds[i] = 'intro';
      }
    }
  }
  return marks.map((m, i) => ({
    start: i === 0 ? 0 : m.time,
    end: i + 1 < marks.length ? marks[i + 1]!.time : duration,
    title: fitTitle(titles[i]!),
    firstWord: ranges[i] ? words[ranges[i]!.first]!.index : null,
    lastWord: ranges[i] ? words[ranges[i]!.last]!.index : null,
    kind: kinds[i]!,
  }));
}

/** The sentence at `unit` (or the one after a bare "Thank you.") hands over the floor or introduces a journalist. */
function opensQuestion(units: readonly SentenceUnit[], unit: number): boolean {
  const first = units[unit]!.text;
  const next = units[unit + 1]?.text ?? '';
  const bare = /^\W*(?:thank you|thanks|hi|hello|yes)\b[^.?!]{0,30}[.!]?\s*$/i.test(first);
  return isHandOver(first) || isSelfIntroduction(first) || (bare && isSelfIntroduction(next));
}

/** Up to ~80 words and no sentence beyond greetings, thanks and the running order. */
const INTRO_WORDS = 80;
function isGreetingOnly(words: readonly string[]): boolean {
  if (words.length > INTRO_WORDS) return false;
  const sentences = words.join(' ').split(/(?<=[.!?])\s+/);
  const intro =
    /\b(?:good (?:morning|afternoon|evening)|welcome|thank you|thanks|ladies and gentlemen|(?:opening|introductory|few) (?:remarks|words)|take (?:your |some |a few )?questions|press conference|give you (?:a|an) (?:short |brief )?(?:overview|update)|(?:busy|long|productive|good) (?:day|morning|meeting)|share (?:the|some) main points)\b|(?<![\p{L}])(?:bonjour|bonsoir|bienvenue|merci|mesdames et messieurs|conférence de presse|quelques questions|propos liminaires|journée (?:chargée|bien remplie))(?![\p{L}])/iu;
  return sentences.filter((s) => intro.test(s)).length >= Math.ceil(sentences.length / 2);
}

/**
 * "Q&A: Reuters — Arctic security": the outlet from the hand-over or the self-introduction,
 * the topic from the question (weighted ×3) and the answer, never from the introduction.
 */
function questionTitle(
  words: readonly TimedWord[],
  range: { first: number; last: number },
  block: Block,
  roles: ReadonlyArray<Role | null>,
  ctx: TitleContext,
  used: Set<string>,
  strings: ChapterStrings,
): string {
  const seg = words.slice(range.first, range.last + 1);
  const qTurn = block.questionTurn;
  const textOf = (ws: readonly TimedWord[]) => ws.map((w) => w.text).join(' ');
  const modWords = seg.filter((w) => roles[w.turn] === 'moderator' && w.turn !== qTurn);
  const qWords = seg.filter((w) => w.turn === qTurn);
  // Unlabelled talk: the hand-over, if any, is the segment's opening sentence(s).
  const opening = textOf(seg.filter((w) => w.sentence <= seg[0]!.sentence + 1));
  let outlet: string | null =
    (qWords.length ? outletFromQuestion(textOf(qWords)) : null) ??
    (modWords.length ? outletFromHandOver(textOf(modWords)) : roles[seg[0]!.turn] === 'question' ? null : outletFromHandOver(opening));
  // Exclude the hand-over and the journalist's introduction (greeting, name, outlet: the
  // opening sentences up to the one naming the outlet) from topic scoring.
  const introSentences = new Set<number>();
  const qSentences = [...new Set(qWords.map((w) => w.sentence))].slice(0, 3);
  for (const sid of qSentences) {
    const text = textOf(qWords.filter((w) => w.sentence === sid));
    const greetingOnly = /^(?:(?:thank you|thanks|hi|hello|yes|good (?:morning|afternoon|evening))\b[^.?!]{0,40}[.!,]?\s*)+$/i.test(text.trim());
    if (greetingOnly || isSelfIntroduction(text) || (outlet && text.includes(outlet) && !/\?/.test(text))) introSentences.add(sid);
    else break;
  }
  const weights = seg.map((w) => {
    if (roles[w.turn] === 'moderator' && w.turn !== qTurn) return 0;
    if (w.turn === qTurn) return introSentences.has(w.sentence) ? 0 : 3;
    return 1;
  });
  const prefix = strings.questionPrefix;
  if (outlet && outlet.length > 24) outlet = null;
  const head = outlet ? `${prefix}${outlet} — ` : prefix;
  const topic = topicLabel({ words: seg.map((w) => w.text), weights, noPersons: true, exclude: outlet ? [outlet] : [] }, ctx, used, MAX_TITLE_CHARS - head.length);
  if (topic) return head + topic;
  return outlet ? `${prefix}${outlet}` : strings.question;
}

/**
 * The user's chapters: titles as given, each time moved to the nearest sentence onset within
 * USER_SNAP_SECONDS (kept as given when no onset is that close), the first at 0:00.
 */
function snapUserChapters(words: readonly TimedWord[], units: readonly SentenceUnit[], user: ReadonlyArray<{ start: number; title: string }>, duration: number): Chapter[] {
  const onsets = units.filter((u) => u.onset !== null).map((u) => u.onset!);
  const sorted = [...user].filter((c) => Number.isFinite(c.start)).sort((a, b) => a.start - b.start);
  const starts: number[] = [];
  sorted.forEach((c, i) => {
    if (i === 0) {
      starts.push(0);
      return;
    }
    let best = c.start;
    let bestDist = USER_SNAP_SECONDS + 1e-9;
    for (const o of onsets) {
      const d = Math.abs(o - c.start);
      if (d <= bestDist && o > starts[i - 1]!) {
        best = o;
        bestDist = d;
      }
    }
    starts.push(best > starts[i - 1]! ? best : c.start);
  });
  return sorted.map((c, i) => {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : duration;
    let first: number | null = null;
    let last: number | null = null;
    for (const w of words) {
      if (w.start === null || w.start < start || w.start >= end) continue;
      if (first === null) first = w.index;
      last = w.index;
    }
    return { start, end: Math.max(end, start), title: c.title.replace(/\s+/g, ' ').trim(), firstWord: first, lastWord: last, kind: 'user' as const };
  });
}
