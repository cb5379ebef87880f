import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { GaussianTables } from './gmm.js';
import type { StateNetwork } from './network.js';
import { SearchHelper } from './searchHelper.js';
import { workerScript } from './workerScript.js';

/**
 * The acoustic engine's inner loops in WebAssembly (assembly/acoustic.ts, compiled at build time):
 * Gaussian scoring of frames, and Viterbi searches over state networks. The recording's
 * normalized senone scores live in the module's memory for the whole alignment, so searches read
 * them in place; networks and results are copied in and out per call.
 */
type SubsequenceKernel = (
  senone: number, selfLog: number, nextLog: number, arcStart: number, arcFrom: number, arcLog: number,
  word: number, initial: number, states: number, finals: number, finalCount: number,
  norm: number, senones: number, from: number, n: number, garbageLog: number,
  outTotal: number, outStart: number, outEmission: number, outFrames: number, work: number,
) => void;
/** The SIMD search also copies its state after frame `snapshotAt` of the window to `snapshot` (−1: never). */
export type SnapshotSubsequenceKernel = (...args: [...Parameters<SubsequenceKernel>, snapshotAt: number, snapshot: number]) => void;

export interface AcousticExports {
  memory: WasmMemory;
  initLogAdd(table: number): void;
  topGaussians(tables: number, blocks: number, frames: number, count: number, fullEvery: number, topIndex: number, topScore: number, blockList: number, listLength: number): void;
  senoneScores(weights: number, codebook: number, senones: number, blocks: number, count: number, topIndex: number, topScore: number, out: number): void;
  keepTopGaussians(blocks: number, count: number, topIndex: number, slots: number, kept: number): void;
  groupedSenoneScores(weights: number, padded: number, groups: number, groupCount: number, blocks: number, count: number, topIndex: number, topScore: number, out: number): void;
  storedTopGaussians(
    tables: number, blocks: number, frames: number, count: number, kept: number, slotA: number, slotB: number,
    blockList: number, listLength: number, topIndex: number, topScore: number,
  ): void;
  subsequence: SnapshotSubsequenceKernel;
  subsequenceScalar: SubsequenceKernel;
  subsequenceWorkBytes(states: number): number;
  subsequenceSnapshotBytes(states: number): number;
  forced: ForcedKernel;
  forcedScalar: ForcedKernel;
  forcedWorkBytes(states: number): number;
  forcedBackBytes(states: number, n: number): number;
}

type ForcedKernel = (
  senone: number, selfLog: number, nextLog: number, arcStart: number, arcFrom: number, arcLog: number,
  word: number, initial: number, states: number, finals: number, finalCount: number,
  norm: number, senones: number, from: number, n: number, garbageLog: number, maxRun: number,
  back: number, path: number, work: number,
) => number;

/** A WebAssembly memory (shared: its buffer is a SharedArrayBuffer). */
export interface WasmMemory {
  buffer: ArrayBufferLike;
  grow(pages: number): number;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const TOP = 4;
const DIMS = 13;
/**
 * Frames scored per call. Frames between full searches borrow their neighbours' Gaussians and a
 * batch's last frames are searched in full, so scores depend on where batches start: callers that
 * split a recording split it at multiples of this (see scoreObservations).
 */
export const BATCH_FRAMES = 256;
const PAGE = 65536;
const NONE = -1e30;

/** Most memory a module may grow to: 4 GiB, the 32-bit limit (only reserved, never committed, up front). */
const MAX_PAGES = 65536;

let compiled: object | null = null;
/** The compiled module (compiled once per thread). */
export function acousticModule(): object {
  if (!compiled) {
    for (const candidate of ['../../../wasm/acoustic.wasm', '../../../dist/wasm/acoustic.wasm']) {
      const path = fileURLToPath(new URL(candidate, import.meta.url));
      if (!existsSync(path)) continue;
      compiled = new wasm.Module(readFileSync(path));
      break;
    }
    if (!compiled) throw new Error('capsync: dist/wasm/acoustic.wasm is missing; run `npm run build`');
  }
  return compiled;
}

/**
 * An instance of the module on `memory`, or on a memory of its own. The memory is shared (a
 * SharedArrayBuffer): a search helper thread (searchHelper.ts) runs the same code on the same
 * scores, with no copy.
 */
export function instantiateAcoustic(memory: WasmMemory = newSharedMemory()): AcousticExports {
  return new wasm.Instance(acousticModule(), { env: { memory } }).exports as AcousticExports;
}

function newSharedMemory(): WasmMemory {
  return new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
}

/** Where a network's arrays were placed in the module's memory (AcousticKernels.placeNetwork). */
type PlacedNetwork = Record<'senone' | 'selfLog' | 'nextLog' | 'arcStart' | 'arcFrom' | 'arcLog' | 'word' | 'initial' | 'finals', number>;

/** Where a subsequence search writes its four per-end-frame outputs. */
interface SearchOutputs {
  total: number;
  start: number;
  emission: number;
  frames: number;
}

/** A region of the module's memory. */
interface Region {
  pointer: number;
  bytes: number;
}

/** Per-frame scores of a recording, kept in a kernel's memory. */
export interface FrameScores {
  frames: number;
  senones: number;
  /** Best CI senone log-likelihood per frame (the phone loop's frame score). */
  background: Float32Array;
  /** Each senone's log-likelihood minus the frame's background, `frames × senones` (a fresh view). */
  normalized(): Float32Array;
  /** Where the normalized scores sit in the kernel's memory (for the searches). */
  readonly pointer: number;
  readonly kernels: AcousticKernels;
  /**
   * The same recording on a coarse grid for whole-recording searches: COARSE_FACTOR frames pooled
   * into one, and one score per CI phone (its best state's, averaged over the pooled frames), so
   * a phone is one state here. Null on a coarse grid itself.
   */
  readonly coarse: FrameScores | null;
}

/**
 * How held scores are laid out beyond the model's senones. A pause between words is silence or
 * room noise, whichever fits: pause state k scores the best of the filler phones' state-k senones
 * (held as extra columns after the model's senones). On the coarse grid each CI phone is one
 * column, scoring its best state among `phoneStates[p]` (the pause columns for silence).
 */
export interface ScoreLayout {
  phoneStates: readonly (readonly number[])[];
  pauseStates: readonly (readonly number[])[];
}

/**
 * A per-dimension affine map of the observation vectors (adapt.ts FeatureTransform), applied to
 * each batch of frames as it is scored, so an adapted pass needs no second copy of the recording's
 * features: the same numbers as scoring applyTransform's output.
 */
export interface FeatureMap {
  scale: Float32Array;
  offset: Float32Array;
}

/** A recording's scores being filled in (AcousticKernels.beginScores). */
export interface ScoreSink {
  /**
   * Raw scores of frames [from, from + raw.length / senones), scored elsewhere (a worker thread),
   * with that thread's kept Gaussian choices when the sink keeps them (scoreRaw's KeepRequest).
   */
  put(from: number, raw: Float32Array, kept?: Uint8Array): void;
  /** Scores frames [from, to) of 39-dim observations here (under `map`, if given), one frame in `fullEvery` searched in full (see scoreRaw). */
  score(observations: Float32Array, from: number, to: number, fullEvery: number, map?: FeatureMap | null): void;
  /** Normalizes the scores where they lie; the sink is done. */
  finish(): FrameScores;
}

/** Keeping the full searches' Gaussian choices while scoring a slice (a worker's) of a recording. */
export interface KeepRequest {
  slots: FullSearchSlots;
  /** The slice's first frame in the recording. */
  frameOffset: number;
  /** Receives the choices of the slice's slots, in order (see AcousticKernels.keptSlots). */
  out: Uint8Array;
}

/**
 * A subsequence search over at least this many frames (on either grid) is split between this
 * thread and the search helper (splitSearch); shorter ones are not worth the hand-over.
 */
const SPLIT_MIN_FRAMES = 4000;
/**
 * The helper starts its half this many frames early, so that the paths through its first frame
 * are the same as one search's (checked, not assumed: see splitSearch). On tune-12's anchor
 * networks 300 coarse frames already sufficed.
 */
const SPLIT_LEAD_FRAMES = 1000;
/** Searches of windows shorter than this are not worth handing to the helper two at a time. */
const PAIR_MIN_FRAMES = 200;

/** Frames pooled per coarse frame (30 ms: a phone's shortest duration at 10 ms). */
export const COARSE_FACTOR = 3;

/**
 * Where the Gaussian choices of a recording's frames searched in full are kept (see
 * AcousticKernels.beginScores): in a batch of `count` frames topGaussians searches every
 * `fullEvery`-th frame in full, and the batch's tail, whose frames have no full search after them;
 * the frames between borrow from the full searches either side. Slots number the full frames in
 * recording order.
 */
export class FullSearchSlots {
  /** Slots of a whole batch. */
  private readonly perWholeBatch: number;
  readonly count: number;

  constructor(
    readonly frames: number,
    readonly fullEvery: number,
  ) {
    this.perWholeBatch = this.inBatch(BATCH_FRAMES);
    const batches = Math.floor(frames / BATCH_FRAMES);
    this.count = batches * this.perWholeBatch + this.inBatch(frames - batches * BATCH_FRAMES);
  }

  /** The first frame of a batch of `count` from which every frame is searched in full. */
  private tailStart(count: number): number {
    return Math.max(0, Math.ceil((count - this.fullEvery) / this.fullEvery) * this.fullEvery);
  }

  private inBatch(count: number): number {
    if (count <= 0) return 0;
    const tail = this.tailStart(count);
    return tail / this.fullEvery + (count - tail);
  }

  /** Frame `frame`'s slot, or −1 when it borrows from the full searches either side. */
  slot(frame: number): number {
    const batch = Math.floor(frame / BATCH_FRAMES);
    const i = frame - batch * BATCH_FRAMES;
    const tail = this.tailStart(Math.min(BATCH_FRAMES, this.frames - batch * BATCH_FRAMES));
    const base = batch * this.perWholeBatch;
    if (i >= tail) return base + tail / this.fullEvery + (i - tail);
    return i % this.fullEvery === 0 ? base + i / this.fullEvery : -1;
  }

  /** The slots frame `frame` takes its choices from: its own, or those of the full searches before and after it (−1: none). */
  sources(frame: number): [number, number] {
    const own = this.slot(frame);
    if (own >= 0) return [own, -1];
    const before = frame - ((frame % BATCH_FRAMES) % this.fullEvery);
    return [this.slot(before), this.slot(before + this.fullEvery)];
  }
}

/** A recording's kept Gaussian choices: `slots.count` rows of one byte per block and rank. */
interface KeptChoices {
  pointer: number;
  slots: FullSearchSlots;
}

export class AcousticKernels {
  private readonly k = instantiateAcoustic();
  /** Fixed at construction: log-add table, codebooks, weights, batch buffers. */
  private fixedTop: number;
  private scoresRegion: Region = { pointer: 0, bytes: 0 };
  /** The last contextScores window, after the held scores; kept until the next one or the next recording. */
  private windowRegion: Region = { pointer: 0, bytes: 0 };
  private readonly gaussians: GaussianTables;
  /** The held scores' Gaussian choices, when they were kept (beginScores); the last recording's. */
  private kept: KeptChoices | null = null;
  /** Per frame of a batch: a slot of the kept choices, and a second one (keepTopGaussians, storedTopGaussians). */
  private readonly batchSlots: number;
  private readonly batchSlotsB: number;
  private scratchTop = 0;
  private readonly tables: number;
  private readonly weights: number;
  private readonly codebook: number;
  private readonly frameBuffer: number;
  private readonly topIndex: number;
  private readonly topScore: number;
  private readonly outBuffer: number;
  private readonly blocks: number;
  /** Every block's id, 0 … blocks − 1 (the list topGaussians searches when scoring all senones). */
  private readonly allBlocks: number;
  readonly senones: number;
  private helper: SearchHelper | null = null;
  /**
   * What the search helper did: searches split between threads (splitSearch) and kept as split or
   * redone on one thread (their states disagreed at the split), pairs of searches run side by side
   * (subsequenceEach), and jobs the helper never took (this thread ran them).
   */
  readonly helperStats = { splitsKept: 0, splitsRedone: 0, pairs: 0, notTaken: 0 };

  constructor(t: GaussianTables, senoneIds: Int32Array) {
    if (t.dims !== DIMS || t.densities !== 128 || t.streams !== 3) throw new Error('acoustic kernels: unsupported model shape');
    this.fixedTop = this.k.memory.buffer.byteLength;
    this.gaussians = t;
    this.senones = senoneIds.length;
    this.k.initLogAdd(this.reserveFixed(64 * 24 * 4));
    this.blocks = t.codebooks * t.streams;
    const blockFloats = (2 * DIMS + 1) * t.densities;
    this.tables = this.reserveFixed(this.blocks * blockFloats * 4);
    this.weights = this.reserveFixed(senoneIds.length * 3 * t.densities * 4);
    this.codebook = this.reserveFixed(senoneIds.length * 4);
    this.frameBuffer = this.reserveFixed(BATCH_FRAMES * 3 * DIMS * 4);
    this.topIndex = this.reserveFixed(BATCH_FRAMES * this.blocks * TOP * 4);
    this.topScore = this.reserveFixed(BATCH_FRAMES * this.blocks * TOP * 4);
    this.outBuffer = this.reserveFixed(BATCH_FRAMES * senoneIds.length * 4);
    this.allBlocks = this.reserveFixed(this.blocks * 4);
    this.batchSlots = this.reserveFixed(BATCH_FRAMES * 4);
    this.batchSlotsB = this.reserveFixed(BATCH_FRAMES * 4);
    new Int32Array(this.k.memory.buffer, this.allBlocks, this.blocks).set(Int32Array.from({ length: this.blocks }, (_, b) => b));
    // Densities along the SIMD lanes: per (codebook, stream) block, the means of dimension d for
    // all densities, then the half-precisions, then the log normalizers.
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
    const weights = new Float32Array(this.k.memory.buffer, this.weights, senoneIds.length * 3 * t.densities);
    const codebook = new Int32Array(this.k.memory.buffer, this.codebook, senoneIds.length);
    senoneIds.forEach((senone, i) => {
      weights.set(t.logWeight.subarray(senone * 3 * t.densities, (senone + 1) * 3 * t.densities), i * 3 * t.densities);
      codebook[i] = t.senoneCodebook[senone];
    });
    this.scratchTop = this.fixedTop;
  }

  /** Bytes of one kept frame's Gaussian choices (a byte per block and rank). */
  get keptRowBytes(): number {
    return this.blocks * TOP;
  }

  private grow(end: number): void {
    const have = this.k.memory.buffer.byteLength;
    if (end > have) this.k.memory.grow(Math.ceil((end - have) / PAGE));
  }

  private reserveFixed(bytes: number): number {
    const pointer = (this.fixedTop + 15) & ~15;
    this.fixedTop = pointer + bytes;
    this.grow(this.fixedTop);
    return pointer;
  }

  /** Scratch space for one call, after the scores; forgotten by the next call. */
  private scratch(bytes: number): number {
    const pointer = (this.scratchTop + 15) & ~15;
    this.scratchTop = pointer + bytes;
    this.grow(this.scratchTop);
    return pointer;
  }

  private resetScratch(): void {
    this.scratchTop = Math.max(this.scoresRegion.pointer + this.scoresRegion.bytes, this.windowRegion.pointer + this.windowRegion.bytes);
    if (this.scratchTop === 0) this.scratchTop = this.fixedTop;
  }

  /**
   * Raw senone log-likelihoods of frames [from, to) of 39-dim observations, into `out`. One frame
   * in `fullEvery` has its best Gaussians searched among all of each codebook's; the frames between
   * take theirs from the nearest full searches either side (1: every frame in full).
   */
  scoreRaw(observations: Float32Array, from: number, to: number, out: Float32Array, fullEvery: number, keep?: KeepRequest, map?: FeatureMap | null): void {
    const n = this.senones;
    const row = this.blocks * TOP;
    // Kept choices go to a buffer here first: slots [first, …) of the recording, in order.
    const first = keep ? keep.slots.slot(keep.frameOffset + from) : 0;
    const keptBuffer = keep ? this.scratch(keep.out.length) : 0;
    for (let f = from; f < to; f += BATCH_FRAMES) {
      const count = Math.min(BATCH_FRAMES, to - f);
      this.scoreBatch(observations, f, count, fullEvery, map);
      if (keep) this.keepBatch(keep.slots, keep.frameOffset + f, count, keptBuffer, first);
      out.set(new Float32Array(this.k.memory.buffer, this.outBuffer, count * n), (f - from) * n);
    }
    if (keep) keep.out.set(new Uint8Array(this.k.memory.buffer, keptBuffer, keep.out.length));
    if (keep && keep.out.length !== (keep.slots.slot(keep.frameOffset + to - 1) + 1 - first) * row) throw new Error('acoustic kernels: kept choices of the wrong size');
  }

  /** The slots of recording frames [from, to) (on the batch grid) that kept choices fill: [first, end). */
  static keptSlots(slots: FullSearchSlots, from: number, to: number): { first: number; end: number } {
    return { first: slots.slot(from), end: to >= slots.frames ? slots.count : slots.slot(to) };
  }

  /** Keeps the full searches' choices of the batch just scored (recording frames [from, from + count)) at `target`, slot `base` first. */
  private keepBatch(slots: FullSearchSlots, from: number, count: number, target: number, base: number): void {
    const batchSlots = new Int32Array(this.k.memory.buffer, this.batchSlots, count);
    for (let i = 0; i < count; i++) {
      const slot = slots.slot(from + i);
      batchSlots[i] = slot < 0 ? -1 : slot - base;
    }
    this.k.keepTopGaussians(this.blocks, count, this.topIndex, this.batchSlots, target);
  }

  /**
   * Keep a recording's scores (raw log-likelihoods, `frames × senones`) for searching: each row is
   * normalized by its best value, which becomes the frame's background.
   */
  holdScores(raw: Float32Array, frames: number, layout: ScoreLayout): FrameScores {
    const sink = this.beginScores(frames, layout);
    sink.put(0, raw);
    return sink.finish();
  }

  /**
   * Room for a recording's scores in this kernel's memory, filled in place by slices (scored here
   * or elsewhere), then normalized where they lie: no second copy of the whole recording's scores
   * is ever held. The last region is forgotten.
   */
  beginScores(frames: number, layout: ScoreLayout, keepFullEvery?: number): ScoreSink {
    const modelSenones = this.senones;
    // Held rows: the model's senones, then one pseudo-senone per pause state (see ScoreLayout).
    const n = modelSenones + layout.pauseStates.length;
    const coarseFrames = Math.floor(frames / COARSE_FACTOR);
    const pointer = (this.fixedTop + 15) & ~15;
    const coarsePointer = (pointer + frames * n * 4 + 15) & ~15;
    const coarseEnd = coarsePointer + coarseFrames * layout.phoneStates.length * 4;
    // The Gaussian choices of the frames searched in full, kept so that contextScores can weigh
    // any senone on the very Gaussians these scores were weighed on (a byte per block and rank).
    const row = this.blocks * TOP;
    const slots = keepFullEvery === undefined ? null : new FullSearchSlots(frames, keepFullEvery);
    const keptPointer = (coarseEnd + 15) & ~15;
    this.scoresRegion = { pointer, bytes: (slots ? keptPointer + slots.count * row : coarseEnd) - pointer };
    this.kept = slots ? { pointer: keptPointer, slots } : null;
    this.windowRegion = { pointer: 0, bytes: 0 };
    this.grow(this.scoresRegion.pointer + this.scoresRegion.bytes);
    this.resetScratch();
    // Raw rows go to the first `modelSenones` columns of their held rows.
    const placeRows = (from: number, raw: Float32Array): void => {
      const count = raw.length / modelSenones;
      if (from < 0 || from + count > frames) throw new Error('acoustic kernels: scores outside the recording');
      const held = new Float32Array(this.k.memory.buffer, pointer, frames * n);
      for (let i = 0; i < count; i++) held.set(raw.subarray(i * modelSenones, (i + 1) * modelSenones), (from + i) * n);
    };
    const put = (from: number, raw: Float32Array, kept?: Uint8Array): void => {
      placeRows(from, raw);
      if (slots) {
        if (!kept) throw new Error('acoustic kernels: scores without their Gaussian choices');
        new Uint8Array(this.k.memory.buffer, keptPointer + slots.slot(from) * row, kept.length).set(kept);
      }
    };
    return {
      put,
      score: (observations, from, to, fullEvery, map) => {
        if (slots && fullEvery !== slots.fullEvery) throw new Error('acoustic kernels: scored with another full-search spacing than kept');
        for (let f = from; f < to; f += BATCH_FRAMES) {
          const count = Math.min(BATCH_FRAMES, to - f);
          this.scoreBatch(observations, f, count, fullEvery, map);
          if (slots) this.keepBatch(slots, f, count, keptPointer, 0);
          placeRows(f, new Float32Array(this.k.memory.buffer, this.outBuffer, count * modelSenones));
        }
      },
      finish: () => this.normalizeHeld(frames, layout, pointer, coarsePointer),
    };
  }

  /** Frames [f, f + count) of the observations into the frame buffer, under `map` if given (as adapt.ts applyTransform computes it). */
  private loadFrames(observations: Float32Array, f: number, count: number, map?: FeatureMap | null): void {
    const frames = new Float32Array(this.k.memory.buffer, this.frameBuffer, count * 3 * DIMS);
    const from = f * 3 * DIMS;
    if (!map) {
      frames.set(observations.subarray(from, from + count * 3 * DIMS));
      return;
    }
    const dims = map.scale.length;
    for (let i = 0; i < count * 3 * DIMS; i++) {
      const dim = (from + i) % dims;
      frames[i] = map.scale[dim] * observations[from + i] + map.offset[dim];
    }
  }

  /** One batch of frames scored into the output buffer. */
  private scoreBatch(observations: Float32Array, f: number, count: number, fullEvery: number, map?: FeatureMap | null): void {
    if (!Number.isInteger(fullEvery) || fullEvery < 1) throw new Error(`acoustic kernels: a full search every ${fullEvery} frames`);
    this.loadFrames(observations, f, count, map);
    this.k.topGaussians(this.tables, this.blocks, this.frameBuffer, count, fullEvery, this.topIndex, this.topScore, this.allBlocks, this.blocks);
    this.k.senoneScores(this.weights, this.codebook, this.senones, this.blocks, count, this.topIndex, this.topScore, this.outBuffer);
  }

  /**
   * Scores of any of the model's senones (context-dependent ones too, which the held scores lack)
   * over frames [from, to) of the observations `held` was scored from (under the same `map`): each normalized by the
   * frame's background in `held`, followed by `held`'s pause columns, as a FrameScores of its own
   * whose frame 0 is `from` (column j is `senoneIds[j]`, then the pauses). It stays valid until the
   * next call or the next recording's scores; searches on `held` may run meanwhile.
   */
  contextScores(observations: Float32Array, from: number, to: number, senoneIds: Int32Array, held: FrameScores, fullEvery: number, map?: FeatureMap | null): FrameScores {
    if (from < 0 || to > held.frames || to <= from) throw new Error('acoustic kernels: context scores outside the recording');
    const t = this.gaussians;
    const count = to - from;
    const n = senoneIds.length;
    const pauses = held.senones - this.senones;
    const columns = n + pauses;
    // The senones in groups by codebook, each padded to a multiple of four, their weights laid out
    // stream by density by senone (groupedSenoneScores loads four senones' weights at once).
    const byCodebook = new Map<number, number[]>();
    senoneIds.forEach((senone, j) => {
      const cb = t.senoneCodebook[senone];
      const group = byCodebook.get(cb);
      if (group) group.push(j);
      else byCodebook.set(cb, [j]);
    });
    const groups: number[] = [];
    const order: number[] = [];
    /** Column j's place among the padded senones. */
    const place = new Int32Array(n);
    for (const [cb, members] of byCodebook) {
      const size = Math.ceil(members.length / 4) * 4;
      groups.push(cb, order.length, size);
      members.forEach((j, k) => (place[j] = order.length + k));
      for (let k = 0; k < size; k++) order.push(senoneIds[members[Math.min(k, members.length - 1)]]);
    }
    const padded = order.length;
    this.windowRegion = { pointer: 0, bytes: 0 };
    this.resetScratch();
    const matrix = this.scratch(count * columns * 4);
    const weights = this.scratch(3 * t.densities * padded * 4);
    const groupTable = this.scratch(groups.length * 4);
    const out = this.scratch(BATCH_FRAMES * padded * 4);
    // Only the codebooks of these senones' phones are searched (their three streams each).
    const codebooks = [...byCodebook.keys()];
    const blockList = this.scratch(codebooks.length * 3 * 4);
    this.windowRegion = { pointer: matrix, bytes: this.scratchTop - matrix };
    const buffer = this.k.memory.buffer;
    const weightView = new Float32Array(buffer, weights, 3 * t.densities * padded);
    for (let p = 0; p < padded; p++) {
      const base = order[p] * 3 * t.densities;
      for (let k = 0; k < 3 * t.densities; k++) weightView[k * padded + p] = t.logWeight[base + k];
    }
    new Int32Array(buffer, groupTable, groups.length).set(groups);
    new Int32Array(buffer, blockList, codebooks.length * 3).set(codebooks.flatMap((cb) => [cb * 3, cb * 3 + 1, cb * 3 + 2]));
    const rows = new Float32Array(buffer, matrix, count * columns);
    const heldRows = held.normalized();
    const raw = new Float32Array(buffer, out, BATCH_FRAMES * padded);
    // Each frame's Gaussians as the held scores chose them, so the senones are weighed on the same
    // Gaussians as the background they are normalized by: the kept choices, scored again (exactly
    // the same numbers), or, where none were kept, a search again on the recording's batch grid.
    const kept = this.kept && held.pointer === this.scoresRegion.pointer && this.kept.slots.fullEvery === fullEvery && this.kept.slots.frames === held.frames ? this.kept : null;
    const slotA = new Int32Array(buffer, this.batchSlots, BATCH_FRAMES);
    const slotB = new Int32Array(buffer, this.batchSlotsB, BATCH_FRAMES);
    const start = kept ? from : from - (from % BATCH_FRAMES);
    for (let f = start; f < to; f += BATCH_FRAMES) {
      const c = Math.min(BATCH_FRAMES, (kept ? to : held.frames) - f);
      this.loadFrames(observations, f, c, map);
      if (kept) {
        for (let i = 0; i < c; i++) [slotA[i], slotB[i]] = kept.slots.sources(f + i);
        this.k.storedTopGaussians(this.tables, this.blocks, this.frameBuffer, c, kept.pointer, this.batchSlots, this.batchSlotsB, blockList, codebooks.length * 3, this.topIndex, this.topScore);
      } else {
        this.k.topGaussians(this.tables, this.blocks, this.frameBuffer, c, fullEvery, this.topIndex, this.topScore, blockList, codebooks.length * 3);
      }
      this.k.groupedSenoneScores(weights, padded, groupTable, groups.length / 3, this.blocks, c, this.topIndex, this.topScore, out);
      for (let i = Math.max(0, from - f); i < Math.min(c, to - f); i++) {
        const frame = f + i;
        const row = (frame - from) * columns;
        const background = held.background[frame];
        for (let j = 0; j < n; j++) rows[row + j] = raw[i * padded + place[j]] - background;
        for (let k = 0; k < pauses; k++) rows[row + n + k] = heldRows[frame * held.senones + this.senones + k];
      }
    }
    return {
      frames: count,
      senones: columns,
      background: held.background.slice(from, to),
      pointer: matrix,
      kernels: this,
      normalized: () => new Float32Array(this.k.memory.buffer, matrix, count * columns),
      coarse: null,
    };
  }

  /** Normalizes raw rows in place by their best senone, adds the pause columns and the coarse grid. */
  private normalizeHeld(frames: number, layout: ScoreLayout, pointer: number, coarsePointer: number): FrameScores {
    const modelSenones = this.senones;
    const pauses = layout.pauseStates.length;
    const n = modelSenones + pauses;
    const phoneSenones = layout.phoneStates;
    const phones = phoneSenones.length;
    const coarseFrames = Math.floor(frames / COARSE_FACTOR);
    const held = new Float32Array(this.k.memory.buffer, pointer, frames * n);
    const background = new Float32Array(frames);
    for (let t = 0; t < frames; t++) {
      const row = t * n;
      let best = -Infinity;
      for (let s = 0; s < modelSenones; s++) if (held[row + s] > best) best = held[row + s];
      background[t] = best;
      for (let s = 0; s < modelSenones; s++) held[row + s] -= best;
      for (let k = 0; k < pauses; k++) {
        let pause = -Infinity;
        for (const sen of layout.pauseStates[k]) if (held[row + sen] > pause) pause = held[row + sen];
        held[row + modelSenones + k] = pause;
      }
    }
    const coarse = new Float32Array(this.k.memory.buffer, coarsePointer, coarseFrames * phones);
    const coarseBackground = new Float32Array(coarseFrames);
    for (let c = 0; c < coarseFrames; c++) {
      for (let p = 0; p < phones; p++) {
        let sum = 0;
        for (let k = 0; k < COARSE_FACTOR; k++) {
          const row = (c * COARSE_FACTOR + k) * n;
          let best = -Infinity;
          for (const sen of phoneSenones[p]) if (held[row + sen] > best) best = held[row + sen];
          sum += best;
        }
        coarse[c * phones + p] = sum / COARSE_FACTOR;
      }
      let bg = 0;
      for (let k = 0; k < COARSE_FACTOR; k++) bg += background[c * COARSE_FACTOR + k];
      coarseBackground[c] = bg / COARSE_FACTOR;
    }
    const memory = this.k.memory;
    return {
      frames,
      senones: n,
      background,
      pointer,
      kernels: this,
      normalized: () => new Float32Array(memory.buffer, pointer, frames * n),
      coarse: {
        frames: coarseFrames,
        senones: phones,
        background: coarseBackground,
        pointer: coarsePointer,
        kernels: this,
        normalized: () => new Float32Array(memory.buffer, coarsePointer, coarseFrames * phones),
        coarse: null,
      },
    };
  }

  private placeNetwork(net: StateNetwork): PlacedNetwork {
    const S = net.size;
    const put = (values: Int32Array | Float32Array): number => {
      // At least one slot: a network with no extra arcs still has an (empty) arc list to point at.
      const p = this.scratch(Math.max(1, values.length) * 4);
      if (values instanceof Int32Array) new Int32Array(this.k.memory.buffer, p, values.length).set(values);
      else new Float32Array(this.k.memory.buffer, p, values.length).set(values);
      return p;
    };
    const senone = put(net.senone);
    const selfLog = put(net.selfLog);
    const nextLog = put(net.nextLog);
    const arcStart = put(net.arcStart);
    const arcFrom = put(net.arcFrom);
    const arcLog = put(net.arcLog);
    const word = put(net.word);
    const initial = this.scratch(S);
    const init = new Uint8Array(this.k.memory.buffer, initial, S);
    init.fill(0);
    for (const s of net.initials) init[s] = 1;
    const finals = this.scratch(net.finals.length * 4);
    new Int32Array(this.k.memory.buffer, finals, net.finals.length).set(net.finals);
    return { senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, initial, finals };
  }

  /** Room for a subsequence search's four outputs over `n` end frames. */
  private searchOutputs(n: number): SearchOutputs {
    return { total: this.scratch(n * 4), start: this.scratch(n * 4), emission: this.scratch(n * 4), frames: this.scratch(n * 4) };
  }

  /** The search kernels' leading arguments (subsequence and forced): the placed network and the held scores. */
  private static networkArgs(p: PlacedNetwork, net: StateNetwork, fs: FrameScores): number[] {
    return [p.senone, p.selfLog, p.nextLog, p.arcStart, p.arcFrom, p.arcLog, p.word, p.initial, net.size, p.finals, net.finals.length, fs.pointer, fs.senones];
  }

  /**
   * See `subsequence` in assembly/acoustic.ts. `reference` runs its state-by-state twin instead
   * (the tests hold the SIMD search to it).
   */
  subsequence(net: StateNetwork, fs: FrameScores, from: number, to: number, garbageLog: number, reference = false): SubsequenceResult {
    this.resetScratch();
    const n = Math.max(0, to - from);
    const p = this.placeNetwork(net);
    const out = this.searchOutputs(n);
    const head = AcousticKernels.networkArgs(p, net, fs);
    if (reference) {
      const work = this.scratch(8 * net.size * 4);
      (this.k.subsequenceScalar as (...args: number[]) => void)(...head, from, n, garbageLog, out.total, out.start, out.emission, out.frames, work);
    } else if (!(this.helper && n >= SPLIT_MIN_FRAMES && this.splitSearch(head, net.size, from, n, garbageLog, out))) {
      const work = this.scratch(this.k.subsequenceWorkBytes(net.size));
      this.search([...head, from, n, garbageLog, out.total, out.start, out.emission, out.frames, work, -1, 0]);
    }
    return this.readResult(out, n);
  }

  /**
   * Several subsequence searches of the same window (an impostor test's shuffles): with the search
   * helper, two at a time, one on each thread; the results are those of `subsequence` for each.
   */
  subsequenceEach(nets: readonly StateNetwork[], fs: FrameScores, from: number, to: number, garbageLog: number): SubsequenceResult[] {
    if (!this.helper || to - from < PAIR_MIN_FRAMES) return nets.map((net) => this.subsequence(net, fs, from, to, garbageLog));
    const n = Math.max(0, to - from);
    const results: SubsequenceResult[] = [];
    for (let i = 0; i < nets.length; i += 2) {
      if (i + 1 === nets.length) {
        results.push(this.subsequence(nets[i], fs, from, to, garbageLog));
        break;
      }
      this.resetScratch();
      const jobs = [nets[i], nets[i + 1]].map((net) => {
        const p = this.placeNetwork(net);
        const out = this.searchOutputs(n);
        const work = this.scratch(this.k.subsequenceWorkBytes(net.size));
        const args = [...AcousticKernels.networkArgs(p, net, fs), from, n, garbageLog, out.total, out.start, out.emission, out.frames, work, -1, 0];
        return { out, args };
      });
      this.searchBeside(jobs[0].args, jobs[1].args);
      this.helperStats.pairs++;
      for (const { out } of jobs) results.push(this.readResult(out, n));
    }
    return results;
  }

  /** The SIMD subsequence kernel on an argument list (the list the helper takes too). */
  private search(args: readonly number[]): void {
    (this.k.subsequence as (...a: number[]) => void)(...args);
  }

  /** `mine` on this thread while the helper runs `theirs`; `theirs` runs here too if the helper never took it. */
  private searchBeside(mine: readonly number[], theirs: readonly number[]): void {
    const helper = this.helper!;
    helper.post(theirs);
    this.search(mine);
    helper.finish(() => {
      this.helperStats.notTaken++;
      this.search(theirs);
    });
  }

  private readResult(out: SearchOutputs, n: number): SubsequenceResult {
    const buffer = this.k.memory.buffer;
    return {
      total: Float32Array.from(new Float32Array(buffer, out.total, n)),
      start: Int32Array.from(new Int32Array(buffer, out.start, n)),
      emission: Float32Array.from(new Float32Array(buffer, out.emission, n)),
      wordFrames: Int32Array.from(new Int32Array(buffer, out.frames, n)),
    };
  }

  /**
   * One subsequence search on two threads: this one searches the window's first half, the helper
   * the second half from SPLIT_LEAD_FRAMES before it. Each path the helper misses starts before its
   * lead, and the search's whole state at the last frame of the first half tells whether any does:
   * where the helper's state there equals this thread's, every frame after it is the same as one
   * search would give (each frame's state depends only on the frame before), and the helper's
   * second half is kept. Where it differs, false: the caller searches the window on one thread.
   */
  private splitSearch(
    head: readonly number[], states: number, from: number, n: number, garbageLog: number,
    out: SearchOutputs,
  ): boolean {
    const half = n >> 1;
    const helperFrom = half - SPLIT_LEAD_FRAMES;
    const helperN = n - helperFrom;
    const theirs = this.searchOutputs(helperN);
    const snapshotBytes = this.k.subsequenceSnapshotBytes(states);
    const theirSnapshot = this.scratch(snapshotBytes);
    const mySnapshot = this.scratch(snapshotBytes);
    const theirWork = this.scratch(this.k.subsequenceWorkBytes(states));
    const myWork = this.scratch(this.k.subsequenceWorkBytes(states));
    this.searchBeside(
      [...head, from, half, garbageLog, out.total, out.start, out.emission, out.frames, myWork, half - 1, mySnapshot],
      [...head, from + helperFrom, helperN, garbageLog, theirs.total, theirs.start, theirs.emission, theirs.frames, theirWork, SPLIT_LEAD_FRAMES - 1, theirSnapshot],
    );
    // Four rows (score, start, emission, frame count), each padded to the SIMD width; the padding
    // is no state of the network.
    const row = snapshotBytes / 16;
    const mine = new Int32Array(this.k.memory.buffer, mySnapshot, 4 * row);
    const their = new Int32Array(this.k.memory.buffer, theirSnapshot, 4 * row);
    for (let r = 0; r < 4; r++) {
      for (let i = r * row; i < r * row + states; i++) {
        if (mine[i] !== their[i]) {
          this.helperStats.splitsRedone++;
          return false;
        }
      }
    }
    this.helperStats.splitsKept++;
    const bytes = new Uint8Array(this.k.memory.buffer);
    for (const key of ['total', 'start', 'emission', 'frames'] as const) {
      bytes.copyWithin(out[key] + half * 4, theirs[key] + SPLIT_LEAD_FRAMES * 4, theirs[key] + helperN * 4);
    }
    return true;
  }

  /**
   * Starts a helper thread for the long searches (searchHelper.ts), where the machine has a second
   * core and the compiled worker script exists; stopSearchHelper ends it.
   */
  startSearchHelper(): void {
    if (this.helper || availableParallelism() < 2) return;
    const script = workerScript('searchWorker');
    if (script) this.helper = new SearchHelper(acousticModule(), this.k.memory, script);
  }

  stopSearchHelper(): void {
    this.helper?.stop();
    this.helper = null;
  }

  /**
   * See `forced` in assembly/acoustic.ts; null when no path fits the window. A word state is held
   * at most `maxRunFrames` frames in a row (0: no limit). `reference` runs its state-by-state twin
   * instead (the tests hold the SIMD alignment to it).
   */
  forced(net: StateNetwork, fs: FrameScores, from: number, to: number, garbageLog: number, maxRunFrames = 0, reference = false): { path: Int32Array; score: number } | null {
    this.resetScratch();
    const n = to - from;
    if (n <= 0) return null;
    const p = this.placeNetwork(net);
    const back = this.scratch(reference ? net.size * n : this.k.forcedBackBytes(net.size, n));
    const path = this.scratch(n * 4);
    const work = this.scratch(reference ? 4 * net.size * 4 : this.k.forcedWorkBytes(net.size));
    const kernel = (reference ? this.k.forcedScalar : this.k.forced) as (...args: number[]) => number;
    const score = kernel(...AcousticKernels.networkArgs(p, net, fs), from, n, garbageLog, maxRunFrames, back, path, work);
    if (score <= NONE / 2) return null;
    return { path: Int32Array.from(new Int32Array(this.k.memory.buffer, path, n)), score };
  }
}

export interface SubsequenceResult {
  /** Per end frame: the best path's total score (−1e30 where none ends). */
  total: Float32Array;
  /** Its start frame (−1 where none). */
  start: Int32Array;
  /** Emission score and frame count of its word states. */
  emission: Float32Array;
  wordFrames: Int32Array;
}
