// Public API of timing-from-caption-track (re-exported from src/index.ts).
export type {
  TrackWord,
  TrackFormat,
  TrackPrecision,
  TimingTrack,
  TrackAlignOptions,
  TrackMatch,
  TrackAlignStats,
  TrackAlignment,
  TrackAlignDetail,
  TrackAnchor,
  TrackRepairs,
} from './types.js';
export { readTimingTrack, detectTrackFormat } from './read.js';
export { alignTranscriptToTrack } from './align.js';
export { anchorsFromTrack, type TrackAnchorOptions } from './anchors.js';
export { wordsFromTrackOnly, dedupeTrackWords, type TrackOnlyOptions, type TrackOnlyText } from './trackOnly.js';
export { verbalizeTrackWord } from './normalize.js';
export { repairTrack, describeTrackRepairs, trackMismatch, MIN_TRACK_MATCH_SHARE } from './validate.js';
