import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GaussianTables } from './gmm.js';

/**
 * Scores frames against the acoustic model in WebAssembly (assembly/acoustic.ts): the top
 * Gaussians of every codebook, then the log-likelihood of each requested senone.
 */
interface AcousticKernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  initLogAdd(table: number): void;
  topGaussians(tables: number, blocks: number, frames: number, count: number, topIndex: number, topScore: number): void;
  senoneScores(weights: number, codebook: number, senones: number, blocks: number, count: number, topIndex: number, topScore: number, out: number): void;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const TOP = 4;
const BATCH_FRAMES = 256;
const DIMS = 13;

function loadKernels(): AcousticKernels {
  for (const candidate of ['../../../wasm/acoustic.wasm', '../../../dist/wasm/acoustic.wasm']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(path)) continue;
    return new wasm.Instance(new wasm.Module(readFileSync(path)), {}).exports as AcousticKernels;
  }
  throw new Error('capsync: dist/wasm/acoustic.wasm is missing; run `npm run build`');
}

/** A scorer for one model and one set of senones (for example the CI senones), in this thread. */
export class SenoneScorer {
  private readonly k = loadKernels();
  private top = 0;
  private readonly tables: number;
  private readonly weights: number;
  private readonly codebook: number;
  private readonly frames: number;
  private readonly topIndex: number;
  private readonly topScore: number;
  private readonly out: number;
  private readonly blocks: number;

  constructor(t: GaussianTables, readonly senones: Int32Array) {
    if (t.dims !== DIMS || t.densities !== 128 || t.streams !== 3) throw new Error('acoustic scorer: unsupported model shape');
    this.top = this.k.memory.buffer.byteLength;
    this.k.initLogAdd(this.reserve(64 * 24 * 4));
    this.blocks = t.codebooks * t.streams;
    const blockFloats = (2 * DIMS + 1) * t.densities;
    this.tables = this.reserve(this.blocks * blockFloats * 4);
    const tables = new Float32Array(this.k.memory.buffer, this.tables, this.blocks * blockFloats);
    for (let b = 0; b < this.blocks; b++) {
      for (let g = 0; g < t.densities; g++) {
        const gaussian = b * t.densities + g;
        for (let d = 0; d < DIMS; d++) {
          tables[b * blockFloats + d * t.densities + g] = t.mean[gaussian * DIMS + d];
          tables[b * blockFloats + (DIMS + d) * t.densities + g] = t.halfPrecision[gaussian * DIMS + d];
        }
        tables[b * blockFloats + 2 * DIMS * t.densities + g] = t.logNorm[gaussian];
      }
    }
    this.weights = this.reserve(senones.length * 3 * t.densities * 4);
    const weights = new Float32Array(this.k.memory.buffer, this.weights, senones.length * 3 * t.densities);
    this.codebook = this.reserve(senones.length * 4);
    const codebook = new Int32Array(this.k.memory.buffer, this.codebook, senones.length);
    senones.forEach((senone, i) => {
      weights.set(t.logWeight.subarray(senone * 3 * t.densities, (senone + 1) * 3 * t.densities), i * 3 * t.densities);
      codebook[i] = t.senoneCodebook[senone];
    });
    this.frames = this.reserve(BATCH_FRAMES * 3 * DIMS * 4);
    this.topIndex = this.reserve(BATCH_FRAMES * this.blocks * TOP * 4);
    this.topScore = this.reserve(BATCH_FRAMES * this.blocks * TOP * 4);
    this.out = this.reserve(BATCH_FRAMES * senones.length * 4);
  }

  private reserve(bytes: number): number {
    const pointer = (this.top + 15) & ~15;
    this.top = pointer + bytes;
    const have = this.k.memory.buffer.byteLength;
    if (this.top > have) this.k.memory.grow(Math.ceil((this.top - have) / 65536));
    return pointer;
  }

  /** Scores of every senone for frames [from, to) of `observations` (39 floats a frame) into `out`. */
  score(observations: Float32Array, from: number, to: number, out: Float32Array, outOffset = 0): void {
    const n = this.senones.length;
    for (let f = from; f < to; f += BATCH_FRAMES) {
      const count = Math.min(BATCH_FRAMES, to - f);
      new Float32Array(this.k.memory.buffer, this.frames, count * 3 * DIMS).set(observations.subarray(f * 3 * DIMS, (f + count) * 3 * DIMS));
      this.k.topGaussians(this.tables, this.blocks, this.frames, count, this.topIndex, this.topScore);
      this.k.senoneScores(this.weights, this.codebook, n, this.blocks, count, this.topIndex, this.topScore, this.out);
      out.set(new Float32Array(this.k.memory.buffer, this.out, count * n), outOffset + (f - from) * n);
    }
  }
}
