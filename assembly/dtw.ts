// AssemblyScript: the inner loops of capsync's DTW, compiled to WebAssembly (SIMD) at build time.
// Features are row-major f32 frames of `dims` coefficients, already normalized and scaled so that
// 1 − dot product is the frame distance (src/align/align.ts); JavaScript copies them into this
// module's memory (src/align/kernels.ts) and reads results back from it.

/** 1 − dot product of two frames, four coefficients per SIMD step. */
@inline
function distance(refRow: usize, audioRow: usize, dims: i32): f64 {
  let acc = f32x4.splat(0);
  let d = 0;
  for (; d + 4 <= dims; d += 4) {
    const offset = <usize>(d << 2);
    acc = f32x4.add(acc, f32x4.mul(v128.load(refRow + offset), v128.load(audioRow + offset)));
  }
  let dot: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; d < dims; d++) dot += load<f32>(refRow + <usize>(d << 2)) * load<f32>(audioRow + <usize>(d << 2));
  return 1 - <f64>dot;
}

/**
 * Distances of reference frame `row` to audio frames [from, to), as f64 into `out`; with
 * `floorAtZero`, negatives become 0 (the fine pass's step costs: 1 − dot goes negative on loud,
 * well-matched frames, and a negative step cost would pay the path to linger there).
 */
export function distanceRow(ref: usize, row: i32, audio: usize, dims: i32, from: i32, to: i32, out: usize, floorAtZero: bool): void {
  const stride = <usize>(dims << 2);
  const refRow = ref + <usize>row * stride;
  let audioRow = audio + <usize>from * stride;
  if (floorAtZero) {
    for (let j = from, k: usize = 0; j < to; j++, k++, audioRow += stride) store<f64>(out + (k << 3), max<f64>(0, distance(refRow, audioRow, dims)));
  } else {
    for (let j = from, k: usize = 0; j < to; j++, k++, audioRow += stride) store<f64>(out + (k << 3), distance(refRow, audioRow, dims));
  }
}

/**
 * Slope-limited subsequence DTW (see searchSubsequence in src/align/dtw.ts for the steps and
 * weights): reference frames [refStart, refStart + n) against audio frames
 * [windowStart, windowStart + m). `work` holds 52·m bytes: three f64 cost rows, three i32
 * start rows, two f64 distance rows. Returns which of the three rows holds the last one.
 */
export function subsequence(ref: usize, refStart: i32, n: i32, audio: usize, dims: i32, windowStart: i32, m: i32, work: usize): i32 {
  const rowCost = <usize>m << 3;
  const rowStart = <usize>m << 2;
  const costs = work;
  const starts = work + 3 * rowCost;
  let local = starts + 3 * rowStart;
  let prevLocal = local + rowCost;
  const stride = <usize>(dims << 2);
  const audioBase = audio + <usize>windowStart * stride;

  distanceRow(ref, refStart, audio, dims, windowStart, windowStart + m, prevLocal, false);
  for (let j = 0; j < m; j++) {
    const jj = <usize>j;
    store<f64>(costs + (jj << 3), 2 * load<f64>(prevLocal + (jj << 3)));
    store<i32>(starts + (jj << 2), j);
  }
  for (let i = 1; i < n; i++) {
    const cur = costs + <usize>(i % 3) * rowCost;
    const prev = costs + <usize>((i - 1) % 3) * rowCost;
    const prev2 = costs + <usize>((i + 1) % 3) * rowCost;
    const curStart = starts + <usize>(i % 3) * rowStart;
    const prevStart = starts + <usize>((i - 1) % 3) * rowStart;
    const prev2Start = starts + <usize>((i + 1) % 3) * rowStart;
    const refRow = ref + <usize>(refStart + i) * stride;
    let audioRow = audioBase;
    for (let j: usize = 0; j < <usize>m; j++, audioRow += stride) store<f64>(local + (j << 3), distance(refRow, audioRow, dims));
    store<f64>(cur, Infinity);
    store<i32>(curStart, 0);
    for (let j: usize = 1; j < <usize>m; j++) {
      const d2 = 2 * load<f64>(local + (j << 3));
      let best = load<f64>(prev + ((j - 1) << 3)) + d2;
      let bestStart = load<i32>(prevStart + ((j - 1) << 2));
      if (j >= 2) {
        const c = load<f64>(prev + ((j - 2) << 3)) + load<f64>(local + ((j - 1) << 3)) + d2;
        if (c < best) {
          best = c;
          bestStart = load<i32>(prevStart + ((j - 2) << 2));
        }
      }
      if (j >= 3) {
        const c = load<f64>(prev + ((j - 3) << 3)) + load<f64>(local + ((j - 2) << 3)) + load<f64>(local + ((j - 1) << 3)) + d2;
        if (c < best) {
          best = c;
          bestStart = load<i32>(prevStart + ((j - 3) << 2));
        }
      }
      if (i >= 2) {
        const c = load<f64>(prev2 + ((j - 1) << 3)) + load<f64>(prevLocal + (j << 3)) + d2;
        if (c < best) {
          best = c;
          bestStart = load<i32>(prev2Start + ((j - 1) << 2));
        }
      }
      store<f64>(cur + (j << 3), best);
      store<i32>(curStart + (j << 2), bestStart);
    }
    const swap = prevLocal;
    prevLocal = local;
    local = swap;
  }
  return (n - 1) % 3;
}
