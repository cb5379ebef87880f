/**
 * Every tuning value of the acoustic aligner, in one frozen object, units in the names. They are
 * set on the benchmark's tuning set only (bench/README.md), never on the held-out set.
 *
 * Scores are log-likelihood ratios in nats per 10 ms frame of word speech: a word state's senone
 * against the best CI senone of the frame (an unconstrained phone loop). Where the text is spoken
 * they run about −1 to −2; text laid on other speech or sound scores −3.5 and below.
 */
const VALUES = {
  /** Sentences shorter than this many phones are searched joined to their neighbours in the paragraph. */
  minBlockPhones: 12,
  /** No match scoring below this counts, however it stands out. */
  floorLlrPerFrame: -4.3,
  /** A match is examined when it stands this many robust standard deviations above the best that chance gives (see standsOut). */
  standOutMarginZ: 0,
  /** Shuffled impostors a match is tested against, and the margin (in their spreads) it must beat them by. */
  impostors: 6,
  impostorMarginZ: 3,
  /**
   * A match is weighed only if its speech-like frames number at least this share of the frames its
   * path gave its words (locate.ts liesOnSpeech). Right matches on the tuning sets: 0.65 and up
   * (4,351 matches); JFK's slow delivery, the words stretched over his pauses: 0.57; a wrong match
   * on a tuning recording's lead-out applause and room tone (with a coarser first pass): 0.12. A
   * quarter leaves about twice the margin either side.
   */
  minSpeechLikeShare: 0.25,
  /** Smallest spread assumed among the impostors' scores. */
  minImpostorSpreadLlrPerFrame: 0.1,
  /** Smallest spread assumed for a window's chance scores (a window of near-identical frames has almost none). */
  minSpreadLlrPerFrame: 0.2,
  /** A timed block that does not beat its shuffled impostors by this margin where it was timed is reported as not spoken. */
  verifyImpostorZ: 2,
  /** Anchors: blocks of at least this many phones, about one per this much expected speech, searched over the whole recording. */
  anchorMinPhones: 40,
  anchorSpacingSeconds: 30,
  /** …but no more anchors than this in a recording (each one searches all of it), spaced further apart if need be. */
  maxAnchors: 40,
  /**
   * After an anchor search that fails, the next long block is searched only once this share of the
   * anchor spacing has passed (0: at once). Every attempt, failed or not, scans the whole recording,
   * so on a noisy hour most long blocks are tried (held-09: 118 per pass). 1 was tried: the tuning
   * set placed the same share of words (99.35% within 0.5 s against 99.34%), but on the bundled
   * sample with an unspoken sentence added before the speech (tests/pipeline/wrongText.test.ts) the
   * sentence was placed in the lead-in: fewer anchors leave the search from the start unbounded.
   */
  anchorRetryShare: 0,
  /** An anchor's coarse match is refined at 10 ms within this much either side. */
  anchorRefineSeconds: 3,
  /** An anchor's best place must beat its second-best place elsewhere by this many robust standard deviations. */
  anchorUniquenessZ: 2,
  /** An anchor must beat its impostors by this margin (stricter than a match in order: it fixes the order of the rest). */
  anchorImpostorZ: 6,
  /** A caption track's timed words: a block with this many of them is searched within this much of their times. */
  trackMinWords: 2,
  trackReachSeconds: 3,
  /**
   * An unplaced block whose best match lies mostly on a placed neighbour's speech takes it when its
   * text scores this much more per frame there than the neighbour's did (locate.ts displaceWeakerNeighbours).
   */
  displaceMarginLlrPerFrame: 0.3,
  /** A unit found after skipped blocks is weighed against this many blocks after it (locate.ts lookAhead). */
  lookAheadBlocks: 6,
  /** A block not convincing alone is searched joined with the blocks after it, up to this many phones. */
  maxUnitPhones: 300,
  /** A search starts this far before the previous match's end (its last word may have been matched short). */
  overlapBackSeconds: 0.5,
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
  /** A pause inside a sentence costs this much per frame (nats); between sentences pauses are free. */
  inSentencePausePerFrame: 1,
  /**
   * Word timing looks this far beyond a block's located end; the re-timing with triphones this far
   * beyond its timed words either side (timing.ts retimeWithTriphones): 0.5 and 1 s were tried on
   * the four tuning sets, 1 s a little better on each.
   */
  timingPadSeconds: 1.0,
  /** …and this far before its located start (not past the previous unit's last word)… */
  timingReachSeconds: 4,
  /** …or, either way, this share of the unit's located length, if more. */
  timingReachOnShare: 1,
  /**
   * Blocks no search placed are laid in the gap their timed neighbours leave (fallbackUnplaced) if
   * the gap is at least this share of their expected length and at most that one plus the slack
   * (the pauses around them: a turn change, a breath), and kept unless their text scores below its
   * shuffles there by more than this margin (in their spreads).
   */
  fallbackMinGapShare: 0.5,
  fallbackMaxGapShare: 3,
  fallbackSlackSeconds: 2,
  fallbackImpostorZ: 0,
  /**
   * Adaptation (adapt.ts): this many rounds of a map estimated from the last pass's verified word
   * frames, then a pass on the adapted scores. Each map: at most this many EM iterations, from at most
   * this much word speech (frames evenly taken), and only from at least this much (less ends the
   * rounds).
   */
  adaptRounds: 2,
  /**
   * Scoring (kernels.ts): one frame in this many has each codebook's best Gaussians searched among
   * all 128; the frames between take theirs from the full searches either side. The first pass
   * only has to find the text and give the adaptation its frames, and the adapted pass scores
   * every frame again, so the first pass may look more coarsely than the pass whose times are kept.
   */
  firstPassFullSearchEveryFrames: 2,
  adaptedPassFullSearchEveryFrames: 2,
  /**
   * A block an earlier pass verified keeps that place if it still verifies there under the next
   * pass's scores (carry.ts); the two passes' places for it are one place when their starts are
   * within this much.
   */
  samePlaceSeconds: 1,
  /** A later round whose map moves the frames less than this (standard deviations; mapDistance) from the last one's is skipped: it would score every frame alike. */
  adaptConvergedZ: 0.025,
  adaptIterations: 10,
  adaptMaxSpeechSeconds: 120,
  adaptMinSpeechSeconds: 10,
  /**
   * Timing (timing.ts): a word's dictionary pronunciations, up to this many, side by side in the
   * network, so the audio chooses ("the" as "thuh" or "thee", "and" with or without its "d").
   * The searches use the first only, as their shuffled impostors do.
   */
  timingPronunciationsPerWord: 4,
  /** A word's HMM state held longer than this has absorbed other sound; the word is its plausibly paced part (timing.ts wordTimings). */
  maxStateSeconds: 0.3,
  /** Confidence: intercept, then one weight per feature of confidenceFeatures (confidence.ts). */
  confidenceWeights: [5.949, 0.969, 0.766, 1.295, 0.912, -3.286, -0.276, 0.142, 0.353, -0.755, -0.594, -1.046, -2.409] as readonly number[],
};

/** A set of tuning values (numbers, not the literals above, so a benchmark run can try others). */
export type AcousticTuning = Readonly<typeof VALUES>;

/** Frozen to the last array: no pass can change a value for the others. */
export const ACOUSTIC_TUNING: AcousticTuning = Object.freeze({
  ...VALUES,
  widenSeconds: Object.freeze([...VALUES.widenSeconds]),
  confidenceWeights: Object.freeze([...VALUES.confidenceWeights]),
});
