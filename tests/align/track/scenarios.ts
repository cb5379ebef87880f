/**
 * Synthetic scenarios shared by the alignment tests: the NATO statement spoken on a known
 * timeline, an ASR-like track made from it, and the truth to score against.
 */
import { alignTranscriptToTrack, readTimingTrack } from '../../../src/align/track/index.js';
import type { TrackAlignment, TrackWord } from '../../../src/align/track/index.js';
import { asrTrack, startErrors, synthTimeline, toSrt, toYoutubeVtt, type NoiseOptions, type Timeline, type TimingErrorStats } from '../../../bench/trackSynth.js';
import { fixture, paragraphsOf, spokenOf } from './helpers.js';

export interface ScenarioOptions {
  seed?: number;
  /** Untranscribed talk (seconds) inserted after this paragraph. */
  insertAfterParagraph?: number;
  insertSeconds?: number;
  /** Paragraph whose speech is missing from the track (spoken, not captioned). */
  dropParagraph?: number;
  /** Paragraph in the transcript that was never spoken. */
  skipParagraph?: number;
  noise?: NoiseOptions;
  layout?: 'youtube-vtt' | 'srt';
}

export interface Scenario {
  timeline: Timeline;
  track: TrackWord[];
  result: TrackAlignment;
  /** Words the track covers (spoken, not dropped, not skipped). */
  covered: number[];
  dropped: number[];
  skipped: number[];
  insertion: { start: number; end: number } | null;
  errors: TimingErrorStats;
}

export function runScenario(options: ScenarioOptions = {}): Scenario {
  const seed = options.seed ?? 1;
  const paras = paragraphsOf(fixture('statement.txt'));
  const base = synthTimeline(paras, spokenOf, { seed });
  const range = (p: number | undefined) => {
    if (p === undefined) return null;
    const ws = base.words.filter((w) => w.paragraph === p);
    return { from: ws[0].index, to: ws[ws.length - 1].index };
  };
  const skip = range(options.skipParagraph);
  const drop = range(options.dropParagraph);
  const insertAfter = options.insertAfterParagraph === undefined ? null : range(options.insertAfterParagraph)!.to;
  const timeline = synthTimeline(paras, spokenOf, {
    seed,
    skipped: skip ? [skip] : [],
    insertions: insertAfter === null ? [] : [{ afterWord: insertAfter, seconds: options.insertSeconds ?? 120, text: fixture('qa-untranscribed.txt') }],
  });
  const noisy = asrTrack(timeline, { seed: seed + 100, ...options.noise, dropWords: drop ? [drop] : [] });
  const content = options.layout === 'srt' ? toSrt(noisy, 7) : toYoutubeVtt(noisy);
  const track = readTimingTrack(content, options.layout === 'srt' ? 'track.srt' : 'track.en.vtt');
  const result = alignTranscriptToTrack(timeline.words, track);
  const inRange = (i: number, r: { from: number; to: number } | null) => r !== null && i >= r.from && i <= r.to;
  const spoken = timeline.words.filter((w) => w.spoken);
  const covered = spoken.filter((w) => !inRange(w.index, drop) && !inRange(w.index, skip)).map((w) => w.index);
  const inserted = timeline.audio.filter((a) => a.wordIndex === null);
  return {
    timeline,
    track: track.words,
    result,
    covered,
    dropped: spoken.filter((w) => inRange(w.index, drop)).map((w) => w.index),
    skipped: spoken.filter((w) => inRange(w.index, skip)).map((w) => w.index),
    insertion: inserted.length ? { start: inserted[0].start, end: inserted[inserted.length - 1].end } : null,
    errors: startErrors(covered.map((i) => ({ truth: timeline.words[i].start, timed: result.timed[i].start }))),
  };
}
