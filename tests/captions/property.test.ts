/**
 * Property test: on random word timings (gaps from none to long pauses, words from a few ms to
 * many seconds, words longer than a line, speaker changes, unplaced words) the builder always
 * writes valid files within line length and line count, keeps the text, starts cues on speech,
 * and breaks a timing rule (reading speed, min/max duration) only when no local re-cut — split
 * the cue in two, or merge it with a neighbour — would have avoided it.
 */
import fc from 'fast-check';
import { parseSync } from 'subtitle';
import { describe, expect, it } from 'vitest';
import { buildCues } from '../../src/captions/build.js';
import { layoutLines } from '../../src/captions/linebreak.js';
import { lintCaptions } from '../../src/captions/lint.js';
import { type CaptionOptions, resolveCaptionOptions } from '../../src/captions/options.js';
import { renderSrt, renderVtt } from '../../src/captions/render.js';
import { cueViolations, ruleLimits } from '../../src/captions/rules.js';
import type { Cue, SpeakerTurn, TimedWord } from '../../src/types.js';
import { vttErrors } from './helpers.js';

const POOL = ['we', 'the', 'Allies', 'NATO', 'defence', 'and', 'to', 'spending', 'Ukraine', 'a', 'Mark', 'Rutte', 'is', 'increase', 'of', '2%', '700', 'billion', 'extraordinarily', 'I', 'they', 'need', 'peace'];

interface WordDraft {
  text: string;
  punct: string;
  dur: number;
  gap: number;
  placed: boolean;
  newTurn: boolean;
}

const draftArb: fc.Arbitrary<WordDraft> = fc.record({
  text: fc.oneof(
    { weight: 15, arbitrary: fc.constantFrom(...POOL) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', '/', '.'), minLength: 20, maxLength: 70 }).filter((s) => /[abc]/.test(s)) },
  ),
  punct: fc.constantFrom('', '', '', '', '', ',', '.', '.', '?'),
  dur: fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: 0, max: 0.7, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 0.7, max: 9, noNaN: true }) },
  ),
  gap: fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 8, arbitrary: fc.double({ min: 0, max: 0.3, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: 0.3, max: 1.4, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 1.4, max: 3, noNaN: true }) },
  ),
  placed: fc.integer({ min: 0, max: 9 }).map((n) => n !== 0),
  newTurn: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

const optionsArb: fc.Arbitrary<Partial<CaptionOptions>> = fc.record({
  maxLineLength: fc.constantFrom(42, 37, 32, 20),
  maxLines: fc.constantFrom(2, 2, 1, 3),
  maxCps: fc.constantFrom(20, 17),
  fps: fc.constantFrom(25, 30, 24, 29.97),
  speakerStyle: fc.constantFrom('>>', '-', 'voice', 'none'),
  speakerNames: fc.boolean(),
});

const LABELS = ['Moderator', null, 'Q'];

function materialise(drafts: WordDraft[]): { words: TimedWord[]; turns: SpeakerTurn[] } {
  let t = 0.5;
  let sentence = 0;
  let turn = 0;
  const words = drafts.map((d, index) => {
    if (d.newTurn && index > 0) {
      turn++;
      if (!/[.?]$/.test(drafts[index - 1].text + drafts[index - 1].punct)) sentence++;
    }
    const start = t + d.gap;
    t = start + d.dur;
    const text = d.text + d.punct;
    const word: TimedWord = {
      index,
      text,
      start: d.placed ? start : null,
      end: d.placed ? t : null,
      confidence: d.placed ? 0.8 : 0,
      sentence,
      paragraph: 0,
      turn,
      source: d.placed ? 'audio' : null,
    };
    if (/[.?]$/.test(text)) sentence++;
    return word;
  });
  const turns = Array.from({ length: turn + 1 }, (_, index) => ({ index, label: LABELS[index % 3], role: null, firstWord: 0, lastWord: 0 }));
  return { words, turns };
}

const msOf = (x: number): number => Math.round(x * 1000);

/** Cue text with the speaker marker removed. */
function bareText(cue: Cue): string {
  const text = cue.lines.join(' ');
  return cue.speakerChange === null ? text : text.replace(/^(?:>>|-)(?: (?:Moderator|Q):)? /, '');
}

function checkAlways(words: TimedWord[], turns: SpeakerTurn[], options: Partial<CaptionOptions>, cues: Cue[]): void {
  const o = resolveCaptionOptions(options);
  const placed = words.filter((w) => w.start !== null);
  // Text: every placed word, in order, nothing else (over-long words may be cut across lines).
  expect(cues.map(bareText).join('').replace(/\s/g, '')).toBe(placed.map((w) => w.text).join(''));
  cues.forEach((cue, k) => {
    expect(cue.lines.length).toBeGreaterThan(0);
    expect(cue.lines.length).toBeLessThanOrEqual(o.maxLines);
    for (const line of cue.lines) {
      expect([...line].length).toBeLessThanOrEqual(o.maxLineLength);
      expect(line.trim()).toBe(line);
      expect(line).not.toBe('');
    }
    const startMs = msOf(cue.start);
    const endMs = msOf(cue.end);
    expect(endMs).toBeGreaterThan(startMs);
    // Never across an unplaced word, a speaker change or a long pause.
    const span = words.slice(cue.firstWord, cue.lastWord + 1);
    expect(span.every((w) => w.start !== null && w.turn === span[0].turn)).toBe(true);
    for (let i = 1; i < span.length; i++) expect(msOf(span[i].start as number) - msOf(span[i - 1].end as number)).toBeLessThanOrEqual(o.maxPauseMs);
    // On its speech: starts at its first word (unless an earlier cue had the very same onset) and
    // ends no later than 12 frames after its last word.
    const onset = msOf(words[cue.firstWord].start as number);
    const prev = cues[k - 1];
    const splitWord = prev !== undefined && prev.lastWord === cue.firstWord; // a word longer than a line, cut
    if (!splitWord && (!prev || onset - msOf(prev.start) > o.gapMs + 1)) expect(startMs).toBe(onset);
    const lastEnd = Math.max(...span.map((w) => msOf(w.end as number)));
    expect(endMs).toBeLessThanOrEqual(Math.max(lastEnd + o.extensionMs, startMs + 1));
    if (prev) {
      expect(startMs).toBeGreaterThanOrEqual(msOf(prev.end)); // no overlap, starts never decrease
      if (onset - msOf(prev.start) > o.gapMs + 1) expect(startMs - msOf(prev.end)).toBeGreaterThanOrEqual(o.gapMs);
    }
  });
  // Files: strictly valid WebVTT and SRT, and our own linter finds no errors in them.
  const vtt = renderVtt(cues, { voiceSpans: options.speakerStyle === 'voice' });
  expect(vttErrors(vtt)).toEqual([]);
  const lint = lintCaptions(vtt, { ...options, fps: o.fps });
  // No placed word gives a file with no cues, which lint rightly calls an error.
  expect(lint.issues.filter((i) => i.severity === 'error' && !(cues.length === 0 && i.rule === 'syntax'))).toEqual([]);
  expect(parseSync(renderSrt(cues)).filter((n) => n.type === 'cue')).toHaveLength(cues.length);
}

/**
 * The spec's timing for a candidate cue of placed words [a..b] (indices into `placed`):
 * start at the first onset; end 12 frames after the last word, but 2 frames before the next
 * onset and no later than max duration (unless the speech is longer).
 */
function candidateClean(placed: TimedWord[], a: number, b: number, o: ReturnType<typeof resolveCaptionOptions>): boolean {
  const layout = layoutLines(placed.slice(a, b + 1).map((w) => ({ text: w.text })), o.maxLineLength, o.maxLines);
  if (!layout) return false;
  const startMs = msOf(placed[a].start as number);
  const speechEnd = Math.max(...placed.slice(a, b + 1).map((w) => msOf(w.end as number)));
  const next = placed[b + 1] ? msOf(placed[b + 1].start as number) : Infinity;
  const endMs = Math.min(speechEnd + o.extensionMs, next - o.gapMs, Math.max(speechEnd, startMs + o.maxDurationMs));
  return endMs > startMs && cueViolations({ startMs, endMs, lines: layout.lines }, ruleLimits(o)).length === 0;
}

const TIMING_RULES = new Set(['cps', 'min-duration', 'max-duration']);

function checkNoAvoidableViolation(words: TimedWord[], options: Partial<CaptionOptions>, cues: Cue[]): void {
  const o = resolveCaptionOptions(options);
  const placed = words.filter((w) => w.start !== null);
  const pos = new Map(placed.map((w, i) => [w.index, i]));
  const limits = ruleLimits(o);
  const broken = (cue: Cue): boolean =>
    cueViolations({ startMs: msOf(cue.start), endMs: msOf(cue.end), lines: cue.lines }, limits).some((v) => TIMING_RULES.has(v.rule));
  const sameRun = (left: Cue, right: Cue): boolean => {
    const a = words[left.lastWord];
    const b = words[right.firstWord];
    return b.index === a.index + 1 && a.turn === b.turn && msOf(b.start as number) - msOf(a.end as number) <= o.maxPauseMs;
  };
  cues.forEach((cue, k) => {
    if (!broken(cue)) return;
    const a = pos.get(cue.firstWord) as number;
    const b = pos.get(cue.lastWord) as number;
    const why = `cue ${k} "${cue.lines.join(' / ')}" ${cue.start}→${cue.end}`;
    for (let cut = a; cut < b; cut++) {
      expect(candidateClean(placed, a, cut, o) && candidateClean(placed, cut + 1, b, o), `${why}: split after word ${placed[cut].index}`).toBe(false);
    }
    const prev = cues[k - 1];
    if (prev && sameRun(prev, cue)) expect(candidateClean(placed, pos.get(prev.firstWord) as number, b, o), `${why}: merge with previous`).toBe(false);
    const next = cues[k + 1];
    if (next && sameRun(cue, next)) expect(candidateClean(placed, a, pos.get(next.lastWord) as number, o), `${why}: merge with next`).toBe(false);
  });
}

describe('buildCues on random word timings', () => {
  it('always writes valid, in-rule, on-speech cues', () => {
    fc.assert(
      fc.property(fc.array(draftArb, { minLength: 1, maxLength: 60 }), optionsArb, (drafts, options) => {
        const { words, turns } = materialise(drafts);
        checkAlways(words, turns, options, buildCues(words, turns, options));
      }),
      { numRuns: 300 },
    );
  });

  it('breaks reading speed or duration only when no split or merge would avoid it', () => {
    const plainArb = draftArb.filter((d) => d.text.length <= 20);
    const plainOptions = optionsArb.map((o) => ({ ...o, speakerStyle: 'none' as const, maxLineLength: Math.max(o.maxLineLength ?? 42, 21) }));
    fc.assert(
      fc.property(fc.array(plainArb, { minLength: 1, maxLength: 40 }), plainOptions, (drafts, options) => {
        const { words, turns } = materialise(drafts);
        checkNoAvoidableViolation(words, options, buildCues(words, turns, options));
      }),
      { numRuns: 300 },
    );
  });
});
