// Public API of the alignment stage (re-exported from src/index.ts).
import type { Transcript } from '../types.js';
import { alignWithReference, type AlignmentResult, type AlignOptions } from './align.js';
import { synthesizeReference } from './synthesize.js';

export type { AlignmentResult, AlignOptions, AlignProgress } from './align.js';
export type { LocatedBlock } from './locate.js';

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
  const reference = await synthesizeReference(transcript, (fraction) => options.onProgress?.({ stage: 'synthesize', fraction }));
  const synthesisSeconds = (performance.now() - started) / 1000;
  const result = alignWithReference(samples, sampleRate, transcript, reference, options);
  result.timings.synthesize = synthesisSeconds;
  return result;
}
