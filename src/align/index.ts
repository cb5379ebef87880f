// Public API of the alignment stage (re-exported from src/index.ts).
import type { Transcript } from '../types.js';
import { alignWithReference, analyseRecording, type AlignmentResult, type AlignOptions } from './align.js';
import { synthesizeReference } from './synthesize.js';

export type { AlignmentResult, AlignOptions, AlignProgress } from './align.js';
export { synthesizeReference } from './synthesize.js';
export type { Reference } from './reference.js';
export type { LocatedBlock, WordAnchor } from './locate.js';

/**
 * Align a parsed transcript to decoded 16 kHz mono audio: synthesize the reference with eSpeak-NG,
 * locate each block of sentences in the recording, then place every word.
 */
export async function alignTranscript(
  samples: Int16Array,
  sampleRate: number,
  transcript: Transcript,
  options: AlignOptions = {},
): Promise<AlignmentResult> {
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
