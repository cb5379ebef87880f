/**
 * Worker thread: scores a slice of a recording's frames against the acoustic model (the GMM pass
 * is most of an alignment's work) and sends the senone scores back, transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { GaussianTables } from './gmm.js';
import { AcousticKernels } from './kernels.js';

export interface ScoreJob {
  gaussians: GaussianTables;
  senones: Int32Array;
  /** 39 floats a frame. */
  observations: Float32Array;
  frames: number;
}

const job = workerData as ScoreJob;
const kernels = new AcousticKernels(job.gaussians, job.senones);
const out = new Float32Array(job.frames * job.senones.length);
kernels.scoreRaw(job.observations, 0, job.frames, out);
parentPort!.postMessage(out, [out.buffer]);
