/**
 * Accuracy metrics for the alignment benchmark: maps an engine's words onto the truth's
 * transcript tokens, then measures word-time errors and what the captions do around
 * non-speech, untranscribed speech and text that is never spoken.
 *
 * Pure functions over plain data; bench/align.ts does the I/O.
 */
import { createRequire } from 'node:module';

// ---------------------------------------------------------------------------------------------
// Shapes

/** One whitespace token of the transcript's non-label lines, with its truth times. */
export interface TruthToken {
  index: number;
  text: string;
  /** Whether (or, in older truth files, what) the token is spoken. */
  spoken: boolean | string;
  /** null when the token is not spoken in the recording. */
  start: number | null;
  end: number | null;
}

export interface TruthSpan {
  start: number;
  end: number;
}

/** bench/.cache/cases/<case>/truth.json */
export interface CaseTruth {
  case: string;
  duration: number;
  sampleRate: number;
  voices: string[];
  words: { text: string; start: number; end: number; transcriptIndex: number | null; voice: string }[];
  transcriptTokens: TruthToken[];
  nonSpeech: (TruthSpan & { kind: string })[];
  untranscribedSpeech: (TruthSpan & { text: string })[];
  unspokenParagraphs: { firstToken: number; lastToken: number; text: string }[];
  notes?: unknown;
  media?: string;
  conditions?: Record<string, unknown>;
  referenceTruth?: Record<string, string>;
}

/** A word as an engine reports it; null times mean "not placed". */
export interface EngineWord {
  text: string;
  start: number | null;
  end: number | null;
  /** The engine's own confidence (0..1) in the placement, when it gives one. */
  confidence?: number | null;
}

/** A caption cue, from the engine's VTT. */
export interface CaptionCue {
  start: number;
  end: number;
  text: string;
}

/** Where each truth token landed: the engine's time, or why it has none. */
export interface TokenPlacement {
  /** 'placed': engine gave times; 'null': engine said it could not place it; 'unmapped': no engine word matched the token's text. */
  status: 'placed' | 'null' | 'unmapped';
  start: number | null;
  end: number | null;
  /** The engine's confidence in this placement, when it gives one. */
  confidence?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Mapping engine words to truth tokens

/** capsync's words are 1:1 with the transcript tokens, in order. */
export function mapByIndex(words: EngineWord[], tokens: TruthToken[]): TokenPlacement[] {
  if (words.length !== tokens.length) {
    throw new Error(`engine has ${words.length} words but the truth has ${tokens.length} transcript tokens`);
  }
  return words.map((w) =>
    w.start != null && w.end != null
      ? { status: 'placed', start: w.start, end: w.end, confidence: w.confidence ?? null }
      : { status: 'null', start: null, end: null },
  );
}

/** Lower-case letters and digits only: "Ukraine." → "ukraine", "2%" → "2", "U.S." → "us". */
export function normalizeWord(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Matched index pairs of a longest common subsequence of `a` and `b`, by Myers' O((N+M)·D)
 * diff, so two nearly identical 15,000-word sequences take milliseconds.
 */
export function lcsPairs<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean = (x, y) => x === y): [number, number][] {
  const n = a.length;
  const m = b.length;
  const o = n + m + 1;
  // v[o + k]: furthest x reached on diagonal k (k = x − y); snaps[d][k + d]: v after d edits.
  const v = new Int32Array(2 * o + 1);
  const snaps: Int32Array[] = [];
  outer: for (let d = 0; d <= n + m; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[o + k - 1] < v[o + k + 1]) ? v[o + k + 1] : v[o + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && eq(a[x], b[y])) {
        x++;
        y++;
      }
      v[o + k] = x;
      if (x >= n && y >= m) {
        snaps.push(v.slice(o - d, o + d + 1));
        break outer;
      }
    }
    snaps.push(v.slice(o - d, o + d + 1));
  }
  // Walk back from (n, m): each edit step came from diagonal k±1 of the previous snapshot,
  // and the diagonal run ("snake") after it is a stretch of matches.
  const pairs: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = snaps.length - 1; d >= 1; d--) {
    const prev = snaps[d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && prev[k - 1 + d - 1] < prev[k + 1 + d - 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[prevK + d - 1];
    const snakeStart = down ? prevX : prevX + 1;
    while (x > snakeStart) pairs.push([--x, --y]);
    x = prevX;
    y = prevX - prevK;
  }
  while (x > 0 && y > 0) pairs.push([--x, --y]);
  return pairs.reverse();
}

/** Plain DP LCS over characters, for the small unmatched gaps between word anchors. */
function charLcsPairs(a: string, b: string): [number, number][] {
  const n = a.length;
  const m = b.length;
  const dp = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * (m + 1) + j] =
        a[i] === b[j] ? dp[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(dp[(i + 1) * (m + 1) + j], dp[i * (m + 1) + j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (dp[(i + 1) * (m + 1) + j] >= dp[i * (m + 1) + j + 1]) i++;
    else j++;
  }
  return pairs;
}

/**
 * Maps an engine whose tokenization differs from the transcript's (Echogarden splits and
 * normalizes words its own way). Whole normalized words are matched first by LCS; inside each
 * gap between matches the characters are aligned, so "2%" ↔ "2", "well-known" ↔ "well"+"known",
 * and each token takes the span from its first to its last matched engine word.
 */
export function mapByText(words: EngineWord[], tokens: TruthToken[]): TokenPlacement[] {
  const tn = tokens.map((t) => normalizeWord(t.text));
  const wn = words.map((w) => normalizeWord(w.text));
  const anchors = lcsPairs(tn, wn, (x, y) => x !== '' && x === y);
  const assigned: number[][] = tokens.map(() => []);
  for (const [i, j] of anchors) assigned[i].push(j);

  // Gaps between anchors (and before the first / after the last).
  const bounds: [number, number][] = [[-1, -1], ...anchors, [tokens.length, words.length]];
  for (let g = 0; g + 1 < bounds.length; g++) {
    const [i0, j0] = bounds[g];
    const [i1, j1] = bounds[g + 1];
    if (i1 - i0 <= 1 || j1 - j0 <= 1) continue;
    let a = '';
    const aOwner: number[] = [];
    for (let i = i0 + 1; i < i1; i++) for (const ch of tn[i]) (a += ch, aOwner.push(i));
    let b = '';
    const bOwner: number[] = [];
    for (let j = j0 + 1; j < j1; j++) for (const ch of wn[j]) (b += ch, bOwner.push(j));
    if (!a || !b || a.length * b.length > 4_000_000) continue;
    for (const [ci, cj] of charLcsPairs(a, b)) {
      const list = assigned[aOwner[ci]];
      if (!list.includes(bOwner[cj])) list.push(bOwner[cj]);
    }
  }

  return tokens.map((_, i) => {
    const js = assigned[i];
    if (js.length === 0) return { status: 'unmapped', start: null, end: null };
    let start = Infinity;
    let end = -Infinity;
    for (const j of js) {
      const w = words[j];
      if (w.start != null) start = Math.min(start, w.start);
      if (w.end != null) end = Math.max(end, w.end);
    }
    return Number.isFinite(start) && Number.isFinite(end)
      ? { status: 'placed', start, end }
      : { status: 'null', start: null, end: null };
  });
}

// ---------------------------------------------------------------------------------------------
// Error statistics

export interface ErrorStats {
  /** Spoken tokens the statistics cover (placed + engine-null); unmapped ones are left out. */
  n: number;
  /** Spoken tokens the engine left without times; they count as infinitely wrong. */
  unplaced: number;
  /** Spoken tokens no engine word could be matched to by text (Echogarden only). */
  unmapped: number;
  /** Seconds. Infinity when too many words are unplaced for the quantile to be finite. */
  median: number;
  p90: number;
  mean: number;
  max: number;
  /** Share (0..1) of the n tokens placed within 100 ms of the truth. */
  within100: number;
}

/** Quantile by linear interpolation over a sorted array (q in 0..1). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  if (pos === lo) return sorted[lo];
  if (!Number.isFinite(sorted[hi])) return Infinity;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function errorStats(errors: number[], unmapped = 0): ErrorStats {
  const sorted = [...errors].sort((x, y) => x - y);
  const finite = sorted.filter(Number.isFinite);
  return {
    n: sorted.length,
    unplaced: sorted.length - finite.length,
    unmapped,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    mean: finite.length ? finite.reduce((s, e) => s + e, 0) / finite.length : NaN,
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
    within100: sorted.length ? sorted.filter((e) => e <= 0.1).length / sorted.length : NaN,
  };
}

/** Which tokens a statistic is computed over. */
export type TokenFilter = (t: TruthToken) => boolean;

/** Start and end errors over the spoken tokens that pass `filter`. */
export function wordErrors(
  tokens: TruthToken[],
  placements: TokenPlacement[],
  filter: TokenFilter = () => true,
): { start: ErrorStats; end: ErrorStats } {
  const s: number[] = [];
  const e: number[] = [];
  let unmapped = 0;
  tokens.forEach((t, i) => {
    if (t.start == null || t.end == null || !filter(t)) return;
    const p = placements[i];
    if (p.status === 'unmapped') return void unmapped++;
    s.push(p.status === 'placed' ? Math.abs(p.start! - t.start) : Infinity);
    e.push(p.status === 'placed' ? Math.abs(p.end! - t.end) : Infinity);
  });
  return { start: errorStats(s, unmapped), end: errorStats(e, unmapped) };
}

// ---------------------------------------------------------------------------------------------
// Interval helpers

/** Sorted, merged union of spans. */
export function unionSpans(spans: TruthSpan[]): TruthSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: TruthSpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

export function totalSeconds(spans: TruthSpan[]): number {
  return unionSpans(spans).reduce((s, x) => s + (x.end - x.start), 0);
}

/** Seconds of the union of `a` that lie inside the union of `b`. */
export function overlapSeconds(a: TruthSpan[], b: TruthSpan[]): number {
  const ua = unionSpans(a);
  const ub = unionSpans(b);
  let total = 0;
  for (let i = 0, j = 0; i < ua.length && j < ub.length; ) {
    const lo = Math.max(ua[i].start, ub[j].start);
    const hi = Math.min(ua[i].end, ub[j].end);
    if (hi > lo) total += hi - lo;
    if (ua[i].end < ub[j].end) i++;
    else j++;
  }
  return total;
}

/**
 * Caption time when an engine gives no cues: its placed words, with pauses shorter than
 * `bridge` seconds joined (a caption stays up across a short pause).
 */
export function wordsAsCaptionSpans(placements: TokenPlacement[], bridge = 0.5): TruthSpan[] {
  const spans = placements
    .filter((p) => p.status === 'placed')
    .map((p) => ({ start: p.start!, end: p.end! }))
    .sort((a, b) => a.start - b.start);
  const out: TruthSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start - last.end <= bridge) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Captions

type VttParser = new () => {
  parse(text: string, mode: 'subtitles' | 'metadata'): {
    cues: { startTime: number; endTime: number; text: string }[];
    errors: { message: string; line: number }[];
  };
};
const require = createRequire(import.meta.url);

/** Parses WebVTT with the W3C parser; returns its cues and any validity errors. */
export function parseVtt(text: string): { cues: CaptionCue[]; errors: string[] } {
  const { WebVTTParser } = require('webvtt-parser') as { WebVTTParser: VttParser };
  const r = new WebVTTParser().parse(text, 'subtitles');
  return {
    cues: r.cues.map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })),
    errors: r.errors.map((e) => `line ${e.line}: ${e.message}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Robustness metrics (partial / as-prepared / noisy / long cases)

/** How far a caption may linger after the last covered word before it counts as "after coverage". */
export const COVERAGE_GRACE_SECONDS = 1.0;
/** An untranscribed span of this many words or more is a missing sentence, not a dropped word. */
export const MISSING_SENTENCE_MIN_WORDS = 4;
/** A word counts as "inside" a span when at least this share of it lies there. */
const INSIDE_SHARE = 0.5;

export interface RobustnessMetrics {
  /** End of the last spoken transcript token (truth): where the transcript's coverage stops. */
  coveredEnd: number;
  /** Caption seconds after coveredEnd + COVERAGE_GRACE_SECONDS. */
  captionSecondsAfterCoverage: number;
  /** Words placed to start after coveredEnd + COVERAGE_GRACE_SECONDS. */
  wordsAfterCoverage: number;
  /** Share (0..1) of the truth's transcribed speech time with no caption on screen. */
  coveredSpeechUncaptioned: number;
  /** Placed words at least half inside a music or applause span. */
  wordsInMusicApplause: number;
  /** Caption seconds over music or applause spans. */
  captionSecondsInMusicApplause: number;
  /** Placed words at least half inside speech that has no transcript text. */
  wordsInUntranscribedSpeech: number;
  /** Caption seconds over untranscribed speech (e.g. the "as prepared" missing sentence). */
  captionSecondsInUntranscribedSpeech: number;
  /**
   * Untranscribed spans inside the covered part of at least MISSING_SENTENCE_MIN_WORDS words (a spoken sentence missing
   * from the text, as opposed to single dropped words inside a captioned sentence), each with
   * the caption seconds and placed words over it.
   */
  missingSentences: { start: number; end: number; text: string; captionSeconds: number; words: number }[];
  /** Per unspoken paragraph: share of its tokens left with null times, and whether report.json names it. */
  unspokenParagraphs: { firstToken: number; lastToken: number; nullShare: number; reported: boolean | null }[];
  /** Whether the captions came from a VTT ('cues') or were derived from the words ('words'). */
  captionSource: 'cues' | 'words';
}

function insideShare(start: number, end: number, spans: TruthSpan[]): number {
  const len = Math.max(end - start, 1e-3);
  return overlapSeconds([{ start, end: Math.max(end, start + 1e-3) }], spans) / len;
}

/**
 * Whether a QA report names an unspoken paragraph as not found: an object in its `notFound`
 * list (capsync's report.json; the whole report when it has no such list) with a word range
 * (firstWord/lastWord, firstToken/lastToken…) overlapping at least half of the paragraph, or a
 * string there containing the paragraph's first eight words. Other lists (low-confidence
 * stretches) do not count.
 */
export function reportMentionsParagraph(report: unknown, para: { firstToken: number; lastToken: number; text: string }): boolean {
  const needle = normalizeWord(para.text.split(/\s+/).slice(0, 8).join(''));
  const paraLen = para.lastToken - para.firstToken + 1;
  let hit = false;
  const visit = (v: unknown): void => {
    if (hit || v == null) return;
    if (typeof v === 'string') {
      if (needle.length >= 8 && normalizeWord(v).includes(needle)) hit = true;
      return;
    }
    if (Array.isArray(v)) return v.forEach(visit);
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const first = [o.firstWord, o.firstToken, o.startWord, o.fromWord].find((x) => typeof x === 'number') as number | undefined;
      const last = [o.lastWord, o.lastToken, o.endWord, o.toWord].find((x) => typeof x === 'number') as number | undefined;
      if (first != null && last != null) {
        const ov = Math.min(last, para.lastToken) - Math.max(first, para.firstToken) + 1;
        if (ov >= paraLen / 2) hit = true;
      }
      Object.values(o).forEach(visit);
    }
  };
  const notFound = report != null && typeof report === 'object' ? (report as Record<string, unknown>).notFound : undefined;
  visit(notFound !== undefined ? notFound : report);
  return hit;
}

export function robustnessMetrics(
  truth: CaseTruth,
  placements: TokenPlacement[],
  cues: CaptionCue[] | null,
  report: unknown | null,
): RobustnessMetrics {
  const spoken = truth.transcriptTokens.filter((t) => t.start != null && t.end != null);
  const coveredEnd = spoken.reduce((m, t) => Math.max(m, t.end!), 0);
  const captions: TruthSpan[] = cues ? cues.map((c) => ({ start: c.start, end: c.end })) : wordsAsCaptionSpans(placements);
  const after: TruthSpan[] = [{ start: coveredEnd + COVERAGE_GRACE_SECONDS, end: Infinity }];
  const placed = placements.filter((p) => p.status === 'placed');

  const speech = spoken.map((t) => ({ start: t.start!, end: t.end! }));
  const speechTotal = totalSeconds(speech);
  const music = truth.nonSpeech.filter((s) => /music|applause/i.test(s.kind));
  const untranscribed = truth.untranscribedSpeech;

  return {
    coveredEnd,
    captionSecondsAfterCoverage: overlapSeconds(captions, after),
    wordsAfterCoverage: placed.filter((p) => p.start! > after[0].start).length,
    coveredSpeechUncaptioned: speechTotal > 0 ? 1 - overlapSeconds(speech, captions) / speechTotal : 0,
    wordsInMusicApplause: placed.filter((p) => insideShare(p.start!, p.end!, music) >= INSIDE_SHARE).length,
    captionSecondsInMusicApplause: overlapSeconds(captions, music),
    wordsInUntranscribedSpeech: placed.filter((p) => insideShare(p.start!, p.end!, untranscribed) >= INSIDE_SHARE).length,
    captionSecondsInUntranscribedSpeech: overlapSeconds(captions, untranscribed),
    missingSentences: untranscribed
      .filter((u) => u.start < coveredEnd && u.text.trim().split(/\s+/).length >= MISSING_SENTENCE_MIN_WORDS)
      .map((u) => ({
        start: u.start,
        end: u.end,
        text: u.text,
        captionSeconds: overlapSeconds(captions, [u]),
        words: placed.filter((p) => insideShare(p.start!, p.end!, [u]) >= INSIDE_SHARE).length,
      })),
    unspokenParagraphs: truth.unspokenParagraphs.map((p) => {
      let nulls = 0;
      for (let i = p.firstToken; i <= p.lastToken; i++) if (placements[i]?.status !== 'placed') nulls++;
      return {
        firstToken: p.firstToken,
        lastToken: p.lastToken,
        nullShare: nulls / (p.lastToken - p.firstToken + 1),
        reported: report == null ? null : reportMentionsParagraph(report, p),
      };
    }),
    captionSource: cues ? 'cues' : 'words',
  };
}

// ---------------------------------------------------------------------------------------------
// Drift

export interface Drift {
  /** Median word-start error (s) of spoken tokens whose truth start is in the first / last window. */
  firstMedian: number;
  lastMedian: number;
  firstP90: number;
  lastP90: number;
  windowSeconds: number;
}

/** Median start error in the last `window` seconds of speech vs the first `window` seconds. */
export function drift(tokens: TruthToken[], placements: TokenPlacement[], windowSeconds = 600): Drift | null {
  const spoken = tokens.filter((t) => t.start != null);
  if (spoken.length === 0) return null;
  const first = spoken[0].start!;
  const last = spoken.reduce((m, t) => Math.max(m, t.start!), 0);
  if (last - first < 2 * windowSeconds) return null;
  const head = wordErrors(tokens, placements, (t) => t.start! < first + windowSeconds).start;
  const tail = wordErrors(tokens, placements, (t) => t.start! > last - windowSeconds).start;
  return { firstMedian: head.median, lastMedian: tail.median, firstP90: head.p90, lastP90: tail.p90, windowSeconds };
}
