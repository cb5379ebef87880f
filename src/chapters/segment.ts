/**
 * Topic boundaries inside one monologue (the opening statement, or a whole unlabelled
 * transcript): every sentence start is a candidate, scored by its discourse cue and by the
 * lexical-cohesion valley before it, then picked greedily with a minimum topic length.
 */
import { announcesList, cueStrength, isSelfIntroduction } from './cues.js';
import { keyOf } from './lexicon.js';
import type { SentenceUnit } from './structure.js';
import { depthScores } from './tiling.js';
import type { TimedWord } from '../types.js';

export interface ScoredCandidate {
  unit: number;
  time: number;
  cue: number;
  depth: number;
  score: number;
}

export interface MonologueOptions {
  language: string;
  /** Shortest topic worth a chapter, seconds. */
  minTopicSeconds: number;
  /** Score a boundary needs. */
  threshold?: number;
}

/** Weights of the boundary score; cues dominate because briefings announce their topics. */
const W_CUE = 0.6;
const W_DEPTH = 0.45;
const W_PARAGRAPH = 0.1;
const DEFAULT_THRESHOLD = 0.5;

/** Score every sentence start of units[first..last] (the first one excluded). */
export function scoreCandidates(
  words: readonly TimedWord[],
  units: readonly SentenceUnit[],
  first: number,
  last: number,
  language: string,
): ScoredCandidate[] {
  const span = units.slice(first, last + 1);
  if (span.length < 2) return [];
  const keys = span.map((u) => {
    const out: string[] = [];
    for (let i = u.first; i <= u.last; i++) {
      const k = keyOf(words[i]!.text, language);
      if (k) out.push(k);
    }
    return out;
  });
  const depth = depthScores(keys);
  // Normalize depth against the deeper valleys of this monologue, so the score means the
  // same for a terse and a wordy speaker.
  const positive = depth.filter((d) => d > 0).sort((a, b) => a - b);
  const ref = positive.length ? Math.max(0.05, positive[Math.floor(positive.length * 0.9)] ?? positive[positive.length - 1]!) : 1;

  const cues = span.map((u) => cueStrength(u.text));
  // "We agreed on three things. First, …": the announcement opens the topic, not "First".
  for (let j = 1; j < span.length; j++) {
    if (cues[j]! >= 1 && /^\W*(?:first(?:ly)?|first of all)\b/i.test(span[j]!.text) && announcesList(span[j - 1]!.text)) {
      cues[j - 1] = Math.max(cues[j - 1]!, 0.85);
      cues[j] = 0.1;
    }
  }
  // "Thank you. Jane Doe, Reuters." — the journalist's turn starts at the thanks.
  for (let j = 2; j < span.length; j++) {
    if (cues[j]! >= 1 && isSelfIntroduction(span[j]!.text) && /^\W*(?:thank you|thanks|hi|hello|yes|good (?:morning|afternoon|evening))\b[^.?!]{0,30}[.!]?\s*$/i.test(span[j - 1]!.text)) {
      cues[j - 1] = cues[j]!;
      cues[j] = 0;
    }
  }
  const out: ScoredCandidate[] = [];
  for (let j = 1; j < span.length; j++) {
    const u = span[j]!;
    if (u.onset === null) continue;
    const cue = cues[j]!;
    const d = Math.min(1, depth[j]! / ref);
    let score = W_CUE * Math.max(0, cue) + W_DEPTH * d + (u.startsParagraph ? W_PARAGRAPH : 0);
    if (cue < 0) score += cue * 0.5;
    out.push({ unit: u.pos, time: u.onset, cue, depth: d, score });
  }
  return out;
}

/**
 * Pick boundaries from scored candidates: best score first, each at least `minTopicSeconds`
 * from the span edges and from boundaries already picked.
 */
export function pickBoundaries(
  candidates: readonly ScoredCandidate[],
  spanStart: number,
  spanEnd: number,
  options: MonologueOptions,
): ScoredCandidate[] {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const picked: ScoredCandidate[] = [];
  const order = [...candidates].sort((a, b) => b.score - a.score || a.time - b.time);
  for (const c of order) {
    if (c.score < threshold) break;
    if (c.time - spanStart < options.minTopicSeconds || spanEnd - c.time < options.minTopicSeconds) continue;
    if (picked.some((p) => Math.abs(p.time - c.time) < options.minTopicSeconds)) continue;
    picked.push(c);
  }
  return picked.sort((a, b) => a.time - b.time);
}
