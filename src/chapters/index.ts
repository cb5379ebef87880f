// Public API of the chapters stage (re-exported from src/index.ts).
export { findChapters, CHAPTER_LABELS, type FindChaptersOptions } from './findChapters.js';
export {
  renderChapterList,
  renderChaptersVtt,
  parseChapterList,
  chaptersForMetadata,
  checkYouTubeChapters,
  formatChapterTimestamp,
} from './render.js';
export { MAX_TITLE_CHARS as MAX_CHAPTER_TITLE_CHARS } from './titles.js';
export { chaptersInputFromWordsJson, chaptersInputFromVtt, timeTranscriptFromWords, type ChaptersInput } from './input.js';
