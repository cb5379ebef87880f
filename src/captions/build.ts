/**
 * Caption cues from aligned words.
 *
 * Each cue starts at its first word's onset and may stay up until `maxEndExtension` frames
 * after its last word, but never closer than `minGapFrames` to the next word's onset and never
 * past `maxDuration` unless the speech itself is longer. So once the words of a cue are chosen,
 * its times are fixed; the only decision is where to cut. Within a run (see units.ts) the cuts
 * are chosen by dynamic programming over word boundaries: broken rules (reading speed, duration)
 * cost far more than any matter of taste (line balance, break quality, sentence starts), so a
 * rule is only broken when no cut avoids it.
 */
import type { Cue, SpeakerTurn, TimedWord } from '../types.js';
import { type CaptionOptions, type ResolvedCaptionOptions, resolveCaptionOptions } from './options.js';
import { type LayoutPlan, type LayoutToken, breakPenalty, planLayout, planLines } from './linebreak.js';
import { type CaptionRun, type CaptionUnit, captionRuns } from './units.js';

/** Cost of a broken rule; larger than any sum of taste costs a merge or split can change. */
const RULE = 1000;
/** A cue whose times cannot be made valid (its next word starts within the minimum gap). */
const DEGENERATE = 1e9;
const PER_CUE = 2;
/** A sentence starting inside a cue rather than at its start. */
const SENTENCE_INSIDE = 6;
/** Cost of a cue holding almost nothing ("to win."), scaled down to 0 at half a line. */
const SHORT_CUE = 3;

interface Segment {
  from: number;
  /** Inclusive. */
  to: number;
  /** Line layout of the cue's tokens (the speaker marker first, when `marked`). */
  plan: LayoutPlan;
  marked: boolean;
  startMs: number;
  endMs: number;
}

interface SpeakerMark {
  /** Value for Cue.speakerChange ('' for an unlabelled new turn). */
  change: string;
  prefix: LayoutToken | null;
}

/**
 * Build cues from aligned words (transcript order). Unplaced words (`start === null`) are left
 * out and no cue spans them, a speaker change or a pause over `maxPause`.
 */
export function buildCues(words: TimedWord[], turns: SpeakerTurn[], options: Partial<CaptionOptions> = {}): Cue[] {
  const o = resolveCaptionOptions(options);
  const runs = captionRuns(words, o);
  const labels = new Map(turns.map((t) => [t.index, t.label]));
  const multiTurn = new Set(words.map((w) => w.turn)).size > 1;
  const cues: Cue[] = [];
  runs.forEach((run, r) => {
    const label = labels.get(run.units[0].turn) ?? null;
    const mark = run.turnChange && (r > 0 || multiTurn || label !== null) ? speakerMark(label, o) : null;
    const nextRunStartMs = r + 1 < runs.length ? runs[r + 1].units[0].startMs : Infinity;
    const prefix = mark?.prefix ?? null;
    for (const seg of segmentRun(run, nextRunStartMs, prefix, o)) {
      const tokens = run.units.slice(seg.from, seg.to + 1).map((u, k) => ({ text: u.text, glue: k > 0 && u.glue }));
      const lines = planLines(seg.marked && prefix ? [prefix, ...tokens] : tokens, seg.plan);
      cues.push(toCue(run.units, seg, lines, seg.from === 0 && mark ? mark.change : null, label));
    }
  });
  return legalizeTimes(cues, o.gapMs);
}

function speakerMark(label: string | null, o: ResolvedCaptionOptions): SpeakerMark {
  const change = label ?? '';
  if (o.speakerStyle !== '>>' && o.speakerStyle !== '-') return { change, prefix: null };
  const marker = o.speakerStyle;
  const name = o.speakerNames && label ? fitLabel(label.replace(/\s*:\s*$/u, ''), o.maxLineLength - marker.length - 2) : '';
  const text = name ? `${marker} ${name}:` : marker;
  if ([...text].length >= o.maxLineLength) return { change, prefix: null };
  // A bare marker belongs with the first word; a "Name:" marker may end a line like any colon.
  return { change, prefix: name ? { text } : { text, breakAfter: 10 } };
}

/** Shorten a speaker label to `max` characters at a word boundary, marking the cut with "…". */
function fitLabel(label: string, max: number): string {
  const clean = label.replace(/\s+/gu, ' ').trim();
  if ([...clean].length <= max) return clean;
  if (max < 2) return '';
  const cut = [...clean].slice(0, max - 1).join('');
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace > max / 2 ? cut.slice(0, atSpace) : cut).trimEnd()}…`;
}

/** Best cut of one run into cues (dynamic programme over word boundaries). */
function segmentRun(run: CaptionRun, nextRunStartMs: number, prefix: LayoutToken | null, o: ResolvedCaptionOptions): Segment[] {
  const units = run.units;
  const n = units.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const choice = new Array<Segment | null>(n + 1).fill(null);
  best[0] = 0;
  // Word lengths and break quality between neighbours do not depend on the cue: work them out once.
  const lengths = units.map((u) => [...u.text].length);
  const breakAfter = units.map((u, k) => (k + 1 < n ? (units[k + 1].glue ? 0.5 : breakPenalty(u.text, units[k + 1].text)) : 0));
  const cueEndCost = units.map((u, k) => (k + 1 < n ? boundaryCost(u, units[k + 1], breakAfter[k]) : 0));
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    const tokens: LayoutToken[] = i === 0 && prefix ? [prefix] : [];
    let speechEndMs = units[i].startMs;
    let sentenceStarts = 0;
    for (let j = i; j < n; j++) {
      tokens.push({ text: units[j].text, length: lengths[j], glue: j > i && units[j].glue, breakAfter: breakAfter[j] });
      let plan = planLayout(tokens, o.maxLineLength, o.maxLines);
      let marked = tokens[0] === prefix;
      if (!plan && j === i && marked) {
        // The marker and an over-long first word do not fit together: drop the marker.
        plan = planLayout(tokens.slice(1), o.maxLineLength, o.maxLines);
        marked = false;
      }
      if (!plan) break; // adding words never makes a cue fit again
      speechEndMs = Math.max(speechEndMs, units[j].endMs);
      if (j > i && units[j].sentence !== units[j - 1].sentence) sentenceStarts++;
      const nextStartMs = j + 1 < n ? units[j + 1].startMs : nextRunStartMs;
      const startMs = units[i].startMs;
      const seg: Segment = { from: i, to: j, plan, marked, startMs, endMs: latestEnd(startMs, speechEndMs, nextStartMs, o) };
      const cost = best[i] + plan.cost + ruleCost(seg, o) + SENTENCE_INSIDE * sentenceStarts + cueEndCost[j];
      if (cost < best[j + 1]) {
        best[j + 1] = cost;
        choice[j + 1] = seg;
      }
    }
  }
  const segments: Segment[] = [];
  for (let end = n; end > 0; ) {
    const seg = choice[end] as Segment;
    segments.unshift(seg);
    end = seg.from;
  }
  return segments;
}

/**
 * The latest end the rules allow a cue: 12 frames after its speech, 2 frames before the next
 * speech, and within the maximum duration unless its speech alone is longer.
 */
function latestEnd(startMs: number, speechEndMs: number, nextStartMs: number, o: ResolvedCaptionOptions): number {
  return Math.min(speechEndMs + o.extensionMs, nextStartMs - o.gapMs, Math.max(speechEndMs, startMs + o.maxDurationMs));
}

/** Cost of the cue itself: broken timing rules (heavy), plus a little for each cue and for near-empty ones. */
function ruleCost(seg: Segment, o: ResolvedCaptionOptions): number {
  const chars = seg.plan.chars;
  let cost = PER_CUE;
  const halfLine = o.maxLineLength / 2;
  cost += (SHORT_CUE * Math.max(0, halfLine - chars)) / halfLine;
  const duration = seg.endMs - seg.startMs;
  if (duration <= 0) return cost + DEGENERATE;
  if (duration < o.minDurationMs) cost += RULE + (10 * (o.minDurationMs - duration)) / 1000;
  if (duration > o.maxDurationMs) cost += RULE + (10 * (duration - o.maxDurationMs)) / 1000;
  // The same measure as rules.ts `cps`: characters of all lines per second shown.
  const speed = (chars * 1000) / duration;
  if (speed > o.maxCps) cost += RULE + 5 * (speed - o.maxCps);
  return cost;
}

/** Cost of ending a cue between two units of the same run: free at a sentence end. */
function boundaryCost(left: CaptionUnit, right: CaptionUnit, breakCost: number): number {
  if (right.glue) return 3;
  if (right.sentence !== left.sentence) return 0;
  return 1.5 + breakCost;
}

function toCue(units: readonly CaptionUnit[], seg: Segment, lines: string[], speakerChange: string | null, speaker: string | null): Cue {
  const words = new Map<number, number>();
  for (let k = seg.from; k <= seg.to; k++) words.set(units[k].word, units[k].confidence);
  const confidence = [...words.values()].reduce((a, b) => a + b, 0) / words.size;
  return {
    start: seg.startMs / 1000,
    end: seg.endMs / 1000,
    lines,
    speakerChange,
    speaker,
    firstWord: units[seg.from].word,
    lastWord: units[seg.to].word,
    confidence,
  };
}

/**
 * Last resort for words the aligner put within a frame or two of each other across a cue
 * boundary: keep the file valid (end > start, no overlap, starts non-decreasing), shortening
 * the earlier cue first and moving the later start only when nothing else is left.
 */
function legalizeTimes(cues: Cue[], gapMs: number): Cue[] {
  const out: Cue[] = [];
  for (const cue of cues) {
    let startMs = Math.round(cue.start * 1000);
    let endMs = Math.round(cue.end * 1000);
    const prev = out[out.length - 1];
    if (prev) {
      const prevStart = Math.round(prev.start * 1000);
      let prevEnd = Math.round(prev.end * 1000);
      if (startMs - prevEnd < gapMs) {
        prevEnd = Math.min(prevEnd, Math.max(prevStart + 1, startMs - gapMs));
        prev.end = prevEnd / 1000;
      }
      startMs = Math.max(startMs, prevEnd);
    }
    endMs = Math.max(endMs, startMs + 1);
    out.push({ ...cue, start: startMs / 1000, end: endMs / 1000 });
  }
  return out;
}
