/**
 * A second thread for the searches. Scoring keeps both cores busy, but the searches that follow
 * each scoring pass ran on one thread while the other waited. The helper is a worker thread with
 * its own instance of the acoustic module on the same (shared) memory, so it reads the held scores
 * and the placed network in place. The searches stay synchronous: the main thread posts a job,
 * does its own share, then waits on an atomic (Node lets the main thread block on one). A job the
 * helper has not taken yet (still starting up, say) is taken back and run on the main thread, so
 * a slow or missing helper only costs time.
 */
import { Worker } from 'node:worker_threads';
import type { WasmMemory } from './kernels.js';

/** The control block's slots (Int32 indices). */
export const SLOT = {
  /** The job's state: IDLE, POSTED, TAKEN or DONE. */
  state: 0,
  /** Bumped for every job posted (and to stop): what the helper waits on. */
  sequence: 1,
  /** Set to 1 to stop the helper. */
  stop: 2,
  /** The subsequence kernel's arguments from here, in its order (the garbage score as a float). */
  args: 4,
} as const;
export const JOB = { IDLE: 0, POSTED: 1, TAKEN: 2, DONE: 3 } as const;
/** Arguments of the snapshot subsequence kernel (assembly/acoustic.ts `subsequence`). */
export const SUBSEQUENCE_ARGS = 23;
/** Which argument is the float (garbageLog). */
export const GARBAGE_ARG = 15;
const CONTROL_BYTES = (SLOT.args + SUBSEQUENCE_ARGS) * 4;
/** A job the helper took is finished well within this; longer means it is gone. */
const STUCK_MS = 120_000;

export interface SearchWorkerData {
  module: object;
  memory: WasmMemory;
  control: SharedArrayBuffer;
}

export class SearchHelper {
  private readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  private readonly ints = new Int32Array(this.control);
  private readonly floats = new Float32Array(this.control);
  private readonly worker: Worker;
  private failed: Error | null = null;

  constructor(module: object, memory: WasmMemory, script: URL) {
    const data: SearchWorkerData = { module, memory, control: this.control };
    // A small heap: the helper only runs WebAssembly on the shared memory and allocates nothing.
    this.worker = new Worker(script, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } });
    this.worker.on('error', (error) => {
      this.failed = error;
    });
    // The helper never keeps the process alive.
    this.worker.unref();
  }

  /** Posts one subsequence search (the kernel's arguments in order); finish() collects it. */
  post(args: readonly number[]): void {
    if (args.length !== SUBSEQUENCE_ARGS) throw new Error(`search helper: ${args.length} arguments for ${SUBSEQUENCE_ARGS}`);
    if (Atomics.load(this.ints, SLOT.state) !== JOB.IDLE) throw new Error('search helper: a job is already posted');
    args.forEach((value, i) => {
      if (i === GARBAGE_ARG) this.floats[SLOT.args + i] = value;
      else this.ints[SLOT.args + i] = value;
    });
    Atomics.store(this.ints, SLOT.state, JOB.POSTED);
    Atomics.add(this.ints, SLOT.sequence, 1);
    Atomics.notify(this.ints, SLOT.sequence);
  }

  /**
   * Waits for the posted job. If the helper has not taken it, it is taken back and `runHere` runs
   * it on this thread instead.
   */
  finish(runHere: () => void): void {
    if (Atomics.compareExchange(this.ints, SLOT.state, JOB.POSTED, JOB.IDLE) === JOB.POSTED) {
      runHere();
      return;
    }
    const started = Date.now();
    while (Atomics.load(this.ints, SLOT.state) !== JOB.DONE) {
      if (this.failed) throw this.failed;
      if (Date.now() - started > STUCK_MS) throw new Error('search helper: a search did not finish');
      Atomics.wait(this.ints, SLOT.state, JOB.TAKEN, 1000);
    }
    Atomics.store(this.ints, SLOT.state, JOB.IDLE);
  }

  stop(): void {
    Atomics.store(this.ints, SLOT.stop, 1);
    Atomics.add(this.ints, SLOT.sequence, 1);
    Atomics.notify(this.ints, SLOT.sequence);
    void this.worker.terminate();
  }
}
