/**
 * Readers for the Sphinx-3 acoustic model files that the `soundswallower` npm package ships
 * (`model/en-us`, `model/fr-fr`): the binary model definition (`mdef`), Gaussian codebooks
 * (`means`, `variances`), quantized mixture weights (`sendump`) and HMM transition matrices.
 * Written from the file layouts; only what capsync's own scorer and aligner need is kept.
 */

/** A cursor over a little-endian buffer. */
class Reader {
  offset = 0;
  constructor(readonly bytes: Buffer, readonly name: string) {}
  int32(): number {
    if (this.offset + 4 > this.bytes.length) throw new Error(`${this.name}: truncated`);
    const value = this.bytes.readInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
  float32s(count: number): Float32Array {
    const end = this.offset + count * 4;
    if (end > this.bytes.length) throw new Error(`${this.name}: truncated`);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.bytes.readFloatLE(this.offset + i * 4);
    this.offset = end;
    return out;
  }
  /** The text header of an s3 file ("s3\n", "key value" lines, "endhdr\n") and its byte-order mark. */
  s3Header(): Map<string, string> {
    const text = this.bytes.toString('latin1', 0, Math.min(this.bytes.length, 4096));
    if (!text.startsWith('s3\n')) throw new Error(`${this.name}: not an s3 file`);
    const end = text.indexOf('endhdr\n');
    if (end < 0) throw new Error(`${this.name}: no end of header`);
    const fields = new Map<string, string>();
    for (const line of text.slice(3, end).split('\n')) {
      const [key, ...rest] = line.trim().split(/\s+/);
      if (key) fields.set(key, rest.join(' '));
    }
    this.offset = end + 'endhdr\n'.length;
    if (this.int32() !== 0x11223344) throw new Error(`${this.name}: big-endian model files are not supported`);
    return fields;
  }
}

export interface ModelDefinition {
  /** Context-independent phone names; a phone's index is its id. */
  ciPhones: string[];
  /** Per CI phone: is it a filler (silence, noise)? */
  filler: boolean[];
  silence: number;
  emittingStates: number;
  ciSenones: number;
  senones: number;
  /** Per phone (CI first, then triphones): its senone sequence id and transition matrix. */
  phoneSequence: Int32Array;
  phoneTransition: Int32Array;
  /** Per phone: its base CI phone. */
  phoneBase: Int32Array;
  /** Senone sequences, `emittingStates` senone ids each. */
  sequences: Uint16Array;
  /** The triphone tree: per node [context, children, child-or-phone]. */
  treeContext: Int16Array;
  treeChildren: Int16Array;
  treeLink: Int32Array;
}

/** Word positions, as the model's triphones are keyed. */
export const enum WordPosition {
  Internal = 0,
  Begin = 1,
  End = 2,
  Single = 3,
}

export function readModelDefinition(bytes: Buffer): ModelDefinition {
  const r = new Reader(bytes, 'mdef');
  if (bytes.toString('latin1', 0, 4) !== 'BMDF') throw new Error('mdef: not a binary model definition');
  r.offset = 4;
  r.int32(); // format version
  const descriptionLength = r.int32();
  r.offset += descriptionLength;
  const ciCount = r.int32();
  const phoneCount = r.int32();
  const emittingStates = r.int32();
  const ciSenones = r.int32();
  const senones = r.int32();
  r.int32(); // transition matrices
  const sequenceCount = r.int32();
  r.int32(); // context width
  const treeNodes = r.int32();
  const silence = r.int32();
  if (emittingStates <= 0) throw new Error('mdef: phones with different state counts are not supported');
  const namesStart = r.offset;
  const ciPhones: string[] = [];
  let at = namesStart;
  for (let i = 0; i < ciCount; i++) {
    const end = bytes.indexOf(0, at);
    ciPhones.push(bytes.toString('latin1', at, end));
    at = end + 1;
  }
  const treeStart = namesStart + ((at - namesStart + 3) & ~3);
  const treeContext = new Int16Array(treeNodes);
  const treeChildren = new Int16Array(treeNodes);
  const treeLink = new Int32Array(treeNodes);
  for (let i = 0; i < treeNodes; i++) {
    const o = treeStart + i * 8;
    treeContext[i] = bytes.readInt16LE(o);
    treeChildren[i] = bytes.readInt16LE(o + 2);
    treeLink[i] = bytes.readInt32LE(o + 4);
  }
  const phonesStart = treeStart + treeNodes * 8;
  const phoneSequence = new Int32Array(phoneCount);
  const phoneTransition = new Int32Array(phoneCount);
  const phoneBase = new Int32Array(phoneCount);
  const filler: boolean[] = [];
  for (let p = 0; p < phoneCount; p++) {
    const o = phonesStart + p * 12;
    phoneSequence[p] = bytes.readInt32LE(o);
    phoneTransition[p] = bytes.readInt32LE(o + 4);
    if (p < ciCount) {
      phoneBase[p] = p;
      filler.push(bytes[o + 8] !== 0);
    } else {
      phoneBase[p] = bytes[o + 9];
    }
  }
  const sequencesStart = phonesStart + phoneCount * 12;
  const sequenceValues = bytes.readInt32LE(sequencesStart);
  if (sequenceValues !== sequenceCount * emittingStates) throw new Error('mdef: senone sequence table has the wrong size');
  const sequences = new Uint16Array(sequenceValues);
  for (let i = 0; i < sequenceValues; i++) sequences[i] = bytes.readUInt16LE(sequencesStart + 4 + i * 2);
  return {
    ciPhones, filler, silence, emittingStates, ciSenones, senones,
    phoneSequence, phoneTransition, phoneBase, sequences, treeContext, treeChildren, treeLink,
  };
}

/**
 * The triphone of `base` between `left` and `right` at a word position, or -1 when the model has
 * none (fillers on either side count as silence, as the model was trained).
 */
export function triphoneId(m: ModelDefinition, base: number, left: number, right: number, position: WordPosition): number {
  const context = [position, base, m.filler[left] ? m.silence : left, m.filler[right] ? m.silence : right];
  let node = 0;
  let count = 4; // the first level: one node per word position
  for (let level = 0; level < 4; level++) {
    let found = -1;
    for (let i = 0; i < count; i++) {
      if (m.treeContext[node + i] === context[level]) {
        found = node + i;
        break;
      }
    }
    if (found < 0) return -1;
    if (m.treeChildren[found] === 0) return m.treeLink[found];
    count = m.treeChildren[found];
    node = m.treeLink[found];
  }
  return -1;
}

export interface Codebooks {
  codebooks: number;
  streams: number;
  densities: number;
  /** Dimensions per stream. */
  streamDims: number[];
  /** [codebook][stream][density][dim], streams concatenated per density block. */
  values: Float32Array;
}

export function readCodebooks(bytes: Buffer, name: string): Codebooks {
  const r = new Reader(bytes, name);
  r.s3Header();
  const codebooks = r.int32();
  const streams = r.int32();
  const densities = r.int32();
  const streamDims: number[] = [];
  for (let i = 0; i < streams; i++) streamDims.push(r.int32());
  const count = r.int32();
  const block = streamDims.reduce((a, b) => a + b, 0);
  if (count !== codebooks * densities * block) throw new Error(`${name}: size does not match its header`);
  return { codebooks, streams, densities, streamDims, values: r.float32s(count) };
}

export interface MixtureWeights {
  senones: number;
  streams: number;
  densities: number;
  /** -log weight in natural-log units, [stream][density][senone]. */
  negLog: Float32Array;
}

/** Units of the quantized weights: pocketsphinx's log base 1.0001, shifted right by 10 bits. */
const SENDUMP_UNIT_NATS = 1024 * Math.log(1.0001);

export function readMixtureWeights(bytes: Buffer, expectedSenones: number, streams: number, densities: number): MixtureWeights {
  const r = new Reader(bytes, 'sendump');
  let clusters = 0;
  let bits = 8;
  let senones = expectedSenones;
  // A title, a header, then more strings until one of length 0.
  for (let index = 0; ; index++) {
    const length = r.int32();
    if (length === 0) break;
    if (length < 0 || length > 100_000) throw new Error('sendump: bad header');
    const text = bytes.toString('latin1', r.offset, r.offset + length - 1);
    r.offset += length;
    const field = /^(\w+) (\d+)/.exec(text);
    if (index >= 2 && field) {
      if (field[1] === 'cluster_count') clusters = Number(field[2]);
      if (field[1] === 'cluster_bits') bits = Number(field[2]);
      if (field[1] === 'model_count') senones = Number(field[2]);
    }
  }
  let columns = senones;
  if (clusters === 0) {
    r.int32(); // rows
    columns = r.int32();
  }
  if (columns !== expectedSenones) throw new Error(`sendump: ${columns} senones, the model definition has ${expectedSenones}`);
  let table: Uint8Array | null = null;
  if (clusters) {
    const n = clusters === 15 ? 16 : clusters;
    table = bytes.subarray(r.offset, r.offset + n);
    r.offset += n;
  }
  const negLog = new Float32Array(streams * densities * senones);
  const step = bits === 4 ? (senones + 1) >> 1 : senones;
  for (let f = 0; f < streams; f++) {
    for (let d = 0; d < densities; d++) {
      const row = r.offset;
      r.offset += step;
      if (r.offset > bytes.length) throw new Error('sendump: truncated');
      const out = (f * densities + d) * senones;
      for (let s = 0; s < senones; s++) {
        let q = bits === 4 ? (s & 1 ? bytes[row + (s >> 1)] >> 4 : bytes[row + (s >> 1)] & 15) : bytes[row + s];
        if (table) q = table[q];
        negLog[out + s] = q * SENDUMP_UNIT_NATS;
      }
    }
  }
  return { senones, streams, densities, negLog };
}

/** Log transition probabilities, [matrix][from state][to state], to-state `states` is the exit. */
export interface Transitions {
  matrices: number;
  states: number;
  logProb: Float32Array;
}

export function readTransitions(bytes: Buffer, floor = 1e-4): Transitions {
  const r = new Reader(bytes, 'transition_matrices');
  r.s3Header();
  const matrices = r.int32();
  const rows = r.int32();
  const columns = r.int32();
  const count = r.int32();
  if (count !== matrices * rows * columns || columns !== rows + 1) throw new Error('transition_matrices: unexpected shape');
  const raw = r.float32s(count);
  const logProb = new Float32Array(count);
  for (let m = 0; m < matrices; m++) {
    for (let i = 0; i < rows; i++) {
      const o = (m * rows + i) * columns;
      let sum = 0;
      for (let j = 0; j < columns; j++) sum += raw[o + j];
      for (let j = 0; j < columns; j++) {
        // Only left-to-right moves exist; a zero there stays impossible, others are floored.
        const p = sum > 0 ? raw[o + j] / sum : 0;
        logProb[o + j] = j < i || p === 0 ? -Infinity : Math.log(Math.max(p, floor));
      }
    }
  }
  return { matrices, states: rows, logProb };
}
