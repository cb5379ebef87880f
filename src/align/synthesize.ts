import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Transcript } from '../types.js';
import { CapsyncError } from '../util/errors.js';
import { EspeakSynthesizer, ESPEAK_SAMPLE_RATE, type EspeakUtterance, type EspeakWordEvent } from './espeak.js';
import { assembleReference, planUnits, type Reference, type UnitText } from './reference.js';
import { DEFAULT_FEATURE_OPTIONS, type Features } from './features.js';

/** Below this much text a worker's start-up (~0.3 s) costs more than it saves. */
const MIN_CHARS_FOR_WORKERS = 4000;

/**
 * Speak the transcript with the bundled eSpeak-NG voice, one sentence at a time, and keep where
 * each transcript word lands in the synthetic audio. Long transcripts are split across worker
 * threads (one per core, at most two), each speaking a contiguous slice.
 */
export async function synthesizeReference(
  transcript: Transcript,
  onProgress: (fraction: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<Reference> {
  const units = planUnits(transcript.words);
  const totalChars = units.reduce((sum, u) => sum + u.text.length, 0) || 1;
  const workers = Math.min(2, availableParallelism());
  const script = workerScript();
  if (script && workers > 1 && totalChars >= MIN_CHARS_FOR_WORKERS) {
    const { utterances, features } = await synthesizeInWorkers(units, transcript.language, workers, script, totalChars, onProgress, signal);
    return { ...assembleReference(transcript.words.length, units, utterances, ESPEAK_SAMPLE_RATE), features };
  }
  const utterances = await synthesizeHere(units, transcript.language, totalChars, onProgress);
  return assembleReference(transcript.words.length, units, utterances, ESPEAK_SAMPLE_RATE);
}

async function synthesizeHere(
  units: readonly UnitText[],
  language: string,
  totalChars: number,
  onProgress: (fraction: number) => void,
): Promise<EspeakUtterance[]> {
  const synthesizer = await EspeakSynthesizer.create(language);
  const utterances: EspeakUtterance[] = [];
  let doneChars = 0;
  for (const unit of units) {
    utterances.push(synthesizer.synthesize(unit.text, unit.pauseAfterMs));
    doneChars += unit.text.length;
    onProgress(doneChars / totalChars);
  }
  return utterances;
}

async function synthesizeInWorkers(
  units: readonly UnitText[],
  language: string,
  workers: number,
  script: URL,
  totalChars: number,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<{ utterances: EspeakUtterance[]; features: Features }> {
  // Contiguous slices of about equal text, so each worker's output is simply concatenated.
  const slices: Array<[number, number]> = [];
  let start = 0;
  let chars = 0;
  units.forEach((unit, u) => {
    chars += unit.text.length;
    if (chars >= (totalChars * (slices.length + 1)) / workers && slices.length < workers - 1) {
      slices.push([start, u + 1]);
      start = u + 1;
    }
  });
  slices.push([start, units.length]);

  const utterances: EspeakUtterance[] = new Array(units.length);
  const sliceFeatures: SliceFeatures[] = new Array(slices.length);
  let doneChars = 0;
  const running = slices.map(
    ([from, to], slice) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(script, { workerData: { language, texts: units.slice(from, to).map((u) => u.text), pauses: units.slice(from, to).map((u) => u.pauseAfterMs) } });
        // The caller gave up (the recording could not be decoded): stop speaking at once.
        const stop = () => {
          void worker.terminate();
          reject(new CapsyncError('SYNTHESIS_ABORTED', 'speech synthesis was stopped'));
        };
        if (signal?.aborted) stop();
        signal?.addEventListener('abort', stop, { once: true });
        worker.once('exit', () => signal?.removeEventListener('abort', stop));
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'unit') {
            const index = from + message.index!;
            utterances[index] = { samples: message.samples!, words: message.words! };
            doneChars += units[index].text.length;
            onProgress(doneChars / totalChars);
          } else if (message.type === 'features') {
            sliceFeatures[slice] = { frames: message.frames!, dims: message.dims!, data: message.data!, energyDb: message.energyDb! };
          } else if (message.type === 'done') {
            void worker.terminate();
            resolve();
          } else if (message.type === 'error') {
            void worker.terminate();
            reject(new CapsyncError('SYNTHESIS_FAILED', `speech synthesis failed: ${message.message}`));
          }
        });
        worker.on('error', (error) => reject(new CapsyncError('SYNTHESIS_FAILED', `speech synthesis failed: ${error.message}`)));
      }),
  );
  await Promise.all(running);
  return { utterances, features: joinSliceFeatures(sliceFeatures) };
}

interface SliceFeatures {
  frames: number;
  dims: number;
  data: Float32Array;
  energyDb: Float32Array;
}

interface WorkerMessage extends Partial<SliceFeatures> {
  type: 'unit' | 'features' | 'done' | 'error';
  index?: number;
  samples?: Int16Array;
  words?: EspeakWordEvent[];
  message?: string;
}

/** Slices start on the frame grid (the workers pad them), so their features simply concatenate. */
function joinSliceFeatures(slices: readonly SliceFeatures[]): Features {
  const dims = slices[0].dims;
  const frames = slices.reduce((sum, s) => sum + s.frames, 0);
  const data = new Float32Array(frames * dims);
  const energyDb = new Float32Array(frames);
  let offset = 0;
  for (const slice of slices) {
    data.set(slice.data, offset * dims);
    energyDb.set(slice.energyDb, offset);
    offset += slice.frames;
  }
  return { frames, dims, data, energyDb, hop: DEFAULT_FEATURE_OPTIONS.hop };
}

/**
 * The compiled worker script: next to this module when running from `dist/`; from the TypeScript
 * sources (tests), the built copy in `dist/`. Null when neither exists (then synthesis runs here).
 */
function workerScript(): URL | null {
  for (const candidate of ['./synthWorker.js', '../../dist/src/align/synthWorker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return null;
}
