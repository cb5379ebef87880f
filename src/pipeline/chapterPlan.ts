/**
 * Whose chapters a run publishes. A description that already has a chapters block (or an
 * info.json with the uploader's chapters) is the user's work: by default it is kept — its
 * titles as written, its times snapped to sentence onsets, checked against YouTube's rules —
 * and automatic chapters replace it only when asked.
 */
export const CHAPTERS_MODES = ['auto', 'keep', 'replace'] as const;
/**
 * - `keep`: the user's chapters (snapped) in every output; the description's block keeps its
 *   lines, with only their times moved. The default when the user has chapters.
 * - `replace`: automatic chapters, and they replace the description's block.
 * - `auto`: automatic chapters in the chapter files and metadata; a block already in the
 *   description is left as written (one is inserted when there is none).
 */
export type ChaptersMode = (typeof CHAPTERS_MODES)[number];
