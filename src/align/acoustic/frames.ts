/**
 * From PCM to per-frame senone scores: the model's front end, then every CI senone's
 * log-likelihood, held (normalized by each frame's best) in the kernels' memory for the searches.
 * The scoring is most of an alignment's work; it is shared between this thread and worker threads.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AcousticModel } from './model.js';
import { computeCepstra } from './frontend.js';
import { observationVectors } from './features.js';
import { AcousticKernels, BATCH_FRAMES, type FeatureMap, type FrameScores, type ScoreLayout } from './kernels.js';
import type { ScoreChunk, ScoreJob } from './scoreWorker.js';
import { ACOUSTIC_TUNING } from './tuning.js';
import { workerScript } from './workerScript.js';

/** Fewest frames worth a worker thread (its start-up costs about as much as scoring a few seconds). */
const MIN_FRAMES_PER_WORKER = 6000;
const DIMS = 39;
/** Frames scored between looks at the workers' messages (and per worker message): about 20 s of audio, on the batch grid. */
const STEP_FRAMES = 8 * BATCH_FRAMES;

/** The held scores' layout for this model (see ScoreLayout): pauses are any filler, silence or noise. */
export function scoreLayout(model: AcousticModel): ScoreLayout {
  const states = Array.from({ length: model.emittingStates }, (_, k) => k);
  const fillers = model.phoneNames.map((_, p) => p).filter((p) => !model.isSpeechPhone(p));
  return {
    phoneStates: model.phoneNames.map((_, p) => (p === model.silencePhone ? states.map((k) => model.pauseSenone(k)) : states.map((k) => model.ciSenone(p, k)))),
    pauseStates: states.map((k) => fillers.map((p) => model.ciSenone(p, k))),
  };
}

export interface ScoreOptions {
  /** Threads scoring frames (this one included); default: the machine's cores. */
  threads?: number;
  onProgress?: (fraction: number) => void;
  /**
   * Kernels to hold the scores in: the passes of one alignment share them, so a pass's scores
   * replace the last one's in place instead of a second copy waiting for the garbage collector.
   * (The raw scores are not kept between passes: they are only needed until they are held.)
   */
  kernels?: AcousticKernels;
  /**
   * One frame in this many has its Gaussians searched in full, the frames between take their
   * neighbours' (AcousticKernels.scoreRaw); default: the adapted passes' (the finer) setting.
   */
  fullSearchEveryFrames?: number;
  /** Score the observations under this map (an adapted pass), applied batch by batch. */
  map?: FeatureMap | null;
}

/** Kernels that scoreObservations can hold each pass's scores in (see ScoreOptions.kernels). */
export function scoringKernels(model: AcousticModel): AcousticKernels {
  return new AcousticKernels(model.gaussians, Int32Array.from({ length: model.ciSenones }, (_, i) => i));
}

/**
 * The recording's observation vectors for the model: its front end, then mean normalization over
 * the whole recording. They are held in shared memory, so the scoring workers read their slices
 * where they lie instead of each pass sending them a copy.
 */
export function recordingObservations(model: AcousticModel, samples: Int16Array): { frames: number; observations: Float32Array } {
  const { frames, cepstra } = computeCepstra(samples, model.frontEnd);
  const vectors = observationVectors(cepstra, frames, null);
  const observations = new Float32Array(new SharedArrayBuffer(vectors.byteLength));
  observations.set(vectors);
  return { frames, observations };
}

export async function scoreRecording(model: AcousticModel, samples: Int16Array, options: ScoreOptions = {}): Promise<FrameScores> {
  const { frames, observations } = recordingObservations(model, samples);
  return scoreObservations(model, observations, frames, options);
}

/** Every CI senone's score for each of `frames` observation vectors, held for the searches. */
export async function scoreObservations(model: AcousticModel, observations: Float32Array, frames: number, options: ScoreOptions = {}): Promise<FrameScores> {
  const kernels = options.kernels ?? scoringKernels(model);
  const fullEvery = options.fullSearchEveryFrames ?? ACOUSTIC_TUNING.adaptedPassFullSearchEveryFrames;
  // Scores go straight to where they are held: this thread's and each worker's slices alike.
  // The Gaussian choices are kept with the scores (for contextScores' triphone windows).
  const sink = kernels.beginScores(frames, scoreLayout(model), fullEvery);
  const script = workerScript('scoreWorker');
  const threads = script ? Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.floor(frames / MIN_FRAMES_PER_WORKER))) : 1;
  // This thread takes the first slice; workers the others. Slices start on the batch grid, so the
  // scores are the same however many threads share them (see BATCH_FRAMES).
  const bounds = Array.from({ length: threads + 1 }, (_, i) => (i === threads ? frames : Math.round((i * frames) / threads / BATCH_FRAMES) * BATCH_FRAMES));
  const workers = bounds.slice(1, -1).map((from, w) => {
    const to = bounds[w + 2];
    const job: ScoreJob = {
      gaussians: model.gaussians,
      senones: Int32Array.from({ length: model.ciSenones }, (_, i) => i),
      // Observations in shared memory are read in place; others are sent as the slice's copy.
      observations: observations.buffer instanceof SharedArrayBuffer ? observations : observations.slice(from * DIMS, to * DIMS),
      sliceShared: observations.buffer instanceof SharedArrayBuffer,
      map: options.map ?? null,
      frames: to - from,
      chunkFrames: STEP_FRAMES,
      fullEvery,
      sliceFrom: from,
      recordingFrames: frames,
    };
    return new Promise<void>((resolve, reject) => {
      const worker = new Worker(script!, { workerData: job });
      let received = 0;
      worker.on('message', (chunk: ScoreChunk) => {
        sink.put(from + chunk.from, chunk.scores, chunk.kept);
        received += chunk.scores.length / model.ciSenones;
        if (received === job.frames) resolve();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (received < job.frames) reject(new Error(`scoring worker exited (code ${code}) with ${job.frames - received} frames unscored`));
      });
    });
  });
  const mine = bounds[1];
  for (let f = 0; f < mine; f += STEP_FRAMES) {
    sink.score(observations, f, Math.min(mine, f + STEP_FRAMES), fullEvery, options.map);
    options.onProgress?.(Math.min(1, (f + STEP_FRAMES) / mine));
    // Let the workers' slices in as they come, so they do not queue up in memory.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return sink.finish();
}
