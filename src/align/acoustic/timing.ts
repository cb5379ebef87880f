/**
 * Word times inside each placed block: Viterbi forced alignment of the block's words (optional
 * pauses between words, optional garbage between sentences and at both edges) over its located
 * stretch plus a margin, so the first and last words find their own edges. The same pass scores
 * each word against the phone loop; a block whose words score too low is not what is spoken there.
 */
import type { AcousticModel } from './model.js';
import type { AcousticTuning } from './tuning.js';
import type { TextBlock } from './blocks.js';
import type { PlacedBlock, Placement } from './locate.js';
import { buildNetwork } from './network.js';
import { forcedAlignment, type FrameScores } from './viterbi.js';

const FRAMES_PER_SECOND = 100;

export interface WordTiming {
  word: number;
  /** Frames [start, end). */
  start: number;
  end: number;
  /** Mean log-likelihood ratio per frame against the phone loop. */
  llr: number;
}

/** What timing found for a block. */
export type BlockTiming =
  | { kind: 'timed'; placement: PlacedBlock; words: WordTiming[]; llr: number }
  /** Placed, but its words do not match what is spoken there. */
  | { kind: 'rejected'; placement: PlacedBlock; llr: number }
  | { kind: 'unplaced'; placement: Placement };

export function timeBlocks(model: AcousticModel, blocks: readonly TextBlock[], placements: readonly Placement[], scores: FrameScores, tuning: AcousticTuning): BlockTiming[] {
  const out: BlockTiming[] = [];
  const pad = Math.round(tuning.timingPadSeconds * FRAMES_PER_SECOND);
  let previousEnd = 0;
  for (const block of blocks) {
    const placement = placements[block.index];
    if (placement.kind === 'unplaced') {
      out.push({ kind: 'unplaced', placement });
      continue;
    }
    let next = scores.frames;
    for (let k = block.index + 1; k < blocks.length; k++) {
      const p = placements[k];
      if (p.kind !== 'unplaced') {
        next = p.start;
        break;
      }
    }
    // A located start can be late (a match may squeeze a poorly heard first word); the window
    // reaches back to where the previous block's words end, or a few seconds.
    const reach = Math.round(tuning.timingReachSeconds * FRAMES_PER_SECOND);
    const from = Math.max(previousEnd, placement.start - reach);
    const to = Math.min(scores.frames, Math.max(placement.end + pad, from + 1), Math.max(next + pad / 2, placement.end));
    // Garbage costs a margin more per frame than the block's words typically score, so what is
    // "not these words" is judged against how well the words fit this room and voice.
    const garbage = Math.min(tuning.garbageLlrPerFrame, placement.llr - tuning.garbageMarginLlrPerFrame);
    const net = buildNetwork(model, block.words, {
      garbageEdges: true,
      garbageEntryLog: tuning.garbageEntryLog,
      garbageSelfLog: Math.log(tuning.garbageStayProbability),
    });
    const aligned = forcedAlignment(net, scores, from, to, garbage);
    if (!aligned) {
      out.push({ kind: 'rejected', placement, llr: -Infinity });
      continue;
    }
    const words = wordTimings(net.word, aligned.path, from, scores, net.senone);
    let emitted = 0;
    let frames = 0;
    for (const w of words) {
      emitted += w.llr * (w.end - w.start);
      frames += w.end - w.start;
    }
    const llr = frames ? emitted / frames : -Infinity;
    if (llr < tuning.verifyLlrPerFrame) {
      out.push({ kind: 'rejected', placement, llr });
      continue;
    }
    out.push({ kind: 'timed', placement, words, llr });
    previousEnd = words.length ? words[words.length - 1].end : previousEnd;
  }
  return out;
}

/** Each word's frames and mean score along an aligned state path. */
function wordTimings(stateWord: Int32Array, path: Int32Array, from: number, scores: FrameScores, senone: Int32Array): WordTiming[] {
  const words: WordTiming[] = [];
  const normalized = scores.normalized();
  let current: { word: number; start: number; end: number; sum: number } | null = null;
  for (let i = 0; i < path.length; i++) {
    const state = path[i];
    const w = stateWord[state];
    const t = from + i;
    if (w < 0) continue;
    const e = normalized[t * scores.senones + senone[state]];
    if (current && current.word === w) {
      current.end = t + 1;
      current.sum += e;
    } else {
      if (current) words.push({ word: current.word, start: current.start, end: current.end, llr: current.sum / (current.end - current.start) });
      current = { word: w, start: t, end: t + 1, sum: e };
    }
  }
  if (current) words.push({ word: current.word, start: current.start, end: current.end, llr: current.sum / (current.end - current.start) });
  return words;
}
