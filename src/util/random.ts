/**
 * mulberry32: a tiny seeded generator of numbers in [0, 1). Deterministic run to run, which is all
 * capsync asks of it (the impostors' shuffles; the tests' and benchmarks' material).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
