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
import { type LayoutToken, breakPenalty, layoutLines } from './linebreak.js';
import { charCount, cps } from './rules.js';
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
  lines: string[];
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
    for (const seg of segmentRun(run, nextRunStartMs, mark?.prefix ?? null, o)) {
      cues.push(toCue(run.units, seg, seg.from === 0 && mark ? mark.change : null, label));
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
  for (let i = 0; i < n; i++) {
    if (best[i] === Infinity) continue;
    const tokens: LayoutToken[] = i === 0 && prefix ? [prefix] : [];
    for (let j = i; j < n; j++) {
      tokens.push({ text: units[j].text, glue: j > i && units[j].glue });
      let layout = layoutLines(tokens, o.maxLineLength, o.maxLines);
      if (!layout && j === i && tokens.length > 1) layout = layoutLines(tokens.slice(1), o.maxLineLength, o.maxLines);
      if (!layout) break; // adding words never makes a cue fit again
      const nextStartMs = j + 1 < n ? units[j + 1].startMs : nextRunStartMs;
      const seg = timeSegment(units, i, j, nextStartMs, layout.lines, o);
      const cost = best[i] + layout.cost + segmentCost(units, seg, o);
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

/** The latest end a cue of units[i..j] may have, from the rules alone. */
function timeSegment(units: readonly CaptionUnit[], i: number, j: number, nextStartMs: number, lines: string[], o: ResolvedCaptionOptions): Segment {
  const startMs = units[i].startMs;
  let speechEndMs = startMs;
  for (let k = i; k <= j; k++) speechEndMs = Math.max(speechEndMs, units[k].endMs);
  const endMs = Math.min(speechEndMs + o.extensionMs, nextStartMs - o.gapMs, Math.max(speechEndMs, startMs + o.maxDurationMs));
  return { from: i, to: j, lines, startMs, endMs };
}

function segmentCost(units: readonly CaptionUnit[], seg: Segment, o: ResolvedCaptionOptions): number {
  let cost = PER_CUE;
  const halfLine = o.maxLineLength / 2;
  cost += (SHORT_CUE * Math.max(0, halfLine - charCount(seg.lines))) / halfLine;
  const duration = seg.endMs - seg.startMs;
  if (duration <= 0) return cost + DEGENERATE;
  if (duration < o.minDurationMs) cost += RULE + (10 * (o.minDurationMs - duration)) / 1000;
  if (duration > o.maxDurationMs) cost += RULE + (10 * (duration - o.maxDurationMs)) / 1000;
  const speed = cps(seg.lines, seg.startMs, seg.endMs);
  if (speed > o.maxCps) cost += RULE + 5 * (speed - o.maxCps);
  for (let k = seg.from + 1; k <= seg.to; k++) if (units[k].sentence !== units[k - 1].sentence) cost += SENTENCE_INSIDE;
  if (seg.to + 1 < units.length) cost += boundaryCost(units[seg.to], units[seg.to + 1]);
  return cost;
}

/** Cost of ending a cue between two units of the same run. */
function boundaryCost(left: CaptionUnit, right: CaptionUnit): number {
  if (right.glue) return 3;
  if (right.sentence !== left.sentence) return 0;
  return 1.5 + breakPenalty(left.text, right.text);
}

function toCue(units: readonly CaptionUnit[], seg: Segment, speakerChange: string | null, speaker: string | null): Cue {
  const words = new Map<number, number>();
  for (let k = seg.from; k <= seg.to; k++) words.set(units[k].word, units[k].confidence);
  const confidence = [...words.values()].reduce((a, b) => a + b, 0) / words.size;
  return {
    start: seg.startMs / 1000,
    end: seg.endMs / 1000,
    lines: seg.lines,
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
