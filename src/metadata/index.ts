// Public API of the metadata stage (re-exported from src/index.ts): description parsing,
// the metadata JSON Schema, and the re-published description with chapters.
export {
  DESCRIPTION_METADATA_SCHEMA_VERSION,
  type DescriptionMetadata,
  type DescriptionLink,
  type DescriptionLinkKind,
  type DescriptionPlatformSource,
  type DescriptionHashtag,
  type DescriptionMention,
  type DescriptionEmojiLine,
  type DescriptionSpeaker,
  type DescriptionTranscriptExcerpt,
  type DescriptionTimestamp,
  type DescriptionWarning,
  type DescriptionMetadataChapter,
} from './types.js';
export { extractTranscriptFromDescription, type DescriptionTranscriptExtract } from './transcriptExcerpt.js';
export { parseDescription, YOUTUBE_DESCRIPTION_MAX_BYTES, YOUTUBE_MAX_HASHTAGS } from './parse.js';
export {
  buildDescription,
  formatDescriptionTimestamp,
  formatDescriptionChapterLines,
  type DescriptionChapterInput,
  type BuildDescriptionOptions,
} from './build.js';
export { validateDescriptionMetadata, isDescriptionMetadata, descriptionMetadataSchema } from './schema.js';
export {
  resolveDescriptionLinks,
  shortLinkHeadResolver,
  type ShortLinkResolver,
  type ResolveDescriptionLinksOptions,
} from './resolveLinks.js';
export {
  readDescriptionFile,
  readDescriptionChaptersFile,
  parseDescriptionChapters,
  parseDescriptionChapterTime,
} from './inputs.js';
export { parseVideoInfo, readVideoInfoFile, withVideoInfo, type VideoInfo } from './videoInfo.js';
export { retimeDescriptionChapters, formatTimeLike } from './retime.js';
