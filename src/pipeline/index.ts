// Public API of the pipeline (re-exported from src/index.ts): `import { generate } from 'capsync'`.
export {
  generate,
  checkTextFitsAudio,
  mergeSpans,
  MAX_WORDS_PER_SECOND,
  type GenerateOptions,
  type GenerateResult,
  type GenerateSummary,
  type GenerateFiles,
  type GenerateProgress,
  type GenerateStage,
} from './generate.js';
export {
  lowConfidenceStretches,
  unplacedPassages,
  coverageNote,
  spansOfWords,
  LOW_CONFIDENCE,
  type GenerateReport,
  type NotFoundPassage,
  type LowConfidenceStretch,
} from './report.js';
export { buildWordsJson, type WordsJson, type WordsJsonWord, type WordsJsonTurn } from './wordsJson.js';
export { fillFromTrack, type TrackMergeStats } from './track.js';
export { formatClock, formatSpan } from './format.js';
export { findSiblings, pairSiblings, chooseTimingTrack, mediaStem, type Siblings, type SiblingTrack } from './siblings.js';
export { resolveInputs, resolveLanguage, type InputOptions, type ResolvedInputs, type OutputFiles } from './resolveInputs.js';
export { planChapters, publishChapters, chaptersHeading, CHAPTERS_MODES, type ChaptersMode, type ChapterPlan, type ChaptersReport } from './chapterPlan.js';
