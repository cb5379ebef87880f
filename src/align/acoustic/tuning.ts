/**
 * Every tuning value of the acoustic aligner, in one frozen object, units in the names. They are
 * set on the benchmark's tuning set only (bench/README.md), never on the held-out set.
 *
 * Scores are log-likelihood ratios in nats per 10 ms frame of word speech: a word state's senone
 * against the best CI senone of the frame (an unconstrained phone loop). Where the text is spoken
 * they run about −1 to −2; text laid on other speech or sound scores −3.5 and below.
 */
export const ACOUSTIC_TUNING = Object.freeze({
  /** Sentences shorter than this many phones are searched joined to their neighbours in the paragraph. */
  minBlockPhones: 12,
  /** A block stands on its own (an anchor) when its words score at least this. */
  anchorLlrPerFrame: -2.6,
  /** Inside a gap between placed neighbours, where the position is already constrained. */
  gapLlrPerFrame: -3.0,
  /** A timed block whose words score below this is reported as not spoken. */
  verifyLlrPerFrame: -3.2,
  /** A gap counts as constraining when it is at most this many times the expected length of its text, plus the slack. */
  tightGapRatio: 3,
  tightGapSlackSeconds: 5,
  /** The search for the next block looks this far past the previous one, plus twice the block's expected length. */
  forwardWindowSeconds: 20,
  /** After this much expected speech is not found in a row, the search is lost and widens. */
  lostAfterSeconds: 30,
  /** The widening steps of a lost search, in seconds past the previous match (then the rest of the recording). */
  widenSeconds: [120, 600] as readonly number[],
  /** Among matches within this much of the best, the earliest wins: text and speech move forward together. */
  earlierTieLlrPerFrame: 0.15,
  /** Expected speaking rate for planning windows, phones per second. */
  phonesPerSecond: 12,
  /** Garbage (speech or sound with no text): flat score per frame, entry price, and self-loop. */
  garbageLlrPerFrame: -3.0,
  garbageEntryLog: -4,
  garbageStayProbability: 0.9,
  /** Word timing looks this far beyond a block's located edges. */
  timingPadSeconds: 1.0,
  /** Confidence: logistic in the word's own score, p = 1 / (1 + exp(−(a + b·llr))). */
  confidenceIntercept: 6,
  confidenceSlope: 2,
});

export type AcousticTuning = typeof ACOUSTIC_TUNING;
