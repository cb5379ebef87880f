// Public API of batch runs (re-exported from src/index.ts): `import { runBatch } from 'capsync'`.
export { runBatch, batchBackgroundTexts, batchExitCode, buildBatchReport, BATCH_REPORT_FILE, type RunBatchOptions, type BatchRunResult } from './runBatch.js';
export {
  loadBatchSource,
  discoverBatchFolder,
  batchManifestItems,
  parseBatchManifestJson,
  parseBatchManifestCsv,
  BATCH_MANIFEST_SCHEMA,
  BATCH_MEDIA_EXTENSIONS,
  DEFAULT_BATCH_OUT,
  type BatchSource,
} from './discover.js';
export {
  estimateItemMemoryMb,
  memoryBudgetMb,
  probeDurationSeconds,
  parseFfmpegDuration,
  canStart as batchCanStart,
  ITEM_BASE_MB,
  ITEM_MB_PER_AUDIO_MINUTE,
  MEMORY_BUDGET_SHARE,
} from './memory.js';
export {
  hashItem as hashBatchItem,
  readItemMarker as readBatchItemMarker,
  sha256File,
  removeStaleTemps,
  ITEM_MARKER as BATCH_ITEM_MARKER,
  ATOMIC_TEMP_PATTERN,
  type ItemMarker as BatchItemMarker,
  type FileFingerprint,
} from './resume.js';
export { createBatchDisplay, formatBatchSummary, formatItemLine as formatBatchItemLine, type BatchDisplay } from './display.js';
export type { BatchItem, BatchItemOptions, BatchItemResult, BatchItemStatus, BatchItemOutcome, BatchReport, BatchEvent } from './types.js';
