import EspeakInitializer from '@echogarden/espeak-ng-emscripten';
import { CapsyncError } from '../util/errors.js';

/** eSpeak-NG (WASM build shipped in an npm package, so nothing is downloaded at run time). */
export const ESPEAK_SAMPLE_RATE = 22_050;

export interface EspeakWordEvent {
  /** 0-based character offset of the word in the synthesized text. */
  textOffset: number;
  /** Milliseconds from the start of this utterance. */
  audioMs: number;
}

export interface EspeakUtterance {
  samples: Int16Array;
  words: EspeakWordEvent[];
}

interface EspeakEvent {
  type: string;
  text_position: number;
  word_length: number;
  audio_position: number;
}

interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(rate: number): void;
  synthesize(text: string, callback: (samples: Int16Array, events: EspeakEvent[]) => number | boolean): void;
}

interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorker;
}

/** eSpeak voice names for the languages capsync accepts (`--language`). */
const VOICES: Record<string, string> = {
  en: 'en-us',
  'en-us': 'en-us',
  'en-gb': 'en-gb',
  fr: 'fr',
  de: 'de',
  es: 'es',
  it: 'it',
  nl: 'nl',
  pt: 'pt',
  pl: 'pl',
  uk: 'uk',
  ru: 'ru',
};

export function espeakVoiceFor(language: string): string {
  const voice = VOICES[language.toLowerCase()];
  if (!voice) {
    throw new CapsyncError('UNSUPPORTED_LANGUAGE', `language "${language}" is not supported; use one of ${Object.keys(VOICES).join(', ')}`);
  }
  return voice;
}

export class EspeakSynthesizer {
  private constructor(private readonly worker: EspeakWorker) {}

  static async create(language: string, rate = 175): Promise<EspeakSynthesizer> {
    const voice = espeakVoiceFor(language);
    const module = (await (EspeakInitializer as unknown as () => Promise<EspeakModule>)()) as EspeakModule;
    const worker = new module.eSpeakNGWorker();
    if (worker.set_voice(voice) !== 0) {
      throw new CapsyncError('UNSUPPORTED_LANGUAGE', `the bundled eSpeak-NG has no voice for "${language}"`);
    }
    worker.set_rate(rate);
    return new EspeakSynthesizer(worker);
  }

  /** Synthesize one utterance; word events carry the character offset they came from. */
  synthesize(text: string, pauseAfterMs = 0): EspeakUtterance {
    const parts: Int16Array[] = [];
    let total = 0;
    const words: EspeakWordEvent[] = [];
    this.worker.synthesize(text, (samples, events) => {
      // The WASM heap view is reused between callbacks: copy.
      parts.push(new Int16Array(samples));
      total += samples.length;
      for (const event of events) {
        if (event.type === 'word') words.push({ textOffset: event.text_position - 1, audioMs: event.audio_position });
      }
      return 0;
    });
    const samples = new Int16Array(total + Math.round((pauseAfterMs / 1000) * ESPEAK_SAMPLE_RATE));
    let offset = 0;
    for (const part of parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    return { samples, words };
  }
}
