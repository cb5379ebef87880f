/**
 * The search helper's thread (searchHelper.ts): its own instance of the acoustic module on the
 * main thread's shared memory, waiting for subsequence searches to run.
 */
import { workerData } from 'node:worker_threads';
import { instantiateAcoustic } from './kernels.js';
import { GARBAGE_ARG, JOB, SLOT, SUBSEQUENCE_ARGS, type SearchWorkerData } from './searchHelper.js';

const { memory, control } = workerData as SearchWorkerData;
const kernels = instantiateAcoustic(memory);
const ints = new Int32Array(control);
const floats = new Float32Array(control);
// The arguments are read into one array, reused: the loop allocates nothing, so this thread's
// heap stays at its start-up size however many searches it runs.
const args: number[] = new Array<number>(SUBSEQUENCE_ARGS).fill(0);
const search = kernels.subsequence as (...a: number[]) => void;
let seen = Atomics.load(ints, SLOT.sequence);
for (;;) {
  Atomics.wait(ints, SLOT.sequence, seen);
  seen = Atomics.load(ints, SLOT.sequence);
  if (Atomics.load(ints, SLOT.stop)) break;
  // The main thread may have taken the job back already: take it only if it is still posted.
  if (Atomics.compareExchange(ints, SLOT.state, JOB.POSTED, JOB.TAKEN) !== JOB.POSTED) continue;
  for (let i = 0; i < SUBSEQUENCE_ARGS; i++) args[i] = i === GARBAGE_ARG ? floats[SLOT.args + i] : ints[SLOT.args + i];
  search.apply(null, args);
  Atomics.store(ints, SLOT.state, JOB.DONE);
  Atomics.notify(ints, SLOT.state);
}
