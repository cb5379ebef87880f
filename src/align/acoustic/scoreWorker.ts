/**
 * Worker thread: scores a slice of a recording's frames against the acoustic model (the GMM pass
 * is most of an alignment's work) and sends the senone scores back slice by slice, transferred,
 * not copied, so the main thread can place each in its held scores and no copy of the whole
 * slice waits anywhere.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GaussianTables } from './gmm.js';
import { AcousticKernels, FullSearchSlots, type FeatureMap } from './kernels.js';

export interface ScoreJob {
  gaussians: GaussianTables;
  senones: Int32Array;
  /** 39 floats a frame: the whole recording's in shared memory (`sliceShared`), or the slice's own copy. */
  observations: Float32Array;
  sliceShared: boolean;
  /** The pass's map of the features (an adapted pass), or null. */
  map: FeatureMap | null;
  frames: number;
  /** Frames per message. */
  chunkFrames: number;
  /** One frame in this many searched in full (AcousticKernels.scoreRaw). */
  fullEvery: number;
  /** Where the slice starts in the recording, and the recording's length: the kept choices' slots (FullSearchSlots). */
  sliceFrom: number;
  recordingFrames: number;
}

/** One message: the raw scores of frames [from, from + scores.length / senones) of the slice, and their full searches' Gaussian choices. */
export interface ScoreChunk {
  from: number;
  scores: Float32Array;
  kept: Uint8Array;
}

const job = workerData as ScoreJob;
const kernels = new AcousticKernels(job.gaussians, job.senones);
const slots = new FullSearchSlots(job.recordingFrames, job.fullEvery);
for (let from = 0; from < job.frames; from += job.chunkFrames) {
  const to = Math.min(job.frames, from + job.chunkFrames);
  const scores = new Float32Array((to - from) * job.senones.length);
  const { first, end } = AcousticKernels.keptSlots(slots, job.sliceFrom + from, job.sliceFrom + to);
  const kept = new Uint8Array((end - first) * kernels.keptRowBytes);
  // Frames of the slice, where they lie in `observations`.
  const at = job.sliceShared ? job.sliceFrom : 0;
  kernels.scoreRaw(job.observations, at + from, at + to, scores, job.fullEvery, { slots, frameOffset: job.sliceFrom - at, out: kept }, job.map);
  const chunk: ScoreChunk = { from, scores, kept };
  parentPort!.postMessage(chunk, [scores.buffer, kept.buffer]);
}
