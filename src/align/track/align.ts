/**
 * Text-to-text alignment of transcript words to the words of a timed caption track.
 *
 * Both sides become sequences of normalized spoken tokens. Exact runs unique on both sides
 * anchor the alignment (coarse chain); between anchors an affine-gap DP with fuzzy similarity
 * and 2:1 / 1:2 merges does the fine alignment. Blocks larger than `maxBlockCells` are split
 * again with weaker anchors, so memory stays bounded on hour-long inputs.
 */
import type { TranscriptWord } from '../../types.js';
import { findAnchorRuns } from './anchorRuns.js';
import { alignBlock, SCORE, type BlockCosts, type TokenLink } from './blockAlign.js';
import { trackWordTokens, transcriptWordTokens } from './normalize.js';
import { TokenTable, tokenSimilarity } from './similarity.js';
import { timeWords } from './timing.js';
import type { TimingTrack, TrackAlignment, TrackAlignOptions, TrackMatch, TrackWord } from './types.js';

const DEFAULTS = {
  maxBlockCells: 4_000_000,
  minAnchorRun: 6,
  defaultCharsPerSecond: 14,
  maxGapFactor: 2.5,
  maxGapSlack: 1.5,
  maxSqueezedRun: 4,
};

/** Match islands separated by this many unmatched tokens (either side) are judged on their own. */
const ISLAND_BREAK = 3;
/** An island with this much unmatched material on both sides needs ≥ MIN_ISOLATED_TOKENS tokens to be believed. */
const ISOLATION_GAP = 8;
const MIN_ISOLATED_TOKENS = 4;
/** Side of the head and tail windows aligned inside an anchorless block too big for the DP. */
const CORNER_TOKENS = 256;

export function alignTranscriptToTrack(
  words: TranscriptWord[],
  trackInput: TrackWord[] | TimingTrack,
  options: TrackAlignOptions = {},
): TrackAlignment {
  const opts = { ...DEFAULTS, ...options };
  const track = Array.isArray(trackInput) ? trackInput : trackInput.words;
  const precision = Array.isArray(trackInput) ? (options.precision ?? 'word') : trackInput.precision;

  const table = new TokenTable();
  const wordTokens = words.map((w) => transcriptWordTokens(w));
  const aTok: number[] = [];
  const aWord: number[] = [];
  wordTokens.forEach((toks, w) => toks.forEach((t) => {
    aTok.push(table.id(t));
    aWord.push(w);
  }));
  const bTok: number[] = [];
  const bWord: number[] = [];
  const trackTokens = track.map((tw) => trackWordTokens(tw.text));
  trackTokens.forEach((toks, t) => toks.forEach((tok) => {
    bTok.push(table.id(tok));
    bWord.push(t);
  }));
  const A = Int32Array.from(aTok);
  const B = Int32Array.from(bTok);
  const costs = blockCosts(words, track, A, aWord, B, bWord);

  // Coarse-to-fine block alignment.
  const levels = [
    { k: 3, minLen: opts.minAnchorRun },
    { k: 2, minLen: 4 },
    { k: 1, minLen: 2 },
  ];
  const links: TokenLink[] = [];
  let dpCells = 0;
  let largestBlock = 0;
  let unalignedBlocks = 0;
  let anchorRuns = 0;
  const solve = (a0: number, a1: number, b0: number, b1: number, level: number): void => {
    if (a0 >= a1 || b0 >= b1) return;
    const cells = (a1 - a0 + 1) * (b1 - b0 + 1);
    // The whole input is always anchored first; below that, a block small enough is aligned directly.
    if (level > 0 && cells <= opts.maxBlockCells) {
      dpCells += cells;
      largestBlock = Math.max(largestBlock, cells);
      for (const l of alignBlock(table, A, B, costs, a0, a1, b0, b1)) links.push(l);
      return;
    }
    if (level >= levels.length) {
      // Too big for the DP and no anchor at all: the middle of these stretches does not
      // correspond. Their corners may still continue the matching text on either side, so
      // align a head window and a tail window and leave the middle unmatched.
      unalignedBlocks++;
      const side = Math.max(1, Math.min(CORNER_TOKENS, Math.floor(Math.sqrt(opts.maxBlockCells)) - 1));
      const ha = Math.min(side, Math.ceil((a1 - a0) / 2));
      const hb = Math.min(side, Math.ceil((b1 - b0) / 2));
      const ta = Math.min(side, a1 - a0 - ha);
      const tbk = Math.min(side, b1 - b0 - hb);
      for (const [x0, x1, y0, y1] of [[a0, a0 + ha, b0, b0 + hb], [a1 - ta, a1, b1 - tbk, b1]]) {
        if (x1 <= x0 || y1 <= y0) continue;
        const c = (x1 - x0 + 1) * (y1 - y0 + 1);
        dpCells += c;
        largestBlock = Math.max(largestBlock, c);
        for (const l of alignBlock(table, A, B, costs, x0, x1, y0, y1)) links.push(l);
      }
      return;
    }
    const runs = findAnchorRuns(A, B, a0, a1, b0, b1, levels[level].k, levels[level].minLen);
    if (!runs.length) {
      solve(a0, a1, b0, b1, level + 1);
      return;
    }
    anchorRuns += runs.length;
    let ca = a0;
    let cb = b0;
    for (const r of runs) {
      solve(ca, r.i, cb, r.j, level + 1);
      for (let t = 0; t < r.len; t++) links.push({ a0: r.i + t, a1: r.i + t + 1, b0: r.j + t, b1: r.j + t + 1, sim: 1 });
      ca = r.i + r.len;
      cb = r.j + r.len;
    }
    solve(ca, a1, cb, b1, level + 1);
  };
  solve(0, A.length, 0, B.length, 0);

  const kept = filterIslands(links);

  // Per word: matched track words and mean token similarity.
  const wordTrackSets = words.map(() => new Set<number>());
  const simSum = new Float64Array(words.length);
  const pairSim = new Map<string, number>();
  const trackMatched = new Array<boolean>(track.length).fill(false);
  for (const l of kept) {
    for (let a = l.a0; a < l.a1; a++) {
      const w = aWord[a];
      simSum[w] += l.sim;
      for (let b = l.b0; b < l.b1; b++) {
        const t = bWord[b];
        wordTrackSets[w].add(t);
        trackMatched[t] = true;
        const key = `${w}:${t}`;
        pairSim.set(key, Math.max(pairSim.get(key) ?? 0, l.sim));
      }
    }
  }
  const wordTrack = wordTrackSets.map((s) => [...s].sort((x, y) => x - y));
  const wordSimilarity = words.map((_, w) => (wordTokens[w].length ? simSum[w] / wordTokens[w].length : 0));

  const tokenWeight = (tok: string): number => {
    const id = table.lookup(tok);
    return id === undefined ? 1 : costs.weightOf(id);
  };
  const { timed, sharedTrack, charsPerSecond } = timeWords({
    words, track, wordTrack, wordSimilarity, wordTokens, trackMatched, precision,
    trackTokens, tokenWeight, similarity: tokenSimilarity,
    defaultCharsPerSecond: opts.defaultCharsPerSecond,
    maxGapFactor: opts.maxGapFactor,
    maxGapSlack: opts.maxGapSlack,
    maxSqueezedRun: opts.maxSqueezedRun,
  });

  const matches: TrackMatch[] = [];
  wordTrack.forEach((ts, w) => ts.forEach((t) => matches.push({ wordIndex: words[w].index, trackIndex: t, similarity: round3(pairSim.get(`${w}:${t}`) ?? 0) })));

  let matchedCount = 0;
  let matchedSim = 0;
  timed.forEach((t, w) => {
    if (t.source !== 'track') return;
    matchedCount++;
    matchedSim += wordSimilarity[w];
  });
  return {
    matches,
    timed,
    precision,
    detail: {
      wordSimilarity,
      wordTrack,
      sharedTrack,
      unspoken: wordTokens.map((t) => t.length === 0),
      trackCueStart: track.map((t, k) => k === 0 || t.cue === undefined || t.cue !== track[k - 1].cue),
    },
    stats: {
      transcriptWords: words.length,
      trackWords: track.length,
      matchedWords: matchedCount,
      interpolatedWords: timed.filter((t) => t.source === 'interpolated').length,
      unplacedWords: timed.filter((t) => t.source === null).length,
      matchedTrackWords: trackMatched.filter(Boolean).length,
      meanSimilarity: round3(matchedCount ? matchedSim / matchedCount : 0),
      anchorRuns,
      dpCells,
      largestBlockCells: largestBlock,
      unalignedBlocks,
      charsPerSecond: round3(charsPerSecond),
    },
  };
}

/** Pause (s) in the track that counts as a natural break for a gap to start or end at. */
const TRACK_BREAK_PAUSE = 0.5;

/**
 * Gap and match costs per token: gaps are cheaper at sentence boundaries of the transcript and
 * at pauses of the track (text goes missing by sentences, untranscribed talk starts after a
 * pause); matches of very frequent tokens weigh less than matches of rare ones.
 */
function blockCosts(words: TranscriptWord[], track: TrackWord[], A: Int32Array, aWord: number[], B: Int32Array, bWord: number[]): BlockCosts & { weightOf: (id: number) => number } {
  const { gapOpen, gapOpenAtBreak, gapCloseAtBreak } = SCORE;
  const aOpen = new Float64Array(A.length).fill(gapOpen);
  const aClose = new Float64Array(A.length);
  for (let a = 0; a < A.length; a++) {
    const w = aWord[a];
    if (a === 0 || aWord[a - 1] !== w) {
      if (w === 0 || words[w].sentence !== words[w - 1].sentence || words[w].paragraph !== words[w - 1].paragraph) aOpen[a] = gapOpenAtBreak;
    }
    if (a === A.length - 1 || aWord[a + 1] !== w) {
      if (w === words.length - 1 || words[w].sentence !== words[w + 1].sentence || words[w].paragraph !== words[w + 1].paragraph) aClose[a] = gapCloseAtBreak;
    }
  }
  const bOpen = new Float64Array(B.length).fill(gapOpen);
  const bClose = new Float64Array(B.length);
  for (let b = 0; b < B.length; b++) {
    const t = bWord[b];
    if (b === 0 || bWord[b - 1] !== t) {
      if (t === 0 || track[t].start - track[t - 1].end >= TRACK_BREAK_PAUSE || track[t].speakerChange) bOpen[b] = gapOpenAtBreak;
    }
    if (b === B.length - 1 || bWord[b + 1] !== t) {
      if (t === track.length - 1 || track[t + 1].start - track[t].end >= TRACK_BREAK_PAUSE || track[t + 1].speakerChange) bClose[b] = gapCloseAtBreak;
    }
  }
  // Frequent tokens ("the", "and", "we") match by chance; their matches count for less.
  const counts = new Map<number, number>();
  for (const id of A) counts.set(id, (counts.get(id) ?? 0) + 1);
  const weightOf = (id: number): number => {
    const c = counts.get(id) ?? 0;
    const rel = c / A.length;
    return c < 4 ? 1 : Math.min(1, Math.max(0.4, 1 - ((rel - 0.004) / 0.016) * 0.6));
  };
  const aWeight = new Float64Array(A.length);
  for (let a = 0; a < A.length; a++) aWeight[a] = weightOf(A[a]);
  // Merges stay inside a sentence (transcript) and inside running speech (track).
  const aJoin = new Uint8Array(A.length);
  for (let a = 0; a + 1 < A.length; a++) aJoin[a] = aWord[a] === aWord[a + 1] || words[aWord[a]].sentence === words[aWord[a + 1]].sentence ? 1 : 0;
  const bJoin = new Uint8Array(B.length);
  for (let b = 0; b + 1 < B.length; b++) bJoin[b] = bWord[b] === bWord[b + 1] || track[bWord[b + 1]].start - track[bWord[b]].end < TRACK_BREAK_PAUSE ? 1 : 0;
  return { aOpen, bOpen, aClose, bClose, aWeight, aJoin, bJoin, weightOf };
}

/**
 * Drop matches that are not believable: short islands of matches adrift in unmatched material
 * on both sides (a stray "thank you very" inside untranscribed Q&A), and weak substitutions
 * that are not backed by solid matches in their own island.
 */
function filterIslands(links: TokenLink[]): TokenLink[] {
  const islands: TokenLink[][] = [];
  for (const l of links) {
    const cur = islands[islands.length - 1];
    const prev = cur?.[cur.length - 1];
    if (prev && Math.max(l.a0 - prev.a1, l.b0 - prev.b1) < ISLAND_BREAK) cur.push(l);
    else islands.push([l]);
  }
  const gapBetween = (x: TokenLink[] | undefined, y: TokenLink[] | undefined): number => {
    if (!x || !y) return Infinity;
    const a = x[x.length - 1];
    const b = y[0];
    return Math.max(b.a0 - a.a1, b.b0 - a.b1);
  };
  const kept: TokenLink[] = [];
  islands.forEach((island, n) => {
    const tokens = island.reduce((s, l) => s + (l.a1 - l.a0), 0);
    const solid = island.filter((l) => l.sim >= 0.8).length;
    const isolated = gapBetween(islands[n - 1], island) >= ISOLATION_GAP && gapBetween(island, islands[n + 1]) >= ISOLATION_GAP;
    if (isolated && (tokens < MIN_ISOLATED_TOKENS || solid < Math.min(3, tokens))) return;
    kept.push(...island);
  });
  // A dissimilar pair is believed only as a substitution inside matching context: a run of
  // them must sit between two good pairs with nothing skipped on either side.
  const adjacent = (x: TokenLink, y: TokenLink): boolean => x.a1 === y.a0 && x.b1 === y.b0;
  const out: TokenLink[] = [];
  for (let k = 0; k < kept.length; ) {
    if (kept[k].sim >= 0.5) {
      out.push(kept[k++]);
      continue;
    }
    let e = k;
    while (e + 1 < kept.length && kept[e + 1].sim < 0.5 && adjacent(kept[e], kept[e + 1])) e++;
    const before = kept[k - 1];
    const after = kept[e + 1];
    if (before && after && adjacent(before, kept[k]) && adjacent(kept[e], after) && before.sim >= 0.5 && after.sim >= 0.5) {
      for (let t = k; t <= e; t++) out.push(kept[t]);
    }
    k = e + 1;
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
