/**
 * Letter-to-sound for words the model's dictionary lacks: eSpeak-NG's phonemes (IPA), from the
 * WASM build capsync already ships for the DTW reference.
 */
import EspeakInitializer from '@echogarden/espeak-ng-emscripten';
import type { ModelLanguage } from './model.js';

interface EspeakPointer {
  ptr: number;
}
interface EspeakG2pWorker {
  set_voice(name: string): number;
  convert_to_phonemes(text: string, ipa: boolean): EspeakPointer;
}
interface EspeakG2pModule {
  eSpeakNGWorker: new () => EspeakG2pWorker;
  HEAPU8: Uint8Array;
}

const VOICE: Record<ModelLanguage, string> = { en: 'en-us', fr: 'fr' };

/** A function giving eSpeak-NG's IPA for one word (phonemes joined by `_`). */
export async function espeakIpa(language: ModelLanguage): Promise<(word: string) => string | null> {
  const module = (await (EspeakInitializer as unknown as () => Promise<EspeakG2pModule>)()) as EspeakG2pModule;
  const worker = new module.eSpeakNGWorker();
  if (worker.set_voice(VOICE[language]) !== 0) return () => null;
  const decoder = new TextDecoder();
  return (word: string) => {
    // Letters, or digits: eSpeak reads a number in the voice's language (French text keeps its digits).
    if (!/[\p{L}\p{N}]/u.test(word)) return null;
    const pointer = worker.convert_to_phonemes(word, true).ptr;
    const heap = module.HEAPU8;
    let end = pointer;
    while (heap[end] !== 0) end++;
    const ipa = decoder.decode(heap.subarray(pointer, end)).trim();
    return ipa || null;
  };
}
