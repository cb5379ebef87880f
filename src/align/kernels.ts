import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The DTW inner loops, compiled from AssemblyScript (`assembly/dtw.ts`) to WebAssembly with SIMD
 * at build time. Locating and refining an hour of speech evaluate a few hundred million frame
 * pairs; in WebAssembly with 4-wide dot products that runs two to three times faster than the
 * same loops in JavaScript on this project's 2-core machines.
 *
 * Features live in JavaScript arrays; the kernels need them in the module's memory. `place` copies
 * an array there once (remembered per array) and `reset` forgets everything at the start of each
 * alignment, so memory tracks the largest job, not the sum of them. An array changed in place
 * after it was placed must be `forget`-ten, or the kernels keep reading the old copy.
 */
interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  distanceRow(ref: number, row: number, audio: number, dims: number, from: number, to: number, out: number, floorAtZero: number): void;
  subsequence(ref: number, refStart: number, n: number, audio: number, dims: number, windowStart: number, m: number, work: number): number;
}

/** The slice of the WebAssembly JS API used here (Node's own types do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const PAGE = 65536;

function loadKernels(): KernelExports {
  // Next to the compiled module in dist/, or (running from the TypeScript sources) in dist/.
  for (const candidate of ['../../wasm/dtw.wasm', '../../dist/wasm/dtw.wasm']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(path)) continue;
    const module = new wasm.Module(readFileSync(path));
    return new wasm.Instance(module, {}).exports as KernelExports;
  }
  throw new Error('capsync: dist/wasm/dtw.wasm is missing; run `npm run build`');
}

const kernels = loadKernels();
const memory = kernels.memory;
/** Where the arena starts: past the module's own static data. */
const arenaBase = memory.buffer.byteLength;
let top = arenaBase;
let placed = new WeakMap<Float32Array, number>();
let scratch = { pointer: 0, bytes: 0 };

function reserve(bytes: number): number {
  const pointer = (top + 15) & ~15;
  const end = pointer + bytes;
  if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
  top = end;
  return pointer;
}

/** Forget every placed array (their memory is reused by the next ones). */
export function resetKernelMemory(): void {
  top = arenaBase;
  placed = new WeakMap();
  scratch = { pointer: 0, bytes: 0 };
}

/** The next `place` of this array copies it afresh (after it was changed in place). */
export function forget(data: Float32Array): void {
  placed.delete(data);
}

/** The array's address in kernel memory, copying it there the first time. */
export function place(data: Float32Array): number {
  let pointer = placed.get(data);
  if (pointer === undefined) {
    pointer = reserve(data.byteLength);
    new Float32Array(memory.buffer, pointer, data.length).set(data);
    placed.set(data, pointer);
  }
  return pointer;
}

/** A work area of at least `bytes`, valid until the next call. */
function workArea(bytes: number): number {
  if (scratch.bytes < bytes) scratch = { pointer: reserve(bytes), bytes };
  return scratch.pointer;
}

/**
 * Frame distances of reference frame `row` to audio frames [from, to), negatives raised to 0 with
 * `floorAtZero` (the fine pass's step costs): a view valid until the next kernel call.
 */
export function distanceRow(ref: Float32Array, row: number, audio: Float32Array, dims: number, from: number, to: number, floorAtZero = false): Float64Array {
  const refPointer = place(ref);
  const audioPointer = place(audio);
  const out = workArea(Math.max(0, to - from) * 8);
  kernels.distanceRow(refPointer, row, audioPointer, dims, from, to, out, floorAtZero ? 1 : 0);
  return new Float64Array(memory.buffer, out, Math.max(0, to - from));
}

/** Last row of the subsequence DTW: cost and start column per end column (copies). */
export function subsequenceLastRow(
  ref: Float32Array,
  refStart: number,
  n: number,
  audio: Float32Array,
  dims: number,
  windowStart: number,
  m: number,
): { cost: Float64Array; start: Int32Array } {
  const refPointer = place(ref);
  const audioPointer = place(audio);
  const work = workArea(52 * m);
  const slot = kernels.subsequence(refPointer, refStart, n, audioPointer, dims, windowStart, m, work);
  return {
    cost: new Float64Array(memory.buffer, work + slot * m * 8, m).slice(),
    start: new Int32Array(memory.buffer, work + 24 * m + slot * m * 4, m).slice(),
  };
}
