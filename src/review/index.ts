// Public API of the review stage (re-exported from src/index.ts).
export { loudnessEnvelope, ENVELOPE_BIN_SECONDS, type LoudnessEnvelope } from './envelope.js';
export { buildReviewData, relativeHref, readCues, DEFAULT_MIN_CHAPTER_SECONDS, type ReviewSources } from './data.js';
export { renderReviewPage, type ReviewAssets } from './page.js';
export { loadReviewAssets } from './assets.js';
export { writeReviewPage, resolveOutputPrefix, type ReviewOptions, type ReviewResult } from './write.js';
export { reviewSpots, gapOfWords } from './model/spots.js';
export * from './model/edits.js';
export { exportCaptions, exportChapters, lintOptionsFor, toChapters, type CaptionExport, type ChapterExport, type ExportContext } from './model/exporting.js';
export type * from './model/types.js';
