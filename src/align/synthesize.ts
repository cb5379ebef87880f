import type { Transcript } from '../types.js';
import { EspeakSynthesizer, ESPEAK_SAMPLE_RATE, type EspeakUtterance } from './espeak.js';
import { assembleReference, planUnits, type Reference } from './reference.js';

/**
 * Speak the transcript with the bundled eSpeak-NG voice, one sentence at a time, and keep where
 * each transcript word lands in the synthetic audio.
 */
export async function synthesizeReference(
  transcript: Transcript,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<Reference> {
  const units = planUnits(transcript.words);
  const synthesizer = await EspeakSynthesizer.create(transcript.language);
  const utterances: EspeakUtterance[] = [];
  const totalChars = units.reduce((sum, u) => sum + u.text.length, 0) || 1;
  let doneChars = 0;
  for (const unit of units) {
    utterances.push(synthesizer.synthesize(unit.text));
    doneChars += unit.text.length;
    onProgress(doneChars / totalChars);
  }
  return assembleReference(transcript.words.length, units, utterances, ESPEAK_SAMPLE_RATE);
}
