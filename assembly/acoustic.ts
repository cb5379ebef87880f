// AssemblyScript: scoring frames against the acoustic model's Gaussian codebooks (SIMD), compiled to
// WebAssembly at build time. JavaScript (src/align/acoustic/kernels.ts) lays the tables out in this
// module's memory once, then passes batches of 39-dimensional frames. The memory is imported and
// shared, so a second thread's instance (searchWorker.ts) can run the searches on the same scores.
//
// Codebook layout, one block per (codebook, stream): DIMS rows of DENSITIES means, DIMS rows of
// DENSITIES half-precisions 1/(2σ²), then DENSITIES log normalizers. Densities run along the SIMD
// lanes, so four Gaussians are scored at once with no horizontal sums.

const DIMS: i32 = 13;
const DENSITIES: i32 = 128;
const TOP: i32 = 4;
const BLOCK_FLOATS: i32 = (2 * DIMS + 1) * DENSITIES;
const LOGADD_STEPS: f32 = 64;
const LOGADD_SIZE: i32 = 64 * 24;

let logAddTable: usize = 0;

/** log(1 + e^(−x)) on a grid of 1/64, so log-sums of weighted Gaussians need no exp or log. */
export function initLogAdd(table: usize): void {
  logAddTable = table;
  for (let i = 0; i < LOGADD_SIZE; i++) store<f32>(table + (<usize>i << 2), <f32>Math.log1p(Math.exp(-<f64>i / <f64>LOGADD_STEPS)));
}

@inline
function logAdd(a: f32, b: f32): f32 {
  const hi = max(a, b);
  const diff = (hi - min(a, b)) * LOGADD_STEPS;
  if (!(diff < <f32>LOGADD_SIZE - 1)) return hi;
  return hi + load<f32>(logAddTable + (<usize>(<i32>(diff + 0.5)) << 2));
}

@inline
function term(acc: v128, x: usize, block: usize, hpBase: usize, row: usize): v128 {
  const diff = f32x4.sub(v128.load32_splat(x), v128.load(block + row));
  return f32x4.sub(acc, f32x4.mul(f32x4.mul(diff, diff), v128.load(hpBase + row)));
}

/**
 * The scores of the four Gaussians whose indices are the lanes of `g`, each lane summed in the
 * order of the full search's lanes (so a Gaussian scores the same bits whichever way it is reached).
 */
@inline
function gatheredScores(block: usize, x: usize, g: v128): v128 {
  const o0 = <usize>i32x4.extract_lane(g, 0) << 2, o1 = <usize>i32x4.extract_lane(g, 1) << 2;
  const o2 = <usize>i32x4.extract_lane(g, 2) << 2, o3 = <usize>i32x4.extract_lane(g, 3) << 2;
  const normBase = block + <usize>(2 * DIMS * DENSITIES) * 4;
  let acc = f32x4.splat(0);
  acc = v128.load32_lane(normBase + o0, acc, 0);
  acc = v128.load32_lane(normBase + o1, acc, 1);
  acc = v128.load32_lane(normBase + o2, acc, 2);
  acc = v128.load32_lane(normBase + o3, acc, 3);
  for (let d = 0; d < DIMS; d++) {
    const row = block + <usize>(d * DENSITIES) * 4;
    const hpRow = row + <usize>(DIMS * DENSITIES) * 4;
    let m = f32x4.splat(0);
    m = v128.load32_lane(row + o0, m, 0);
    m = v128.load32_lane(row + o1, m, 1);
    m = v128.load32_lane(row + o2, m, 2);
    m = v128.load32_lane(row + o3, m, 3);
    let h = f32x4.splat(0);
    h = v128.load32_lane(hpRow + o0, h, 0);
    h = v128.load32_lane(hpRow + o1, h, 1);
    h = v128.load32_lane(hpRow + o2, h, 2);
    h = v128.load32_lane(hpRow + o3, h, 3);
    const diff = f32x4.sub(v128.load32_splat(x + (<usize>d << 2)), m);
    acc = f32x4.sub(acc, f32x4.mul(f32x4.mul(diff, diff), h));
  }
  return acc;
}

/** Lane k of a group of four consecutive Gaussians is Gaussian g + k. */
const LANE_OFFSETS = i32x4(0, 1, 2, 3);

/** Offers four Gaussians (indices in the lanes of `g`) to the TOP list in lane order; returns the new worst. */
@inline
function insertGathered(idx: usize, sc: usize, g: v128, acc: v128, worst: f32): f32 {
  const s0 = f32x4.extract_lane(acc, 0), s1 = f32x4.extract_lane(acc, 1), s2 = f32x4.extract_lane(acc, 2), s3 = f32x4.extract_lane(acc, 3);
  if (s0 > worst) worst = insert(idx, sc, i32x4.extract_lane(g, 0), s0);
  if (s1 > worst) worst = insert(idx, sc, i32x4.extract_lane(g, 1), s1);
  if (s2 > worst) worst = insert(idx, sc, i32x4.extract_lane(g, 2), s2);
  if (s3 > worst) worst = insert(idx, sc, i32x4.extract_lane(g, 3), s3);
  return worst;
}

/** Insert (g, s) into a best-first TOP list unless it is already there; returns the new worst score. */
@inline
function insert(idx: usize, sc: usize, g: i32, s: f32): f32 {
  for (let r = 0; r < TOP; r++) if (load<i32>(idx + (<usize>r << 2)) == g && load<f32>(sc + (<usize>r << 2)) > -Infinity) return load<f32>(sc + (<usize>(TOP - 1) << 2));
  let r = TOP - 1;
  while (r > 0 && load<f32>(sc + (<usize>(r - 1) << 2)) < s) {
    store<f32>(sc + (<usize>r << 2), load<f32>(sc + (<usize>(r - 1) << 2)));
    store<i32>(idx + (<usize>r << 2), load<i32>(idx + (<usize>(r - 1) << 2)));
    r--;
  }
  store<f32>(sc + (<usize>r << 2), s);
  store<i32>(idx + (<usize>r << 2), g);
  return load<f32>(sc + (<usize>(TOP - 1) << 2));
}

/**
 * The best TOP Gaussians of each codebook block for `count` frames: frames are row-major with
 * `3 * DIMS` floats; `topIndex` (i32) and `topScore` (f32) are [frame][block][TOP], best first.
 * Blocks are the outer loop so a block's 14 KB of parameters stay in cache across the batch.
 * Only the blocks listed in `blockList` are searched (a window of a few phones needs only theirs).
 * Every `fullEvery`-th frame is searched in full (1: every frame), starting from the best Gaussians
 * of the full search before it (speech changes slowly, so the bar is high at once), and two groups of four stop adding dimensions as soon as none of them can
 * still reach the bar (each dimension only lowers a score). The frames between full searches score
 * their neighbours' eight Gaussians, gathered into two vectors.
 */
export function topGaussians(tables: usize, blocks: i32, frames: usize, count: i32, fullEvery: i32, topIndex: usize, topScore: usize, blockList: usize, listLength: i32): void {
  // Only the blocks in `blockList` (i32 ids; the rest of topIndex/topScore is left as it was).
  for (let i = 0; i < listLength; i++) {
    const b = load<i32>(blockList + (<usize>i << 2));
    const block = tables + <usize>(b * BLOCK_FLOATS) * 4;
    // Every fullEvery-th frame in full; then each frame between from the best of the full frames
    // either side (speech changes little in a few 10 ms frames, so a frame's best Gaussians are
    // among theirs).
    for (let f = 0; f < count; f += fullEvery) fullSearch(block, b, blocks, frames, f, fullEvery, topIndex, topScore);
    for (let f = 1; f < count; f++) {
      const before = f - (f % fullEvery);
      if (before == f) continue;
      const after = before + fullEvery;
      if (after >= count) {
        fullSearch(block, b, blocks, frames, f, fullEvery, topIndex, topScore);
        continue;
      }
      const x = frames + <usize>(f * 3 * DIMS + (b % 3) * DIMS) * 4;
      const slot = <usize>((f * blocks + b) * TOP) * 4;
      const idx = topIndex + slot;
      const sc = topScore + slot;
      for (let r = 0; r < TOP; r++) store<f32>(sc + (<usize>r << 2), -Infinity);
      // The four Gaussians of each side in the lanes of one vector (the two sums overlap).
      const nearBefore = topIndex + <usize>((before * blocks + b) * TOP) * 4;
      const nearAfter = topIndex + <usize>((after * blocks + b) * TOP) * 4;
      const fromBefore = v128.load(nearBefore);
      const fromAfter = v128.load(nearAfter);
      let worst: f32 = -Infinity;
      worst = insertGathered(idx, sc, fromBefore, gatheredScores(block, x, fromBefore), worst);
      worst = insertGathered(idx, sc, fromAfter, gatheredScores(block, x, fromAfter), worst);
    }
  }
}

/**
 * The best TOP Gaussians of the listed blocks for `count` frames, as topGaussians chose them when
 * the recording was scored: `kept` holds, per stored frame (a frame searched in full), each
 * block's TOP choices as bytes ([slot][block][TOP]); frame f's choices are those of slot
 * `slotA[f]`, or, between full searches, the best of slots `slotA[f]` and `slotB[f]` (−1: none),
 * offered in that order, as topGaussians offers the full searches before and after. The Gaussians
 * are scored again by gatheredScores, which gives the bits the search gave them, so the lists and
 * scores are the ones topGaussians wrote.
 */
export function storedTopGaussians(
  tables: usize, blocks: i32, frames: usize, count: i32, kept: usize, slotA: usize, slotB: usize,
  blockList: usize, listLength: i32, topIndex: usize, topScore: usize,
): void {
  for (let i = 0; i < listLength; i++) {
    const b = load<i32>(blockList + (<usize>i << 2));
    const block = tables + <usize>(b * BLOCK_FLOATS) * 4;
    for (let f = 0; f < count; f++) {
      const x = frames + <usize>(f * 3 * DIMS + (b % 3) * DIMS) * 4;
      const slot = <usize>((f * blocks + b) * TOP) * 4;
      const idx = topIndex + slot;
      const sc = topScore + slot;
      for (let r = 0; r < TOP; r++) store<f32>(sc + (<usize>r << 2), -Infinity);
      const a = load<i32>(slotA + (<usize>f << 2));
      const first = storedChoices(kept, a, blocks, b);
      let worst = insertGathered(idx, sc, first, gatheredScores(block, x, first), -Infinity);
      const c = load<i32>(slotB + (<usize>f << 2));
      if (c >= 0) {
        const second = storedChoices(kept, c, blocks, b);
        worst = insertGathered(idx, sc, second, gatheredScores(block, x, second), worst);
      }
    }
  }
}

/** A stored slot's TOP choices for block b, as four i32 lanes. */
@inline
function storedChoices(kept: usize, slot: i32, blocks: i32, b: i32): v128 {
  const bytes = v128.load32_zero(kept + <usize>((slot * blocks + b) * TOP));
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes));
}

/**
 * Keeps the choices of a batch's frames searched in full: frame f of the batch (topIndex rows as
 * topGaussians wrote them) goes to slot `slots[f]` of `kept` as bytes, unless that is −1.
 */
export function keepTopGaussians(blocks: i32, count: i32, topIndex: usize, slots: usize, kept: usize): void {
  const row = blocks * TOP;
  for (let f = 0; f < count; f++) {
    const slot = load<i32>(slots + (<usize>f << 2));
    if (slot < 0) continue;
    const from = topIndex + <usize>(f * row) * 4;
    const to = kept + <usize>(slot * row);
    for (let k = 0; k < row; k++) store<u8>(to + <usize>k, <u8>load<i32>(from + (<usize>k << 2)));
  }
}

/** Exact best TOP Gaussians of one block for frame f, seeded with the last full frame's (see topGaussians). */
function fullSearch(block: usize, b: i32, blocks: i32, frames: usize, f: i32, fullEvery: i32, topIndex: usize, topScore: usize): void {
  const hpBase = block + <usize>(DIMS * DENSITIES) * 4;
  const normBase = block + <usize>(2 * DIMS * DENSITIES) * 4;
  const x = frames + <usize>(f * 3 * DIMS + (b % 3) * DIMS) * 4;
  const slot = <usize>((f * blocks + b) * TOP) * 4;
  const idx = topIndex + slot;
  const sc = topScore + slot;
  for (let r = 0; r < TOP; r++) store<f32>(sc + (<usize>r << 2), -Infinity);
  let worst: f32 = -Infinity;
  if (f >= fullEvery) {
    const seeds = v128.load(topIndex + <usize>(((f - fullEvery) * blocks + b) * TOP) * 4);
    worst = insertGathered(idx, sc, seeds, gatheredScores(block, x, seeds), worst);
  }
  const R: usize = DENSITIES * 4;
  // Two groups of four at once: their sums are independent chains the processor overlaps (one
  // chain alone waits on each subtraction). Each lane adds its terms in the same order as alone,
  // and a Gaussian stopped early could not have entered the list, so the list is the exact one.
  for (let g = 0; g < DENSITIES; g += 8) {
    const lane = <usize>g << 2;
    const bar = f32x4.splat(worst);
    let a0 = v128.load(normBase + lane + 0);
    let a1 = v128.load(normBase + lane + 16);
    a0 = term(a0, x + 0, block, hpBase, lane + 0 + 0 * R);
    a1 = term(a1, x + 0, block, hpBase, lane + 16 + 0 * R);
    a0 = term(a0, x + 4, block, hpBase, lane + 0 + 1 * R);
    a1 = term(a1, x + 4, block, hpBase, lane + 16 + 1 * R);
    if (!v128.any_true(v128.or(f32x4.gt(a0, bar), f32x4.gt(a1, bar)))) continue;
    a0 = term(a0, x + 8, block, hpBase, lane + 0 + 2 * R);
    a1 = term(a1, x + 8, block, hpBase, lane + 16 + 2 * R);
    a0 = term(a0, x + 12, block, hpBase, lane + 0 + 3 * R);
    a1 = term(a1, x + 12, block, hpBase, lane + 16 + 3 * R);
    if (!v128.any_true(v128.or(f32x4.gt(a0, bar), f32x4.gt(a1, bar)))) continue;
    a0 = term(a0, x + 16, block, hpBase, lane + 0 + 4 * R);
    a1 = term(a1, x + 16, block, hpBase, lane + 16 + 4 * R);
    a0 = term(a0, x + 20, block, hpBase, lane + 0 + 5 * R);
    a1 = term(a1, x + 20, block, hpBase, lane + 16 + 5 * R);
    if (!v128.any_true(v128.or(f32x4.gt(a0, bar), f32x4.gt(a1, bar)))) continue;
    a0 = term(a0, x + 24, block, hpBase, lane + 0 + 6 * R);
    a1 = term(a1, x + 24, block, hpBase, lane + 16 + 6 * R);
    a0 = term(a0, x + 28, block, hpBase, lane + 0 + 7 * R);
    a1 = term(a1, x + 28, block, hpBase, lane + 16 + 7 * R);
    if (!v128.any_true(v128.or(f32x4.gt(a0, bar), f32x4.gt(a1, bar)))) continue;
    a0 = term(a0, x + 32, block, hpBase, lane + 0 + 8 * R);
    a1 = term(a1, x + 32, block, hpBase, lane + 16 + 8 * R);
    a0 = term(a0, x + 36, block, hpBase, lane + 0 + 9 * R);
    a1 = term(a1, x + 36, block, hpBase, lane + 16 + 9 * R);
    a0 = term(a0, x + 40, block, hpBase, lane + 0 + 10 * R);
    a1 = term(a1, x + 40, block, hpBase, lane + 16 + 10 * R);
    if (!v128.any_true(v128.or(f32x4.gt(a0, bar), f32x4.gt(a1, bar)))) continue;
    a0 = term(a0, x + 44, block, hpBase, lane + 0 + 11 * R);
    a1 = term(a1, x + 44, block, hpBase, lane + 16 + 11 * R);
    a0 = term(a0, x + 48, block, hpBase, lane + 0 + 12 * R);
    a1 = term(a1, x + 48, block, hpBase, lane + 16 + 12 * R);
    if (!v128.any_true(v128.or(f32x4.gt(a0, bar), f32x4.gt(a1, bar)))) continue;
    const first = i32x4.add(i32x4.splat(g), LANE_OFFSETS);
    worst = insertGathered(idx, sc, first, a0, worst);
    worst = insertGathered(idx, sc, i32x4.add(first, i32x4.splat(4)), a1, worst);
  }
}


/**
 * Log-likelihoods of `senones` senones for `count` frames from their top Gaussians: per stream,
 * the log-sum of (log weight + Gaussian score) over the TOP Gaussians, summed over the 3 streams.
 * `weights` is [senone][stream][DENSITIES] log weights, `codebook` the senone's codebook (i32);
 * `out` is [frame][senone] f32.
 */
export function senoneScores(weights: usize, codebook: usize, senones: i32, blocks: i32, count: i32, topIndex: usize, topScore: usize, out: usize): void {
  // Four senones at once, one per lane; each lane does exactly the scalar arithmetic (same order,
  // same table), so the scores do not depend on which senones share a vector.
  const whole = senones & ~3;
  for (let f = 0; f < count; f++) {
    const row = out + <usize>(f * senones) * 4;
    for (let s = 0; s < whole; s += 4) {
      let total = f32x4.splat(0);
      for (let st = 0; st < 3; st++) {
        const slot0 = <usize>((f * blocks + load<i32>(codebook + (<usize>s << 2)) * 3 + st) * TOP) * 4;
        const slot1 = <usize>((f * blocks + load<i32>(codebook + (<usize>(s + 1) << 2)) * 3 + st) * TOP) * 4;
        const slot2 = <usize>((f * blocks + load<i32>(codebook + (<usize>(s + 2) << 2)) * 3 + st) * TOP) * 4;
        const slot3 = <usize>((f * blocks + load<i32>(codebook + (<usize>(s + 3) << 2)) * 3 + st) * TOP) * 4;
        const w0 = weights + <usize>((s * 3 + st) * DENSITIES) * 4;
        const w1 = weights + <usize>(((s + 1) * 3 + st) * DENSITIES) * 4;
        const w2 = weights + <usize>(((s + 2) * 3 + st) * DENSITIES) * 4;
        const w3 = weights + <usize>(((s + 3) * 3 + st) * DENSITIES) * 4;
        let sum = f32x4.splat(0);
        for (let r = 0; r < TOP; r++) {
          const o = <usize>r << 2;
          let v = f32x4.splat(0);
          v = f32x4.replace_lane(v, 0, load<f32>(w0 + (<usize>load<i32>(topIndex + slot0 + o) << 2)) + load<f32>(topScore + slot0 + o));
          v = f32x4.replace_lane(v, 1, load<f32>(w1 + (<usize>load<i32>(topIndex + slot1 + o) << 2)) + load<f32>(topScore + slot1 + o));
          v = f32x4.replace_lane(v, 2, load<f32>(w2 + (<usize>load<i32>(topIndex + slot2 + o) << 2)) + load<f32>(topScore + slot2 + o));
          v = f32x4.replace_lane(v, 3, load<f32>(w3 + (<usize>load<i32>(topIndex + slot3 + o) << 2)) + load<f32>(topScore + slot3 + o));
          sum = r == 0 ? v : logAdd4(sum, v);
        }
        total = f32x4.add(total, sum);
      }
      v128.store(row + (<usize>s << 2), total);
    }
    for (let s = whole; s < senones; s++) {
      const cb = load<i32>(codebook + (<usize>s << 2));
      let total: f32 = 0;
      for (let st = 0; st < 3; st++) {
        const slot = <usize>((f * blocks + cb * 3 + st) * TOP) * 4;
        const w = weights + <usize>((s * 3 + st) * DENSITIES) * 4;
        let sum: f32 = load<f32>(w + (<usize>load<i32>(topIndex + slot) << 2)) + load<f32>(topScore + slot);
        for (let r = 1; r < TOP; r++) {
          const o = slot + (<usize>r << 2);
          sum = logAdd(sum, load<f32>(w + (<usize>load<i32>(topIndex + o) << 2)) + load<f32>(topScore + o));
        }
        total += sum;
      }
      store<f32>(row + (<usize>s << 2), total);
    }
  }
}

/**
 * senoneScores for many senones of a few codebooks (a triphone window's): the same numbers, laid
 * out for loading four senones' weights at once. Senones are in groups by codebook, each group's
 * senones consecutive and padded to a multiple of four; `groups` holds (codebook, first, count)
 * i32 triples; `weights` is [stream][DENSITIES][senone] over the `padded` senones; `out` is
 * [frame][padded] f32.
 */
export function groupedSenoneScores(weights: usize, padded: i32, groups: usize, groupCount: i32, blocks: i32, count: i32, topIndex: usize, topScore: usize, out: usize): void {
  const streamRow = <usize>(DENSITIES * padded) * 4;
  for (let f = 0; f < count; f++) {
    const row = out + <usize>(f * padded) * 4;
    for (let g = 0; g < groupCount; g++) {
      const cb = load<i32>(groups + <usize>(g * 12));
      const first = load<i32>(groups + <usize>(g * 12 + 4));
      const end = first + load<i32>(groups + <usize>(g * 12 + 8));
      for (let st = 0; st < 3; st++) {
        const slot = topIndex + <usize>((f * blocks + cb * 3 + st) * TOP) * 4;
        const scores = topScore + <usize>((f * blocks + cb * 3 + st) * TOP) * 4;
        const w = weights + <usize>st * streamRow;
        const w0 = w + <usize>(load<i32>(slot) * padded) * 4;
        const w1 = w + <usize>(load<i32>(slot, 4) * padded) * 4;
        const w2 = w + <usize>(load<i32>(slot, 8) * padded) * 4;
        const w3 = w + <usize>(load<i32>(slot, 12) * padded) * 4;
        const s0 = f32x4.splat(load<f32>(scores));
        const s1 = f32x4.splat(load<f32>(scores, 4));
        const s2 = f32x4.splat(load<f32>(scores, 8));
        const s3 = f32x4.splat(load<f32>(scores, 12));
        for (let s = first; s < end; s += 4) {
          const o = <usize>s << 2;
          let sum = f32x4.add(v128.load(w0 + o), s0);
          sum = logAdd4(sum, f32x4.add(v128.load(w1 + o), s1));
          sum = logAdd4(sum, f32x4.add(v128.load(w2 + o), s2));
          sum = logAdd4(sum, f32x4.add(v128.load(w3 + o), s3));
          // Streams added in order from zero, as senoneScores does.
          v128.store(row + o, st == 0 ? f32x4.add(f32x4.splat(0), sum) : f32x4.add(v128.load(row + o), sum));
        }
      }
    }
  }
}

/** logAdd lane by lane. */
@inline
function logAdd4(a: v128, b: v128): v128 {
  const hi = f32x4.max(a, b);
  const diff = f32x4.mul(f32x4.sub(hi, f32x4.min(a, b)), f32x4.splat(LOGADD_STEPS));
  const inTable = f32x4.lt(diff, f32x4.splat(<f32>LOGADD_SIZE - 1));
  const offsets = i32x4.shl(v128.and(i32x4.trunc_sat_f32x4_s(f32x4.add(diff, f32x4.splat(0.5))), inTable), 2);
  let t = f32x4.splat(0);
  t = v128.load32_lane(logAddTable + <usize>i32x4.extract_lane(offsets, 0), t, 0);
  t = v128.load32_lane(logAddTable + <usize>i32x4.extract_lane(offsets, 1), t, 1);
  t = v128.load32_lane(logAddTable + <usize>i32x4.extract_lane(offsets, 2), t, 2);
  t = v128.load32_lane(logAddTable + <usize>i32x4.extract_lane(offsets, 3), t, 3);
  return v128.bitselect(f32x4.add(hi, t), hi, inTable);
}

// ---------------------------------------------------------------------------------------------
// Viterbi over a chain of HMM states (src/align/acoustic/network.ts), on scores already normalized
// by each frame's background (`norm`: [frame][senone] f32). Network arrays, all of `states` entries:
// senone (i32, −1 = garbage), selfLog, nextLog (f32), word (i32, −1 = not a word), initial (u8);
// and the extra incoming arcs by target state: arcStart (i32, states + 1 entries), the arcs into
// state s being arcFrom (i32 source) and arcLog (f32) at [arcStart[s], arcStart[s + 1]).

const NONE: f32 = -1e30;

/** Frame i's best path ending in a final state: its total, start, emission and frame count, into the outputs. */
@inline
function storeBestFinal(
  i: i32, finals: usize, finalCount: i32, cur: usize, curStart: usize, curEm: usize, curFr: usize,
  outTotal: usize, outStart: usize, outEmission: usize, outFrames: usize,
): void {
  let bestEnd: f32 = NONE;
  let bestStart = -1;
  let bestEm: f32 = 0;
  let bestFr = 0;
  for (let k = 0; k < finalCount; k++) {
    const f = <usize>load<i32>(finals + (<usize>k << 2)) << 2;
    const v = load<f32>(cur + f);
    if (v > bestEnd) {
      bestEnd = v;
      bestStart = load<i32>(curStart + f);
      bestEm = load<f32>(curEm + f);
      bestFr = load<i32>(curFr + f);
    }
  }
  const io = <usize>i << 2;
  store<f32>(outTotal + io, bestEnd);
  store<i32>(outStart + io, bestStart);
  store<f32>(outEmission + io, bestEm);
  store<i32>(outFrames + io, bestFr);
}

/**
 * The per-lane tables both SIMD searches read (subsequence, forced), for `lanes` lanes (states
 * rounded up to a multiple of 4): where each state's score sits in a frame's row (`scoreAt`), a
 * mask of the garbage states (`isGarbage`, all ones where true), and the states with extra arcs
 * (`fixes`), which the searches redo in scalar code. Returns how many those are.
 */
function laneTables(senone: usize, arcStart: usize, states: i32, lanes: i32, scoreAt: usize, isGarbage: usize, fixes: usize): i32 {
  let fixCount = 0;
  for (let s = 0; s < lanes; s++) {
    const o = <usize>s << 2;
    const real = s < states;
    const sen = real ? load<i32>(senone + o) : 0;
    store<i32>(scoreAt + o, sen < 0 ? 0 : sen);
    store<i32>(isGarbage + o, real && sen < 0 ? -1 : 0);
    if (real && load<i32>(arcStart + o + 4) > load<i32>(arcStart + o)) {
      store<i32>(fixes + (<usize>fixCount << 2), s);
      fixCount++;
    }
  }
  return fixCount;
}

/** The frame's scores of the four states from lane offset `o` (garbage states at the flat price). */
@inline
function laneEmissions(scores: usize, scoreAt: usize, isGarbage: usize, o: usize, garbage: v128): v128 {
  const at = scoreAt + o;
  let e = f32x4.splat(load<f32>(scores + (<usize>load<i32>(at) << 2)));
  e = f32x4.replace_lane(e, 1, load<f32>(scores + (<usize>load<i32>(at + 4) << 2)));
  e = f32x4.replace_lane(e, 2, load<f32>(scores + (<usize>load<i32>(at + 8) << 2)));
  e = f32x4.replace_lane(e, 3, load<f32>(scores + (<usize>load<i32>(at + 12) << 2)));
  return v128.bitselect(garbage, e, v128.load(isGarbage + o));
}

/** Bytes of `work` that subsequence needs for a network of `states` states. */
export function subsequenceWorkBytes(states: i32): i32 {
  const lanes = (states + 3) & ~3;
  return (8 * (lanes + 4) + 5 * lanes) * 4;
}

/**
 * One state's step of the subsequence search, in scalar code: from its own state, the state before
 * it, or its extra arcs (see subsequence).
 */
@inline
function subsequenceState(
  s: i32, t: i32, scores: usize, garbageLog: f32,
  senone: usize, selfLog: usize, nextLog: usize, arcStart: usize, arcFrom: usize, arcLog: usize, word: usize, initial: usize,
  prev: usize, prevStart: usize, prevEm: usize, prevFr: usize, cur: usize, curStart: usize, curEm: usize, curFr: usize,
): void {
  const o = <usize>s << 2;
  let best = load<f32>(prev + o) + load<f32>(selfLog + o);
  let src = s;
  if (s > 0) {
    const v = load<f32>(prev + o - 4) + load<f32>(nextLog + o - 4);
    if (v > best) { best = v; src = s - 1; }
  }
  const arcsEnd = load<i32>(arcStart + o + 4);
  for (let k = load<i32>(arcStart + o); k < arcsEnd; k++) {
    const ko = <usize>k << 2;
    const a = load<i32>(arcFrom + ko);
    const v = load<f32>(prev + (<usize>a << 2)) + load<f32>(arcLog + ko);
    if (v > best) { best = v; src = a; }
  }
  const so = <usize>src << 2;
  let origin = load<i32>(prevStart + so);
  let emitted = load<f32>(prevEm + so);
  let counted = load<i32>(prevFr + so);
  if (load<u8>(initial + <usize>s) != 0 && best < 0) {
    best = 0; origin = t; emitted = 0; counted = 0;
  }
  const sen = load<i32>(senone + o);
  const e: f32 = sen < 0 ? garbageLog : load<f32>(scores + (<usize>sen << 2));
  store<f32>(cur + o, best + e);
  store<i32>(curStart + o, origin);
  // Word and garbage frames count; pauses do not (a pause is free evidence either way, while
  // garbage inside a unit is text that did not match).
  if (load<i32>(word + o) >= 0 || sen < 0) {
    store<f32>(curEm + o, emitted + e);
    store<i32>(curFr + o, counted + 1);
  } else {
    store<f32>(curEm + o, emitted);
    store<i32>(curFr + o, counted);
  }
}

/**
 * Subsequence search: the best path through the whole network ending at each frame of
 * [from, from + n), starting anywhere. Per end frame: total (f32), start frame (i32), emission
 * score and frame count of word and garbage states along the path (f32, i32). `work` holds
 * subsequenceWorkBytes(states) bytes.
 *
 * Four states per step in SIMD: every state's score at frame t depends only on frame t − 1, and
 * most states are entered only from themselves or the state before. The few with extra arcs (the
 * first state after an optional pause or garbage) are then redone in scalar code, so the result is
 * the same, to the bit, as a state-by-state loop (subsequenceState) over the network.
 *
 * After frame `snapshotAt` of the window (−1: never), every state's score, start, emission and
 * frame count are copied to `snapshot` (4 rows of subsequenceSnapshotBytes(states) / 4 bytes): the
 * search's whole state at that frame. Two searches of the same network whose states agree at a
 * frame agree on every frame after it, which is how a search split between threads is checked.
 */
export function subsequence(
  senone: usize, selfLog: usize, nextLog: usize, arcStart: usize, arcFrom: usize, arcLog: usize,
  word: usize, initial: usize, states: i32, finals: usize, finalCount: i32,
  norm: usize, senones: i32, from: i32, n: i32, garbageLog: f32,
  outTotal: usize, outStart: usize, outEmission: usize, outFrames: usize, work: usize,
  snapshotAt: i32, snapshot: usize,
): void {
  const lanes = (states + 3) & ~3;
  // Each row has one slot of 4 lanes before state 0, so state 0's "state before" reads −∞.
  const row = <usize>(lanes + 4) << 2;
  const lead: usize = 16;
  let prev = work + lead, cur = work + row + lead;
  let prevStart = work + 2 * row + lead, curStart = work + 3 * row + lead;
  let prevEm = work + 4 * row + lead, curEm = work + 5 * row + lead;
  let prevFr = work + 6 * row + lead, curFr = work + 7 * row + lead;
  // Per state: where its score is in a frame's row, and masks (all ones where true) for garbage
  // states, counted states (word or garbage) and initial states; then the states with extra arcs.
  const masks = work + 8 * row;
  const lane = <usize>lanes << 2;
  const scoreAt = masks, isGarbage = masks + lane, isCounted = masks + 2 * lane, isInitial = masks + 3 * lane, fixes = masks + 4 * lane;
  const fixCount = laneTables(senone, arcStart, states, lanes, scoreAt, isGarbage, fixes);
  for (let s = 0; s < lanes; s++) {
    const o = <usize>s << 2;
    const real = s < states;
    store<i32>(isCounted + o, real && (load<i32>(senone + o) < 0 || load<i32>(word + o) >= 0) ? -1 : 0);
    store<i32>(isInitial + o, real && load<u8>(initial + <usize>s) != 0 ? -1 : 0);
  }
  const minusInfinity = f32x4.splat(-Infinity);
  v128.store(prev - lead, minusInfinity);
  v128.store(cur - lead, minusInfinity);
  for (let s = 0; s < lanes; s++) {
    store<f32>(prev + (<usize>s << 2), NONE);
    store<i32>(prevStart + (<usize>s << 2), -1);
    store<f32>(prevEm + (<usize>s << 2), 0);
    store<i32>(prevFr + (<usize>s << 2), 0);
  }
  const zero = f32x4.splat(0);
  const garbage = f32x4.splat(garbageLog);
  for (let i = 0; i < n; i++) {
    const t = from + i;
    const scores = norm + (<usize>t * <usize>senones << 2);
    const restartAt = i32x4.splat(t);
    for (let s = 0; s < lanes; s += 4) {
      const o = <usize>s << 2;
      // Stay, or move on from the state before (ties stay, as in subsequenceState).
      const stay = f32x4.add(v128.load(prev + o), v128.load(selfLog + o));
      const move = f32x4.add(v128.load(prev + o - 4), v128.load(nextLog + o - 4));
      const moved = f32x4.gt(move, stay);
      let best = v128.bitselect(move, stay, moved);
      let origin = v128.bitselect(v128.load(prevStart + o - 4), v128.load(prevStart + o), moved);
      let emitted = v128.bitselect(v128.load(prevEm + o - 4), v128.load(prevEm + o), moved);
      let counted = v128.bitselect(v128.load(prevFr + o - 4), v128.load(prevFr + o), moved);
      // A path may start afresh at an initial state when that beats every way in.
      const restart = v128.and(v128.load(isInitial + o), f32x4.lt(best, zero));
      best = v128.bitselect(zero, best, restart);
      origin = v128.bitselect(restartAt, origin, restart);
      emitted = v128.bitselect(zero, emitted, restart);
      counted = v128.bitselect(zero, counted, restart);
      const e = laneEmissions(scores, scoreAt, isGarbage, o, garbage);
      v128.store(cur + o, f32x4.add(best, e));
      v128.store(curStart + o, origin);
      const counts = v128.load(isCounted + o);
      v128.store(curEm + o, v128.bitselect(f32x4.add(emitted, e), emitted, counts));
      // The count mask is −1 where the frame counts.
      v128.store(curFr + o, i32x4.sub(counted, counts));
    }
    for (let k = 0; k < fixCount; k++) {
      subsequenceState(
        load<i32>(fixes + (<usize>k << 2)), t, scores, garbageLog,
        senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, initial,
        prev, prevStart, prevEm, prevFr, cur, curStart, curEm, curFr,
      );
    }
    storeBestFinal(i, finals, finalCount, cur, curStart, curEm, curFr, outTotal, outStart, outEmission, outFrames);
    if (i == snapshotAt) {
      memory.copy(snapshot, cur, lane);
      memory.copy(snapshot + lane, curStart, lane);
      memory.copy(snapshot + 2 * lane, curEm, lane);
      memory.copy(snapshot + 3 * lane, curFr, lane);
    }
    let x = prev; prev = cur; cur = x;
    x = prevStart; prevStart = curStart; curStart = x;
    x = prevEm; prevEm = curEm; curEm = x;
    x = prevFr; prevFr = curFr; curFr = x;
  }
}

/** Bytes of the `snapshot` that subsequence writes for a network of `states` states. */
export function subsequenceSnapshotBytes(states: i32): i32 {
  return 4 * ((states + 3) & ~3) * 4;
}

/**
 * The same search state by state (no SIMD): the reference the tests hold subsequence to.
 * `work` holds 8 rows of `states` 4-byte values.
 */
export function subsequenceScalar(
  senone: usize, selfLog: usize, nextLog: usize, arcStart: usize, arcFrom: usize, arcLog: usize,
  word: usize, initial: usize, states: i32, finals: usize, finalCount: i32,
  norm: usize, senones: i32, from: i32, n: i32, garbageLog: f32,
  outTotal: usize, outStart: usize, outEmission: usize, outFrames: usize, work: usize,
): void {
  const row = <usize>states << 2;
  let prev = work, cur = work + row;
  let prevStart = work + 2 * row, curStart = work + 3 * row;
  let prevEm = work + 4 * row, curEm = work + 5 * row;
  let prevFr = work + 6 * row, curFr = work + 7 * row;
  for (let s = 0; s < states; s++) {
    store<f32>(prev + (<usize>s << 2), NONE);
    store<i32>(prevStart + (<usize>s << 2), -1);
    store<f32>(prevEm + (<usize>s << 2), 0);
    store<i32>(prevFr + (<usize>s << 2), 0);
  }
  for (let i = 0; i < n; i++) {
    const t = from + i;
    const scores = norm + (<usize>t * <usize>senones << 2);
    for (let s = 0; s < states; s++) {
      subsequenceState(
        s, t, scores, garbageLog,
        senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, initial,
        prev, prevStart, prevEm, prevFr, cur, curStart, curEm, curFr,
      );
    }
    storeBestFinal(i, finals, finalCount, cur, curStart, curEm, curFr, outTotal, outStart, outEmission, outFrames);
    let x = prev; prev = cur; cur = x;
    x = prevStart; prevStart = curStart; curStart = x;
    x = prevEm; prevEm = curEm; curEm = x;
    x = prevFr; prevFr = curFr; curFr = x;
  }
}

/**
 * One state's step of the forced alignment, in scalar code (see forced): its best way in at frame
 * i, the frame's score, its run length and how it was entered (`out`, one byte a state).
 */
@inline
function forcedState(
  s: i32, i: i32, scores: usize, garbageLog: f32, maxRun: i32,
  senone: usize, selfLog: usize, nextLog: usize, arcStart: usize, arcFrom: usize, arcLog: usize, word: usize, initial: usize,
  prev: usize, prevRun: usize, cur: usize, curRun: usize, out: usize,
): void {
  const o = <usize>s << 2;
  let best: f32 = NONE;
  let how: u8 = 0;
  if (i == 0) {
    if (load<u8>(initial + <usize>s) != 0) best = 0;
  } else {
    const held = load<i32>(prevRun + o);
    if (maxRun <= 0 || held < maxRun || load<i32>(word + o) < 0) best = load<f32>(prev + o) + load<f32>(selfLog + o);
    if (s > 0) {
      const v = load<f32>(prev + o - 4) + load<f32>(nextLog + o - 4);
      if (v > best) { best = v; how = 1; }
    }
    // Extra arc k of this state is recorded as 2 + k (the network keeps them under 254).
    const first = load<i32>(arcStart + o);
    const arcsEnd = load<i32>(arcStart + o + 4);
    for (let k = first; k < arcsEnd; k++) {
      const ko = <usize>k << 2;
      const v = load<f32>(prev + (<usize>load<i32>(arcFrom + ko) << 2)) + load<f32>(arcLog + ko);
      if (v > best) { best = v; how = <u8>(2 + k - first); }
    }
  }
  if (best <= NONE * 0.5) {
    store<f32>(cur + o, NONE);
    store<i32>(curRun + o, 0);
    store<u8>(out + <usize>s, 0);
    return;
  }
  const sen = load<i32>(senone + o);
  const e: f32 = sen < 0 ? garbageLog : load<f32>(scores + (<usize>sen << 2));
  store<f32>(cur + o, best + e);
  store<i32>(curRun + o, i > 0 && how == 0 ? load<i32>(prevRun + o) + 1 : 1);
  store<u8>(out + <usize>s, how);
}

/** The best final state's score, and the path back from it into `path` (see forced); `stride` bytes of `back` a frame. */
function traceBack(
  arcStart: usize, arcFrom: usize, finals: usize, finalCount: i32, n: i32, last: usize, back: usize, stride: usize, path: usize,
): f32 {
  let state = -1;
  let score: f32 = NONE;
  for (let k = 0; k < finalCount; k++) {
    const f = load<i32>(finals + (<usize>k << 2));
    const v = load<f32>(last + (<usize>f << 2));
    if (v > score) { score = v; state = f; }
  }
  if (state < 0 || score <= NONE * 0.5) return NONE;
  for (let i = n - 1; i >= 0; i--) {
    store<i32>(path + (<usize>i << 2), state);
    if (i == 0) break;
    const how = load<u8>(back + <usize>i * stride + <usize>state);
    if (how == 1) state -= 1;
    else if (how >= 2) state = load<i32>(arcFrom + (<usize>(load<i32>(arcStart + (<usize>state << 2)) + <i32>how - 2) << 2));
  }
  return score;
}

/** Bytes of `work` that forced needs for a network of `states` states. */
export function forcedWorkBytes(states: i32): i32 {
  const lanes = (states + 3) & ~3;
  return (2 * (lanes + 4) + 2 * lanes + 4 * lanes) * 4;
}

/** Bytes of `back` that forced needs for a network of `states` states over `n` frames. */
export function forcedBackBytes(states: i32, n: i32): i32 {
  return ((states + 3) & ~3) * n;
}

/**
 * Forced alignment: the best path from an initial state at frame `from` to a final state at
 * frame from + n − 1. Writes the state of every frame to `path` (i32[n]) and returns the path's
 * score (NONE when no path exists). `back` holds forcedBackBytes(states, n) bytes, `work`
 * forcedWorkBytes(states).
 *
 * A word state (word ≥ 0) may not be held more than `maxRun` frames in a row (0: no limit): no
 * part of a spoken phone lasts that long, and without the limit a state absorbs seconds of
 * applause or hiss that the pause and garbage models fit a little worse. The limit follows each
 * state's best path only (the usual approximation of duration-constrained Viterbi).
 *
 * Four states per step in SIMD, as in subsequence: the states with extra arcs are then redone in
 * scalar code, so the path and score are those of the state-by-state loop (forcedScalar).
 */
export function forced(
  senone: usize, selfLog: usize, nextLog: usize, arcStart: usize, arcFrom: usize, arcLog: usize,
  word: usize, initial: usize, states: i32, finals: usize, finalCount: i32,
  norm: usize, senones: i32, from: i32, n: i32, garbageLog: f32, maxRun: i32,
  back: usize, path: usize, work: usize,
): f32 {
  const lanes = (states + 3) & ~3;
  const stride = <usize>lanes;
  // Score rows have one slot of 4 lanes before state 0, so state 0's "state before" reads −∞.
  const row = <usize>(lanes + 4) << 2;
  const lane = <usize>lanes << 2;
  const lead: usize = 16;
  let prev = work + lead, cur = work + row + lead;
  let prevRun = work + 2 * row, curRun = work + 2 * row + lane;
  // Per state: where its score is in a frame's row, masks (all ones where true) for garbage states
  // and for states any run may hold (not a word's), then the states with extra arcs.
  const masks = work + 2 * row + 2 * lane;
  const scoreAt = masks, isGarbage = masks + lane, mayHold = masks + 2 * lane, fixes = masks + 3 * lane;
  const fixCount = laneTables(senone, arcStart, states, lanes, scoreAt, isGarbage, fixes);
  for (let s = 0; s < lanes; s++) {
    const o = <usize>s << 2;
    store<i32>(mayHold + o, s < states && load<i32>(word + o) < 0 ? -1 : 0);
    store<f32>(prev + o, NONE);
    store<f32>(cur + o, NONE);
    store<i32>(prevRun + o, 0);
    store<i32>(curRun + o, 0);
  }
  const minusInfinity = f32x4.splat(-Infinity);
  v128.store(prev - lead, minusInfinity);
  v128.store(cur - lead, minusInfinity);
  if (n <= 0) return NONE;
  // Frame 0: the initial states, scalar.
  const scores0 = norm + (<usize>from * <usize>senones << 2);
  for (let s = 0; s < states; s++) {
    forcedState(s, 0, scores0, garbageLog, maxRun, senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, initial, prev, prevRun, cur, curRun, back);
  }
  let x = prev; prev = cur; cur = x;
  x = prevRun; prevRun = curRun; curRun = x;
  const none = f32x4.splat(NONE);
  const deadBelow = f32x4.splat(NONE * 0.5);
  const garbage = f32x4.splat(garbageLog);
  const one = i32x4.splat(1);
  const limit = i32x4.splat(maxRun);
  const unlimited = i32x4.splat(maxRun <= 0 ? -1 : 0);
  for (let i = 1; i < n; i++) {
    const t = from + i;
    const scores = norm + (<usize>t * <usize>senones << 2);
    const out = back + <usize>i * stride;
    for (let s = 0; s < lanes; s += 4) {
      const o = <usize>s << 2;
      const held = v128.load(prevRun + o);
      // Stay (where the run may go on), or move on from the state before (ties stay).
      const mayStay = v128.or(unlimited, v128.or(i32x4.lt_s(held, limit), v128.load(mayHold + o)));
      const stay = v128.bitselect(f32x4.add(v128.load(prev + o), v128.load(selfLog + o)), none, mayStay);
      const move = f32x4.add(v128.load(prev + o - 4), v128.load(nextLog + o - 4));
      const moved = f32x4.gt(move, stay);
      const best = v128.bitselect(move, stay, moved);
      const dead = f32x4.le(best, deadBelow);
      const e = laneEmissions(scores, scoreAt, isGarbage, o, garbage);
      v128.store(cur + o, v128.bitselect(none, f32x4.add(best, e), dead));
      // A stay lengthens the run, a move starts one; a dead state has none.
      v128.store(curRun + o, v128.andnot(v128.bitselect(one, i32x4.add(held, one), moved), dead));
      const how = v128.andnot(v128.and(moved, one), dead);
      const packed = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(how, how), i16x8.narrow_i32x4_u(how, how));
      v128.store32_lane(out + <usize>s, packed, 0);
    }
    for (let k = 0; k < fixCount; k++) {
      forcedState(
        load<i32>(fixes + (<usize>k << 2)), i, scores, garbageLog, maxRun,
        senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, initial, prev, prevRun, cur, curRun, out,
      );
    }
    x = prev; prev = cur; cur = x;
    x = prevRun; prevRun = curRun; curRun = x;
  }
  return traceBack(arcStart, arcFrom, finals, finalCount, n, prev, back, stride, path);
}

/**
 * The same alignment state by state (no SIMD): the reference the tests hold forced to. `back`
 * holds states × n bytes; `work` 4 rows of `states` 32-bit values (scores, then run lengths).
 */
export function forcedScalar(
  senone: usize, selfLog: usize, nextLog: usize, arcStart: usize, arcFrom: usize, arcLog: usize,
  word: usize, initial: usize, states: i32, finals: usize, finalCount: i32,
  norm: usize, senones: i32, from: i32, n: i32, garbageLog: f32, maxRun: i32,
  back: usize, path: usize, work: usize,
): f32 {
  const row = <usize>states << 2;
  let prev = work, cur = work + row;
  let prevRun = work + 2 * row, curRun = work + 3 * row;
  for (let i = 0; i < n; i++) {
    const t = from + i;
    const scores = norm + (<usize>t * <usize>senones << 2);
    const out = back + <usize>i * <usize>states;
    for (let s = 0; s < states; s++) {
      forcedState(s, i, scores, garbageLog, maxRun, senone, selfLog, nextLog, arcStart, arcFrom, arcLog, word, initial, prev, prevRun, cur, curRun, out);
    }
    let x = prev; prev = cur; cur = x;
    x = prevRun; prevRun = curRun; curRun = x;
  }
  return traceBack(arcStart, arcFrom, finals, finalCount, n, prev, back, <usize>states, path);
}
