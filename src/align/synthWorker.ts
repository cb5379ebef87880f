/**
 * Worker thread: speaks a slice of the reference units with eSpeak-NG, computes the slice's
 * features, and sends both back (buffers transferred, not copied). Synthesis and MFCC are
 * CPU-bound and synchronous, so running them here keeps the main thread free to decode and
 * analyse the recording at the same time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EspeakSynthesizer, ESPEAK_SAMPLE_RATE } from './espeak.js';
import { computeMfcc, DEFAULT_FEATURE_OPTIONS } from './features.js';

interface SynthJob {
  language: string;
  texts: string[];
  pauses: number[];
}

/** Samples in two 10 ms hops at 22.05 kHz: slices padded to a multiple keep one frame grid. */
const GRID_SAMPLES = 441;

const job = workerData as SynthJob;
const port = parentPort!;
try {
  const synthesizer = await EspeakSynthesizer.create(job.language);
  const utterances = job.texts.map((text, i) => synthesizer.synthesize(text, job.pauses[i]));
  // Pad the slice's last utterance so the next slice starts exactly on the frame grid.
  const total = utterances.reduce((sum, u) => sum + u.samples.length, 0);
  const padding = (GRID_SAMPLES - (total % GRID_SAMPLES)) % GRID_SAMPLES;
  if (padding > 0 && utterances.length > 0) {
    const last = utterances[utterances.length - 1];
    const padded = new Int16Array(last.samples.length + padding);
    padded.set(last.samples);
    last.samples = padded;
  }
  const sliceLength = total + padding;
  // Trailing silence so the slice's last frames have a full window, as they would in one piece.
  const window = Math.round(DEFAULT_FEATURE_OPTIONS.window * ESPEAK_SAMPLE_RATE);
  const slice = new Int16Array(sliceLength + window);
  let offset = 0;
  for (const utterance of utterances) {
    slice.set(utterance.samples, offset);
    offset += utterance.samples.length;
  }
  const features = computeMfcc(slice, ESPEAK_SAMPLE_RATE);
  const frames = Math.round(sliceLength / (DEFAULT_FEATURE_OPTIONS.hop * ESPEAK_SAMPLE_RATE));
  const data = features.data.slice(0, frames * features.dims);
  const energyDb = features.energyDb.slice(0, frames);
  utterances.forEach((utterance, index) => {
    port.postMessage({ type: 'unit', index, samples: utterance.samples, words: utterance.words }, [utterance.samples.buffer as ArrayBuffer]);
  });
  port.postMessage({ type: 'features', frames, dims: features.dims, data, energyDb }, [data.buffer, energyDb.buffer]);
  port.postMessage({ type: 'done' });
} catch (error) {
  port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
