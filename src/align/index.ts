// Public API of the alignment stage (re-exported from src/index.ts).
import type { Transcript } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { alignAcoustic } from './acoustic/align.js';
import { modelLanguageFor } from './acoustic/model.js';
import { alignWithReference, analyseRecording, type AlignOptions } from './align.js';
import type { AlignmentResult } from './result.js';
import { synthesizeReference } from './synthesize.js';

export type { AlignmentResult, AlignProgress, Passage } from './result.js';
export type { AlignOptions, DtwAlignmentResult } from './align.js';
export { synthesizeReference } from './synthesize.js';
export type { Reference } from './reference.js';
export type { LocatedBlock, WordAnchor } from './locate.js';

/** The alignment engines: `acoustic` (speech model; English and French) and `dtw` (eSpeak-NG reference; any eSpeak language). */
export type AlignEngine = 'acoustic' | 'dtw';

/** The engine used when none is asked for: the acoustic model where one exists for the language. */
export function defaultEngine(language: string): AlignEngine {
  return modelLanguageFor(language) ? 'acoustic' : 'dtw';
}

export interface AlignTranscriptOptions extends AlignOptions {
  engine?: AlignEngine;
}

/**
 * Align a parsed transcript to decoded 16 kHz mono audio. The acoustic engine scores the recording
 * against a speech model, locates each block of sentences and times its words by forced alignment;
 * the DTW engine matches an eSpeak-NG rendering of the text against the recording.
 */
export async function alignTranscript(
  samples: Int16Array,
  sampleRate: number,
  transcript: Transcript,
  options: AlignTranscriptOptions = {},
): Promise<AlignmentResult> {
  const engine = options.engine ?? defaultEngine(transcript.language);
  if (engine === 'acoustic') {
    const language = modelLanguageFor(transcript.language);
    if (!language) throw new CapsyncError('UNSUPPORTED_LANGUAGE', `no acoustic model for language "${transcript.language}"; use --engine dtw`);
    return alignAcoustic(samples, sampleRate, transcript, { language, onProgress: options.onProgress, trackHints: options.anchors });
  }
  const started = performance.now();
  // The reference is spoken (and analysed) in worker threads while this thread analyses the
  // recording; a failure on either side still settles the other before the error is raised.
  const referencePromise =
    options.reference ?? synthesizeReference(transcript, (fraction) => options.onProgress?.({ stage: 'synthesize', fraction }));
  referencePromise.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
  const recording = analyseRecording(samples, sampleRate);
  const reference = await referencePromise;
  const waitedSeconds = (performance.now() - started) / 1000;
  const result = alignWithReference(recording, transcript, reference, options);
  result.timings.synthesize = Math.max(0, waitedSeconds - recording.seconds);
  return result;
}
