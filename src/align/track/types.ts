/**
 * Shapes of the timing-track stage: words read from an existing caption track (YouTube
 * auto-captions, any ASR output, any subtitle file) and their alignment to the transcript.
 * All times are in seconds from the start of the media.
 */
import type { TimedWord } from '../../types.js';

/** One word of a timed caption track, in time order. */
export interface TrackWord {
  /** The word as the track wrote it ("nato", "2%", "Ukraine."). */
  text: string;
  start: number;
  end: number;
  /** Index of the cue (or event / segment) the word came from, when the format has cues. */
  cue?: number;
  /** True when the track marks a new speaker before this word (YouTube's ">>", a leading "- "). */
  speakerChange?: boolean;
}

export type TrackFormat = 'youtube-vtt' | 'vtt' | 'srt' | 'srv3' | 'srv1' | 'json3' | 'whisper-json' | 'words-json';

/**
 * How precise the word times are: `word` when the track times each word (inline timestamps,
 * word-timing JSON); `cue` when only cues are timed and the words inside a cue were spread by
 * character length (plain SRT/VTT) — then only cue boundaries are real evidence.
 */
export type TrackPrecision = 'word' | 'cue';

export interface TimingTrack {
  format: TrackFormat;
  precision: TrackPrecision;
  words: TrackWord[];
  /** What readTimingTrack repaired (backwards, empty, overlapping cues), when it read the track. */
  repairs?: TrackRepairs;
}

/** What repairTrack did to a track's words (validate.ts). */
export interface TrackRepairs {
  /** Words dropped: times not finite or negative. */
  invalid: number;
  /** Words of cues that end before they start: dropped (which end is wrong cannot be known). */
  backwards: number;
  /** Zero-length words given the time up to the next word (dropped when there is none). */
  zeroLength: number;
  zeroLengthDropped: number;
  /** Words out of time order, put back in order. */
  reordered: number;
  /** Words that overlap the next one, cut at its start. */
  overlapping: number;
}

export interface TrackAlignOptions {
  /** Precision of the track when a bare TrackWord[] is given (default `word`). */
  precision?: TrackPrecision;
  /** DP cells allowed in one alignment block before it is split further (memory bound; default 4e6). */
  maxBlockCells?: number;
  /** Shortest exact run of tokens, unique on both sides, trusted as a hard anchor (default 6). */
  minAnchorRun?: number;
  /** Speaking rate in characters per second used when no rate can be measured from the matches (default 14). */
  defaultCharsPerSecond?: number;
  /**
   * A gap between two matched words is "speech for the unmatched words in it" when it is at most
   * `maxGapFactor` times their expected duration plus `maxGapSlack` seconds (defaults 2.5 and 1.5).
   */
  maxGapFactor?: number;
  maxGapSlack?: number;
  /** Runs of more unmatched words than this are left unplaced when the gap is far too short for them (default 4). */
  maxSqueezedRun?: number;
}

/** One transcript word ↔ track word correspondence (a word spanning several track words has several). */
export interface TrackMatch {
  wordIndex: number;
  trackIndex: number;
  /** 0..1 similarity of the normalized spoken forms. */
  similarity: number;
}

export interface TrackAlignStats {
  transcriptWords: number;
  trackWords: number;
  /** Transcript words timed from the track (`source: 'track'`). */
  matchedWords: number;
  interpolatedWords: number;
  unplacedWords: number;
  /** Track words matched by some transcript word. */
  matchedTrackWords: number;
  meanSimilarity: number;
  /** Exact unique runs used as hard anchors, and the DP work between them. */
  anchorRuns: number;
  dpCells: number;
  largestBlockCells: number;
  /** Blocks too large for the DP and without any anchor: left unmatched on both sides. */
  unalignedBlocks: number;
  /** Speaking rate measured from matched words, characters per second. */
  charsPerSecond: number;
}

export interface TrackAlignment {
  matches: TrackMatch[];
  /** One entry per transcript word, in transcript order. */
  timed: TimedWord[];
  stats: TrackAlignStats;
  precision: TrackPrecision;
  /** Per-word evidence behind `timed`, used by `anchorsFromTrack` and reports. */
  detail: TrackAlignDetail;
}

export interface TrackAlignDetail {
  /** Per transcript word: mean similarity of its tokens to their matched track tokens (0 when unmatched). */
  wordSimilarity: number[];
  /** Per transcript word: the track words it matched (sorted), empty when none. */
  wordTrack: number[][];
  /** Per transcript word: true when it shares a track word with a neighbour (time split by length). */
  sharedTrack: boolean[];
  /** Per transcript word: true when it is not spoken (a lone dash). */
  unspoken: boolean[];
  /** Per track word: true when it is the first word of its cue (its start is a real cue boundary). */
  trackCueStart: boolean[];
}

/** A reliable transcript-word time for the acoustic aligner to use as a constraint. */
export interface TrackAnchor {
  wordIndex: number;
  start: number;
  end: number;
  /** 0..1: how much to trust it (similarity × precision; cue-level tracks weigh less). */
  weight: number;
}
