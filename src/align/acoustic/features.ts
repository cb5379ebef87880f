/**
 * From raw cepstra to the model's 39-dimensional observation vectors: cepstral mean
 * normalization, then the three streams c, Δc (c[t+2] − c[t−2]) and ΔΔc (Δc[t+1] − Δc[t−1]),
 * with the edge frames repeated.
 */
export function observationVectors(cepstra: Float32Array, frames: number, meanWindowFrames: number | null): Float32Array {
  const C = 13;
  const normalized = new Float32Array(cepstra.length);
  if (meanWindowFrames === null || meanWindowFrames >= frames) {
    const mean = new Float64Array(C);
    for (let f = 0; f < frames; f++) for (let i = 0; i < C; i++) mean[i] += cepstra[f * C + i];
    for (let i = 0; i < C; i++) mean[i] /= Math.max(1, frames);
    for (let f = 0; f < frames; f++) for (let i = 0; i < C; i++) normalized[f * C + i] = cepstra[f * C + i] - mean[i];
  } else {
    // A sliding mean, so a change of room, microphone or level between speakers is followed.
    const half = meanWindowFrames >> 1;
    const sum = new Float64Array(C);
    let lo = 0;
    let hi = 0; // window [lo, hi)
    for (let f = 0; f < frames; f++) {
      const wantLo = Math.max(0, Math.min(f - half, frames - meanWindowFrames));
      const wantHi = Math.min(frames, wantLo + meanWindowFrames);
      while (hi < wantHi) {
        for (let i = 0; i < C; i++) sum[i] += cepstra[hi * C + i];
        hi++;
      }
      while (lo < wantLo) {
        for (let i = 0; i < C; i++) sum[i] -= cepstra[lo * C + i];
        lo++;
      }
      const n = hi - lo;
      for (let i = 0; i < C; i++) normalized[f * C + i] = cepstra[f * C + i] - sum[i] / n;
    }
  }
  const out = new Float32Array(frames * 3 * C);
  const at = (f: number, i: number) => normalized[Math.min(frames - 1, Math.max(0, f)) * C + i];
  for (let f = 0; f < frames; f++) {
    const row = f * 3 * C;
    for (let i = 0; i < C; i++) {
      out[row + i] = at(f, i);
      out[row + C + i] = at(f + 2, i) - at(f - 2, i);
      out[row + 2 * C + i] = at(f + 3, i) - at(f - 1, i) - (at(f + 1, i) - at(f - 3, i));
    }
  }
  return out;
}
