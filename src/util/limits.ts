/**
 * Size limits on the text files capsync reads, in one place. Each is far above any real file of
 * its kind, and is checked while reading (a stream stops at the limit), so `/dev/zero` or a
 * 20 GB file given by mistake is refused at once instead of filling memory.
 */

/** A transcript: 4 MiB is ~600,000 words, some 50 hours of speech (a 90-minute talk is ~70 KB); a saved web page fits too. */
export const MAX_TRANSCRIPT_BYTES = 4 * 1024 * 1024;
/** A YouTube description is at most 5,000 bytes; a saved one with notes, 1 MiB. */
export const MAX_DESCRIPTION_BYTES = 1024 * 1024;
/** A caption or timing track: word-timed json3/srv3 of a 10-hour video is ~10 MiB. */
export const MAX_TRACK_BYTES = 32 * 1024 * 1024;
/** A chapters file. */
export const MAX_CHAPTERS_BYTES = 1024 * 1024;
/** A batch manifest (tens of thousands of items). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
/** A caption file to lint or to find chapters in. */
export const MAX_CAPTION_FILE_BYTES = 32 * 1024 * 1024;
