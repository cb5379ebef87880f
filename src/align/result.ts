/** What an alignment engine returns: the QA report's raw material, the same for every engine. */
import type { TimedWord, TimeSpan } from '../types.js';

export interface AlignProgress {
  stage: 'synthesize' | 'features' | 'locate' | 'refine' | 'retime';
  fraction: number;
}

/** How one passage (a block of sentences) of the transcript ended up. */
export interface Passage {
  firstWord: number;
  /** Inclusive. */
  lastWord: number;
  /**
   * `anchored`: found on its own; `bounded`: found in the gap between placed neighbours;
   * `track`: placed by a caption track; `fallback`: no search found it, and it was timed, unverified,
   * in the gap between its timed neighbours (its words' confidence says so); `not-spoken`: placed,
   * but its words do not match what is spoken there; `not-found`: no place in the recording matched it.
   */
  placement: 'anchored' | 'bounded' | 'track' | 'fallback' | 'not-spoken' | 'not-found';
  /** Seconds, null unless placed and timed. */
  start: number | null;
  end: number | null;
  /** The engine's match score (acoustic: log-likelihood ratio per frame of word speech), when there is one. */
  score: number | null;
}

export interface AlignmentResult {
  engine: 'acoustic' | 'dtw';
  words: TimedWord[];
  /** Time spans of the recording the transcript covers. */
  coveredSpans: TimeSpan[];
  /** Transcript passages not found in the audio. */
  notFound: Array<{ firstWord: number; lastWord: number; text: string }>;
  /** Speech-like audio (≥ 2 s) where no transcript word was placed. */
  speechWithoutText: TimeSpan[];
  passages: Passage[];
  /** Seconds spent per stage. */
  timings: Record<string, number>;
}
